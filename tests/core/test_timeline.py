"""The timeline: phase order, timing, cue points and the printed description."""

from __future__ import annotations

from dataclasses import replace

import pytest

from stretchtimer.core.clock import FakeClock
from stretchtimer.core.cues import Cue
from stretchtimer.core.engine import SessionEngine
from stretchtimer.core.model import Kind, Sides, Step
from stretchtimer.core.session_view import describe_next, describe_position
from stretchtimer.core.timeline import (
    CuePoint,
    PhaseKind,
    Timeline,
    compile_timeline,
    describe,
    describe_cautions,
)
from tests.support.factories import make_routine, make_step

P, H, R, S, T = (
    PhaseKind.PREPARE,
    PhaseKind.HOLD,
    PhaseKind.REST,
    PhaseKind.SWITCH,
    PhaseKind.TRANSITION,
)


def shape(timeline: Timeline) -> list[tuple[PhaseKind, str, int, int]]:
    return [(p.kind, p.side.value, p.rep, p.duration) for p in timeline.phases]


def test_single_sided_step_order() -> None:
    tl = compile_timeline(make_routine(make_step(prepare=5, hold=20, reps=3, rest=10)))
    assert shape(tl) == [
        (P, "none", 1, 5),
        (H, "none", 1, 20),
        (R, "none", 2, 10),
        (H, "none", 2, 20),
        (R, "none", 3, 10),
        (H, "none", 3, 20),
    ]
    assert [p.start for p in tl.phases] == [0, 5, 25, 35, 55, 65]
    assert tl.total == 85
    assert all(p.reps == 3 and p.step_index == 0 for p in tl.phases)


@pytest.mark.parametrize("side", [Sides.LEFT, Sides.RIGHT])
def test_one_side_step(side: Sides) -> None:
    tl = compile_timeline(make_routine(make_step(sides=side, reps=2)))
    assert [(p.kind, p.side) for p in tl.phases] == [(P, side), (H, side), (R, side), (H, side)]


def test_both_sides_runs_left_then_right_with_a_switch() -> None:
    tl = compile_timeline(make_routine(make_step(sides=Sides.BOTH, reps=2, switch=5)))
    assert shape(tl) == [
        (P, "left", 1, 5),
        (H, "left", 1, 20),
        (R, "left", 2, 10),
        (H, "left", 2, 20),
        (S, "right", 1, 5),
        (H, "right", 1, 20),
        (R, "right", 2, 10),
        (H, "right", 2, 20),
    ]


def test_transition_between_steps_only_and_belongs_to_next_step() -> None:
    a, b = make_step("A", reps=1, transition=7), make_step("B", reps=1, transition=9)
    tl = compile_timeline(make_routine(a, b))
    assert [(p.kind, p.step_index, p.exercise.name) for p in tl.phases] == [
        (P, 0, "A"),
        (H, 0, "A"),
        (T, 1, "B"),
        (P, 1, "B"),
        (H, 1, "B"),
    ]
    assert tl.phases[2].duration == 7  # the transition length of the step before it


def test_zero_duration_phases_are_omitted() -> None:
    a = make_step("A", sides=Sides.BOTH, prepare=0, reps=2, rest=0, switch=0, transition=0)
    tl = compile_timeline(make_routine(a, make_step("B", reps=1, prepare=0)))
    assert [p.kind for p in tl.phases] == [H, H, H, H, H]
    assert [p.index for p in tl.phases] == [0, 1, 2, 3, 4]


def test_starts_and_total_are_consistent() -> None:
    steps = [make_step(f"S{i}", sides=Sides.BOTH if i % 2 else Sides.NONE) for i in range(5)]
    tl = compile_timeline(make_routine(*steps))
    clock = 0
    for i, phase in enumerate(tl.phases):
        assert phase.index == i
        assert phase.start == clock
        assert phase.end == clock + phase.duration
        clock = phase.end
    assert tl.total == clock == sum(p.duration for p in tl.phases)


def test_labels() -> None:
    a = make_step("A", sides=Sides.BOTH, reps=2)
    tl = compile_timeline(make_routine(a, make_step("B")))
    labels = {p.kind: p.label for p in tl.phases}
    assert labels == {
        P: "Get ready",
        H: "Hold",
        R: "Rest",
        S: "Switch sides",
        T: "Next exercise",
    }


