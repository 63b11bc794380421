"""The shipped exercise library and routines: they load, and they say what the guide says."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from stretchtimer import paths
from stretchtimer.adapters.routine_files import load_catalog, load_exercise_library, validate_file
from stretchtimer.core.model import Exercise, Kind, Routine, Sides, routine_total
from tests.support import BUILTIN_ROUTINES

ROUTINES = BUILTIN_ROUTINES
AVOID_PAIN = "Avoid any movements that cause pain or make your spasms worse."
LISTEN = "Listen to your body and don't push too hard."
BREATHE = "Breathe deeply while stretching"
REQUIRED = {
    "knee-to-chest": Kind.STRETCH,
    "pelvic-tilt": Kind.STRETCH,
    "cat-cow": Kind.STRETCH,
    "hamstring-stretch": Kind.STRETCH,
    "plank": Kind.STRENGTH,
    "bridge": Kind.STRENGTH,
    "back-extension": Kind.STRENGTH,
    "walking": Kind.CARDIO,
    "rest-position": Kind.THERAPY,
    "ice-therapy": Kind.THERAPY,
    "heat-therapy": Kind.THERAPY,
}


@pytest.fixture(scope="module")
def exercises() -> dict[str, Exercise]:
    return load_exercise_library(ROUTINES / "exercises.yaml")


@pytest.fixture(scope="module")
def routines(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Routine]:
    catalog = load_catalog(ROUTINES, tmp_path_factory.mktemp("no-user-routines"))
    assert catalog.broken() == []
    return {r.id: r for r in catalog.routines()}


def holds(routine: Routine) -> list[int]:
    return [step.timing.hold for step in routine.steps]


def test_the_shipped_folder_is_the_one_paths_finds() -> None:
    assert paths.builtin_routines_dir().resolve() == ROUTINES.resolve()


@pytest.mark.parametrize("path", sorted(ROUTINES.glob("*.yaml")), ids=lambda p: p.name)
def test_every_shipped_file_is_valid(path: Path, exercises: dict[str, Exercise]) -> None:
    assert validate_file(path, exercises) == []


def test_the_required_exercises_are_there(exercises: dict[str, Exercise]) -> None:
    assert {i: exercises[i].kind for i in REQUIRED} == REQUIRED


def test_every_exercise_is_complete(exercises: dict[str, Exercise]) -> None:
    for exercise in exercises.values():
        assert exercise.name and exercise.breathing, exercise.id
        assert len(exercise.instructions) >= 2, exercise.id
        assert all(line[0].isupper() and line[-1] in ".:" for line in exercise.instructions)
        assert exercise.cautions, exercise.id
        assert exercise.hold is not None and exercise.reps is not None, exercise.id
        assert exercise.sides is not None, exercise.id


def test_movements_carry_the_guides_cautions(exercises: dict[str, Exercise]) -> None:
    for exercise in exercises.values():
        if exercise.kind is not Kind.THERAPY:
            assert AVOID_PAIN in exercise.cautions, exercise.id
            assert LISTEN in exercise.cautions, exercise.id


def test_stretches_breathe_deeply_and_hold_15_to_30_seconds(exercises: dict[str, Exercise]) -> None:
    stretches = [e for e in exercises.values() if e.kind is Kind.STRETCH]
    assert len(stretches) == 4
    for exercise in stretches:
        assert exercise.breathing.startswith(BREATHE), exercise.id
        assert 15 <= exercise.hold <= 30 and exercise.reps >= 2, exercise.id  # type: ignore[operator]


def test_one_sided_stretches_work_both_sides(exercises: dict[str, Exercise]) -> None:
    assert exercises["knee-to-chest"].sides is Sides.BOTH
    assert exercises["hamstring-stretch"].sides is Sides.BOTH
    assert exercises["plank"].sides is Sides.NONE


def test_strength_exercises_say_warm_up(exercises: dict[str, Exercise]) -> None:
    for exercise in exercises.values():
        if exercise.kind is Kind.STRENGTH:
            assert any("Warm up" in c for c in exercise.cautions), exercise.id


def test_rest_position_is_the_guides(exercises: dict[str, Exercise]) -> None:
    rest = exercises["rest-position"]
    text = " ".join(rest.instructions)
    assert "on your back with a pillow under your knees" in text
    assert "on your side with a pillow between your legs" in text
    assert any("prolonged bed rest" in c for c in rest.cautions)


@pytest.mark.parametrize("ex_id", ["ice-therapy", "heat-therapy", "ice-or-heat"])
def test_ice_and_heat_are_15_to_20_minutes(ex_id: str, exercises: dict[str, Exercise]) -> None:
    exercise = exercises[ex_id]
    assert 15 * 60 <= exercise.hold <= 20 * 60 and exercise.reps == 1  # type: ignore[operator]
    assert any("15 to 20 minutes" in c for c in exercise.cautions)


def test_ice_and_heat_say_how(exercises: dict[str, Exercise]) -> None:
    ice = " ".join(exercises["ice-therapy"].instructions + exercises["ice-therapy"].cautions)
    heat = " ".join(exercises["heat-therapy"].instructions)
    for words in ("ice pack", "frozen vegetables", "towel", "24 to 48 hours"):
        assert words in ice
    for words in ("heating pad", "warm bath", "hot shower"):
        assert words in heat
    both = " ".join(exercises["ice-or-heat"].instructions)
    assert re.search(r"first 24 to 48 hours, use ice.*switch to heat", both)


def test_morning_back(routines: dict[str, Routine]) -> None:
    morning = routines["morning-back"]
    assert [s.exercise.id for s in morning.steps] == [
        "knee-to-chest",
        "pelvic-tilt",
        "cat-cow",
        "hamstring-stretch",
    ]
    assert all(15 <= hold <= 30 for hold in holds(morning))
    assert all(step.timing.reps >= 2 for step in morning.steps)  # "repeat several times"
    assert morning.steps[0].sides is Sides.BOTH and morning.steps[3].sides is Sides.BOTH
    # 240 + 80 + 95 + 230: see the timings in the file.
    assert routine_total(morning) == 645


def test_core(routines: dict[str, Routine]) -> None:
    core = routines["core"]
    ids = [s.exercise.id for s in core.steps]
    assert {"plank", "bridge", "back-extension"} <= set(ids)
    assert ids.index("plank") < ids.index("bridge") < ids.index("back-extension")
    assert core.steps[0].exercise.kind is Kind.STRETCH  # warm up first
    assert core.steps[-1].exercise.kind is Kind.STRETCH  # cool down last
    assert all(hold <= 30 for hold in holds(core))


def test_spasm_relief_is_gentle_and_ends_resting(routines: dict[str, Routine]) -> None:
    relief = routines["spasm-relief"]
    assert relief.steps[-1].exercise.id == "rest-position"
    assert relief.steps[-1].timing.reps == 1 and relief.steps[-1].timing.hold >= 60
    for step in relief.steps[:-1]:
        assert step.exercise.kind is Kind.STRETCH
        assert step.timing.hold <= 20 and step.timing.reps <= 2
    assert "pain" in relief.description


def test_walk_break_is_a_few_minutes(routines: dict[str, Routine]) -> None:
    (step,) = routines["walk-break"].steps
    assert step.exercise.id == "walking"
    assert step.timing.reps == 1 and 2 * 60 <= step.timing.hold <= 10 * 60
    assert "every hour" in routines["walk-break"].description


def test_ice_heat_is_one_hold_of_15_to_20_minutes(routines: dict[str, Routine]) -> None:
    (step,) = routines["ice-heat"].steps
    assert step.exercise.kind is Kind.THERAPY
    assert step.timing.reps == 1 and 15 * 60 <= step.timing.hold <= 20 * 60


def test_every_routine_is_sensible(routines: dict[str, Routine]) -> None:
    assert set(routines) == {"morning-back", "core", "spasm-relief", "walk-break", "ice-heat"}
    for routine in routines.values():
        assert routine.name and routine.description and routine.tags, routine.id
        assert 60 <= routine_total(routine) <= 30 * 60, routine.id
