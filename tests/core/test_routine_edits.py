"""The editor's edits and field checks in the core: the same words as ``validate``."""

from __future__ import annotations

import json

import pytest

from stretchtimer.adapters.routine_files import load_catalog
from stretchtimer.core.errors import RoutineError
from stretchtimer.core.loader import load_routine_text
from stretchtimer.core.model import Kind, Sides
from stretchtimer.core.routine_doc import (
    custom_exercise,
    easier_variant,
    insert_step,
    move_step,
    new_step,
    read_field,
    read_tags,
    remove_step,
    routine_defaults,
)
from tests.support import BUILTIN_ROUTINES

BUILTIN = BUILTIN_ROUTINES
CATALOG = load_catalog(BUILTIN, BUILTIN / "no-such-folder")


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("hold", "10x"),
        ("hold", "010"),
        ("hold", ""),
        ("hold", "0"),
        ("reps", "0"),
        ("reps", "yes"),
        ("reps", "2.5"),
        ("sides", "bth"),
        ("rest", "3h"),
        ("name", ""),
    ],
)
def test_a_bad_field_is_explained_as_validate_explains_it(key: str, text: str) -> None:
    value, problem = read_field(key, text)
    assert value is None and problem
    document = (
        f"version: 1\nname: R\nsteps:\n  - exercise: cat-cow\n    {key}: {text}\n"
        if key != "name"
        else f'version: 1\nname: "{text}"\nsteps:\n  - exercise: cat-cow\n'
    )
    with pytest.raises(RoutineError) as caught:
        load_routine_text(document, "r.yaml", CATALOG.exercises, routine_id="r")
    assert problem in [d.message for d in caught.value.diagnostics]


@pytest.mark.parametrize(
    ("key", "text", "value"),
    [
        ("hold", "1m30s", 90),
        ("hold", " 45 ", 45),
        ("rest", "0", 0),
        ("reps", "4", 4),
        ("sides", "Both", Sides.BOTH),
        ("name", "Evening", "Evening"),
    ],
)
def test_a_good_field_is_read(key: str, text: str, value: object) -> None:
    assert read_field(key, text) == (value, None)


def test_steps_move_within_the_list() -> None:
    routine = CATALOG.find("morning-back")
    ids = lambda r: [s.exercise.id for s in r.steps]  # noqa: E731
    moved, at = move_step(routine, 0, 1)
    assert (ids(moved)[:2], at) == (["pelvic-tilt", "knee-to-chest"], 1)
    assert move_step(routine, 0, -1) == (routine, 0)  # the top stays the top
    last = len(routine.steps) - 1
    assert move_step(routine, last, 1) == (routine, last)
    assert ids(remove_step(routine, 0)) == ids(routine)[1:]


def test_a_new_step_takes_the_exercises_and_routines_defaults() -> None:
    routine = CATALOG.find("core")
    step = new_step(CATALOG.exercises["knee-to-chest"], routine_defaults(routine))
    assert (step.timing.hold, step.sides, step.timing.prepare) == (30, Sides.BOTH, 10)
    added, at = insert_step(routine, step, 0)
    assert at == 1 and added.steps[1] == step


def test_a_custom_exercise_has_its_id_from_its_name() -> None:
    exercise = custom_exercise("Neck roll", "Sit tall.\n\n  Roll slowly.  \n", Kind.STRETCH)
    assert (exercise.id, exercise.instructions) == ("neck-roll", ("Sit tall.", "Roll slowly."))


@pytest.mark.parametrize("text", ["morning,,gentle", "morning, \u0007bell"])
def test_bad_tags_are_explained_as_validate_explains_them(text: str) -> None:
    tags, problem = read_tags(text)
    assert tags is None and problem
    items = ", ".join(json.dumps(t) for t in text.split(","))
    document = f"version: 1\nname: R\ntags: [{items}]\nsteps:\n  - exercise: cat-cow\n"
    with pytest.raises(RoutineError) as caught:
        load_routine_text(document, "r.yaml", CATALOG.exercises, routine_id="r")
    assert problem in [d.message for d in caught.value.diagnostics]


def test_tags_typed_with_commas_read_as_the_loader_reads_them() -> None:
    assert read_tags(" morning , gentle ") == (("morning", "gentle"), None)
    assert read_tags("  ") == ((), None)


def test_an_easier_variant_on_other_sides_is_not_the_step() -> None:
    step = CATALOG.find("morning-back").steps[0]  # knee-to-chest, both sides
    easier, problem = easier_variant(step, None, None, None, Sides.LEFT)
    assert problem is None and easier is not None
    assert (easier.sides, easier.timing) == (Sides.LEFT, step.timing)
    _, same = easier_variant(step, None, None, None, step.sides)
    assert same == "'easier' is the same as the step; give a shorter hold or fewer reps"