def test_a_walk_is_a_time_to_move_and_ice_is_applied() -> None:
    def step_of(kind: Kind, name: str) -> Step:
        step = make_step(name, reps=1)
        return replace(step, exercise=replace(step.exercise, kind=kind))

    routine = make_routine(step_of(Kind.CARDIO, "Walking"), step_of(Kind.THERAPY, "Ice"))
    tl = compile_timeline(routine)
    holds = [p.label for p in tl.phases if p.kind is H]
    assert holds == ["Move", "Apply"]
    assert "   0:05  Move           Walking 1/1  20s" in describe(tl)
    engine = SessionEngine(tl, FakeClock())
    engine.start()  # getting ready for the walk
    assert describe_next(engine) == "Next: Walking, move 20s, rep 1"


def cues_of(tl: Timeline, index: int) -> list[tuple[float, Cue]]:
    return [(c.offset, c.cue) for c in tl.cues(tl.phases[index])]


def test_hold_cues_with_halfway_and_countdown() -> None:
    tl = compile_timeline(make_routine(make_step(hold=30, reps=2)))
    assert cues_of(tl, 1) == [
        (0, Cue.HOLD),
        (15, Cue.HALFWAY),
        (27, Cue.COUNTDOWN),
        (28, Cue.COUNTDOWN),
        (29, Cue.COUNTDOWN),
    ]
    assert cues_of(tl, 2) == [(0, Cue.REST)]
    assert cues_of(tl, 3)[-1] == (30, Cue.ROUTINE_END)
    assert cues_of(tl, 0) == []  # prepare has no cues


def test_halfway_threshold_and_odd_holds() -> None:
    tl = compile_timeline(make_routine(make_step(hold=19, reps=1)), halfway_min=20)
    assert Cue.HALFWAY not in [c for _, c in cues_of(tl, 1)]
    tl = compile_timeline(make_routine(make_step(hold=25, reps=1)), halfway_min=20)
    assert (12.5, Cue.HALFWAY) in cues_of(tl, 1)


def test_halfway_colliding_with_countdown_is_dropped() -> None:
    tl = compile_timeline(make_routine(make_step(hold=6, reps=1)), halfway_min=6)
    assert cues_of(tl, 1) == [
        (0, Cue.HOLD),
        (3, Cue.COUNTDOWN),
        (4, Cue.COUNTDOWN),
        (5, Cue.COUNTDOWN),
        (6, Cue.ROUTINE_END),
    ]


def test_short_holds_never_count_down_over_their_start() -> None:
    tl = compile_timeline(make_routine(make_step(hold=2, reps=1)))
    assert cues_of(tl, 1) == [(0, Cue.HOLD), (1, Cue.COUNTDOWN), (2, Cue.ROUTINE_END)]
    tl = compile_timeline(make_routine(make_step(hold=10, reps=1)), countdown=0)
    assert cues_of(tl, 1) == [(0, Cue.HOLD), (10, Cue.ROUTINE_END)]
    tl = compile_timeline(make_routine(make_step(hold=10, reps=1)), countdown=5)
    assert [o for o, c in cues_of(tl, 1) if c is Cue.COUNTDOWN] == [5, 6, 7, 8, 9]


def test_exercise_end_on_each_steps_last_hold_and_routine_end_on_the_last() -> None:
    a = make_step("A", sides=Sides.BOTH, reps=2, hold=10)
    tl = compile_timeline(make_routine(a, make_step("B", reps=2, hold=10)))
    ends = [
        (p.index, p.kind, c.cue, c.offset)
        for p in tl.phases
        for c in tl.cues(p)
        if c.cue in (Cue.EXERCISE_END, Cue.ROUTINE_END)
    ]
    last_a = max(p.index for p in tl.phases if p.step_index == 0 and p.kind is H)
    assert ends == [
        (last_a, H, Cue.EXERCISE_END, 10),
        (len(tl.phases) - 1, H, Cue.ROUTINE_END, 10),
    ]
    assert tl.phases[last_a].side is Sides.RIGHT


def test_switch_cue() -> None:
    tl = compile_timeline(make_routine(make_step(sides=Sides.BOTH, reps=1)))
    switch = next(p for p in tl.phases if p.kind is S)
    assert tl.cues(switch) == (CuePoint(0, Cue.SWITCH),)


