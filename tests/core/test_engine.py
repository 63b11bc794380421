"""The session engine, on a fake clock: exact event times, no drift, and every command."""

from __future__ import annotations

import random

import pytest

from stretchtimer.core.clock import FakeClock
from stretchtimer.core.cues import Cue
from stretchtimer.core.engine import (
    CueDue,
    EngineState,
    Event,
    PhaseStarted,
    SessionEnded,
    SessionEngine,
)
from stretchtimer.core.model import Sides
from stretchtimer.core.timeline import PhaseKind, compile_timeline
from tests.support.factories import make_routine, make_step

T0 = 1000.0


def short_engine(start: float = T0, **timing: int) -> tuple[SessionEngine, FakeClock]:
    """prepare 2 | hold 5 | rest 3 | hold 5  (phases at 0, 2, 7, 10; total 15)."""
    values = {"prepare": 2, "hold": 5, "reps": 2, "rest": 3} | timing
    clock = FakeClock(start)
    timeline = compile_timeline(make_routine(make_step("A", **values)))
    return SessionEngine(timeline, clock), clock


def tup(event: Event) -> tuple[object, ...]:
    match event:
        case PhaseStarted(phase, at):
            return ("start", phase.index, at)
        case CueDue(cue, phase, at):
            return (cue.value, phase.index, at)
        case SessionEnded(at, completed):
            return ("end", completed, at)
    raise AssertionError(event)


def tups(events: list[Event]) -> list[tuple[object, ...]]:
    return [tup(e) for e in events]


FULL = [
    ("start", 0, 1000.0),
    ("start", 1, 1002.0),
    ("hold", 1, 1002.0),
    ("countdown", 1, 1004.0),
    ("countdown", 1, 1005.0),
    ("countdown", 1, 1006.0),
    ("start", 2, 1007.0),
    ("rest", 2, 1007.0),
    ("start", 3, 1010.0),
    ("hold", 3, 1010.0),
    ("countdown", 3, 1012.0),
    ("countdown", 3, 1013.0),
    ("countdown", 3, 1014.0),
    ("routine-end", 3, 1015.0),
    ("end", True, 1015.0),
]


def shifted(rows: list[tuple[object, ...]], by: float) -> list[tuple[object, ...]]:
    return [(*r[:-1], r[-1] + by) for r in rows]  # type: ignore[operator]


def drain(engine: SessionEngine, clock: FakeClock, step: float = 0.5) -> list[Event]:
    events: list[Event] = []
    while engine.state is EngineState.RUNNING:
        clock.advance(step)
        events += engine.poll()
    return events


# -- running ----------------------------------------------------------------------------


def test_events_in_order_with_exact_times_polled_once() -> None:
    engine, clock = short_engine()
    assert engine.state is EngineState.READY and engine.phase is None
    events = engine.start()
    assert engine.state is EngineState.RUNNING
    clock.advance(100)
    events += engine.poll()
    assert tups(events) == FULL
    assert engine.state is EngineState.FINISHED
    assert engine.poll() == []


def test_events_polled_every_second_are_the_same_and_each_once() -> None:
    engine, clock = short_engine()
    events = engine.start()
    for _ in range(30):
        clock.advance(1)
        events += engine.poll()
    assert tups(events) == FULL


def long_timeline_engine(start: float) -> tuple[SessionEngine, FakeClock]:
    steps = [
        make_step(
            f"S{i}",
            sides=Sides.BOTH if i % 2 else Sides.NONE,
            prepare=3 + i % 4,
            hold=7 + i % 25,
            reps=2 + i % 3,
            rest=2 + i % 5,
            switch=4,
            transition=6,
        )
        for i in range(22)
    ]
    clock = FakeClock(start)
    return SessionEngine(compile_timeline(make_routine(*steps)), clock), clock


