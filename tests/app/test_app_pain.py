"""Pain check-ins in the app (before a session, on its summary) and the question after
"this hurts" with its stop rules, at 80x24 and 40x12."""

from __future__ import annotations

import pytest
from textual import events
from textual.widgets import Static

from stretchtimer.app.app import create_app
from stretchtimer.app.screens.home import HomeScreen
from stretchtimer.app.screens.hurt import HurtScreen
from stretchtimer.app.screens.pain import PainPrompt
from stretchtimer.app.screens.run import RunScreen
from stretchtimer.app.screens.screening import ScreeningScreen
from stretchtimer.app.screens.summary import SummaryScreen
from stretchtimer.core.gate import Admission
from tests.app.test_app_run import ROUTINE, advance, built, pass_screening, shown, start
from tests.support.history import recorded_by

SIZES = [(80, 24), (40, 12)]
FIRST = ROUTINE.steps[0].exercise.name


def check_ins(services) -> list[tuple]:
    """Every pain check-in the app wrote, once its writes are done."""
    services.history_thread().flush()
    store = services.open_history().store
    assert store is not None
    sessions = [s.id for s in store.sessions()]
    return [
        (c.moment, c.score, sessions.index(c.session_id) if c.session_id else None, c.kind)
        for c in store.pain()
    ]


def words(screen) -> str:
    """The text of every widget shown on ``screen``."""
    return " ".join(str(w.render()) for w in screen.query(Static) if w.display and w.parent.display)


async def prompt(pilot, services, wall) -> PainPrompt:
    pass_screening(services, wall)
    pilot.app.begin_session(ROUTINE)
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, PainPrompt)
    return screen


# -- before a session ---------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
async def test_the_check_in_names_the_routine_that_starts_next(services, wall, size) -> None:
    """``run ROUTINE`` shows nothing behind the check-in: it says what it is before."""
    pass_screening(services, wall)
    app = create_app(services, routine=ROUTINE)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PainPrompt)
        assert f"Next: {ROUTINE.name}" in words(app.screen)
        assert app.screen.query_one("#pain-next").region.area > 0


@pytest.mark.parametrize("size", SIZES)
async def test_a_digit_answers_the_check_in_and_the_session_starts(services, wall, size) -> None:
    app = create_app(services)
    async with app.run_test(size=size) as pilot:
        screen = await prompt(pilot, services, wall)
        assert "Pain now, 0-10 (Enter to skip)" in words(screen)
        assert "10 worst imaginable" in words(screen)
        await pilot.press("x")  # a wrong key: nothing happens, the question stays
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("4")
        await pilot.pause()
        assert isinstance(app.screen, RunScreen) and app.screen.before == 4
        await pilot.press("q", "y")
        await pilot.pause()
    assert check_ins(services) == [("before", 4, 0, None)]


@pytest.mark.parametrize("key", ["enter", "escape"])
@pytest.mark.parametrize("size", SIZES)
async def test_enter_or_escape_skips_the_check_in(services, wall, size, key) -> None:
    app = create_app(services)
    async with app.run_test(size=size) as pilot:
        await prompt(pilot, services, wall)
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, RunScreen) and app.screen.before is None
        assert app.screen.engine.state.value == "running"
    assert check_ins(services) == []


async def test_ten_is_a_one_then_a_zero_and_one_is_a_one_then_enter(services, wall) -> None:
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        await prompt(pilot, services, wall)
        await pilot.press("1")
        await pilot.pause()
        assert isinstance(app.screen, PainPrompt)  # 1 or 10: it waits
        await pilot.press("0")
        await pilot.pause()
        assert isinstance(app.screen, RunScreen) and app.screen.before == 10
        await pilot.press("q", "y", "escape")
        await pilot.pause()
        await prompt(pilot, services, wall)
        await pilot.press("1", "enter")
        await pilot.pause()
        assert isinstance(app.screen, RunScreen) and app.screen.before == 1


async def test_check_ins_turned_off_start_the_session_at_once(services, wall) -> None:
    services.settings_path.parent.mkdir(parents=True)
    services.settings_path.write_text("pain_check_ins: false\n")
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        pass_screening(services, wall)
        app.begin_session(ROUTINE)
        await pilot.pause()
        assert isinstance(app.screen, RunScreen)
        await pilot.press("q", "y")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert "Pain now" not in words(app.screen)


# -- after a session ----------------------------------------------------------------------------


