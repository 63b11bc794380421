"""The reminders inside the app, on fake clocks: home's line, the alert and its choices."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from textual.widgets import Static

from stretchtimer.adapters.screening_file import load_screening_text
from stretchtimer.adapters.store_sqlite import open_store
from stretchtimer.app.app import create_app
from stretchtimer.app.screens.home import HomeScreen
from stretchtimer.app.screens.reminder_alert import ReminderAlert
from stretchtimer.app.screens.run import RunScreen
from stretchtimer.app.screens.screening import ScreeningScreen
from stretchtimer.core.cues import Cue
from stretchtimer.core.screening import Severity
from tests.app.test_app_run import pass_screening, past_the_check_in
from tests.support.factories import make_routine, make_step

ROUTINE = make_routine(make_step(prepare=5, hold=20, reps=1))
SIZES = [(80, 24), (40, 12)]
TEXT = load_screening_text()
EMERGENCY = next(q.id for q in TEXT.questions if q.severity is Severity.EMERGENCY)


pytestmark = pytest.mark.usefixtures("paris")  # the reminders' zone: +01:00 in November


async def started(pilot) -> None:
    """Let the first check run (it comes after the first frame, in a worker)."""
    for _ in range(5):
        await pilot.pause()
        if pilot.app.reminders.next_at is not None:
            return
    raise AssertionError("the reminders did not start")


async def later(pilot, root, clock, minutes: float) -> None:
    """The wall and monotonic clocks move on together; the timer's check runs."""
    root.now.value += timedelta(minutes=minutes)
    clock.advance(minutes * 60)
    await pilot.app.reminders.check()
    await pilot.pause()


def line(app) -> str:
    return str(app.screen.query_one("#reminder-line", Static).render())


def fits(app) -> bool:
    """Home's reminder line is shown whole: each of its lines within the line's width."""
    widget = app.screen.query_one("#reminder-line", Static)
    lines = line(app).splitlines()
    return widget.region.height == len(lines) and all(
        len(text) <= widget.content_region.width for text in lines
    )


def actions(root) -> list[str]:
    """What was done with each reminder, in order, as the app's history store has it."""
    if root._history_thread is not None:
        root.history_thread().flush()
    store = open_store(root.history_db_path).store
    assert store is not None
    return [event.action for event in store.events(datetime(1970, 1, 2, tzinfo=UTC))]


@pytest.mark.parametrize("size", SIZES)
async def test_home_shows_the_next_walk_and_redraws_on_the_minute(
    root, clock, morning, size
) -> None:
    app = create_app(root)
    async with app.run_test(size=size) as pilot:
        await started(pilot)
        assert line(app) == "Next walk 10:30, in 1 h"
        assert app.reminders.next_at == morning.value.replace(minute=31)  # the next minute
        assert app.screen.query_one("#reminder-line").region.height == 1
        await later(pilot, root, clock, 23.5)
        assert line(app) == "Next walk 10:30, in 37 min"
        assert app.reminders.next_at == morning.value.replace(minute=54, second=0)
        assert app.screen.query_one("#reminder-line").region.width == size[0]


@pytest.mark.parametrize("size", SIZES)
async def test_outside_working_hours_and_a_pause_are_said(root, clock, wall, size) -> None:
    wall.value = wall.value.replace(day=27, hour=18, minute=30)  # Friday evening
    app = create_app(root)
    async with app.run_test(size=size) as pilot:
        await started(pilot)
        assert (
            line(app)
            == {
                80: "Outside working hours: next walk Mon 10:00",
                40: "Off hours: next walk Mon 10:00",  # the long form would be cut
            }[size[0]]
        )
        assert fits(app)
        app.reminders.reminding.pause(wall(), "2h")
        await later(pilot, root, clock, 1)
        assert line(app) == "Reminders paused until 20:30"
        assert fits(app)