@pytest.mark.parametrize("start", [1000.0, 12345.678901])
def test_no_drift_over_a_long_routine_polled_at_random_late_times(start: float) -> None:
    engine, clock = long_timeline_engine(start)
    phases = engine.timeline.phases
    assert len(phases) >= 200
    rng = random.Random(42)
    events = engine.start()
    while engine.state is EngineState.RUNNING:
        clock.advance(rng.uniform(0.3, 1.7))
        events += engine.poll()
    started = [e for e in events if isinstance(e, PhaseStarted)]
    assert [e.phase.index for e in started] == list(range(len(phases)))
    for e in started:
        assert e.at == start + e.phase.start
    cue_events = [e for e in events if isinstance(e, CueDue)]
    expected = [
        (p.index, c.cue, start + (p.start + c.offset))
        for p in phases
        for c in engine.timeline.cues(p)
    ]
    assert [(e.phase.index, e.cue, e.at) for e in cue_events] == expected
    assert [e.at for e in events] == sorted(e.at for e in events)
    assert events[-1] == SessionEnded(start + engine.timeline.total, completed=True)
    assert engine.summary().active_seconds == pytest.approx(engine.timeline.total)


def test_a_stall_emits_every_missed_event_in_order() -> None:
    engine, clock = short_engine(prepare=1, hold=1, rest=1)  # P 0-1, H 1-2, R 2-3, H 3-4
    engine.start()
    clock.advance(0.9)
    assert engine.poll() == []
    clock.advance(1.5)  # 2.4: past two phase ends
    assert tups(engine.poll()) == [
        ("start", 1, 1001.0),
        ("hold", 1, 1001.0),
        ("start", 2, 1002.0),
        ("rest", 2, 1002.0),
    ]
    assert engine.phase == engine.timeline.phases[2]
    assert engine.remaining() == pytest.approx(0.6)


def test_a_stall_across_the_end_finishes_the_session() -> None:
    engine, clock = short_engine()
    engine.start()
    clock.advance(14.5)
    engine.poll()
    clock.advance(60)
    assert tups(engine.poll()) == [("routine-end", 3, 1015.0), ("end", True, 1015.0)]
    assert engine.summary().ended_at == 1015.0


def test_empty_timeline_ends_at_once() -> None:
    clock = FakeClock()
    tl = compile_timeline(make_routine(make_step(hold=0)))
    engine = SessionEngine(tl, clock)
    assert engine.start() == [SessionEnded(T0, completed=True)]
    assert engine.state is EngineState.FINISHED
    assert engine.phase is None
    assert engine.progress() == 1.0


# -- pause ------------------------------------------------------------------------------


def test_pause_resume_shifts_later_deadlines_by_the_paused_time() -> None:
    engine, clock = short_engine()
    events = engine.start()
    clock.advance(3)  # 1 s into the first hold
    events += engine.poll()
    engine.pause()
    assert engine.state is EngineState.PAUSED
    clock.advance(10.5)
    assert engine.poll() == []
    assert engine.remaining() == 4.0
    assert engine.next_wakeup() is None
    assert engine.resume() == []
    events += drain(engine, clock)
    assert tups(events) == FULL[:3] + shifted(FULL[3:], 10.5)
    summary = engine.summary()
    assert summary.active_seconds == 15.0
    assert summary.ended_at == 1025.5
    assert summary.completed


def test_events_due_before_pause_are_returned_once_later() -> None:
    engine, clock = short_engine()
    engine.start()
    clock.advance(2.5)  # the first hold began at 2.0, not polled yet
    engine.pause()
    assert tups(engine.poll()) == [("start", 1, 1002.0), ("hold", 1, 1002.0)]
    assert engine.poll() == []
    assert engine.remaining() == 4.5


def test_toggle_pause_returns_the_due_events_and_then_resumes() -> None:
    engine, clock = short_engine()
    engine.start()
    clock.advance(2.5)
    assert tups(engine.toggle_pause()) == [("start", 1, 1002.0), ("hold", 1, 1002.0)]
    assert engine.state is EngineState.PAUSED
    clock.advance(5)
    assert engine.toggle_pause() == []
    assert engine.state is EngineState.RUNNING
    clock.advance(1.5)  # 2 s into the hold: first countdown
    assert tups(engine.poll()) == [("countdown", 1, 1009.0)]


