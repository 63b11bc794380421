"""Below 40x12 every screen gives way to one notice; a session's countdown goes on behind it."""

from __future__ import annotations

import pytest
from textual.screen import Screen
from textual.widgets import Footer

from stretchtimer.app.app import create_app
from stretchtimer.app.screens.confirm import ConfirmScreen
from stretchtimer.app.screens.home import HomeScreen
from stretchtimer.app.widgets.run_view import SessionClock
from stretchtimer.app.widgets.too_small import TooSmallNotice
from tests.app.test_app_run import advance, start

NOTICE = "Terminal too small (need 40x12)"


def notice_shown(screen: Screen) -> bool:
    notices = screen.query(TooSmallNotice)
    return bool(notices) and notices.first().display and notices.first().region.area > 0


@pytest.mark.parametrize("size", [(80, 24), (40, 12)])
async def test_at_40x12_and_above_no_notice(services, size) -> None:
    app = create_app(services)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert not notice_shown(app.screen)
        assert app.screen.query_one(Footer).display


@pytest.mark.parametrize("small", [(39, 24), (80, 11), (20, 5)])
async def test_below_40x12_home_gives_way_to_the_notice_and_comes_back(services, small) -> None:
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.resize_terminal(*small)
        await pilot.pause()
        assert notice_shown(app.screen)
        assert app.screen.query_one(Footer).region.area == 0  # nothing clipped: not drawn
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert not notice_shown(app.screen)
        assert app.screen.query_one(Footer).region.area > 0


async def test_a_terminal_small_from_the_start_shows_the_notice(services) -> None:
    app = create_app(services)
    async with app.run_test(size=(30, 8)) as pilot:
        await pilot.pause()
        assert notice_shown(app.screen)


async def test_a_resize_to_20x5_in_a_hold_keeps_the_countdown_right(services, clock, wall):
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        run = await start(pilot, services, wall)
        await advance(pilot, clock, 4)  # prepare 3 s, then 1 s into the 10 s hold
        assert run.query_one(SessionClock).countdown == "0:09"
        await pilot.resize_terminal(20, 5)
        await pilot.pause()
        assert notice_shown(run)
        await advance(pilot, clock, 3)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert not notice_shown(run)
        assert run.query_one(SessionClock).countdown == "0:06"
        assert run.query_one(SessionClock).region.area > 0


async def test_a_screen_shown_while_too_small_gets_the_notice_too(services, clock, wall):
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        run = await start(pilot, services, wall)
        await pilot.resize_terminal(20, 5)
        await pilot.pause()
        await pilot.press("q")  # Stop asks first: the question is a screen of its own
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert notice_shown(app.screen)
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        assert not notice_shown(app.screen)
        assert not notice_shown(run)


async def test_the_summary_reached_while_too_small_shows_the_notice(services, clock, wall):
    from stretchtimer.app.screens.summary import SummaryScreen

    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        run = await start(pilot, services, wall)
        await pilot.resize_terminal(20, 5)
        await pilot.pause()
        for _ in range(len(run.timeline.phases)):
            await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert notice_shown(app.screen)
        assert app.screen.query_one(Footer).region.area == 0