@pytest.mark.parametrize("size", SIZES)
async def test_the_alert_snooze_skip_and_start(root, clock, morning, size) -> None:
    app = create_app(root)
    bells: list[int] = []
    app.bell = lambda: bells.append(1)  # type: ignore[method-assign]
    async with app.run_test(size=size) as pilot:
        await started(pilot)
        await later(pilot, root, clock, 60)
        alert = app.screen
        assert isinstance(alert, ReminderAlert)
        assert "Time to move: Walk break" in str(alert.query_one("#question", Static).render())
        buttons = [b for b in alert.query("Button") if b.display]  # Close is the emergency's
        assert len(buttons) == 5
        assert all(0 < b.region.right <= size[0] and b.region.bottom <= size[1] for b in buttons)
        assert Cue.HOLD in root.players[-1].played and bells == [1]
        await pilot.press("z")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert (
            line(app)
            == {
                80: "Next walk 10:40, in 10 min · today 1 snoozed",
                40: "Next walk 10:40, in 10 min\nToday 1 snoozed",
            }[size[0]]
        )
        assert fits(app)
        await later(pilot, root, clock, 10)
        alert = app.screen
        assert isinstance(alert, ReminderAlert)
        assert "(snoozed 1 of 3)" in str(alert.query_one("#question", Static).render())
        await pilot.press("k")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert (
            line(app)
            == {
                80: "Next walk 11:40, in 1 h · today 1 snoozed, 1 skipped",
                40: "Next walk 11:40, in 1 h\nToday 1 snoozed, 1 skipped",
            }[size[0]]
        )
        assert fits(app)
        await later(pilot, root, clock, 60)
        assert isinstance(app.screen, ReminderAlert)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, ScreeningScreen)  # through the gate, like every session
        await pilot.press("escape")  # backed out: no walk, and the walk is still due
        await pilot.pause()
        assert isinstance(app.screen, ReminderAlert)
        assert actions(root) == ["due", "snoozed", "due", "skipped", "due"]
        await pilot.press("s")
        await pilot.pause()
        screening = app.screen
        assert isinstance(screening, ScreeningScreen)
        for _ in range(3 * len(TEXT.questions)):  # on a short screen a key may only scroll
            if not screening.screening.unanswered:
                break
            await pilot.press("n")
        await pilot.pause()
        await pilot.press("enter")  # Start
        await past_the_check_in(pilot)
        assert isinstance(app.screen, RunScreen)
    assert actions(root) == ["due", "snoozed", "due", "skipped", "due", "walked"]


async def test_the_alert_sounds_as_the_settings_are_now(root, clock, morning) -> None:
    """The alerts' player is made at the first alert; muting (or a new volume) after it is
    heard at the next alert, not only after a restart."""
    app = create_app(root)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        await later(pilot, root, clock, 60)
        player = root.players[-1]
        assert player.played == [Cue.HOLD]
        await pilot.press("k")  # skipped
        app.update_settings(muted=True)
        await later(pilot, root, clock, 60)
        assert isinstance(app.screen, ReminderAlert)
        assert player.played == [Cue.HOLD]  # muted: not heard
        await pilot.press("k")
        app.update_settings(muted=False, volume=0.3)
        await later(pilot, root, clock, 60)
        assert player.played == [Cue.HOLD, Cue.HOLD] and player.volume == 0.3
        assert root.players[-1] is player  # still the one player