def test_active_time_excludes_pauses() -> None:
    engine, clock = short_engine()
    engine.start()
    clock.advance(4)
    engine.pause()
    clock.advance(100)
    assert engine.summary().active_seconds == 4.0
    engine.resume()
    clock.advance(2)
    assert engine.summary().active_seconds == 6.0
    engine.stop()
    clock.advance(50)
    assert engine.summary().active_seconds == 6.0


# -- skip, back, stop -------------------------------------------------------------------


def test_skip_starts_the_next_phase_now_and_drops_the_skipped_cues() -> None:
    engine, clock = short_engine()
    engine.start()
    clock.advance(3)
    engine.poll()
    assert tups(engine.skip()) == [("start", 2, 1003.0), ("rest", 2, 1003.0)]
    rest = drain(engine, clock)
    assert tups(rest) == [*shifted(FULL[8:-1], -4), ("end", False, 1011.0)]
    summary = engine.summary()
    assert not summary.completed
    assert summary.steps[0].holds_done == 1
    assert summary.steps[0].holds_total == 2
    assert summary.steps[0].skipped


def test_skip_catches_up_first() -> None:
    engine, clock = short_engine()
    engine.start()
    clock.advance(2.5)  # in the hold, not polled
    assert tups(engine.skip()) == [
        ("start", 1, 1002.0),
        ("hold", 1, 1002.0),
        ("start", 2, 1002.5),
        ("rest", 2, 1002.5),
    ]


def test_skipping_a_non_hold_phase_keeps_the_session_complete() -> None:
    engine, clock = short_engine()
    engine.start()
    engine.skip()  # skip "get ready"
    events = drain(engine, clock)
    assert events[-1] == SessionEnded(1013.0, completed=True)
    assert engine.summary().completed


def test_skipping_the_last_phase_ends_the_session() -> None:
    engine, clock = short_engine()
    engine.start()
    clock.advance(11)
    engine.poll()
    assert engine.skip() == [SessionEnded(1011.0, completed=False)]
    assert engine.state is EngineState.FINISHED
    assert engine.skip() == []
    assert not engine.summary().completed
    assert engine.summary().steps[0].holds_done == 1


def test_skipping_to_the_end_finishes_with_the_skipped_holds_counted() -> None:
    """The end reached by skipping is the routine's end (not a stop), and the summary tells
    the holds skipped from those done and those never reached."""
    engine, clock = short_engine()
    engine.start()
    clock.advance(7)  # prepare and the first hold done: the rest
    engine.poll()
    engine.skip()  # the rest: no hold skipped
    assert engine.summary().steps[0].holds_skipped == 0
    engine.skip()  # the second hold
    assert engine.state is EngineState.FINISHED
    summary = engine.summary()
    assert summary.reached_end and not summary.completed
    assert (summary.steps[0].holds_done, summary.steps[0].holds_skipped) == (1, 1)


def test_a_hold_skipped_then_done_after_going_back_counts_as_done() -> None:
    engine, clock = short_engine()
    engine.start()
    clock.advance(2)
    engine.poll()  # the first hold
    engine.skip()  # skipped: the rest
    engine.back()  # at the start of the rest: back to the hold
    drain(engine, clock)
    summary = engine.summary()
    assert summary.completed and summary.reached_end
    assert (summary.steps[0].holds_done, summary.steps[0].holds_skipped) == (2, 0)


def test_a_stopped_session_has_not_reached_the_end_and_counts_only_the_holds_skipped() -> None:
    engine, _ = short_engine()
    engine.start()
    engine.skip()  # prepare
    engine.skip()  # the first hold
    engine.stop()  # in the rest: the second hold never reached
    summary = engine.summary()
    assert not summary.reached_end
    assert (summary.steps[0].holds_done, summary.steps[0].holds_skipped) == (0, 1)


