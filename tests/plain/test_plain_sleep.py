"""Plain mode when the machine sleeps in the middle of a hold: a line says the session paused
then, and it waits for Enter (the end of input stops it); the sleep never counts. A fake clock
that sleeps, and a wait that moves it instead of the real time."""

from __future__ import annotations

import io

import pytest

from stretchtimer.core.clock import FakeClock
from stretchtimer.core.settings import Settings
from stretchtimer.plain.runner import run_session
from tests.support.factories import make_routine, make_step
from tests.support.fakes import RecordingPlayer

ROUTINE = make_routine(make_step("Pelvic tilt", prepare=2, hold=10, reps=1, rest=0, transition=0))
HOUR = 3600.0
SLEPT = "Paused while the computer slept. Press Enter to go on."


def session(answers: str, *, sleep_at: float = 6.0):
    """Run ROUTINE on a fake clock whose machine sleeps an hour ``sleep_at`` s in."""
    clock = FakeClock(0.0)
    slept = []

    def wait(seconds: float) -> None:
        clock.advance(seconds)
        if clock.now() >= sleep_at and not slept:
            slept.append(True)
            clock.sleep(HOUR)
            clock.advance(0.4)  # awake again before the next poll

    out = io.StringIO()
    outcome, engine = run_session(
        ROUTINE,
        Settings(countdown_seconds=0),
        out,
        clock=clock,
        player=RecordingPlayer(),
        stdin=io.StringIO(answers),
        wait=wait,
    )
    return outcome, engine, out.getvalue().splitlines()


def test_a_sleep_in_a_hold_pauses_says_so_and_goes_on_after_enter() -> None:
    outcome, engine, lines = session("\n")
    assert outcome is True
    assert f"[0:05.0] {SLEPT}" in lines  # when it was last seen awake: the poll before
    assert lines[-1] == "[0:13.4] END"  # 7 s of the hold left after the pause at 0:05
    summary = engine.summary()
    assert summary.completed and summary.steps[0].holds_done == 1
    assert summary.active_seconds == pytest.approx(12.0)


def test_the_end_of_input_while_paused_stops_the_session() -> None:
    outcome, engine, lines = session("")
    assert outcome is False
    assert f"[0:05.0] {SLEPT}" in lines
    assert lines[-1].endswith("END")
    assert engine.summary().steps[0].holds_done == 0
    assert engine.summary().active_seconds == pytest.approx(5.0)
