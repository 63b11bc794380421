"""The machine sleeps in the middle of a hold: the run screen pauses at that moment, says
"Paused while the computer slept" on waking and waits for space; the sleep never counts."""

from __future__ import annotations

from datetime import timedelta

import pytest

from stretchtimer.app.app import create_app
from stretchtimer.core.engine import EngineState
from tests.app.test_app_run import advance, shown, start

HOUR = 3600.0


@pytest.mark.parametrize("size", [(80, 24), (40, 12)])
async def test_a_sleep_in_a_hold_pauses_says_so_and_waits(services, clock, wall, size) -> None:
    app = create_app(services)
    async with app.run_test(size=size) as pilot:
        screen = await start(pilot, services, wall)  # prepare 3 s, then a 10 s hold
        await advance(pilot, clock, 5)
        assert shown(screen, "#clock") == "0:08"
        said: list[str] = []
        app.notify = lambda message, **_: said.append(message)  # type: ignore[method-assign]
        clock.sleep(HOUR)
        await advance(pilot, clock, 0.2)  # the first tick after waking
        assert screen.engine.state is EngineState.PAUSED
        assert "PAUSED" in shown(screen, "#banner")
        assert shown(screen, "#clock") == "0:08"
        assert said == ["Paused while the computer slept. Press space to go on."]
        footer = " ".join(str(key.render()) for key in screen.query("FooterKey"))
        assert "Resume" in footer
        await advance(pilot, clock, 60)  # it waits for the person
        assert shown(screen, "#clock") == "0:08"
        await pilot.press("space")
        await advance(pilot, clock, 2)
        assert screen.engine.state is EngineState.RUNNING
        assert shown(screen, "#clock") == "0:06"
    assert screen.engine.summary().active_seconds == pytest.approx(7.0)


@pytest.mark.parametrize("jump", [timedelta(hours=5), timedelta(hours=-5)])
async def test_a_system_clock_jump_in_a_hold_changes_nothing(services, clock, wall, jump):
    """The wall clock jumps (the engine's tests jump a real clock's readers): the hold runs on."""
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot, services, wall)
        await advance(pilot, clock, 5)
        wall.value += jump
        await advance(pilot, clock, 1)
        assert screen.engine.state is EngineState.RUNNING
        assert shown(screen, "#clock") == "0:07"
