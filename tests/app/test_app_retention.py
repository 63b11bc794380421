"""What a sitting of alerts and walks leaves in memory: the soak's growth, in-process.

Textual 8.2.8 keeps each widget's ``StylesCache``, and through it the lines the widget last
drew (``Strip`` objects, each with caches of its own), alive after the widget is gone, until
1,024 newer ones push it out of an ``lru_cache`` (Textual issue #6665). Every alert and every
walk made new widgets, so their drawn lines piled up: about 63 strips an alert, 390 a walk.
These tests count the live objects by type after a full collection: what a sitting holds
after some alerts or walks must not grow with more of them.
"""

from __future__ import annotations

import gc

import pytest
from textual.strip import Strip

from stretchtimer.app.app import create_app
from stretchtimer.app.screens.home import HomeScreen
from stretchtimer.app.screens.reminder_alert import ReminderAlert
from stretchtimer.app.screens.run import RunScreen
from stretchtimer.app.screens.summary import SummaryScreen
from tests.app.test_app_reminders import later, started
from tests.app.test_app_run import pass_screening

WALK = """\
version: 1
name: Short walk
defaults:
  prepare: 1
steps:
  - exercise: knee-to-chest
    hold: 2
    reps: 1
"""
REMINDERS = """\
version: 1
reminders:
  - id: walk
    routine: short-walk
    every: 15s
    days: all
    hours: ["00:00-24:00"]
    align: none
"""
WARM_UP = 3  # the first alerts and walks fill Textual's bounded caches (styles, colours)


@pytest.fixture
def soak(root, wall):
    """The soak's setting (``bench/scenarios/soak.py``): a walk of a few seconds due every
    15 s, the screening passed today."""
    root.user_dir.mkdir(parents=True, exist_ok=True)
    (root.user_dir / "short-walk.yaml").write_text(WALK)
    root.reminders_path.parent.mkdir(parents=True, exist_ok=True)
    root.reminders_path.write_text(REMINDERS)
    pass_screening(root, wall)
    return root


def alive(kind: str | type) -> int:
    """How many objects of ``kind`` (a class, or a class's name) are alive after a full
    collection."""
    gc.collect()
    if isinstance(kind, str):
        return sum(1 for o in gc.get_objects() if type(o).__name__ == kind)
    return sum(1 for o in gc.get_objects() if isinstance(o, kind))


async def alert(pilot, root, clock) -> ReminderAlert:
    """15 s on both clocks: the walk is due and its alert shows over home."""
    await later(pilot, root, clock, 0.25)
    screen = pilot.app.screen
    assert isinstance(screen, ReminderAlert), screen
    return screen


async def skip(pilot, root, clock) -> None:
    await alert(pilot, root, clock)
    await pilot.press("k")
    await pilot.pause()
    assert isinstance(pilot.app.screen, HomeScreen)


async def walk(pilot, root, clock) -> None:
    """An alert started (s), the check-in skipped, the walk to its end, its summary closed."""
    await alert(pilot, root, clock)
    await pilot.press("s")
    await pilot.pause()
    await pilot.press("enter")  # the pain check-in: skipped
    await pilot.pause()
    run = pilot.app.screen
    assert isinstance(run, RunScreen), run
    clock.advance(20)  # the session's clock only: the reminders' timer stays 15 s away
    run.tick()
    await pilot.pause()
    assert isinstance(pilot.app.screen, SummaryScreen), pilot.app.screen
    await pilot.press("enter")
    await pilot.pause()
    await pilot.pause()
    assert isinstance(pilot.app.screen, HomeScreen), pilot.app.screen


@pytest.mark.parametrize("size", [(80, 24), (40, 12)])
async def test_dismissed_alerts_leave_no_widgets_nor_drawn_lines_behind(soak, clock, size) -> None:
    app = create_app(soak)
    async with app.run_test(size=size) as pilot:
        await started(pilot)
        for _ in range(WARM_UP):
            await skip(pilot, soak, clock)
        caches, strips = alive("StylesCache"), alive(Strip)
        for _ in range(10):
            await skip(pilot, soak, clock)
        assert alive("StylesCache") - caches == 0  # the alert's widgets are made once
        assert alive(Strip) - strips <= 10  # was 630: 63 an alert


@pytest.mark.parametrize("size", [(80, 24), (40, 12)])
async def test_walks_leave_no_drawn_lines_behind(soak, clock, size) -> None:
    app = create_app(soak)
    async with app.run_test(size=size) as pilot:
        await started(pilot)
        for _ in range(WARM_UP):
            await walk(pilot, soak, clock)
        strips = alive(Strip)
        for _ in range(5):
            await walk(pilot, soak, clock)
        # was 1,320 to 1,950 (264 to 390 a walk); a scrollbar shown, then hidden before the
        # screen closed, keeps its lines (20 at 40x12: the summary's, now and then)
        assert alive(Strip) - strips <= 5 * 25
