"""The machine sleeping in the middle of a hold, and the system clock jumping: a sleep pauses
the session at the moment the machine slept (never counted as exercise); a jump changes
nothing. Fake clocks that "sleep" and "jump"."""

from __future__ import annotations

import pytest

from stretchtimer.core.clock import MonotonicClock
from stretchtimer.core.engine import (
    EngineState,
    PhaseStarted,
    SessionEnded,
    SessionEngine,
    Slept,
)
from stretchtimer.core.timeline import PhaseKind, compile_timeline
from tests.core.test_engine import T0, short_engine
from tests.support.factories import make_routine, make_step

HOUR = 3600.0


def test_a_sleep_in_a_hold_pauses_at_the_moment_the_machine_slept() -> None:
    engine, clock = short_engine()  # prepare 2 | hold 5 | rest 3 | hold 5
    engine.start()
    clock.advance(4.0)
    engine.poll()  # 2 s into the first hold: seen awake
    clock.advance(0.5)  # awake a little longer, not polled
    clock.sleep(HOUR)
    clock.advance(0.3)  # awake again, until the next poll
    assert engine.poll() == [Slept(T0 + 4.0, HOUR)]
    assert engine.state is EngineState.PAUSED
    assert engine.remaining() == pytest.approx(3.0)  # nothing after the last moment seen
    assert engine.summary().active_seconds == pytest.approx(4.0)
    clock.advance(120.0)  # the person reads the notice and comes back
    assert engine.poll() == []
    assert engine.remaining() == pytest.approx(3.0)
    engine.resume()
    clock.advance(3.0)
    events = engine.poll()
    assert [e.at for e in events if isinstance(e, PhaseStarted)] == [clock.now()]  # hold ends
    assert engine.phase is not None and engine.phase.kind is PhaseKind.REST
    assert engine.summary().steps[0].holds_done == 1
    assert engine.summary().active_seconds == pytest.approx(7.0)


def test_a_monotonic_clock_that_counts_the_sleep_counts_none_of_it() -> None:
    engine, clock = short_engine()
    engine.start()
    clock.advance(3.0)
    engine.poll()
    clock.sleep(HOUR, monotonic_counts=True)  # as where the monotonic clock goes on asleep
    events = engine.poll()
    assert [type(e) for e in events] == [Slept]  # not the whole routine ended in the sleep
    assert engine.remaining() == pytest.approx(4.0)
    assert engine.summary().active_seconds == pytest.approx(3.0)


def test_a_sleep_while_paused_changes_nothing() -> None:
    engine, clock = short_engine()
    engine.start()
    clock.advance(3.0)
    engine.pause()
    clock.sleep(HOUR)
    engine.resume()
    clock.advance(1.0)
    assert not any(isinstance(e, Slept) for e in engine.poll())
    assert engine.state is EngineState.RUNNING
    assert engine.remaining() == pytest.approx(3.0)


def test_a_short_stall_is_not_a_sleep() -> None:
    engine, clock = short_engine()
    engine.start()
    clock.sleep(0.5)
    clock.advance(1.0)
    assert not any(isinstance(e, Slept) for e in engine.poll())


def test_stop_after_a_sleep_counts_only_the_time_awake() -> None:
    engine, clock = short_engine()
    engine.start()
    clock.advance(3.0)
    engine.poll()
    clock.sleep(HOUR, monotonic_counts=True)
    events = engine.stop()
    assert [type(e) for e in events] == [Slept, SessionEnded]
    assert engine.summary().active_seconds == pytest.approx(3.0)


class Machine:
    """The readers of a real clock: monotonic, CLOCK_BOOTTIME (or none) and the wall clock."""

    def __init__(self, *, boottime: bool = True) -> None:
        self.mono, self.boot, self.wall = 500.0, 520.0, 1.8e9
        self.has_boottime = boottime

    def clock(self) -> MonotonicClock:
        return MonotonicClock(
            lambda: self.mono, lambda: self.boot if self.has_boottime else None, lambda: self.wall
        )

    def run(self, seconds: float) -> None:
        self.mono += seconds
        self.boot += seconds
        self.wall += seconds

    def suspend(self, seconds: float) -> None:
        """As Linux does: CLOCK_MONOTONIC stops, CLOCK_BOOTTIME and the wall clock go on."""
        self.boot += seconds
        self.wall += seconds


@pytest.mark.parametrize("jump", [3 * HOUR, -3 * HOUR])
def test_a_system_clock_jump_in_a_hold_changes_nothing(jump: float) -> None:
    machine = Machine()
    clock = machine.clock()
    engine = SessionEngine(
        compile_timeline(make_routine(make_step("A", prepare=2, hold=5, reps=1))), clock
    )
    engine.start()
    machine.run(3.0)
    engine.poll()
    machine.wall += jump
    machine.run(1.0)
    assert not any(isinstance(e, Slept) for e in engine.poll())
    assert clock.slept() == 0.0
    assert engine.state is EngineState.RUNNING
    assert engine.remaining() == pytest.approx(3.0)


def test_boottime_tells_a_sleep() -> None:
    machine = Machine()
    clock = machine.clock()
    machine.run(10.0)
    machine.suspend(HOUR)
    machine.run(1.0)
    assert clock.slept() == pytest.approx(HOUR)
    assert clock.now() == pytest.approx(511.0)


def test_without_boottime_a_wall_step_beyond_the_monotonic_one_is_a_sleep() -> None:
    machine = Machine(boottime=False)
    clock = machine.clock()
    machine.run(10.0)
    assert clock.slept() == 0.0
    machine.suspend(HOUR)
    machine.run(1.0)
    assert clock.slept() == pytest.approx(HOUR)
    machine.run(1.0)
    machine.wall += 1.0  # NTP's small corrections are not sleeps
    assert clock.slept() == pytest.approx(HOUR)


def test_the_real_clock_has_not_slept_now() -> None:
    assert MonotonicClock().slept() < 1.0
