"""The reminders never wait for the disk or the history store on the event loop: the state
file is saved by a writer thread, the reminder log on the store's thread; the app takes keys
while either is stuck, and says a failure once."""

from __future__ import annotations

import errno
import threading
from collections.abc import Callable
from datetime import timedelta

import pytest

from stretchtimer.adapters.reminder_log import StateFile
from stretchtimer.adapters.store_sqlite import SqliteStore, StoreUnavailable, open_store
from stretchtimer.app.app import create_app
from stretchtimer.app.screens.home import HomeScreen
from stretchtimer.app.screens.reminder_alert import ReminderAlert
from stretchtimer.core.ports import ReminderEvent
from tests.app.test_app_reminders import actions, later, line, started

STUCK = 10.0  # seconds a stuck store waits at most (only reached when the loop waits for it)


pytestmark = pytest.mark.usefixtures("paris")  # the reminders' zone: +01:00 in November


async def until(pilot, condition: Callable[[], bool], what: str) -> None:
    """Let the app run until ``condition()`` holds (a write on another thread, the notice
    that follows it); it returns as soon as it does."""
    for _ in range(300):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError(f"never happened: {what}")


class RecordingState:
    """The real state file, noting the thread and the time of each save; full (each save
    fails as on a full disk) while ``full`` is set."""

    def __init__(self, real: StateFile) -> None:
        self.real = real
        self.threads: list[int] = []
        self.checked: list[object] = []
        self.full = True

    def load(self):
        return self.real.load()

    def save(self, states, checked) -> None:
        self.threads.append(threading.get_ident())
        self.checked.append(checked)
        if self.full:  # each time with another temporary file, as write_atomic's
            temporary = f".reminders-state.json.{len(self.threads)}.tmp"
            raise OSError(errno.ENOSPC, "No space left on device", temporary)
        self.real.save(states, checked)


def stuck_store(root) -> tuple[threading.Event, object]:
    """The history store's thread held up (another stretchtimer holds the database) until
    the event is set; the future says True when the test freed it, False at the timeout."""
    free = threading.Event()
    return free, root.history_thread().submit(lambda _store: free.wait(STUCK))


async def test_the_state_is_saved_off_the_event_loop_in_order_and_a_failure_said_once(
    root, clock, morning
) -> None:
    kit = root.reminders()
    state = kit.state = RecordingState(kit.state)
    root.reminders = lambda: kit
    loop = threading.get_ident()  # the test runs on the app's event loop
    notes: list[str] = []
    app = create_app(root)
    async with app.run_test(size=(80, 24)) as pilot:
        app.notify = lambda message, **kw: notes.append(message)  # type: ignore[method-assign]
        await started(pilot)
        for minutes in (1, 2, 3):
            await later(pilot, root, clock, 1)
            await until(pilot, lambda n=minutes: len(state.checked) > n, "the minute's save")
        await until(pilot, lambda: notes, "the notice")
        state.full = False  # room again
        await later(pilot, root, clock, 1)
        await until(pilot, lambda: state.real.load()[1] == root.now(), "a save")
    assert state.threads and loop not in state.threads
    assert notes == [
        "Routines still run, but the reminder state was not saved: "
        "[Errno 28] No space left on device: '.reminders-state.json.1.tmp'"
    ]
    assert state.checked == sorted(state.checked)
    states, last_seen = state.real.load()
    assert last_seen == root.now() and "walk" in states  # the last save, at quit


@pytest.mark.parametrize("size", [(80, 24), (40, 12)])
async def test_a_stuck_history_store_does_not_stop_the_app_and_its_failure_is_said_once(
    root, clock, morning, size, monkeypatch
) -> None:
    locked = f"the history file {root.history_db_path} is locked by another program"

    def record(_store: SqliteStore, _event: ReminderEvent) -> None:
        raise StoreUnavailable(locked)  # what the busy timeout ends in

    monkeypatch.setattr(SqliteStore, "record", record)
    notes: list[str] = []
    app = create_app(root)
    async with app.run_test(size=size) as pilot:
        app.notify = lambda message, **kw: notes.append(message)  # type: ignore[method-assign]
        await started(pilot)
        free, stuck = stuck_store(root)
        try:
            await later(pilot, root, clock, 60)
            assert isinstance(app.screen, ReminderAlert)
            await pilot.press("z")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            assert "1 snoozed" in line(app)
            assert not stuck.done()  # all of it while the store was stuck
        finally:
            free.set()
        assert stuck.result(STUCK) is True  # freed by the test, not by its timeout
        await until(pilot, lambda: notes, "the notice")
        root.history_thread().flush()
        await pilot.pause()
    assert notes == [f"Routines still run, but a reminder event was not saved: {locked}"]


async def test_the_reminders_start_while_the_store_is_stuck_and_today_joins_when_it_answers(
    root, clock, morning
) -> None:
    earlier = open_store(root.history_db_path).store
    assert earlier is not None
    earlier.record(ReminderEvent(morning.value - timedelta(hours=1), "walk", "snoozed", "10 min"))
    earlier.close()
    free, stuck = stuck_store(root)
    app = create_app(root)
    async with app.run_test(size=(80, 24)) as pilot:
        try:
            await started(pilot)
            assert line(app) == "Next walk 10:30, in 1 h"  # today's log not read yet
            await later(pilot, root, clock, 60)
            assert isinstance(app.screen, ReminderAlert)
            await pilot.press("k")
            await pilot.pause()
            assert line(app) == "Next walk 11:30, in 1 h · today 1 skipped"
            assert not stuck.done()
        finally:
            free.set()
        assert stuck.result(STUCK) is True
        await until(pilot, lambda: "snoozed" in line(app), "today's earlier events")
        assert line(app) == "Next walk 11:30, in 1 h · today 1 snoozed, 1 skipped"
    assert actions(root) == ["snoozed", "due", "skipped"]  # in the order they happened