async def to_summary(pilot, services, wall, clock, *before: str) -> SummaryScreen:
    await start(pilot, services, wall, ROUTINE, *before)
    await advance(pilot, clock, 100)  # the whole routine
    screen = pilot.app.screen
    assert isinstance(screen, SummaryScreen)
    return screen


@pytest.mark.parametrize("size", SIZES)
async def test_a_much_worse_score_after_shows_the_advice_and_offers_gentler_routines(
    services, wall, clock, size
) -> None:
    app = create_app(services)
    async with app.run_test(size=size) as pilot:
        summary = await to_summary(pilot, services, wall, clock, "2")
        assert "Pain now, 0-10 (Enter to skip)" in words(summary)
        assert "Avoid any movements" not in words(summary)
        await pilot.press("5")  # 3 above the 2 before
        await pilot.pause()
        assert app.screen is summary
        shown = words(summary)
        assert "Your pain is worse after this session" in shown
        assert "Avoid any movements that cause pain" in shown
        assert "Ice for the first 24 to 48 hours, then heat" in shown
        assert "See a doctor" in shown
        assert "spasm relief routine, or ice then heat" in shown
        assert summary.check_action("gentler", (0,)) is True
        await pilot.press("s")  # the spasm relief routine, through the gate (a pass holds)
        await pilot.pause()
        assert isinstance(app.screen, PainPrompt)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RunScreen)
        assert app.screen.timeline.routine.id == "spasm-relief"
    assert check_ins(services)[:2] == [("before", 2, 0, None), ("after", 5, 0, None)]


async def test_ice_heat_is_offered_too_and_goes_through_the_screening(
    services, wall, clock
) -> None:
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_summary(pilot, services, wall, clock)
        await pilot.press("8")  # 8 or more: the advice even with no score before
        await pilot.pause()
        assert "Your pain is worse after this session" in words(app.screen)
        services.screening_store(4).forget()  # no pass now: the questions first
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, ScreeningScreen)


@pytest.mark.parametrize("size", SIZES)
async def test_a_score_not_much_worse_is_noted_without_advice(services, wall, clock, size):
    app = create_app(services)
    async with app.run_test(size=size) as pilot:
        summary = await to_summary(pilot, services, wall, clock, "3")
        await pilot.press("5")
        await pilot.pause()
        assert "Pain now: 5 (moderate pain)" in words(summary)
        assert "Your pain is worse" not in words(summary)
        assert summary.check_action("gentler", (0,)) is False
        await pilot.press("s")  # not offered: nothing happens
        await pilot.pause()
        assert app.screen is summary
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert check_ins(services) == [("before", 3, 0, None), ("after", 5, 0, None)]


@pytest.mark.parametrize("key", ["enter", "escape"])
async def test_enter_or_escape_on_the_summary_skips_and_goes_back(services, wall, clock, key):
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        summary = await to_summary(pilot, services, wall, clock)
        assert "10 worst imaginable" in shown(summary, "#summary-pain")  # drawn whole
        await pilot.press("z")  # a wrong key: nothing
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert check_ins(services) == []


# -- "this hurts" -------------------------------------------------------------------------------


async def hurt(pilot, services, wall, clock, *before: str) -> HurtScreen:
    await start(pilot, services, wall, ROUTINE, *before)
    await advance(pilot, clock, 4)
    await pilot.press("h")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, HurtScreen)
    return screen


@pytest.mark.parametrize("size", SIZES)
async def test_this_hurts_asks_what_it_is_with_the_emergency_signs_listed(
    services, wall, clock, size
) -> None:
    app = create_app(services)
    async with app.run_test(size=size) as pilot:
        screen = await hurt(pilot, services, wall, clock)
        shown = words(screen)
        assert "What is it?" in shown and "Pain now, 0-10 (Enter to skip)" in shown
        assert "Pain at the stretch" in shown and "ONE leg" in shown
        for question in app.gate.text.questions:
            if question.severity.value == "emergency":
                assert question.text in shown
        assert "Avoid any movements" not in shown  # the advice comes with the answer


@pytest.mark.parametrize("size", SIZES)
async def test_pain_at_the_stretch_shows_the_guide_s_advice(services, wall, clock, size):
    app = create_app(services)
    async with app.run_test(size=size) as pilot:
        screen = await hurt(pilot, services, wall, clock, "3")
        await pilot.press("5", "s")  # 2 above the start: not the worse-than-start words
        await pilot.pause()
        shown = words(screen)
        assert "Avoid any movements that cause pain" in shown
        assert "well above where it was" not in shown
        assert app.gate.admit() is Admission.START  # the pass holds
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert check_ins(services) == [("before", 3, 0, None), ("hurts", 5, 0, "stretch")]


