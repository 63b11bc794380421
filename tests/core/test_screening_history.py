"""The screening and the history (issue 17): the two-week rule's fact beside its question,
and every kept screening handed to the history store."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

from stretchtimer.adapters.screening_file import load_screening_text
from stretchtimer.core.gate import SessionGate
from stretchtimer.core.screening import (
    PERSISTING_QUESTION,
    Outcome,
    Remembered,
    Severity,
    history_result,
    persisting_note,
)

TEXT = load_screening_text()
NOW = datetime(2026, 12, 4, 9, 0, tzinfo=timezone(timedelta(hours=1)))


class Ledger:
    def __init__(self) -> None:
        self.saved = []

    def current_pass(self):
        return None

    def save(self, record) -> None:
        self.saved.append(record)

    def forget(self) -> None:
        pass

    def remembered(self):
        return Remembered()


def test_the_two_week_rules_fact_goes_with_the_more_than_two_weeks_question():
    assert PERSISTING_QUESTION in {q.id for q in TEXT.questions}
    note = persisting_note(date(2026, 11, 10), date(2026, 12, 1))
    assert note == {
        PERSISTING_QUESTION: "Your check-ins show pain on days from 2026-11-10 to 2026-12-01."
    }
    gate = SessionGate(TEXT, Ledger, lambda: NOW, print)
    screening = gate.screening(notes=note)
    assert screening.note(PERSISTING_QUESTION) == note[PERSISTING_QUESTION]
    assert screening.note("severe-pain") == ""


def test_every_kept_screening_is_handed_to_the_history_with_its_answers():
    kept = []
    gate = SessionGate(TEXT, Ledger, lambda: NOW, print, on_record=kept.append)
    screening = gate.screening()
    for question in screening.asked:
        screening.answer(question.id, question.id == "injury")
    assert kept == []  # not before it is finished
    screening.confirm_doctor_clearance()
    assert screening.finish() is Outcome.CLEARED_BY_DOCTOR
    assert len(kept) == 1
    result = history_result(kept[0])
    assert (result.at, result.outcome) == (NOW, "cleared-by-doctor")
    detail = json.loads(result.detail)
    assert detail["answers"]["injury"] is True and len(detail["answers"]) == len(TEXT.questions)
    assert detail["cleared"] == {"injury": "2026-12-04"}


def test_an_emergency_is_handed_to_the_history_at_once_with_the_answers_given():
    kept = []
    ledger = Ledger()
    gate = SessionGate(TEXT, lambda: ledger, lambda: NOW, print, on_record=kept.append)
    screening = gate.screening()
    sign = next(q.id for q in TEXT.questions if q.severity is Severity.EMERGENCY)
    for question in screening.asked:
        screening.answer(question.id, question.id == sign)
        if screening.has_emergency:
            break
    assert [history_result(r).outcome for r in kept] == ["emergency"]
    assert kept[0].answers[sign] is True and not any(
        yes for qid, yes in kept[0].answers.items() if qid != sign
    )
    assert ledger.saved == []  # the screening store's rules are unchanged: no pass revived


def test_a_history_that_cannot_be_written_is_reported_not_raised():
    reports = []

    def broken(record) -> None:
        raise OSError("database is locked")

    gate = SessionGate(TEXT, Ledger, lambda: NOW, reports.append, on_record=broken)
    screening = gate.screening()
    for question in screening.asked:
        screening.answer(question.id, False)
    assert screening.finish() is Outcome.CLEAR
    assert reports == ["Could not write the screening to the history: database is locked"]
