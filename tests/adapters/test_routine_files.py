"""Routines written back: the core's structure, ruamel's round trip, atomic saves.

Every file written here is read back by the loader (PyYAML) and must be the routine that was
written, so the writer is tested against the reader.
"""

from __future__ import annotations

import dataclasses
import os
import stat
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stretchtimer.adapters.routine_files import load_catalog, load_routine, validate_file
from stretchtimer.adapters.routine_writer import ChangedOnDisk, RoutineFile, dump_routine, save_text
from stretchtimer.core.catalog import Catalog
from stretchtimer.core.loader import load_routine_text
from stretchtimer.core.model import Exercise, Kind, Routine, Sides, Step, Timing
from stretchtimer.core.routine_doc import routine_document
from tests.support import BUILTIN_ROUTINES

BUILTIN = BUILTIN_ROUTINES

HAND_WRITTEN = """\
# My mornings, since the physio visit.
version: 1
name: My mornings   # short enough for the list
description: >-
  Slow, and only what does not hurt.
defaults:
  hold: 20s      # the physio said 20
  reps: 2
steps:
  # lying down first
  - exercise: knee-to-chest
    sides: both
    hold: 30   # seconds
  - exercise: pelvic-tilt   # keep the back flat
"""


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(BUILTIN, BUILTIN / "no-such-folder")


def reload(path: Path, exercises: dict[str, Exercise]) -> Routine:
    return load_routine(path, exercises)


def as_saved(routine: Routine, path: Path) -> Routine:
    return dataclasses.replace(routine, source="user", path=path)


def edited(routine: Routine, catalog: Catalog) -> Routine:
    """A few edits a person makes: renamed, a value changed, a step moved, one added."""
    first, *rest = routine.steps
    longer = dataclasses.replace(first, timing=dataclasses.replace(first.timing, hold=25))
    custom = Step(
        Exercise("neck-roll", "Neck roll", Kind.STRETCH, ("Sit tall.", "Roll slowly.")),
        Timing(3, 15, 2, 5, 5, 10),
        Sides.NONE,
        easier=Step(catalog.exercises["pelvic-tilt"], Timing(3, 15, 1, 5, 5, 10)),
    )
    steps = (*rest, longer, custom)
    return dataclasses.replace(routine, name=routine.name + " (mine)", steps=steps)


@pytest.mark.parametrize(
    "routine_id", ["core", "ice-heat", "morning-back", "spasm-relief", "walk-break"]
)
def test_every_builtin_copied_edited_saved_reads_back_the_same(
    tmp_path: Path, catalog: Catalog, routine_id: str
) -> None:
    routine = catalog.find(routine_id)
    assert routine.path is not None
    path = tmp_path / f"{routine_id}.yaml"
    copy = RoutineFile(path, routine.path.read_text(encoding="utf-8"))  # over the original
    change = edited(routine, catalog)
    copy.save(routine_document(change, catalog.exercises), overwrite=True)
    assert validate_file(path, catalog.exercises) == []
    assert reload(path, catalog.exercises) == as_saved(change, path)


def test_editing_a_hand_written_file_keeps_its_comments_and_key_order(
    tmp_path: Path, catalog: Catalog
) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    routine = reload(path, catalog.exercises)
    tilt = routine.steps[1]
    longer = dataclasses.replace(tilt, timing=dataclasses.replace(tilt.timing, hold=25))
    change = dataclasses.replace(routine, steps=(routine.steps[0], longer))
    RoutineFile.open(path).save(routine_document(change, catalog.exercises))
    text = path.read_text(encoding="utf-8")
    assert reload(path, catalog.exercises) == change
    for kept in (
        "# My mornings, since the physio visit.\n",
        "name: My mornings   # short enough for the list\n",
        "description: >-\n  Slow, and only what does not hurt.\n",
        "  hold: 20s      # the physio said 20\n",
        "  # lying down first\n",
        "    sides: both\n    hold: 30   # seconds\n",  # the person's order and their 30
        "  - exercise: pelvic-tilt   # keep the back flat\n",
    ):
        assert kept in text
    assert text.index("sides: both") < text.index("hold: 30")
    assert "    hold: 25s\n" in text


@pytest.mark.parametrize(
    "text", ["yes", "on", "No", "off", "13:30", "010", "0x1e", "1e3", "null", "~", "true", "1_0"]
)
def test_strings_pyyaml_would_misread_are_written_quoted(
    tmp_path: Path, catalog: Catalog, text: str
) -> None:
    step = Step(Exercise("x", text), Timing(), Sides.NONE)
    routine = Routine("r", text, (step,), description=text, tags=(text,), source="user")
    path = tmp_path / "r.yaml"
    save_text(path, dump_routine(routine_document(routine, catalog.exercises)))
    back = reload(path, catalog.exercises)
    assert (back.name, back.description, back.tags, back.steps[0].exercise.name) == (
        text,
        text,
        (text,),
        text,
    )