async def test_a_hurt_score_well_above_the_start_says_so(services, wall, clock) -> None:
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await hurt(pilot, services, wall, clock, "2")
        await pilot.press("6", "s")
        await pilot.pause()
        assert "well above where it was when you started" in words(screen)


@pytest.mark.parametrize("size", SIZES)
async def test_one_leg_marks_the_screening_so_the_next_session_asks(services, wall, clock, size):
    app = create_app(services)
    async with app.run_test(size=size) as pilot:
        screen = await hurt(pilot, services, wall, clock)
        await pilot.press("enter", "l")  # no score
        await pilot.pause()
        assert "asked again before your next session" in words(screen)
        assert services.screening_store(4).current_pass() is None
        await pilot.press("escape")
        await pilot.pause()
        app.begin_session(ROUTINE)
        await pilot.pause()
        assert isinstance(app.screen, ScreeningScreen)
        assert not app.screen.locked_emergency
    assert check_ins(services) == [("hurts", None, 0, "one-leg")]


@pytest.mark.parametrize("size", SIZES)
async def test_an_emergency_sign_shows_the_emergency_advice_and_blocks_sessions(
    services, wall, clock, size
) -> None:
    app = create_app(services)
    async with app.run_test(size=size) as pilot:
        await hurt(pilot, services, wall, clock)
        await pilot.press("7", "e")
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ScreeningScreen) and screen.locked_emergency
        verdict = str(screen.query_one("#verdict", Static).render())
        assert "Seek emergency care now" in verdict
        assert "emergency number" in verdict  # how to call
        await pilot.press("escape")
        await pilot.pause()
        app.begin_session(ROUTINE)  # the same sitting: only the emergency advice
        await pilot.pause()
        assert isinstance(app.screen, ScreeningScreen) and app.screen.locked_emergency
    assert check_ins(services) == [("hurts", 7, 0, "emergency")]
    later = create_app(services)  # a restart: the questions, no session at once
    async with later.run_test(size=size) as pilot:
        assert later.gate.admit() is Admission.ASK
        later.begin_session(ROUTINE)
        await pilot.pause()
        assert isinstance(later.screen, ScreeningScreen)


async def test_leaving_the_question_unanswered_shows_the_advice(services, wall, clock) -> None:
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await hurt(pilot, services, wall, clock)
        await pilot.press("w", "q", "enter", "enter")  # stray keys: still asked
        await pilot.pause()
        assert not screen.answered and app.screen is screen
        await pilot.press("escape")  # the score was skipped (enter): this leaves the question
        await pilot.pause()
        assert screen.answered and "Avoid any movements" in words(screen)
        assert app.gate.admit() is Admission.START
    assert check_ins(services) == [("hurts", None, 0, None)]


@pytest.mark.parametrize("keys", [("3", "enter"), ("escape", "enter")])
async def test_a_key_typed_after_the_check_in_never_starts_a_second_session(
    services, wall, keys
) -> None:
    """A digit answers the check-in at once; an Enter typed after it out of habit, both in one
    read of the terminal, came while home was on top again for a moment (between the check-in
    closing and the run screen opening): it started home's routine a second time, the first
    session running on, hidden, under the second."""
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await prompt(pilot, services, wall)
        for key in keys:  # posted together, as the terminal delivers keys read at once
            app.post_message(events.Key(key, "\r" if key == "enter" else key))
        for _ in range(5):
            await pilot.pause()
        assert (built(app, RunScreen), built(app, PainPrompt)) == (1, 0)
        assert isinstance(app.screen, RunScreen)


@pytest.mark.parametrize("size", SIZES)
async def test_q_leaves_the_check_in_without_a_session(services, wall, size) -> None:
    """Enter and Esc skip the check-in and the session starts; q is the way back without it
    (on the check-in by mistake: an Enter too many after a summary)."""
    app = create_app(services)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = await prompt(pilot, services, wall)
        assert "(q: not now)" in words(screen)
        await pilot.press("1", "q")  # a 1 waits for a 0: q still leaves
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert (built(app, RunScreen), built(app, PainPrompt)) == (0, 0)
        assert not app.state.session_on_its_way
        app.begin_session(ROUTINE)  # and a session may begin again
        await pilot.pause()
        assert isinstance(app.screen, PainPrompt)
    assert check_ins(services) == []
    assert recorded_by(services) == []
