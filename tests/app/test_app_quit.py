"""Ending the app during a session: ctrl+q and the palette's Quit ask first; signals record it."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator

import pytest

from stretchtimer.app.app import create_app
from stretchtimer.app.screens.confirm import ConfirmScreen
from stretchtimer.app.screens.home import HomeScreen
from stretchtimer.app.screens.run import RunScreen
from stretchtimer.app.screens.summary import SummaryScreen
from stretchtimer.core.engine import EngineState
from tests.app.test_app_run import ROUTINE, advance, start
from tests.support.history import recorded_by

SIZES = [(80, 24), (40, 12)]
ROUTINE_FIRST_EXERCISE = ROUTINE.steps[0].exercise.name


def history(services) -> list[dict]:
    return recorded_by(services)


async def quit_from_palette(pilot) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*"quit")
    await pilot.pause(0.3)  # the palette searches in a worker
    await pilot.press("enter")
    await pilot.pause()


async def quit_by_key(pilot) -> None:
    await pilot.press("ctrl+q")
    await pilot.pause()


QUITS = {"ctrl+q": quit_by_key, "palette": quit_from_palette}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("how", QUITS)
async def test_quitting_during_a_session_asks_first(services, clock, wall, size, how) -> None:
    quit_app = QUITS[how]
    app = create_app(services)
    async with app.run_test(size=size) as pilot:
        screen = await start(pilot, services, wall)
        await advance(pilot, clock, 4)
        await quit_app(pilot)
        assert isinstance(app.screen, ConfirmScreen), app.screen
        assert "quit" in app.screen.question
        assert screen.engine.state is EngineState.PAUSED  # while it asks, as Stop does
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is screen and app.is_running
        assert screen.engine.state is EngineState.RUNNING
        assert [e["ended"] for e in history(services)] == [None]  # written as it goes
        await advance(pilot, clock, 12)  # into the first hold's second rep
        await quit_app(pilot)
        await pilot.press("y")
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == 0
    (entry,) = history(services)
    assert (entry["ended"], entry["how"], entry["completed"]) == ("interrupted", "quit", False)
    assert (entry["holds_done"], entry["holds_total"]) == (1, 3)
    assert entry["active_seconds"] == 16.0


async def test_quitting_while_stop_asks_records_the_session(services, clock, wall) -> None:
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, services, wall)
        await pilot.press("q")
        assert isinstance(app.screen, ConfirmScreen)
        await quit_by_key(pilot)
        await pilot.press("y")
        await pilot.pause()
        assert not app.is_running
    assert [(e["ended"], e["how"]) for e in history(services)] == [("interrupted", "quit")]


async def test_quitting_after_a_session_or_before_one_does_not_ask(services, clock, wall) -> None:
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, services, wall)
        await pilot.press("q", "y")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        await app.workers.wait_for_complete()
        await quit_by_key(pilot)
        assert not app.is_running
    assert [(e["ended"], e.get("how")) for e in history(services)] == [("stopped", None)]
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, HomeScreen)
        await quit_from_palette(pilot)
        assert not app.is_running
    assert len(history(services)) == 1


async def test_hurt_and_completed_say_so(services, clock, wall) -> None:
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, services, wall)
        await advance(pilot, clock, 100)  # the whole routine
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("enter")
        await start(pilot, services, wall)
        await pilot.press("h")  # then the app ends with the question open: still recorded
        await app.workers.wait_for_complete()
    assert [e["ended"] for e in history(services)] == ["completed", "hurt"]
    store = services.open_history().store
    [pain] = store.pain()
    assert (pain.moment, pain.score, pain.exercise) == ("hurts", None, ROUTINE_FIRST_EXERCISE)
    assert pain.session_id == store.sessions()[-1].id
    assert history(services)[-1]["how"] == ROUTINE_FIRST_EXERCISE


@pytest.mark.parametrize("size", SIZES)
async def test_a_newer_history_still_runs_and_says_so_once(services, clock, wall, size) -> None:
    import sqlite3

    from stretchtimer.adapters.store_sqlite import SCHEMA_VERSION

    services.open_history().store.close()
    db = sqlite3.connect(services.history_db_path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    before = services.history_db_path.read_bytes()
    app = create_app(services)
    said: list[str] = []
    notify = app.notify
    app.notify = lambda message, **kw: (said.append(str(message)), notify(message, **kw))[1]  # type: ignore[method-assign]
    async with app.run_test(size=size) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len([m for m in said if "history is not being saved" in m]) == 1
        assert "newer stretchtimer" in said[-1]
        await start(pilot, services, wall)
        await advance(pilot, clock, 100)
        assert isinstance(app.screen, SummaryScreen)  # the routine ran all the same
    services.history_thread().flush()
    assert services.history_db_path.read_bytes() == before


@pytest.fixture
def signals_raise() -> Iterator[None]:
    """A signal the app does not take fails the test instead of ending pytest."""

    def unexpected(signum, frame):
        raise AssertionError(f"{signal.Signals(signum).name} reached the default handler")

    before = {
        s: signal.signal(s, unexpected) for s in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)
    }
    yield
    for s, handler in before.items():
        signal.signal(s, handler)


@pytest.mark.parametrize(
    ("signum", "status"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129), (signal.SIGINT, 130)]
)
async def test_a_signal_records_the_session_as_interrupted(
    services, clock, wall, signals_raise, signum, status
) -> None:
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot, services, wall)
        await advance(pilot, clock, 4)
        screen.action_pause()  # paused is still a session going on
        os.kill(os.getpid(), signum)
        await pilot.pause(0.1)
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == status
    assert isinstance(screen, RunScreen) and screen.engine.state is EngineState.STOPPED
    (entry,) = history(services)
    name = signal.Signals(signum).name
    assert (entry["ended"], entry["how"], entry["holds_done"]) == ("interrupted", name, 0)
    assert entry["routine_name"] == ROUTINE.name


async def test_a_signal_outside_a_session_just_ends_the_app(services, signals_raise) -> None:
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        os.kill(os.getpid(), signal.SIGTERM)
        await pilot.pause(0.1)
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == 143
    assert history(services) == []


async def test_a_session_the_app_ends_some_other_way_is_still_recorded(
    services, clock, wall
) -> None:
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, services, wall)
        await advance(pilot, clock, 4)
        app.exit()  # not through quit or a signal: as when something fails
        await pilot.pause()
    (entry,) = history(services)
    assert (entry["ended"], entry["how"]) == ("interrupted", "exit")