def test_a_failure_mid_write_leaves_the_old_file_intact(
    tmp_path: Path, catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    opened = RoutineFile.open(path)
    routine = dataclasses.replace(reload(path, catalog.exercises), name="Changed")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space"):
        opened.save(routine_document(routine, catalog.exercises))
    assert path.read_text(encoding="utf-8") == HAND_WRITTEN
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.yaml"]  # no temporary left


def test_saving_through_a_symlink_writes_its_file_and_keeps_permissions(
    tmp_path: Path, catalog: Catalog
) -> None:
    target = tmp_path / "dotfiles" / "mine.yaml"
    target.parent.mkdir()
    target.write_text(HAND_WRITTEN, encoding="utf-8")
    target.chmod(0o640)
    link = tmp_path / "routines" / "mine.yaml"
    link.parent.mkdir()
    link.symlink_to(target)
    routine = dataclasses.replace(reload(link, catalog.exercises), name="Through the link")
    RoutineFile.open(link).save(routine_document(routine, catalog.exercises))
    assert link.is_symlink() and link.resolve() == target
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert load_routine(target, catalog.exercises).name == "Through the link"


def test_a_file_changed_on_disk_is_not_overwritten_unasked(
    tmp_path: Path, catalog: Catalog
) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    opened = RoutineFile.open(path)
    routine = dataclasses.replace(reload(path, catalog.exercises), name="Mine")
    theirs = HAND_WRITTEN.replace("My mornings", "Changed elsewhere")
    path.write_text(theirs, encoding="utf-8")
    assert opened.changed_on_disk()
    with pytest.raises(ChangedOnDisk):
        opened.save(routine_document(routine, catalog.exercises))
    assert path.read_text(encoding="utf-8") == theirs  # their version is kept
    opened.reload()  # reload: now the other version is the one opened
    assert not opened.changed_on_disk()
    opened.save(routine_document(routine, catalog.exercises))
    assert reload(path, catalog.exercises).name == "Mine"


def test_overwrite_replaces_the_version_on_disk(tmp_path: Path, catalog: Catalog) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    opened = RoutineFile.open(path)
    path.unlink()
    routine = load_routine_text(HAND_WRITTEN, "x", catalog.exercises, routine_id="mine")
    opened.save(routine_document(routine, catalog.exercises), overwrite=True)
    assert reload(path, catalog.exercises) == as_saved(routine, path)


# --- any routine -------------------------------------------------------------------------

_TEXT = st.text(
    st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs")), min_size=1, max_size=12
).filter(lambda s: s.strip() == s)


@st.composite
def exercises(draw: st.DrawFn, library: dict[str, Exercise]) -> Exercise:
    if draw(st.booleans()):
        return library[draw(st.sampled_from(sorted(library)))]
    name = draw(_TEXT)
    from stretchtimer.core.loader import slugify

    return Exercise(
        slugify(name),
        name,
        draw(st.sampled_from(list(Kind))),
        tuple(draw(st.lists(_TEXT, max_size=2))),
        draw(st.one_of(st.just(""), _TEXT)),
        tuple(draw(st.lists(_TEXT, max_size=2))),
    )


@st.composite
def steps(draw: st.DrawFn, library: dict[str, Exercise]) -> Step:
    exercise = draw(exercises(library))
    seconds = st.integers(0, 90)
    timing = Timing(
        draw(seconds),
        draw(st.integers(1, 600)),
        draw(st.integers(1, 5)),
        draw(seconds),
        draw(seconds),
        draw(seconds),
    )
    sides = draw(st.sampled_from(list(Sides)))
    step = Step(exercise, timing, sides)
    if draw(st.booleans()):
        hold = draw(st.integers(1, timing.hold))
        reps = draw(st.integers(1, timing.reps))
        other = draw(st.one_of(st.just(exercise), exercises(library)))
        easier = Step(
            other,
            dataclasses.replace(timing, hold=hold, reps=reps),
            draw(st.sampled_from(list(Sides))),
        )
        if easier != dataclasses.replace(step, easier=None):
            step = dataclasses.replace(step, easier=easier)
    return step


@given(data=st.data())
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_any_routine_reads_back_as_written(data: st.DataObject, catalog: Catalog) -> None:
    library = catalog.exercises
    routine = Routine(
        "r",
        data.draw(_TEXT),
        tuple(data.draw(st.lists(steps(library), min_size=1, max_size=4))),
        description=data.draw(st.one_of(st.just(""), _TEXT)),
        tags=tuple(data.draw(st.lists(_TEXT, max_size=2))),
        source="user",
    )
    text = dump_routine(routine_document(routine, library))
    assert load_routine_text(text, "r.yaml", library, routine_id="r") == routine
