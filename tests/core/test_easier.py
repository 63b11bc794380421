"""Easier on a bad day: the format's ``easier:``, its checks, and the easier version of a
routine run in a session, in the summary and in the history."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from stretchtimer.adapters.routine_files import load_catalog, load_exercise_library
from stretchtimer.core.catalog import Catalog
from stretchtimer.core.engine import SessionEngine
from stretchtimer.core.errors import RoutineError
from stretchtimer.core.history import HistoryEntry
from stretchtimer.core.loader import load_routine_text
from stretchtimer.core.model import Exercise, Kind, Sides, Step, Timing
from stretchtimer.core.routine_doc import eased_step, easier_routine
from stretchtimer.core.timeline import compile_timeline
from tests.support import BUILTIN_ROUTINES

BUILTIN = BUILTIN_ROUTINES


@pytest.fixture(scope="module")
def exercises() -> dict[str, Exercise]:
    return load_exercise_library(BUILTIN / "exercises.yaml")


@pytest.fixture(scope="module")
def builtin() -> Catalog:
    return load_catalog(BUILTIN, BUILTIN / "no-such-folder")


def routine_of(steps: str, exercises: dict[str, Exercise]):
    text = f"version: 1\nname: R\ndefaults: {{hold: 30s, reps: 3}}\nsteps:\n{steps}"
    return load_routine_text(text, "r.yaml", exercises, routine_id="r")


def errors_of(steps: str, exercises: dict[str, Exercise]) -> list[str]:
    with pytest.raises(RoutineError) as caught:
        routine_of(steps, exercises)
    return [str(d) for d in caught.value.diagnostics]


# --- the format ------------------------------------------------------------------------


def test_easier_with_a_shorter_hold_and_fewer_reps_keeps_the_rest(exercises) -> None:
    routine = routine_of(
        "  - exercise: knee-to-chest\n    rest: 12s\n    easier: {hold: 15s, reps: 2}\n",
        exercises,
    )
    step = routine.steps[0]
    assert step.easier == Step(
        step.exercise, Timing(5, 15, 2, 12, 5, 10), Sides.BOTH
    )  # the step's prepare, rest and sides


def test_easier_with_another_exercise_takes_the_steps_timing(exercises) -> None:
    routine = routine_of(
        "  - exercise: plank\n    easier:\n      exercise: pelvic-tilt\n      reps: 2\n",
        exercises,
    )
    easier = routine.steps[0].easier
    assert easier is not None
    assert (easier.exercise.id, easier.timing.hold, easier.timing.reps) == ("pelvic-tilt", 30, 2)


def test_easier_written_inline(exercises) -> None:
    routine = routine_of(
        "  - exercise: plank\n    easier:\n      name: Lie still\n"
        "      instructions: [Lie on your back.]\n      kind: therapy\n",
        exercises,
    )
    easier = routine.steps[0].easier
    assert easier is not None
    assert (easier.exercise.name, easier.exercise.kind) == ("Lie still", Kind.THERAPY)


@pytest.mark.parametrize(
    ("steps", "message"),
    [
        (
            "  - exercise: cat-cow\n    easier: {hold: 40s}\n",
            "r.yaml:6:20: error: the easier hold (40s) is longer than the step's (30s)",
        ),
        (
            "  - exercise: cat-cow\n    easier: {reps: 4}\n",
            "r.yaml:6:20: error: the easier variant has more reps (4) than the step (3)",
        ),
        (
            "  - exercise: cat-cow\n    easier: {hold: 30s}\n",
            "r.yaml:6:13: error: 'easier' is the same as the step; give a shorter hold or"
            " fewer reps",
        ),
        (  # the step's own exercise, named: the same step, not another exercise
            "  - exercise: cat-cow\n    easier: {exercise: cat-cow}\n",
            "r.yaml:6:13: error: 'easier' is the same as the step; give a shorter hold or"
            " fewer reps",
        ),
        (
            "  - exercise: cat-cow\n    easier: {exercise: cat-cow, hold: 40s}\n",
            "r.yaml:6:39: error: the easier hold (40s) is longer than the step's (30s)",
        ),
        (
            "  - exercise: cat-cow\n    easier: {}\n",
            "r.yaml:6:13: error: 'easier' needs 'exercise', 'name', 'hold' or 'reps'",
        ),
        (
            "  - exercise: cat-cow\n    easier: {exercise: pelvic-tlt}\n",
            "r.yaml:6:24: error: unknown exercise 'pelvic-tlt'; did you mean 'pelvic-tilt'?",
        ),
        (
            "  - exercise: cat-cow\n    easier: {holds: 10s}\n",
            "r.yaml:6:14: error: unknown key 'holds' in easier; did you mean 'hold'?",
        ),
        (
            "  - exercise: cat-cow\n    easier: {hold: 10x}\n",
            "r.yaml:6:20: error: invalid hold: expected a duration such as 20, 45s, 2m, 1m30s"
            " or 1h, got '10x'",
        ),
        (
            "  - exercise: cat-cow\n    easier: {rest: 5s}\n",
            "r.yaml:6:14: error: unknown key 'rest' in easier; did you mean 'reps'?",
        ),
    ],
)
def test_a_bad_easier_is_reported_at_its_place(exercises, steps: str, message: str) -> None:
    assert message in errors_of(steps, exercises)


def test_a_longer_hold_and_more_reps_are_both_reported(exercises) -> None:
    errors = errors_of("  - exercise: cat-cow\n    easier: {hold: 40s, reps: 9}\n", exercises)
    assert errors == [
        "r.yaml:6:20: error: the easier hold (40s) is longer than the step's (30s)",
        "r.yaml:6:31: error: the easier variant has more reps (9) than the step (3)",
    ]


def test_the_same_exercise_named_with_a_shorter_hold_is_an_easier_variant(exercises) -> None:
    routine = routine_of(
        "  - exercise: cat-cow\n    easier: {exercise: cat-cow, hold: 15s}\n", exercises
    )
    easier = routine.steps[0].easier
    assert easier is not None and (easier.exercise.id, easier.timing.hold) == ("cat-cow", 15)


def test_a_bad_easier_is_reported_with_the_steps_own_problems(exercises) -> None:
    errors = errors_of("  - exercise: cat-cw\n    easier: {hold: 10x}\n", exercises)
    assert len(errors) == 2


# --- easier today ----------------------------------------------------------------------


def make(kind: Kind, hold: int, reps: int, easier: Step | None = None) -> Step:
    return Step(Exercise("e", "E", kind), Timing(5, hold, reps, 10, 5, 10), easier=easier)


@pytest.mark.parametrize(
    ("kind", "hold", "reps", "expected"),
    [
        (Kind.STRETCH, 30, 3, (20, 2)),  # two thirds, a rep fewer
        (Kind.STRENGTH, 20, 3, (15, 2)),  # 13 s would be below the guide's shortest, 15 s
        (Kind.STRETCH, 15, 1, (15, 1)),  # never below 15 s, at least one rep
        (Kind.STRENGTH, 10, 3, (10, 2)),  # already shorter than 15 s: kept
        (Kind.STRETCH, 45, 2, (30, 1)),
        (Kind.CARDIO, 300, 1, (300, 1)),  # a walk keeps its time
        (Kind.THERAPY, 900, 2, (900, 2)),  # so does ice or heat
    ],
)
def test_easier_today_without_a_variant(kind: Kind, hold: int, reps: int, expected) -> None:
    eased = eased_step(make(kind, hold, reps))
    assert (eased.timing.hold, eased.timing.reps) == expected


def test_easier_today_runs_the_steps_own_variant() -> None:
    variant = make(Kind.STRETCH, 12, 1)
    assert eased_step(make(Kind.STRENGTH, 20, 3, easier=variant)) == variant


def test_every_builtin_stretch_and_strength_step_has_a_gentle_variant(builtin: Catalog) -> None:
    """Faithful to the guide: on a bad day only its relief stretches (knee-to-chest, pelvic
    tilts, cat-cow) or the step itself, shorter; never a hold under 15 s it did not have."""
    gentle = {"knee-to-chest", "pelvic-tilt", "cat-cow"}
    for routine in builtin.routines():
        for step in routine.steps:
            if step.exercise.kind in (Kind.CARDIO, Kind.THERAPY):
                assert step.easier is None, routine.id
                continue
            easier = step.easier
            assert easier is not None, (routine.id, step.exercise.id)
            if easier.exercise == step.exercise:
                assert easier.timing.hold <= step.timing.hold
                assert easier.timing.reps <= step.timing.reps
                assert easier != step
            else:
                assert easier.exercise.id in gentle
            assert easier.timing.hold >= min(15, step.timing.hold)


def test_a_session_of_the_easier_version_says_so_in_the_history(builtin: Catalog, clock) -> None:
    routine = easier_routine(builtin.find("core"))
    timeline = compile_timeline(routine)
    assert timeline.total < compile_timeline(builtin.find("core")).total
    engine = SessionEngine(timeline, clock)
    engine.start()
    clock.advance(timeline.total + 1)
    engine.poll()
    summary = engine.summary()
    assert summary.easier and summary.completed
    entry = HistoryEntry.from_summary(summary, datetime(2026, 1, 1, tzinfo=UTC))
    line = entry.to_json()
    assert json.loads(line)["easier"] is True
    assert HistoryEntry.from_json(line) == entry


def test_an_ordinary_session_writes_no_easier_field(builtin: Catalog, clock) -> None:
    engine = SessionEngine(compile_timeline(builtin.find("walk-break")), clock)
    engine.start()
    entry = HistoryEntry.from_summary(engine.summary(), datetime(2026, 1, 1, tzinfo=UTC))
    assert "easier" not in json.loads(entry.to_json())
    assert HistoryEntry.from_json(entry.to_json()).easier is False  # type: ignore[union-attr]


def test_switching_to_the_easier_version_mid_session_keeps_what_was_done(
    builtin: Catalog, clock
) -> None:
    routine = builtin.find("morning-back")
    engine = SessionEngine(compile_timeline(routine), clock)
    engine.start()
    first_step_end = next(p for p in engine.timeline.phases if p.step_index == 1).start
    clock.advance(first_step_end + 1)  # into the second step: the first one done
    engine.poll()
    easier = compile_timeline(easier_routine(routine))
    events = engine.switch_to(easier)
    phase = engine.phase
    assert phase is not None and phase.step_index == 1 and phase.kind.value == "prepare"
    assert events and engine.timeline is easier
    clock.advance(easier.total)
    engine.poll()
    summary = engine.summary()
    assert summary.easier and summary.completed
    assert summary.steps[0].holds_total == 2 * 2  # the easier variant's: 2 reps, both sides
    rest_of_it = easier.total - phase.start  # from this step's start in the easier version
    assert summary.active_seconds == pytest.approx(first_step_end + 1 + rest_of_it)
