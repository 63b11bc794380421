"""The red-flag gate in the app: every path, driven with Pilot."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from textual.widgets import Button, Static

from stretchtimer.adapters.screening_file import load_screening_text
from stretchtimer.app.app import create_app
from stretchtimer.app.screens.home import HomeScreen
from stretchtimer.app.screens.run import RunScreen
from stretchtimer.app.screens.screening import QuestionRow, ScreeningScreen
from stretchtimer.core.screening import Outcome, Screening, Severity
from tests.app.test_app_run import past_the_check_in
from tests.support.factories import make_routine, make_step

TEXT = load_screening_text()
QUESTION_IDS = [q.id for q in TEXT.questions]
EMERGENCY = [q.id for q in TEXT.questions if q.severity is Severity.EMERGENCY]
SEE_DOCTOR = [q.id for q in TEXT.questions if q.severity is Severity.SEE_DOCTOR]
ROUTINE = make_routine(make_step(prepare=5, hold=20, reps=1))


async def open_screening(pilot) -> ScreeningScreen:
    pilot.app.begin_session(ROUTINE)
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ScreeningScreen)
    return screen


async def answer(pilot, yes: set[str] = frozenset()) -> None:
    """Answer the questions in order with the y and n keys, as a person would."""
    for question_id in QUESTION_IDS:
        if isinstance(pilot.app.screen, ScreeningScreen) and pilot.app.screen.locked_emergency:
            return
        await pilot.press("y" if question_id in yes else "n")
    await pilot.pause()


def verdict(screen: ScreeningScreen) -> str:
    return str(screen.query_one("#verdict", Static).render())


async def test_nothing_is_pre_answered_and_start_waits_for_every_answer(services) -> None:
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_screening(pilot)
        assert all(row.answer is None for row in screen.query(QuestionRow))
        start = screen.query_one("#start", Button)
        assert not start.display  # shown only when it can be pressed
        for _ in QUESTION_IDS[:-1]:
            await pilot.press("n")
        assert not start.display
        assert "1 question left" in verdict(screen)
        await pilot.press("n")
        assert start.display and not start.disabled


async def test_all_no_starts_the_session_and_records_a_clear_result(services) -> None:
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_screening(pilot)
        await answer(pilot)
        assert "No warning signs" in verdict(screen)
        await pilot.click("#start")
        await past_the_check_in(pilot)
        assert isinstance(app.screen, RunScreen)
    record = services.screening_store(4).latest()
    assert record.outcome is Outcome.CLEAR
    assert set(record.answers) == set(QUESTION_IDS)
    assert not any(record.answers.values())


@pytest.mark.parametrize("sign", EMERGENCY)
async def test_an_emergency_sign_stops_everything_for_the_sitting(services, sign) -> None:
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_screening(pilot)
        await answer(pilot, yes={sign})
        text = verdict(screen)
        assert "emergency" in text.lower()
        assert "cauda equina" in text
        assert not screen.query_one("#start", Button).display
        assert not screen.query_one("#cleared", Button).display
        # Answers are locked: "n" does not take the "yes" back.
        await pilot.press("n")
        assert screen.screening.has_emergency
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        # No way around it in this sitting: trying again shows the emergency straight away.
        app.begin_session(ROUTINE)
        await pilot.pause()
        again = app.screen
        assert isinstance(again, ScreeningScreen) and again.locked_emergency
        assert "cauda equina" in verdict(again)
        assert not again.query_one("#start", Button).display
    assert services.screening_store(4).current_pass() is None


@pytest.mark.parametrize("sign", SEE_DOCTOR)
async def test_a_see_a_doctor_sign_refuses_without_clearance(services, sign) -> None:
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_screening(pilot)
        await answer(pilot, yes={sign})
        advice = next(q.advice for q in TEXT.questions if q.id == sign)
        assert advice[:40] in verdict(screen)
        assert not screen.query_one("#start", Button).display  # no dead button
        assert screen.query_one("#cleared", Button).display
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, RunScreen)
    record = services.screening_store(4).latest()
    assert record.outcome is Outcome.SEE_DOCTOR
    assert record.answers[sign] is True
    assert services.screening_store(4).current_pass() is None


@pytest.mark.parametrize("sign", SEE_DOCTOR)
async def test_a_see_a_doctor_sign_with_clearance_starts_and_records_the_date(
    services, wall, sign
) -> None:
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_screening(pilot)
        await answer(pilot, yes={sign})
        assert screen.focused is screen.query_one("#back", Button)  # not the clearance
        await pilot.press("shift+tab")
        assert screen.focused is screen.query_one("#cleared", Button)
        await pilot.press("enter")
        assert "cleared you to exercise" in verdict(screen)
        assert screen.query_one("#start", Button).display
        assert screen.focused is screen.query_one("#start", Button)
        await pilot.press("enter")
        await past_the_check_in(pilot)
        assert isinstance(app.screen, RunScreen)
    record = services.screening_store(4).latest()
    assert record.outcome is Outcome.CLEARED_BY_DOCTOR
    assert record.doctor_cleared_on == wall().date()


async def test_a_pass_is_remembered_until_four_in_the_morning(services, wall) -> None:
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screening(pilot)
        await answer(pilot)
        await pilot.click("#start")
        await past_the_check_in(pilot)
        assert isinstance(app.screen, RunScreen)
        await pilot.press("q", "y")
        await pilot.press("escape")
        await pilot.pause()
        # Later the same day: no questions.
        wall.value += timedelta(hours=10)
        app.begin_session(ROUTINE)
        await past_the_check_in(pilot)
        assert isinstance(app.screen, RunScreen)
        await pilot.press("q", "y")
        await pilot.press("escape")
        await pilot.pause()
        # 04:00 the next morning: asked again.
        wall.value = wall.value.replace(hour=4, minute=0) + timedelta(days=1)
        app.begin_session(ROUTINE)
        await pilot.pause()
        assert isinstance(app.screen, ScreeningScreen)


async def test_rescreen_key_on_home_asks_again(services) -> None:
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screening(pilot)
        await answer(pilot)
        await pilot.click("#start")
        await past_the_check_in(pilot)
        await pilot.press("q", "y", "escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ScreeningScreen)
        await pilot.press("escape")
        await pilot.pause()
        app.begin_session(ROUTINE)
        await pilot.pause()
        assert isinstance(app.screen, ScreeningScreen)


@pytest.mark.parametrize(
    "content",
    [b"", b"{not json", b"\x00\xff\xfe garbage", b'{"version": 1, "records": "nope"}', b"[]"],
)
async def test_a_corrupt_stored_result_means_not_screened(services, content) -> None:
    services.screening_path.parent.mkdir(parents=True, exist_ok=True)
    services.screening_path.write_bytes(content)
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screening(pilot)


async def test_the_screen_says_it_is_not_medical_advice(services) -> None:
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_screening(pilot)
        texts = " ".join(str(w.render()) for w in screen.query(Static))
        assert "not medical advice" in texts
        assert "err on the side of caution and see a doctor" in texts


async def test_the_disclaimer_is_in_sight_and_the_first_question_focused(services) -> None:
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_screening(pilot)
        await pilot.pause()
        disclaimer = screen.query_one(".disclaimer", Static)
        assert screen.query_one("#screening").scroll_y == 0
        assert disclaimer.region.height > 0 and disclaimer.region.y < 24
        assert "not medical advice" in str(disclaimer.render())
        assert screen.focused is screen.query(QuestionRow).first()


async def test_fast_typing_answers_one_question_per_key(services) -> None:
    """Keys typed faster than focus moves (a real terminal delivers "nnn" at once).

    On a screen where every question is in sight: on a shorter one a key first brings an
    unseen question into view (test_the_question_a_key_answers_is_in_sight).
    """
    from textual import events

    app = create_app(services)
    async with app.run_test(size=(80, 70)) as pilot:
        screen = await open_screening(pilot)
        for _ in QUESTION_IDS:
            app.post_message(events.Key("n", "n"))
        await pilot.pause()
        await pilot.pause()
        assert screen.screening.all_answered
        assert "No warning signs" in verdict(screen)


async def test_rescreen_flag_asks_even_with_a_remembered_pass(services) -> None:
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screening(pilot)
        await answer(pilot)
        await pilot.click("#start")
    again = create_app(services, rescreen=True)
    async with again.run_test(size=(80, 24)) as pilot:
        await open_screening(pilot)


async def test_arrows_and_space_change_an_answer(services) -> None:
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_screening(pilot)
        await answer(pilot)  # all no
        first = screen.query_one(f"#q-{SEE_DOCTOR[0]}", QuestionRow)
        first.focus()
        await pilot.press("right", "space")
        assert first.answer is True and screen.screening.answers[SEE_DOCTOR[0]] is True
        assert "see a doctor" in verdict(screen)
        assert "answered: Yes" in str(first.render())
        await pilot.press("left", "enter")
        assert first.answer is False
        assert "No warning signs" in verdict(screen)


async def test_up_and_down_move_between_questions(services) -> None:
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_screening(pilot)
        rows = list(screen.query(QuestionRow))
        assert screen.focused is rows[0]
        await pilot.press("down", "down")
        assert screen.focused is rows[2]
        await pilot.press("up")
        assert screen.focused is rows[1]


async def test_clicking_yes_or_no_answers_that_question(services) -> None:
    app = create_app(services)
    async with app.run_test(size=(80, 40)) as pilot:
        screen = await open_screening(pilot)
        row = screen.query_one(f"#q-{QUESTION_IDS[1]}", QuestionRow)
        choices = row.size.height - 1  # the last line: "( ) No   ( ) Yes    not answered"
        await pilot.click(row, offset=(11, choices))  # on "Yes"
        await pilot.pause()
        assert row.answer is True and screen.screening.answers[QUESTION_IDS[1]] is True
        await pilot.click(row, offset=(2, choices))  # on "No"
        await pilot.pause()
        assert row.answer is False
        await pilot.click(row, offset=(30, choices))  # on the words: no change
        await pilot.pause()
        assert row.answer is False


async def until_the_end_is_mounted(pilot, screen: ScreeningScreen) -> None:
    """Let the app run until the verdict and buttons are mounted (after the first refresh:
    one pause is not always enough on a loaded machine)."""
    for _ in range(50):
        await pilot.pause()
        if screen.query("#verdict") and screen._end_ready:  # and its Ready handled
            return
    raise AssertionError("the verdict was never mounted")


async def test_answers_typed_before_the_buttons_are_there_still_count(services) -> None:
    """The verdict and buttons are mounted after the questions are first drawn."""
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = ScreeningScreen(app.gate.screening())
        await app.push_screen(screen)
        assert not screen.query("#verdict")  # not mounted yet
        for row in screen.query(QuestionRow):
            screen.record_answer(row, False)
        await until_the_end_is_mounted(pilot, screen)
        assert "No warning signs" in verdict(screen)
        assert screen.query_one("#start", Button).display
        assert screen.focused is screen.query_one("#start", Button)


async def test_an_emergency_typed_before_the_buttons_are_there_locks_at_once(
    services, monkeypatch
) -> None:
    from stretchtimer.adapters.screening_file import ScreeningFile

    writes: list[str] = []
    monkeypatch.setattr(ScreeningFile, "save", lambda store, record: writes.append("save"))
    monkeypatch.setattr(ScreeningFile, "forget", lambda store: writes.append("forget"))
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = ScreeningScreen(app.gate.screening())
        await app.push_screen(screen)
        assert not screen.query("#verdict")
        for row in screen.query(QuestionRow):
            screen.record_answer(row, row.question_id in EMERGENCY)
        assert screen.locked_emergency and app.gate.emergency
        await until_the_end_is_mounted(pilot, screen)
        assert "Seek emergency care now" in verdict(screen)
        assert not screen.query_one("#start", Button).display
        assert len(writes) == 1  # recorded once, when answered; not again when drawn


async def test_quitting_before_the_buttons_are_there_is_no_crash(services) -> None:
    """The verdict and buttons come after the first frame; quit by then, nothing is mounted."""
    app = create_app(services)
    async with app.run_test(size=(80, 24)):
        screen = ScreeningScreen(app.gate.screening())
        await app.push_screen(screen)
        assert not screen.query("#verdict")
        app.exit()  # as a ctrl+q at once would; a crash here would fail run_test
    assert app.return_code == 0


# --- issue 13: the gate in the app ------------------------------------------------------------


def pass_on_record(services) -> None:
    """Today's pass, as a clear screening this morning leaves it."""
    screening = Screening(TEXT)
    for question_id in QUESTION_IDS:
        screening.answer(question_id, False)
    services.screening_store(4).save(screening.record(services.now()))