@pytest.mark.parametrize("size", SIZES)
async def test_the_one_alert_shows_each_reminder_afresh(root, clock, morning, size) -> None:
    """One alert per sitting, shown again: each time its own text, its choices as they are
    now (snoozes used up, then a new walk), Start focused (not the button left focused last),
    and after an emergency only the advice."""
    from textual.widgets import Button

    app = create_app(root)
    async with app.run_test(size=size) as pilot:
        await started(pilot)
        await later(pilot, root, clock, 60)
        alert = app.screen
        assert isinstance(alert, ReminderAlert)
        for snoozed in (1, 2, 3):
            await pilot.press("tab")  # the focus left on Skip
            await pilot.press("z")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            await later(pilot, root, clock, 10)
            assert app.screen is alert  # the same screen, shown again
            assert f"(snoozed {snoozed} of 3)" in str(alert.query_one("#question").render())
            assert alert.focused is alert.query_one("#alert-start")
        assert all(b.disabled for b in alert.query_one("#snooze-buttons").query(Button))
        await pilot.press("enter")  # Start now: the focused button
        await pilot.pause()
        assert isinstance(app.screen, ScreeningScreen)
        await pilot.press("escape")  # no walk: the same reminder's alert again
        await pilot.pause()
        assert app.screen is alert
        assert "(snoozed 3 of 3)" in str(alert.query_one("#question").render())
        await pilot.press("k")
        await pilot.pause()
        await later(pilot, root, clock, 60)  # the next walk: it can be snoozed again
        assert app.screen is alert
        assert str(alert.query_one("#question").render()) == "Time to move: Walk break"
        assert not any(b.disabled for b in alert.query_one("#snooze-buttons").query(Button))
        await pilot.press("k")
        await pilot.pause()
        app.gate.screening().answer(EMERGENCY, True)  # an emergency in this sitting
        await later(pilot, root, clock, 60)
        assert app.screen is alert
        assert not alert.query_one("#question").display
        assert alert.query_one("#advice").display and alert.query_one("#alert-close").display
        assert alert.focused is alert.query_one("#alert-advice")
        close = alert.query_one("#alert-close").region
        assert close.height and close.bottom <= size[1] and close.right <= size[0]
        await pilot.press("k")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    snoozes = ["due", "snoozed"] * 3
    assert actions(root) == [*snoozes, "due", "skipped", "due", "skipped", "due", "skipped"]


async def test_the_alert_waits_while_a_session_runs_and_comes_when_it_ends(
    root, clock, morning
) -> None:
    from stretchtimer.app.screens.summary import SummaryScreen

    app = create_app(root)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        pass_screening(root, morning)
        app.begin_session(ROUTINE)
        await past_the_check_in(pilot)
        assert isinstance(app.screen, RunScreen)
        await later(pilot, root, clock, 60)
        assert isinstance(app.screen, RunScreen)  # no alert over the session
        await pilot.press("q")  # stop: its question is a dialog, the alert still waits
        await pilot.pause()
        assert not isinstance(app.screen, ReminderAlert)
        await pilot.press("y")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)  # the session's summary first
        await pilot.press("escape")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ReminderAlert)  # the session is over: now it comes


@pytest.mark.parametrize("size", SIZES)
async def test_an_alert_due_as_a_walk_ends_waits_for_its_summary_to_close(
    root, clock, morning, size
) -> None:
    """The Enter that closes the summary is the summary's, never the alert's Start now."""
    from stretchtimer.app.screens.summary import SummaryScreen

    app = create_app(root)
    async with app.run_test(size=size) as pilot:
        await started(pilot)
        pass_screening(root, morning)
        app.begin_session(ROUTINE)
        await past_the_check_in(pilot)
        run = app.screen
        assert isinstance(run, RunScreen)
        await later(pilot, root, clock, 60)  # due in the last seconds of the session
        run.tick()  # the session's clock is past its end
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)  # no alert over it
        await pilot.press("enter")  # closes the summary (its pain check-in skipped)
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ReminderAlert)  # now it comes
        assert app.live_session() is None
    assert actions(root) == ["due"]  # the Enter answered nothing


async def test_the_alert_waits_behind_the_screening(root, clock, morning) -> None:
    app = create_app(root)
    async with app.run_test(size=(40, 12)) as pilot:
        await started(pilot)
        app.begin_session(ROUTINE)
        await pilot.pause()
        assert isinstance(app.screen, ScreeningScreen)
        await later(pilot, root, clock, 60)
        assert isinstance(app.screen, ScreeningScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ReminderAlert)


