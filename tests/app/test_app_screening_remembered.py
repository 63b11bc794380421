"""Remembered answers in the app (issue 18): a day's short screening, the remembered list,
the review (a key and the palette), and a doctor's clearance that stands."""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.widgets import Static

from stretchtimer.adapters.screening_file import load_screening_text
from stretchtimer.app.app import create_app
from stretchtimer.app.commands import binding_commands
from stretchtimer.app.screens.home import HomeScreen
from stretchtimer.app.screens.run import RunScreen
from stretchtimer.app.screens.screening import QuestionRow, ScreeningScreen
from stretchtimer.core.screening import Outcome, Screening, Severity
from tests.app.test_app_run import past_the_check_in
from tests.app.test_app_screening import ROUTINE, open_screening, verdict

TEXT = load_screening_text()
IDS = [q.id for q in TEXT.questions]
PAST = [q.id for q in TEXT.questions if q.remembered]
DAILY = [q.id for q in TEXT.questions if not q.remembered]
SIZES = [(80, 24), (40, 12)]


def kept_yesterday(services, wall, yes=frozenset(), cleared=False) -> None:
    """A screening kept yesterday: every question answered, ``yes`` for those signs."""
    screening = Screening(TEXT)
    for qid in IDS:
        screening.answer(qid, qid in yes)
    taken = wall() - timedelta(days=1)
    if cleared:
        screening.confirm_doctor_clearance(taken.date())
    services.screening_store(4).save(screening.record(taken))


async def answer_each(pilot, screen: ScreeningScreen, yes=frozenset()) -> None:
    """Answer the open questions in order with y and n (a key may first bring one into view)."""
    for qid in [q.id for q in screen.screening.asked]:
        for _ in range(3):
            if screen.locked_emergency or screen.screening.answers[qid] is not None:
                break
            await pilot.press("y" if qid in yes else "n")
            await pilot.pause()
    await pilot.pause()


def rows(screen: ScreeningScreen) -> list[str]:
    return [row.question_id for row in screen.query(QuestionRow)]


def remembered_text(screen: ScreeningScreen) -> str:
    return str(screen.query_one("#remembered", Static).render())


@pytest.mark.parametrize("size", SIZES)
async def test_a_days_screening_asks_only_what_changes_and_lists_what_is_remembered(
    services, wall, size
) -> None:
    kept_yesterday(services, wall)
    app = create_app(services)
    async with app.run_test(size=size) as pilot:
        screen = await open_screening(pilot)
        assert rows(screen) == DAILY
        listed = remembered_text(screen)
        assert "Remembered from earlier screenings, not asked again (r: review them)" in listed
        since = (wall() - timedelta(days=1)).date().isoformat()
        for qid in PAST:
            text = next(q.text for q in TEXT.questions if q.id == qid)
            assert f"{text} No (since {since})" in " ".join(listed.split())
        await answer_each(pilot, screen)
        assert "No warning signs" in verdict(screen)
        await pilot.click("#start") if size == (80, 24) else await pilot.press("enter")
        await past_the_check_in(pilot)
        assert isinstance(app.screen, RunScreen)
    record = services.screening_store(4).latest()
    assert record.outcome is Outcome.CLEAR and set(record.answers) == set(IDS)


@pytest.mark.parametrize("size", SIZES)
async def test_r_reviews_every_question_and_a_changed_answer_is_remembered(
    services, wall, size
) -> None:
    kept_yesterday(services, wall)
    app = create_app(services)
    async with app.run_test(size=size) as pilot:
        screen = await open_screening(pilot)
        await pilot.press("r")
        await pilot.pause()
        assert rows(screen) == IDS
        assert "Reviewing every question" in remembered_text(screen)
        await answer_each(pilot, screen, yes={"cancer"})
        assert screen.screening.outcome() is Outcome.SEE_DOCTOR
        assert "A history of cancer" in verdict(screen)
        await pilot.press("escape")
        await pilot.pause()
    assert services.screening_store(4).latest().answers["cancer"] is True
    # a new sitting: not asked, listed as needing a doctor, and it still blocks
    app = create_app(services)
    async with app.run_test(size=size) as pilot:
        screen = await open_screening(pilot)
        assert "cancer" not in rows(screen)
        assert "Yes; see a doctor first" in remembered_text(screen)
        await answer_each(pilot, screen)
        assert screen.screening.outcome() is Outcome.SEE_DOCTOR
        assert not screen.screening.can_start


async def test_the_review_is_in_the_command_palette(services, wall) -> None:
    kept_yesterday(services, wall)
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        home = [c.title for c in app.get_system_commands(app.screen)]
        assert "Review remembered answers" in home
        screen = await open_screening(pilot)
        assert "Review remembered" in [c.title for c in binding_commands(screen)]
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"review remembered")
        for _ in range(20):  # the palette searches as it is typed
            await pilot.pause()
        await pilot.press("enter")
        for _ in range(5):
            await pilot.pause()
        assert app.screen is screen and rows(screen) == IDS


async def test_home_R_opens_the_review(services, wall) -> None:
    kept_yesterday(services, wall)
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("R")
        await pilot.pause()
        assert isinstance(app.screen, ScreeningScreen)
        assert rows(app.screen) == IDS


@pytest.mark.parametrize("size", SIZES)
async def test_a_remembered_sign_a_doctor_cleared_no_longer_blocks(services, wall, size) -> None:
    kept_yesterday(services, wall, yes={"cancer"}, cleared=True)
    app = create_app(services)
    async with app.run_test(size=size) as pilot:
        screen = await open_screening(pilot)
        cleared_on = (wall() - timedelta(days=1)).date().isoformat()
        assert f"Yes; a doctor cleared it on {cleared_on}" in remembered_text(screen)
        await answer_each(pilot, screen)
        assert "No new warning signs, and a doctor has cleared those on record" in verdict(screen)
        assert screen.screening.can_start