def screen_text(app) -> str:
    """What the terminal shows, as text (from the app's own screenshot)."""
    svg = app.export_screenshot()
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


@pytest.mark.parametrize("size", [(80, 24), (40, 12)])
async def test_the_question_a_key_answers_is_in_sight(services, size) -> None:
    app = create_app(services)
    async with app.run_test(size=size) as pilot:
        screen = await open_screening(pilot)
        await pilot.pause()
        for number, question in enumerate(TEXT.questions, start=1):
            for _ in range(3):  # a key may first bring the question into view
                shown = screen_text(app)
                row = screen.query_one(f"#q-{question.id}", QuestionRow)
                in_sight = screen.can_view_entire(row)
                await pilot.press("n")
                await pilot.pause()
                if screen.screening.answers[question.id] is not None:
                    break
            assert screen.screening.answers[question.id] is False
            assert in_sight, f"question {number} was answered out of sight"
            words = " ".join(question.text.split()[:2])
            assert f"{number}. {words}" in shown, shown


async def test_the_focused_question_is_marked_without_colour_in_the_light_theme(services) -> None:
    services.settings_path.parent.mkdir(parents=True)
    services.settings_path.write_text("theme: textual-light\n")
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_screening(pilot)
        await pilot.press("n")
        await pilot.pause()
        rows = list(screen.query(QuestionRow))
        assert screen.focused is rows[1]

        def left_edge(row: QuestionRow) -> set[str]:
            return {strip.text[:1] for strip in row.render_lines(row.size.region)}

        assert left_edge(rows[1]) == {"▌"}
        assert "▌" not in left_edge(rows[0]) | left_edge(rows[2])
        assert "▌" in screen_text(app)