def test_back_more_than_two_seconds_in_restarts_the_phase() -> None:
    engine, clock = short_engine()
    engine.start()
    clock.advance(4.5)  # 2.5 s into the first hold
    engine.poll()
    assert tups(engine.back()) == [("start", 1, 1004.5), ("hold", 1, 1004.5)]
    assert engine.remaining() == 5.0
    clock.advance(2)
    assert tups(engine.poll()) == [("countdown", 1, 1006.5)]


def test_back_early_in_a_phase_goes_to_the_previous_one() -> None:
    engine, clock = short_engine()
    engine.start()
    clock.advance(3.5)  # 1.5 s into the hold
    engine.poll()
    assert tups(engine.back()) == [("start", 0, 1003.5)]
    assert engine.remaining() == 2.0
    clock.advance(2)
    assert tups(engine.poll()) == [("start", 1, 1005.5), ("hold", 1, 1005.5)]


def test_back_at_the_first_phase_restarts_it() -> None:
    engine, clock = short_engine()
    engine.start()
    clock.advance(1)
    assert tups(engine.back()) == [("start", 0, 1001.0)]
    assert engine.remaining() == 2.0


def test_back_into_a_done_hold_does_not_count_it_twice() -> None:
    engine, clock = short_engine()
    engine.start()
    clock.advance(7.5)  # hold 1 done, 0.5 s into the rest
    engine.poll()
    engine.back()  # back to hold 1
    drain(engine, clock)
    summary = engine.summary()
    assert summary.steps[0].holds_done == 2
    assert summary.completed


def test_skip_and_back_while_paused_stay_paused_and_cue_on_resume() -> None:
    engine, clock = short_engine()
    engine.start()
    clock.advance(3)
    engine.poll()
    engine.pause()
    clock.advance(5)
    assert tups(engine.skip()) == [("start", 2, 1008.0)]
    assert tups(engine.back()) == [("start", 1, 1008.0)]
    assert engine.state is EngineState.PAUSED
    assert engine.remaining() == 5.0
    clock.advance(2)
    assert tups(engine.resume()) == [("hold", 1, 1010.0)]
    clock.advance(2)
    assert tups(engine.poll()) == [("countdown", 1, 1012.0)]


def test_stop_ends_the_session_incomplete() -> None:
    engine, clock = short_engine()
    engine.start()
    clock.advance(3.25)
    assert tups(engine.stop()) == [
        ("start", 1, 1002.0),
        ("hold", 1, 1002.0),
        ("end", False, 1003.25),
    ]
    assert engine.state is EngineState.STOPPED
    clock.advance(10)
    assert engine.poll() == []
    assert engine.remaining() == 3.75
    assert engine.progress() == pytest.approx(3.25 / 15)
    summary = engine.summary()
    assert summary.ended_at == 1003.25
    assert summary.started_at == 1000.0
    assert not summary.completed
    assert summary.active_seconds == 3.25


def test_stop_while_paused() -> None:
    engine, clock = short_engine()
    engine.start()
    clock.advance(1)
    engine.pause()
    clock.advance(1)
    assert engine.stop() == [SessionEnded(1002.0, completed=False)]
    assert engine.summary().active_seconds == 1.0


def test_wrong_state_calls_are_no_ops() -> None:
    engine, _clock = short_engine()
    for call in (engine.poll, engine.resume, engine.toggle_pause, engine.skip, engine.back):
        assert call() == []
    assert engine.stop() == []
    engine.pause()
    assert engine.state is EngineState.READY
    assert engine.next_wakeup() is None
    engine.start()
    assert engine.start() == []
    assert engine.resume() == []
    engine.stop()
    for call in (engine.start, engine.poll, engine.resume, engine.skip, engine.back, engine.stop):
        assert call() == []
    engine.pause()
    assert engine.toggle_pause() == []
    assert engine.state is EngineState.STOPPED