@pytest.mark.parametrize("size", SIZES)
async def test_a_cleared_sign_asked_each_day_says_so_and_a_worse_one_blocks_again(
    services, wall, size
) -> None:
    kept_yesterday(services, wall, yes={"numbness-weakness"}, cleared=True)
    app = create_app(services)
    async with app.run_test(size=size) as pilot:
        screen = await open_screening(pilot)
        row = screen.query_one("#q-numbness-weakness", QuestionRow)
        shown = " ".join(str(row.render()).split())
        assert "A doctor cleared this on" in shown and "changed or got worse" in shown
        await answer_each(pilot, screen, yes={"numbness-weakness"})
        assert screen.screening.outcome() is Outcome.SEE_DOCTOR
        assert services.screening_store(4).current_pass() is None


@pytest.mark.parametrize(
    "sign", [q for q in DAILY if TEXT.questions[IDS.index(q)].severity is Severity.EMERGENCY]
)
async def test_each_emergency_sign_on_a_days_short_screening(services, wall, sign) -> None:
    kept_yesterday(services, wall)
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_screening(pilot)
        await answer_each(pilot, screen, yes={sign})
        assert screen.locked_emergency and app.gate.emergency
        assert "Seek emergency care now" in verdict(screen)
        assert not screen.query_one("#start").display
    assert ROUTINE  # no run screen was pushed: the sitting's sessions are over


# --- the history (issue 17) -----------------------------------------------------------------


def pain_on(services, *days) -> None:
    """Pain check-ins of 5 on these days (before the wall clock's day)."""
    from stretchtimer.adapters.store_sqlite import open_store
    from stretchtimer.core.records import PainCheckIn

    store = open_store(services.history_db_path).store
    assert store is not None
    for day in days:
        store.record_pain(PainCheckIn(services.now() - timedelta(days=day), 5, "before"))
    store.close()


@pytest.mark.parametrize("size", SIZES)
async def test_pain_past_two_weeks_is_stated_beside_the_two_weeks_question(
    services, wall, size
) -> None:
    pain_on(services, 20, 10, 1)
    first = (wall() - timedelta(days=20)).date().isoformat()
    last = (wall() - timedelta(days=1)).date().isoformat()
    app = create_app(services)
    async with app.run_test(size=size) as pilot:
        screen = await open_screening(pilot)
        row = screen.query_one("#q-long-lasting-spasms", QuestionRow)
        for _ in range(50):  # read on the history's own thread
            await pilot.pause()
            if row.note:
                break
        expected = f"Your check-ins show pain on days from {first} to {last}."
        assert row.note == expected
        assert expected in " ".join(str(row.render()).split())


async def test_no_fact_beside_the_question_without_persisting_pain(services, wall) -> None:
    pain_on(services, 10, 1)  # nine days: not past two weeks
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_screening(pilot)
        services.history_thread().flush()
        for _ in range(5):
            await pilot.pause()
        assert screen.query_one("#q-long-lasting-spasms", QuestionRow).note == ""


async def test_every_screening_is_written_to_the_history(services, wall) -> None:
    import json

    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_screening(pilot)
        await answer_each(pilot, screen, yes={"injury"})
        await pilot.press("escape")  # see a doctor: kept, and no session
        await pilot.pause()
        app.begin_session(ROUTINE)
        await pilot.pause()
        sign = next(q for q in DAILY if TEXT.questions[IDS.index(q)].severity.value == "emergency")
        await answer_each(pilot, app.screen, yes={sign})
        await pilot.pause()
    services.history_thread().flush()
    results = services.history_thread().submit(lambda store: store.screenings()).result()
    assert [r.outcome for r in results] == ["see-a-doctor", "emergency"]
    assert json.loads(results[0].detail)["answers"]["injury"] is True
    assert json.loads(results[1].detail)["answers"][sign] is True


# A first session of the day: the screening's first frame, then the history's code loaded.
FIRST_FRAME = """
import asyncio, sys
from stretchtimer.app.app import create_app
from stretchtimer.app.screens.screening import QuestionRow
from stretchtimer.cli import find_routine
from stretchtimer.compose import build_root

HISTORY_CODE = (
    "sqlite3",
    "stretchtimer.adapters.store_sqlite",
    "stretchtimer.core.history",
    "stretchtimer.core.progress",  # the two-week rule: loaded on the store's thread
)
loaded = []  # at the first question's first drawing: was the history's code loaded?
render = QuestionRow.render

def drawn(self):
    if not loaded:
        loaded.append(any(name in sys.modules for name in HISTORY_CODE))
    return render(self)

QuestionRow.render = drawn

async def main():
    root = build_root()
    routine = find_routine("morning-back", root.catalog())
    app = create_app(root, routine=routine, rescreen=True)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(20):
            await pilot.pause()
        after = all(name in sys.modules for name in HISTORY_CODE)
        print(type(app.screen).__name__, loaded, after)

asyncio.run(main())
"""


def test_the_screenings_first_frame_comes_before_the_history_is_read(tmp_path) -> None:
    """The two-week rule's read (the history store, SQLite, the rule's own code) starts after
    the questions are drawn: the first frame of a day's first session does not wait for it
    (issue 14)."""
    import os
    import subprocess
    import sys

    env = {**os.environ} | {
        f"XDG_{name}_HOME": str(tmp_path / name.lower())
        for name in ("DATA", "STATE", "CONFIG", "CACHE")
    }
    script = [sys.executable, "-c", FIRST_FRAME]
    out = subprocess.run(script, env=env, capture_output=True, text=True, check=True).stdout
    assert out == "ScreeningScreen [False] True\n"  # read after the first frame, not never
