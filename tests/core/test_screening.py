"""The red-flag screening: its data file and the rules of one sitting."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from importlib.resources import files
from pathlib import Path

import pytest

from stretchtimer.adapters.screening_file import load_screening_text
from stretchtimer.core.screening import (
    Outcome,
    Screening,
    ScreeningError,
    ScreeningRecord,
    ScreeningTextError,
    Severity,
    valid_until,
)

TEXT = load_screening_text()
IDS = [q.id for q in TEXT.questions]
EMERGENCY_IDS = [q.id for q in TEXT.questions if q.severity is Severity.EMERGENCY]
DOCTOR_IDS = [q.id for q in TEXT.questions if q.severity is Severity.SEE_DOCTOR]
TODAY = date(2025, 3, 10)
AT = datetime(2025, 3, 10, 9, 30, tzinfo=UTC)


def answered(yes: set[str] = frozenset()) -> Screening:
    screening = Screening(TEXT)
    for qid in IDS:
        screening.answer(qid, qid in yes)
    return screening


# --- the data file -------------------------------------------------------------------------


def test_data_file_is_package_data():
    assert (files("stretchtimer") / "data" / "screening.yaml").is_file()


def test_questions_have_unique_ids():
    assert len(TEXT.questions) == 14
    assert len(set(IDS)) == len(IDS)


RECOGNIZED = ('The guide, "When to See a Doctor"', "NICE CKS low back pain", "IFOMPT")


@pytest.mark.parametrize("question", TEXT.questions, ids=IDS)
def test_every_question_has_a_tier_and_a_recognized_source(question):
    assert isinstance(question.severity, Severity)
    assert any(name in question.source for name in RECOGNIZED), question.source


def test_a_question_without_a_source_is_refused(tmp_path):
    path = tmp_path / "screening.yaml"
    path.write_text(
        "{disclaimer: d, unsure_advice: u, emergency_message: e, clearance_prompt: c,"
        f" {EM} questions: [{{id: a, severity: emergency, remembered: false, text: t,"
        " advice: a}]}",
        encoding="utf-8",
    )
    with pytest.raises(ScreeningTextError, match="source"):
        load_screening_text(path)


@pytest.mark.parametrize(
    "words",
    [
        "bladder or bowels",
        "trouble starting or controlling your urine",
        "numbness around your genitals, buttocks or inner thighs",
        "feel different when you wipe",
        "weakness in both legs",
        "leg weakness that is getting worse",
        "change in the way you walk",
        "loss of sexual function",
    ],
)
def test_each_sign_of_cauda_equina_is_an_emergency_naming_it(words):
    (question,) = [q for q in TEXT.questions if words in q.text]
    assert question.severity is Severity.EMERGENCY
    assert "cauda equina syndrome" in question.advice
    assert "NICE CKS" in question.source or "The guide" in question.source


def test_the_emergency_message_names_cauda_equina_and_says_go_now():
    assert "cauda equina syndrome" in TEXT.emergency_message
    assert "Seek emergency medical care immediately" in TEXT.emergency_message
    assert "Loss of bowel" not in TEXT.emergency_message  # every sign, not only that one


@pytest.mark.parametrize(
    ("words", "advice_words"),
    [
        ("severe pain", "Severe pain that doesn't improve with home treatments"),
        ("numbness, tingling or weakness in one leg", "nerve compression"),
        ("more than two weeks", "persist for more than two weeks"),
        ("fever, chills", "unexplained weight loss may indicate an infection"),
        ("car accident", "rule out fractures or other injuries"),
        ("arthritis or osteoporosis", "discuss your back pain with your doctor"),
        ("a weakened immune system", "infection in the spine"),
        ("steroid tablets for a long time", "long-term steroid use"),
        ("cancer now, or have you had cancer in the past", "rule out a spread"),
        ("after the age of 50 without a clear cause", "checked by a doctor once"),
    ],
)
def test_each_see_a_doctor_sign_is_asked_with_its_advice(words, advice_words):
    (question,) = [q for q in TEXT.questions if words in q.text]
    assert question.severity is Severity.SEE_DOCTOR
    assert advice_words in question.advice


def test_one_leg_is_see_a_doctor_and_cancer_is_not_folded_into_conditions():
    (condition,) = [q for q in TEXT.questions if q.id == "underlying-condition"]
    assert "cancer" not in condition.text  # its own question
    (leg,) = [q for q in TEXT.questions if q.id == "numbness-weakness"]
    assert "one leg" in leg.text and leg.severity is Severity.SEE_DOCTOR


def test_general_advice_and_disclaimer():
    assert "err on the side of caution and see a doctor" in TEXT.unsure_advice
    assert "not diagnosis" in TEXT.disclaimer
    assert "not medical advice" in TEXT.disclaimer
    assert "cleared you to exercise" in TEXT.clearance_prompt


def test_advice_is_faithful_to_the_guide():
    guide = Path("/work/shared/seed/back-spasm-guide.txt")
    if not guide.exists():
        pytest.skip("guide not available")
    source = guide.read_text(encoding="utf-8").replace("\N{EN DASH}", "-")
    words = " ".join(source.split()).casefold()
    for question in TEXT.questions:
        if not question.source.startswith('The guide, "When to See a Doctor"'):
            continue
        sentences = question.advice.split(". ")
        if "NICE" in question.source:
            sentences = sentences[:1]  # the guide's advice first, then what the lists add
        for sentence in sentences:
            # Each sentence is the guide's, allowing for a trimmed clause.
            assert sentence.rstrip(".")[:40].casefold() in words, sentence
    assert TEXT.unsure_advice.rstrip(".").casefold() in words


EM = "emergency_heading: h, emergency_call: call, emergency_call_own: 'call {number}',"
BAD_FILES = [
    "",
    "- a list",
    "disclaimer: x",
    "{disclaimer: d, unsure_advice: u, emergency_message: e, clearance_prompt: c,"
    f" {EM} questions: []}}",
    "{disclaimer: d, unsure_advice: u, emergency_message: e, clearance_prompt: c,"
    f" {EM}"
    " questions: [{id: a, severity: urgent, source: s, remembered: false, text: t, advice: a}]}",
    "{disclaimer: d, unsure_advice: u, emergency_message: e, clearance_prompt: c,"
    f" {EM}"
    " questions: [{id: a, severity: emergency, source: s, remembered: false, text: t, advice: a},"
    " {id: a, severity: emergency, source: s, remembered: false, text: t, advice: a}]}",
    "{disclaimer: d, unsure_advice: u, emergency_message: e, clearance_prompt: c,"
    f" {EM}"
    " questions: [{id: a, severity: emergency, source: s, remembered: false,"
    " text: '  ', advice: a}]}",
    "{disclaimer: d, unsure_advice: u, emergency_message: e, clearance_prompt: c,"
    f" {EM}"
    " questions: [{id: a, severity: emergency, source: s, remembered: false,"
    " text: t, advice: a, extra: 1}]}",
    "{disclaimer: [d], unsure_advice: u, emergency_message: e, clearance_prompt: c,"
    f" {EM}"
    " questions: [{id: a, severity: emergency, source: s, remembered: false, text: t, advice: a}]}",
    "{disclaimer: d, unsure_advice: u, emergency_message: e, clearance_prompt: c,"
    f" {EM}"
    " questions: [{id: 'A B', severity: emergency, source: s, remembered: false,"
    " text: t, advice: a}]}",
    "key: [unclosed",
    # remembered: required, true or false, and never for an emergency sign
    "{disclaimer: d, unsure_advice: u, emergency_message: e, clearance_prompt: c,"
    f" {EM} questions: [{{id: a, severity: emergency, source: s, text: t, advice: a}}]}}",
    "{disclaimer: d, unsure_advice: u, emergency_message: e, clearance_prompt: c,"
    f" {EM} questions: [{{id: a, severity: see-a-doctor, source: s, remembered: often,"
    " text: t, advice: a}]}",
    "{disclaimer: d, unsure_advice: u, emergency_message: e, clearance_prompt: c,"
    f" {EM} questions: [{{id: a, severity: emergency, source: s, remembered: true,"
    " text: t, advice: a}]}",
    # the person's own emergency number needs its place, and the examples none
    "{disclaimer: d, unsure_advice: u, emergency_message: e, clearance_prompt: c,"
    " emergency_heading: h, emergency_call: call, emergency_call_own: call,"
    " questions: [{id: a, severity: emergency, source: s, remembered: false, text: t, advice: a}]}",
    "{disclaimer: d, unsure_advice: u, emergency_message: e, clearance_prompt: c,"
    " emergency_heading: h, emergency_call: 'call {number}', emergency_call_own: 'c {number}',"
    " questions: [{id: a, severity: emergency, source: s, remembered: false, text: t, advice: a}]}",
]


def test_a_complete_file_is_accepted(tmp_path):
    """The bad files above differ from this one in one thing each."""
    path = tmp_path / "screening.yaml"
    path.write_text(
        "{disclaimer: d, unsure_advice: u, emergency_message: e, clearance_prompt: c,"
        f" {EM} questions: [{{id: a, severity: see-a-doctor, source: s, remembered: true,"
        " text: t, advice: a}]}",
        encoding="utf-8",
    )
    text = load_screening_text(path)
    assert text.emergency_how("999") == "call 999"
    assert text.questions[0].remembered is True


@pytest.mark.parametrize("source", BAD_FILES)
def test_bad_screening_files_are_refused(tmp_path, source):
    path = tmp_path / "screening.yaml"
    path.write_text(source, encoding="utf-8")
    with pytest.raises(ScreeningTextError):
        load_screening_text(path)


def test_every_problem_is_reported_at_its_line_and_column(tmp_path):
    """The node readers of core.yaml_source, as for routines: FILE:LINE:COL: error: ..."""
    path = tmp_path / "screening.yaml"
    path.write_text(
        "disclaimer: d\nunsure_advice: u\nemergency_message: e\nclearance_prompt: c\n"
        "emergency_heading: h\nemergency_call: call\nemergency_call_own: 'call {number}'\n"
        "questions:\n"
        "  - id: a\n    severity: urgent\n    source: s\n    remembered: false\n"
        "    text: t\n    advice: a\n"
        "  - id: b\n    severity: emergency\n    source: s\n    remembered: yes\n"
        "    text: t\n    advice: a\n    extra: 1\n",
        encoding="utf-8",
    )
    with pytest.raises(ScreeningTextError) as error:
        load_screening_text(path)
    lines = str(error.value).splitlines()
    assert lines == [
        f"{path}:10:15: error: unknown severity 'urgent'; expected one of emergency, see-a-doctor",
        f"{path}:21:5: error: unknown key 'extra' in question 2; did you mean 'text'?",
        f"{path}:18:17: error: an emergency sign is asked at every screening; it cannot be"
        " 'remembered'",
    ]


def test_the_questions_of_the_past_are_remembered_and_the_rest_asked_each_day():
    remembered = {q.id for q in TEXT.questions if q.remembered}
    assert remembered == {"underlying-condition", "cancer", "injected-drugs", "new-pain-over-50"}
    assert not any(q.remembered for q in TEXT.questions if q.severity is Severity.EMERGENCY)


@pytest.mark.parametrize(
    ("qid", "words"),
    [("injected-drugs", "inject drugs"), ("recent-infection", "infection")],
)
def test_the_infection_signs_of_nice_cks_are_asked(qid, words):
    """NICE CKS lists intravenous drug use and a recent infection under infection."""
    question = next(q for q in TEXT.questions if q.id == qid)
    assert words in question.text
    assert question.severity is Severity.SEE_DOCTOR
    assert "NICE CKS" in question.source


def test_missing_screening_file_is_refused(tmp_path):
    with pytest.raises(ScreeningTextError):
        load_screening_text(tmp_path / "nope.yaml")


# --- one sitting ---------------------------------------------------------------------------


def test_nothing_is_pre_answered():
    screening = Screening(TEXT)
    assert screening.answers == dict.fromkeys(IDS)
    assert screening.unanswered == list(TEXT.questions)
    assert not screening.all_answered
    assert screening.outcome() is None
    assert not screening.can_start
    with pytest.raises(ScreeningError):
        screening.record(AT)


def test_cannot_start_until_every_question_is_answered():
    screening = Screening(TEXT)
    for qid in IDS[:-1]:
        screening.answer(qid, False)
        assert screening.outcome() is None
        assert not screening.can_start
    assert screening.unanswered == [TEXT.questions[-1]]
    screening.answer(IDS[-1], False)
    assert screening.outcome() is Outcome.CLEAR
    assert screening.can_start


def test_all_no_is_clear():
    screening = answered()
    assert screening.outcome() is Outcome.CLEAR
    assert screening.flagged() == []
    assert screening.can_start
    with pytest.raises(ScreeningError):
        screening.confirm_doctor_clearance(TODAY)


@pytest.mark.parametrize("qid", EMERGENCY_IDS)
def test_each_emergency_sign_blocks_with_no_way_around(qid):
    screening = answered({qid})
    assert screening.outcome() is Outcome.EMERGENCY
    assert not screening.can_start
    with pytest.raises(ScreeningError):
        screening.confirm_doctor_clearance(TODAY)
    with pytest.raises(ScreeningError):
        screening.answer(qid, False)
    assert screening.outcome() is Outcome.EMERGENCY


@pytest.mark.parametrize("qid", EMERGENCY_IDS)
def test_emergency_beats_see_a_doctor(qid):
    screening = answered({qid, *DOCTOR_IDS})
    assert screening.outcome() is Outcome.EMERGENCY
    assert screening.has_emergency
    with pytest.raises(ScreeningError):
        screening.confirm_doctor_clearance(TODAY)


def test_emergency_is_known_before_all_answered():
    screening = Screening(TEXT)
    screening.answer(EMERGENCY_IDS[0], True)
    assert screening.has_emergency
    assert screening.outcome() is None


@pytest.mark.parametrize("qid", DOCTOR_IDS)
def test_each_see_a_doctor_sign_without_clearance(qid):
    screening = answered({qid})
    assert screening.outcome() is Outcome.SEE_DOCTOR
    assert [q.id for q in screening.flagged()] == [qid]
    assert not screening.can_start
    record = screening.record(AT)
    assert record.outcome is Outcome.SEE_DOCTOR
    assert record.doctor_cleared_on is None
    assert not record.passed


@pytest.mark.parametrize("qid", DOCTOR_IDS)
def test_each_see_a_doctor_sign_with_clearance(qid):
    screening = answered({qid})
    screening.confirm_doctor_clearance(TODAY)
    assert screening.outcome() is Outcome.CLEARED_BY_DOCTOR
    assert screening.can_start
    assert screening.doctor_cleared_on == TODAY
    record = screening.record(AT)
    assert record.outcome is Outcome.CLEARED_BY_DOCTOR
    assert record.doctor_cleared_on == TODAY
    assert record.answers == {i: i == qid for i in IDS}
    assert record.passed


def test_clearance_needs_a_finished_screening():
    screening = Screening(TEXT)
    screening.answer(DOCTOR_IDS[0], True)
    with pytest.raises(ScreeningError):
        screening.confirm_doctor_clearance(TODAY)


def test_changing_an_answer_withdraws_clearance():
    screening = answered({DOCTOR_IDS[0]})
    screening.confirm_doctor_clearance(TODAY)
    screening.answer(DOCTOR_IDS[1], True)
    assert screening.outcome() is Outcome.SEE_DOCTOR
    assert screening.doctor_cleared_on is None


def test_clearance_stays_when_an_answer_is_repeated():
    screening = answered({DOCTOR_IDS[0]})
    screening.confirm_doctor_clearance(datetime(2025, 3, 10, 8, tzinfo=UTC))
    screening.answer(DOCTOR_IDS[0], True)
    assert screening.outcome() is Outcome.CLEARED_BY_DOCTOR
    assert type(screening.doctor_cleared_on) is date


def test_answers_must_be_explicit_booleans_for_known_questions():
    screening = Screening(TEXT)
    with pytest.raises(ScreeningError):
        screening.answer("no-such-question", False)
    with pytest.raises(TypeError):
        screening.answer(IDS[0], None)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        screening.answer(IDS[0], 0)  # type: ignore[arg-type]
    assert screening.answers[IDS[0]] is None


def test_answers_view_is_a_copy():
    screening = Screening(TEXT)
    screening.answers[IDS[0]] = False
    assert screening.answers[IDS[0]] is None


# --- records -------------------------------------------------------------------------------


def test_record_needs_an_aware_time():
    with pytest.raises(ValueError):
        answered().record(datetime(2025, 3, 10, 9, 30))


@pytest.mark.parametrize(
    ("answers", "outcome", "cleared"),
    [
        ({"a": True}, Outcome.CLEAR, None),
        ({"a": False}, Outcome.SEE_DOCTOR, None),
        ({"a": False}, Outcome.EMERGENCY, None),
        ({"a": True}, Outcome.CLEARED_BY_DOCTOR, None),
        ({"a": True}, Outcome.SEE_DOCTOR, TODAY),
        ({"a": True}, Outcome.EMERGENCY, TODAY),
        ({"a": True}, Outcome.CLEARED_BY_DOCTOR, TODAY + timedelta(days=1)),
        ({"a": 1}, Outcome.SEE_DOCTOR, None),
        ({}, Outcome.CLEAR, None),
        ({"a": False}, "clear", None),
    ],
)
def test_inconsistent_records_are_refused(answers, outcome, cleared):
    with pytest.raises(ValueError):
        ScreeningRecord(
            AT, answers, outcome, {} if cleared is None else dict.fromkeys(answers, cleared)
        )


# --- how long a pass holds ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("taken", "until"),
    [
        (datetime(2025, 3, 10, 9, 30), datetime(2025, 3, 11, 4, 0)),
        (datetime(2025, 3, 10, 23, 59), datetime(2025, 3, 11, 4, 0)),
        (datetime(2025, 3, 10, 3, 0), datetime(2025, 3, 10, 4, 0)),
        (datetime(2025, 3, 10, 4, 0), datetime(2025, 3, 11, 4, 0)),
        (datetime(2025, 12, 31, 22, 0), datetime(2026, 1, 1, 4, 0)),
    ],
)
def test_valid_until_next_reset(taken, until):
    tz = timezone(timedelta(hours=2))
    assert valid_until(taken) == until
    assert valid_until(taken.replace(tzinfo=tz)) == until.replace(tzinfo=tz)
    assert valid_until(taken.replace(tzinfo=tz)).tzinfo is tz


def test_valid_until_other_reset_hours():
    assert valid_until(datetime(2025, 3, 10, 9, 30), 0) == datetime(2025, 3, 11, 0, 0)
    assert valid_until(datetime(2025, 3, 10, 9, 30), 12) == datetime(2025, 3, 10, 12, 0)
    with pytest.raises(ValueError):
        valid_until(AT, 24)


def test_docs_safety_lists_every_question_with_its_tier():
    doc = (Path(__file__).parents[2] / "docs" / "safety.md").read_text(encoding="utf-8")
    rows = {line.split("|")[2].strip(): line for line in doc.splitlines() if line.startswith("| ")}
    for question in TEXT.questions:
        assert question.id in rows, question.id
        assert f"| {question.severity.value} |" in rows[question.id]
        asked = "once, remembered" if question.remembered else "every screening"
        assert f"| {asked} |" in rows[question.id], question.id
