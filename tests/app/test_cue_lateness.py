"""When a cue is too late to sound: the two limits of ``core.cues``, where each applies."""

from __future__ import annotations

import inspect

import pytest

from stretchtimer.adapters.audio import QueuedPlayer
from stretchtimer.app.app import create_app
from stretchtimer.app.screens.run import RunScreen
from stretchtimer.core.cues import CUE_MOMENT_PASSED, CUE_QUEUE_LIMIT, Cue
from tests.app.test_app_run import pass_screening, past_the_check_in
from tests.support.factories import make_routine, make_step

ROUTINE = make_routine(make_step("Pelvic tilt", prepare=3, hold=20, reps=1), name="Tiny routine")


@pytest.mark.parametrize(
    ("late", "sounded"),
    [(CUE_MOMENT_PASSED - 0.1, [Cue.HOLD]), (CUE_MOMENT_PASSED + 0.1, [])],
)
@pytest.mark.parametrize("size", [(80, 24), (40, 12)])
async def test_the_run_screen_does_not_sound_a_cue_whose_moment_has_passed(
    services, clock, wall, size, late, sounded
) -> None:
    """The session's loop reached the hold's start ``late`` seconds after it (a stall)."""
    pass_screening(services, wall)
    app = create_app(services, reminders=False)
    async with app.run_test(size=size) as pilot:
        app.begin_session(ROUTINE)
        await past_the_check_in(pilot)
        screen = app.screen
        assert isinstance(screen, RunScreen)
        clock.advance(3.0 + late)
        screen.tick()
        await pilot.pause()
        assert screen.phase.phase_label.upper() == "HOLD"
        assert services.players[0].played == sounded


def test_the_player_drops_a_cue_after_the_queue_limit_by_default() -> None:
    """The player's limit is the queue's (the wait behind other sounds), set in core.cues."""
    default = inspect.signature(QueuedPlayer).parameters["max_delay"].default
    assert default == CUE_QUEUE_LIMIT
    assert CUE_QUEUE_LIMIT > CUE_MOMENT_PASSED  # a phase change's sounds all play