async def test_a_yes_then_escape_leaves_the_pass_revoked(services) -> None:
    pass_on_record(services)
    app = create_app(services, routine=ROUTINE, rescreen=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ScreeningScreen)
        await pilot.press("y", "escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert services.screening_store(4).current_pass() is None


async def test_a_yes_then_quitting_leaves_the_pass_revoked(services) -> None:
    pass_on_record(services)
    app = create_app(services, routine=ROUTINE, rescreen=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("n", "y")
        await pilot.pause()
        app.exit()
    assert services.screening_store(4).current_pass() is None


async def test_a_rescreen_with_only_no_answers_left_with_escape_keeps_the_pass(services) -> None:
    pass_on_record(services)
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ScreeningScreen)
        await pilot.press("n", "n", "escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert services.screening_store(4).current_pass() is not None


@pytest.mark.parametrize(("number", "call"), [("", "112"), ("999", "Call 999 now")])
async def test_the_emergency_says_how_to_get_care(services, number, call) -> None:
    if number:
        services.settings_path.parent.mkdir(parents=True)
        services.settings_path.write_text(f"emergency_number: '{number}'\n")
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_screening(pilot)
        await answer(pilot, yes=set(EMERGENCY))
        text = verdict(screen)
        assert text.startswith("Seek emergency care now")
        assert call in text
        assert ("112" in text) is not bool(number)
        app.begin_session(ROUTINE)  # and no session for the rest of the sitting
        await pilot.pause()
        assert isinstance(app.screen, ScreeningScreen) and app.screen.locked_emergency


async def test_after_a_see_a_doctor_answer_only_what_can_be_pressed_is_shown(services) -> None:
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_screening(pilot)
        await answer(pilot, yes={SEE_DOCTOR[0]})
        shown = [b.id for b in screen.query(Button) if b.display]
        assert shown == ["cleared", "back"]
        footer = next(line for line in screen_text(app).splitlines() if "palette" in line)
        assert "esc Back" in footer
        assert "y Yes" not in footer and "n No" not in footer


CAUDA_EQUINA = ["bowel-bladder", "saddle-numbness", "both-legs", "sexual-function"]


def test_the_emergency_tier_is_every_sign_of_cauda_equina() -> None:
    assert EMERGENCY == CAUDA_EQUINA


@pytest.mark.parametrize("size", [(80, 24), (40, 12)])
@pytest.mark.parametrize("sign", CAUDA_EQUINA)
async def test_each_cauda_equina_sign_shows_the_emergency_at_once(services, sign, size) -> None:
    """A "yes" to any one sign, the questions before it answered "no", ends it: emergency now."""
    app = create_app(services)
    async with app.run_test(size=size) as pilot:
        screen = await open_screening(pilot)
        for qid in QUESTION_IDS[: QUESTION_IDS.index(sign) + 1]:
            for _ in range(3):  # at 40x12 a key may first bring the question into view
                await pilot.press("y" if qid == sign else "n")
                await pilot.pause()
                if screen.screening.answers[qid] is not None:
                    break
        assert screen.screening.has_emergency
        text = verdict(screen)
        assert "cauda equina syndrome" in text and "Seek emergency" in text
        assert not screen.query_one("#start", Button).display
    assert services.screening_store(4).current_pass() is None


@pytest.mark.parametrize("size", [(80, 24), (40, 12)])
async def test_a_stray_enter_or_space_answers_nothing(services, size) -> None:
    """Enter on a question nobody has answered is not a "No" (nothing is picked at first)."""
    app = create_app(services)
    async with app.run_test(size=size) as pilot:
        screen = await open_screening(pilot)
        first = screen.query_one(QuestionRow)
        assert screen.focused is first
        await pilot.press("enter", "space", "enter")
        await pilot.pause()
        assert first.answer is None
        assert all(a is None for a in screen.screening.answers.values())
        assert screen.focused is first


@pytest.mark.parametrize("size", [(80, 24), (40, 12)])
async def test_an_answer_chosen_on_its_row_moves_on_to_the_next_question(services, size) -> None:
    app = create_app(services)
    async with app.run_test(size=size) as pilot:
        screen = await open_screening(pilot)
        rows = list(screen.query(QuestionRow))
        await pilot.press("left", "enter")
        if rows[0].answer is None:  # a short terminal: the first key brought it into view
            await pilot.press("enter")
        await pilot.pause()
        assert rows[0].answer is False
        assert screen.focused is rows[1]
        await pilot.press("right", "space")
        if rows[1].answer is None:
            await pilot.press("space")
        await pilot.pause()
        assert rows[1].answer is True
        assert screen.focused is rows[2]
        # changing an answer stays on its row
        rows[0].focus()
        await pilot.press("right", "enter")
        await pilot.pause()
        assert rows[0].answer is True
        assert screen.focused is rows[0]


# --- small terminals: every button in sight and labelled ----------------------------------------


async def answer_in_sight(pilot, screen: ScreeningScreen, yes: set[str] = frozenset()) -> None:
    """Answer the questions in order, a key again when the first only brought one into view."""
    for qid in QUESTION_IDS:
        for _ in range(3):
            if screen.locked_emergency or screen.screening.answers[qid] is not None:
                break
            await pilot.press("y" if qid in yes else "n")
            await pilot.pause()


def label_in_sight(app, button: Button) -> bool:
    """Whether ``button``'s whole label is drawn on the screen."""
    return str(button.label) in screen_text(app) and app.screen.can_view_entire(button)


@pytest.mark.parametrize("size", [(80, 24), (40, 12)])
async def test_the_doctors_clearance_and_back_are_both_in_sight(services, size) -> None:
    """At the clearance step both ways on are drawn whole, Back focused (not only the
    clearance, which would read as the one way on)."""
    app = create_app(services)
    async with app.run_test(size=size) as pilot:
        screen = await open_screening(pilot)
        await until_the_end_is_mounted(pilot, screen)
        await answer_in_sight(pilot, screen, yes={QUESTION_IDS[0]})
        await pilot.pause()
        await pilot.pause()
        back, cleared = screen.query_one("#back", Button), screen.query_one("#cleared", Button)
        assert screen.focused is back
        assert label_in_sight(app, cleared), screen_text(app)
        assert label_in_sight(app, back), screen_text(app)


@pytest.mark.parametrize("size", [(80, 24), (40, 12)])
async def test_the_emergencys_back_is_in_sight(services, size) -> None:
    app = create_app(services)
    async with app.run_test(size=size) as pilot:
        screen = await open_screening(pilot)
        await until_the_end_is_mounted(pilot, screen)
        await answer_in_sight(pilot, screen, yes={EMERGENCY[0]})
        await pilot.pause()
        await pilot.pause()
        back = screen.query_one("#back", Button)
        assert screen.focused is back
        assert "Seek emergency care now" in screen_text(app)
        await pilot.press("end")  # the rest of the advice, then Back under it
        await pilot.pause()
        assert label_in_sight(app, back), screen_text(app)


@pytest.mark.parametrize(("first", "then"), [((80, 24), (40, 12)), ((40, 12), (80, 24))])
async def test_a_resize_keeps_the_focused_question_in_sight(services, first, then) -> None:
    """The terminal resized half-way through: the question being answered stays in view, and
    the next key answers it (not only scrolls back to it)."""
    app = create_app(services)
    async with app.run_test(size=first) as pilot:
        screen = await open_screening(pilot)
        await until_the_end_is_mounted(pilot, screen)
        for qid in QUESTION_IDS[:5]:
            for _ in range(3):
                await pilot.press("n")
                await pilot.pause()
                if screen.screening.answers[qid] is not None:
                    break
        focused = screen.query_one(f"#q-{QUESTION_IDS[5]}", QuestionRow)
        assert screen.focused is focused
        await pilot.resize_terminal(*then)
        for _ in range(3):
            await pilot.pause()
        assert screen.can_view_entire(focused), screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        assert screen.screening.answers[QUESTION_IDS[5]] is False


async def test_a_resize_keeps_the_emergency_heading_in_sight(services) -> None:
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_screening(pilot)
        await until_the_end_is_mounted(pilot, screen)
        await answer_in_sight(pilot, screen, yes={EMERGENCY[0]})
        await pilot.resize_terminal(40, 12)
        for _ in range(3):
            await pilot.pause()
        assert "Seek emergency care now" in screen_text(app)


@pytest.mark.parametrize("opens", ["a routine's screening", "the reminders"])
async def test_the_screen_a_command_opens_on_is_drawn_at_once(services, opens) -> None:
    """``run ROUTINE`` and ``remind`` open on a screen of their own. Pushed while Textual's
    start-up batch held repaints, that screen's first frame was drawn in the batch and dropped
    (Textual 8.2.8's ``App._display`` returns early in a batch), so it showed only at its next
    change, some 20 ms later. There is no public way to see a dropped frame: this reads
    Textual's batch counter when that screen is first drawn."""
    from stretchtimer.app.screens.reminders import RemindersScreen

    first = ScreeningScreen if opens.endswith("screening") else RemindersScreen
    if first is ScreeningScreen:
        app = create_app(services, routine=ROUTINE, rescreen=True)
    else:
        app = create_app(services, remind=lambda reminders: reminders)
    in_batch: list[int] = []
    display = app._display

    def drawing(screen, renderable) -> None:
        if renderable is not None and isinstance(screen, first) and not in_batch:
            in_batch.append(app._batch_count)
        display(screen, renderable)

    app._display = drawing  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, first)
    assert in_batch == [0]
