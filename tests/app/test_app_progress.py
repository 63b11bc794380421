"""The Progress screen: from home (g) and the palette, with seeded history; deleting from it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.widgets import Static

from stretchtimer.app.app import create_app
from stretchtimer.app.screens.confirm import ConfirmScreen
from stretchtimer.app.screens.home import HomeScreen
from stretchtimer.app.screens.progress import ProgressScreen
from stretchtimer.core.ports import ReminderEvent
from stretchtimer.core.records import PainCheckIn

SIZES = [(80, 24), (40, 12)]


def seed(services) -> None:
    """Seven weeks of sessions (not on Tuesdays), with pain check-ins and walk reminders."""
    store = services.open_history().store
    now = services.now()
    for d in range(50):
        at = now - timedelta(days=d, hours=1)
        if at.weekday() == 1:
            continue
        sid = store.start_session("morning-back", "Morning back mobility", at)
        ended = ("completed", "stopped", "hurt", "interrupted")[d % 4]
        store.end_session(sid, at + timedelta(minutes=12), ended, active_seconds=60 * (5 + d % 30))
        store.record_pain(PainCheckIn(at, 1 + d % 2, "before"))
        store.record_pain(PainCheckIn(at + timedelta(minutes=13), 1, "after"))
    store.record(ReminderEvent(now - timedelta(minutes=5), "walk", "snoozed"))
    store.record(ReminderEvent(now - timedelta(minutes=50), "walk", "walked"))
    store.close()


def text(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def open_progress(pilot) -> ProgressScreen:
    await pilot.press("g")
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ProgressScreen)
    return screen


@pytest.mark.parametrize("size", SIZES)
async def test_progress_shows_streaks_week_calendar_pain_and_sessions(services, size) -> None:
    seed(services)
    app = create_app(services)
    async with app.run_test(size=size) as pilot:
        screen = await open_progress(pilot)
        headline = text(screen, "#progress-headline")
        assert "Streak: 1 day in a row (longest 6)" in headline  # Tuesday 24 Nov was missed
        assert "This week: 12 of 150 minutes" in headline  # Monday 7, today 5
        calendar = text(screen, "#progress-calendar")
        assert calendar.splitlines()[1].startswith("Tue ·")  # never on a Tuesday
        assert "█ 30 min or more" in calendar  # the legend: shapes, not colour alone
        # one bar a week on the fixed 0-10 scale: 1 to 2 a low bar, never a full one
        assert text(screen, "#pain-before") == "▂" * 8
        assert text(screen, "#pain-after") == "▂" * 8
        assert "before 1.0, after 1.0" in text(screen, "#progress-pain")
        assert "snoozed 1 today" in text(screen, "#progress-reminders")
        recent = text(screen, "#progress-recent").splitlines()
        assert len(recent) == 5 and recent[0].endswith("completed")
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_progress_with_no_history_and_from_the_palette(services) -> None:
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"progress")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ProgressScreen)
        assert "Streak: 0 days" in text(screen, "#progress-headline")
        assert text(screen, "#progress-recent") == "No sessions yet."
        assert text(screen, "#progress-pain") == "No pain check-ins yet."
        assert not screen.query_one("#pain-before", Static).display  # no flat "no pain"


async def test_the_history_is_deleted_only_after_yes(services) -> None:
    seed(services)
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_progress(pilot)
        await pilot.press("D")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await app.workers.wait_for_complete()
        assert len(services.open_history().store.sessions()) > 0
        await pilot.press("D")
        await pilot.press("y")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is screen
        assert text(screen, "#progress-recent") == "No sessions yet."
    assert services.open_history().store.sessions() == []


@pytest.mark.parametrize("size", SIZES)
def test_progress_snapshot(snap_compare, services, size) -> None:
    seed(services)

    async def run_before(pilot) -> None:
        await open_progress(pilot)

    assert snap_compare(create_app(services), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
async def test_a_renamed_routines_sessions_show_under_its_new_name(services, size) -> None:
    store = services.open_history().store
    now = services.now()
    for hours in (30, 26):
        at = now - timedelta(hours=hours)
        sid = store.start_session("mine", "Mine", at)
        store.end_session(sid, at + timedelta(minutes=5), "completed", active_seconds=300)
    store.close()
    services.user_dir.mkdir(parents=True)
    (services.user_dir / "evenings.yaml").write_text(
        "version: 1\nname: Evenings\nsteps:\n  - exercise: plank\n"
    )
    services.record_rename("mine", "evenings")  # now: after both sessions
    app = create_app(services)
    async with app.run_test(size=size) as pilot:
        screen = await open_progress(pilot)
        recent = text(screen, "#progress-recent").splitlines()
        assert len(recent) == 2 and all("Evenings" in line for line in recent)
        assert "Mine" not in text(screen, "#progress-recent")


@pytest.mark.parametrize("size", SIZES)
async def test_a_name_from_the_history_is_shown_escaped(services, size) -> None:
    """The history may hold any text (an imported history.jsonl): an escape sequence in a
    routine's name set the terminal's title from the Progress screen."""
    store = services.open_history().store
    at = services.now() - timedelta(hours=2)
    sid = store.start_session("x", "Evil \x1b]2;PWNED\x07 \x9b7m name", at)
    store.end_session(sid, at + timedelta(minutes=5), "completed", active_seconds=300)
    store.close()
    app = create_app(services)
    async with app.run_test(size=size) as pilot:
        screen = await open_progress(pilot)
        recent = text(screen, "#progress-recent")
        assert "Evil \\x1b]2;PWNED\\x07 \\x9b7m name" in recent
        assert "\x1b" not in recent and "\x9b" not in recent