@pytest.mark.parametrize("size", SIZES)
async def test_after_an_emergency_the_alert_offers_no_walk(root, clock, morning, size) -> None:
    app = create_app(root)
    async with app.run_test(size=size) as pilot:
        await started(pilot)
        app.gate.screening().answer(EMERGENCY, True)  # an emergency in this sitting
        assert app.gate.emergency
        await later(pilot, root, clock, 60)
        alert = app.screen
        assert isinstance(alert, ReminderAlert)
        assert not alert.query_one("#alert-start").display  # the walk's choices are hidden
        assert not alert.query_one("#snooze-buttons").display
        assert TEXT.emergency_heading in str(alert.query_one("#advice", Static).render())
        dialog, close = alert.query_one("#dialog").region, alert.query_one("#alert-close").region
        assert dialog.y >= 0 and dialog.bottom <= size[1] and dialog.right <= size[0]
        assert close.height and close.bottom <= dialog.bottom  # the way out is in sight
        await pilot.press("s")  # no walk to start
        await pilot.pause()
        assert isinstance(app.screen, ReminderAlert)
        await pilot.press("k")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert actions(root) == ["due", "skipped"]


@pytest.mark.parametrize("size", SIZES)
async def test_a_second_app_says_another_runs_the_reminders_and_takes_over_when_it_quits(
    root, clock, morning, size
) -> None:
    import os

    from stretchtimer.adapters.instance_lock import InstanceLock

    other = InstanceLock(root.reminders_lock_path)  # the first stretchtimer
    assert other.acquire()
    app = create_app(root)
    notes: list[str] = []
    try:
        async with app.run_test(size=size) as pilot:
            app.notify = lambda message, **kw: notes.append(message)  # type: ignore[method-assign]
            for _ in range(4):
                await pilot.pause()
            assert not app.reminders.running
            assert (
                line(app)
                == {
                    80: f"Reminders run in another stretchtimer (process {os.getpid()})",
                    40: "Reminders run in another stretchtimer",
                }[size[0]]
            )
            assert fits(app)
            minute = morning.value.replace(minute=31)
            assert app.reminders.next_at == minute  # it tries again on the minute
            root.now.value = minute
            await app.reminders.retry()  # the first still runs: nothing changes
            assert not app.reminders.running
            other.release()  # the first quits
            root.now.value += timedelta(minutes=1)
            await app.reminders.retry()
            await pilot.pause()
            assert app.reminders.running
            assert line(app) == "Next walk 10:32, in 1 h"
            assert not InstanceLock(root.reminders_lock_path).acquire()  # this one holds it
    finally:
        other.release()
    assert len([n for n in notes if "Another stretchtimer" in n]) == 1
    assert "The other stretchtimer quit: this one runs the reminders now." in notes
    assert other.acquire()  # freed when this one quit
    other.release()


async def test_an_alert_left_open_past_its_time_is_missed_and_its_answer_says_so(
    root, clock, morning
) -> None:
    app = create_app(root)
    notes: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        await later(pilot, root, clock, 60)
        assert isinstance(app.screen, ReminderAlert)
        await later(pilot, root, clock, 31)  # unanswered for 30 minutes: missed
        app.notify = lambda message, **kw: notes.append(message)  # type: ignore[method-assign]
        await pilot.press("z")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert any("passed" in note for note in notes)
    assert actions(root) == ["due", "missed"]


async def test_the_line_is_refitted_when_the_terminal_is_resized_and_redrawn_only_on_change(
    root, clock, wall
) -> None:
    wall.value = wall.value.replace(day=27, hour=18, minute=30)  # Friday evening
    app = create_app(root)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        assert line(app) == "Outside working hours: next walk Mon 10:00"
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        assert line(app) == "Off hours: next walk Mon 10:00"
        widget = app.screen.query_one("#reminder-line", Static)
        updates: list[object] = []
        original = widget.update
        widget.update = lambda *a, **k: (updates.append(a), original(*a, **k))  # type: ignore[method-assign]
        await later(pilot, root, clock, 1)  # the same words a minute on: nothing redrawn
        assert updates == []


async def test_the_alert_waits_while_this_hurts_is_asked_and_comes_after(
    root, clock, morning
) -> None:
    from stretchtimer.app.screens.hurt import HurtScreen

    app = create_app(root)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        pass_screening(root, morning)
        app.begin_session(ROUTINE)
        await past_the_check_in(pilot)
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HurtScreen)
        await later(pilot, root, clock, 60)
        assert isinstance(app.screen, HurtScreen)  # no alert over the question
        await pilot.press("enter", "s", "escape")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ReminderAlert)
