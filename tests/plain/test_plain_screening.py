"""The plain-mode screening questionnaire, driven through text streams."""

from __future__ import annotations

from datetime import date
from io import StringIO

from stretchtimer.core.screening import Outcome, Severity, load_screening_text
from stretchtimer.plain.screening_prompt import ask_screening

TEXT = load_screening_text()
TODAY = date(2025, 3, 10)
N = len(TEXT.questions)
EMERGENCY_INDEX = next(i for i, q in enumerate(TEXT.questions) if q.severity is Severity.EMERGENCY)
DOCTOR_INDEX = next(i for i, q in enumerate(TEXT.questions) if q.severity is Severity.SEE_DOCTOR)


def run(lines: list[str]):
    out = StringIO()
    screening = ask_screening(TEXT, StringIO("".join(f"{x}\n" for x in lines)), out, TODAY)
    return screening, out.getvalue()


def answers(yes_at: set[int] = frozenset()) -> list[str]:
    return ["y" if i in yes_at else "n" for i in range(N)]


def test_all_no_can_start_and_shows_disclaimer_and_each_question():
    screening, out = run(answers())
    assert screening is not None
    assert screening.outcome() is Outcome.CLEAR and screening.can_start
    assert TEXT.disclaimer in out and TEXT.unsure_advice in out
    for question in TEXT.questions:
        assert f"{question.text} [y/n] " in out
    assert TEXT.emergency_message not in out
    assert TEXT.clearance_prompt not in out


def test_accepts_yes_no_words_in_any_case_with_spaces():
    replies = ["  NO ", "No", "n", "N", "no", "nO", " n"]
    screening, _ = run(replies[:N])
    assert screening is not None and screening.outcome() is Outcome.CLEAR
    screening, _ = run(["YES", *answers()[1:], "Yes"])
    assert screening.outcome() is Outcome.CLEARED_BY_DOCTOR


def test_unclear_reply_asks_the_same_question_again():
    screening, out = run(["maybe", "", "ok", *answers()])
    assert screening is not None and screening.outcome() is Outcome.CLEAR
    assert out.count(f"{TEXT.questions[0].text} [y/n] ") == 4
    assert out.count("Please answer y (yes) or n (no).") == 3


def test_end_of_input_midway_fails_closed():
    screening, out = run(answers()[:3])
    assert screening is None
    assert TEXT.questions[3].text in out


def test_no_input_at_all_fails_closed():
    assert run([])[0] is None


def test_emergency_prints_the_message_and_offers_no_way_on():
    screening, out = run([*answers({EMERGENCY_INDEX}), "y"])
    assert screening is not None
    assert screening.outcome() is Outcome.EMERGENCY and not screening.can_start
    assert TEXT.emergency_message in out
    assert TEXT.clearance_prompt not in out


def test_see_a_doctor_shows_advice_then_clearance_yes():
    screening, out = run([*answers({DOCTOR_INDEX}), "yes"])
    assert screening.outcome() is Outcome.CLEARED_BY_DOCTOR and screening.can_start
    assert screening.doctor_cleared_on == TODAY
    advice = TEXT.questions[DOCTOR_INDEX].advice
    assert out.index(advice) < out.index(f"{TEXT.clearance_prompt} [y/n] ")


def test_see_a_doctor_shows_every_flagged_advice():
    flagged = {i for i, q in enumerate(TEXT.questions) if q.severity is Severity.SEE_DOCTOR}
    _, out = run([*answers(flagged), "n"])
    for i in flagged:
        assert TEXT.questions[i].advice in out


def test_see_a_doctor_clearance_no_is_refused():
    screening, _ = run([*answers({DOCTOR_INDEX}), "n"])
    assert screening.outcome() is Outcome.SEE_DOCTOR and not screening.can_start


def test_see_a_doctor_clearance_end_of_input_is_refused():
    screening, out = run(answers({DOCTOR_INDEX}))
    assert screening is not None
    assert screening.outcome() is Outcome.SEE_DOCTOR and not screening.can_start
    assert f"{TEXT.clearance_prompt} [y/n] " in out


def test_clearance_reasks_on_unclear_reply():
    screening, out = run([*answers({DOCTOR_INDEX}), "sure", "y"])
    assert screening.outcome() is Outcome.CLEARED_BY_DOCTOR
    assert out.count(f"{TEXT.clearance_prompt} [y/n] ") == 2