# -- queries ----------------------------------------------------------------------------


def test_remaining_elapsed_and_progress() -> None:
    engine, clock = short_engine()
    assert engine.remaining() == 0.0
    assert engine.routine_remaining() == 15.0
    assert engine.progress() == 0.0
    engine.start()
    assert engine.remaining() == 2.0
    clock.advance(3.5)
    engine.poll()
    assert engine.phase is not None and engine.phase.kind is PhaseKind.HOLD
    assert engine.remaining() == 3.5
    assert engine.elapsed_in_phase() == 1.5
    assert engine.routine_remaining() == 11.5
    assert engine.progress() == pytest.approx(3.5 / 15)
    clock.advance(100)
    engine.poll()
    assert engine.remaining() == 0.0
    assert engine.routine_remaining() == 0.0
    assert engine.progress() == 1.0


def test_remaining_is_clamped_when_poll_is_late() -> None:
    engine, clock = short_engine()
    engine.start()
    clock.advance(2.5)  # the prepare phase is over but not polled
    assert engine.remaining() == 0.0
    assert engine.elapsed_in_phase() == 2.0


def test_next_wakeup_seconds_cues_and_boundaries() -> None:
    engine, clock = short_engine()
    assert engine.next_wakeup() is None
    engine.start()
    assert engine.next_wakeup() == 1001.0  # countdown display 2 -> 1
    clock.advance(0.4)
    assert engine.next_wakeup() == 1001.0
    clock.advance(0.6)
    assert engine.next_wakeup() == 1002.0  # phase end
    clock.advance(1)
    engine.poll()
    assert engine.next_wakeup() == 1003.0
    clock.advance(1.5)
    assert engine.next_wakeup() == 1004.0  # countdown cue, also a second change
    clock.advance(0.7)
    engine.poll()
    assert engine.next_wakeup() == 1005.0


def test_next_wakeup_halfway_cue_between_seconds() -> None:
    clock = FakeClock()
    tl = compile_timeline(make_routine(make_step(prepare=0, hold=25, reps=1)))
    engine = SessionEngine(tl, clock)
    engine.start()
    clock.advance(12.2)
    engine.poll()
    assert engine.next_wakeup() == 1012.5
    clock.advance(0.3)
    assert tups(engine.poll()) == [("halfway", 0, 1012.5)]
    assert engine.next_wakeup() == 1013.0


def test_next_wakeup_after_resume_follows_the_shifted_seconds() -> None:
    engine, clock = short_engine()
    engine.start()
    clock.advance(0.4)
    engine.pause()
    clock.advance(10)
    engine.resume()
    assert engine.next_wakeup() == pytest.approx(1011.0)


def test_next_wakeup_is_due_when_overdue_or_pending() -> None:
    engine, clock = short_engine()
    engine.start()
    clock.advance(2.5)
    wake = engine.next_wakeup()
    assert wake is not None and wake <= clock.now()
    engine.poll()
    assert engine.next_wakeup() == 1003.0


def test_summary_steps() -> None:
    clock = FakeClock()
    a = make_step("A", sides=Sides.BOTH, reps=2, hold=5)
    b = make_step("B", reps=3, hold=5)
    engine = SessionEngine(compile_timeline(make_routine(a, b, id="r", name="R")), clock)
    before = engine.summary()
    assert before.started_at == 0.0 and before.ended_at is None and not before.completed
    engine.start()
    engine.skip()  # prepare of A
    engine.skip()  # A left 1
    drain(engine, clock)
    summary = engine.summary()
    assert summary.routine_id == "r" and summary.routine_name == "R"
    assert [(s.name, s.holds_done, s.holds_total, s.skipped) for s in summary.steps] == [
        ("A", 3, 4, True),
        ("B", 3, 3, False),
    ]
    assert not summary.completed
    assert engine.state is EngineState.FINISHED
    assert [e for e in engine.poll() if isinstance(e, CueDue) and e.cue is Cue.HOLD] == []