def test_routine_end_on_a_trailing_non_hold_phase() -> None:
    # compile_timeline always ends on a hold; a hand-built timeline may not.
    tl = compile_timeline(make_routine(make_step("A", reps=1, hold=10), make_step("B", reps=1)))
    phases = tl.phases[:3]  # prepare, hold, transition
    cut = Timeline(tl.routine, phases, phases[-1].end)
    assert [p.kind for p in cut.phases] == [P, H, T]
    assert cues_of(cut, 1)[-1] == (10, Cue.EXERCISE_END)
    assert cues_of(cut, 2) == [(10, Cue.ROUTINE_END)]


def test_steps_without_holds_are_left_out() -> None:
    a, b = make_step("A", reps=1, hold=0), make_step("B", reps=1)
    c = make_step("C", reps=0)
    tl = compile_timeline(make_routine(a, b, c))
    assert [(p.kind, p.step_index) for p in tl.phases] == [(P, 1), (H, 1)]


def test_next_hold() -> None:
    tl = compile_timeline(make_routine(make_step("A", reps=2), make_step("B", reps=1)))
    kinds = [p.kind for p in tl.phases]
    assert kinds == [P, H, R, H, T, P, H]
    assert tl.next_hold(0) == tl.phases[1]
    assert tl.next_hold(1) == tl.phases[3]
    assert tl.next_hold(3) == tl.phases[6]
    assert tl.next_hold(4) == tl.phases[6]
    assert tl.next_hold(6) is None


def test_empty_routine() -> None:
    tl = compile_timeline(make_routine(make_step(prepare=0, hold=0)))
    assert tl.phases == () and tl.total == 0
    assert describe(tl) == ["Total 0s"]


def test_describe() -> None:
    step = make_step("Knee-to-chest stretch", sides=Sides.BOTH, hold=30, reps=1, switch=5)
    routine = make_routine(step, make_step("Cat-cow", prepare=0, hold=60, reps=1))
    assert describe(compile_timeline(routine)) == [
        "   0:00  Get ready      Knee-to-chest stretch              5s",
        "   0:05  Hold           Knee-to-chest stretch (left) 1/1   30s",
        "   0:35  Switch sides   Knee-to-chest stretch              5s",
        "   0:40  Hold           Knee-to-chest stretch (right) 1/1  30s",
        "   1:10  Next exercise  Cat-cow                            10s",
        "   1:20  Hold           Cat-cow 1/1                        1m",
        "Total 2m20s",
    ]


def test_describe_cautions_names_the_exercises_that_share_them() -> None:
    warm = ("Warm up first.", "Stop if it hurts.")
    plank = replace(make_step("Plank").exercise, cautions=warm)
    bridge = replace(make_step("Bridge").exercise, cautions=warm)
    tilt = replace(make_step("Pelvic tilt").exercise, cautions=("Stop if it hurts.",))
    steps = [replace(make_step(), exercise=e) for e in (plank, tilt, bridge, plank)]
    steps.append(make_step("Walk"))  # no cautions
    assert describe_cautions(compile_timeline(make_routine(*steps))) == [
        "Cautions (Plank, Bridge):",
        "  - Warm up first.",
        "  - Stop if it hurts.",
        "Cautions (Pelvic tilt):",
        "  - Stop if it hurts.",
        "",
    ]
    assert describe_cautions(compile_timeline(make_routine(make_step("Walk")))) == []


def test_the_position_before_a_hold_says_the_rep_that_comes_next() -> None:
    step = make_step("Knee-to-chest stretch", sides=Sides.BOTH, reps=2)
    kinds = {}
    for phase in compile_timeline(make_routine(step)).phases:
        kinds.setdefault((phase.kind.value, phase.rep, phase.side.value), describe_position(phase))
    assert kinds[("prepare", 1, "left")] == "Rep 1 of 2 next · left side"
    assert kinds[("hold", 1, "left")] == "Rep 1 of 2 · left side"
    assert kinds[("rest", 2, "left")] == "Rep 2 of 2 next · left side"
    assert kinds[("switch", 1, "right")] == "Rep 1 of 2 next · right side"
