"""The session gate's rules (core/gate.py), with an in-memory store and a fixed clock."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from stretchtimer.adapters.screening_file import ScreeningFile, load_screening_text
from stretchtimer.core.gate import Admission, SessionGate
from stretchtimer.core.screening import Outcome, Screening, Severity, remembered_from

TEXT = load_screening_text()
IDS = [q.id for q in TEXT.questions]
EMERGENCY = next(q.id for q in TEXT.questions if q.severity is Severity.EMERGENCY)
DOCTOR = next(q.id for q in TEXT.questions if q.severity is Severity.SEE_DOCTOR)
NOW = datetime(2025, 3, 10, 9, 30, tzinfo=timezone(timedelta(hours=1)))


class Ledger:
    """An in-memory store: a pass or not, and what was asked of it."""

    def __init__(self, passed: bool = True, fail: bool = False) -> None:
        self.record = clear_record() if passed else None
        self.calls: list[str] = []
        self.fail = fail

    def current_pass(self):
        return self.record if self.record is not None and self.record.passed else None

    def save(self, record) -> None:
        self.calls.append(f"save {record.outcome}")
        if self.fail:
            raise OSError("disk full")
        self.record = record

    def forget(self) -> None:
        self.calls.append("forget")
        if self.fail:
            raise OSError("disk full")
        self.record = None

    def remembered(self):
        return remembered_from([self.record] if self.record else [], TEXT)


def clear_record():
    screening = Screening(TEXT)
    for qid in [q.id for q in screening.asked]:
        screening.answer(qid, False)
    return screening.record(NOW - timedelta(hours=1))


def gate_for(ledger: Ledger, **options) -> tuple[SessionGate, list[str]]:
    reports: list[str] = []
    return SessionGate(TEXT, lambda: ledger, lambda: NOW, reports.append, **options), reports


def test_a_pass_that_holds_lets_a_session_start():
    assert gate_for(Ledger())[0].admit() is Admission.START
    assert gate_for(Ledger(passed=False))[0].admit() is Admission.ASK


def test_rescreen_asks_even_with_a_pass():
    gate, _ = gate_for(Ledger(), rescreen=True)
    assert gate.admit() is Admission.ASK
    other, _ = gate_for(Ledger())
    other.ask_again()
    assert other.admit() is Admission.ASK


@pytest.mark.parametrize("question", [DOCTOR, EMERGENCY])
def test_a_yes_revokes_the_pass_the_moment_it_is_given(question):
    ledger = Ledger()
    gate, _ = gate_for(ledger, rescreen=True)
    screening = gate.screening()
    screening.answer(question, True)  # and nothing more: input ends, Ctrl+C, Esc, quit
    assert ledger.current_pass() is None
    assert ledger.calls == ["forget"]  # unfinished: not a record, but no pass either
    assert gate.admit() is not Admission.START


def test_a_screening_left_with_only_no_answers_keeps_the_pass():
    ledger = Ledger()
    gate, _ = gate_for(ledger, rescreen=True)
    screening = gate.screening()
    for qid in IDS[:3]:
        screening.answer(qid, False)
    assert screening.finish() is None  # unfinished: nothing kept
    assert ledger.calls == []
    assert ledger.current_pass() is not None


def test_an_emergency_ends_the_screening_and_the_sittings_sessions():
    ledger = Ledger()
    gate, _ = gate_for(ledger)
    screening = gate.screening()
    screening.answer(EMERGENCY, True)
    assert screening.ended and gate.emergency
    screening.answer(DOCTOR, False)  # nothing more is taken
    assert screening.answers[DOCTOR] is None
    assert screening.finish() is None and ledger.calls == ["forget"]
    assert gate.admit() is Admission.EMERGENCY
    ledger.record = clear_record()  # not even a pass on record opens it again
    assert gate.admit() is Admission.EMERGENCY


def test_an_emergency_answered_last_is_kept_as_a_record():
    ledger = Ledger(passed=False)
    gate, _ = gate_for(ledger)
    screening = gate.screening()
    for qid in [qid for qid in IDS if qid != EMERGENCY]:
        screening.answer(qid, False)
    screening.answer(EMERGENCY, True)
    assert ledger.calls == ["save emergency"]
    assert ledger.record.outcome is Outcome.EMERGENCY


def test_finishing_keeps_the_result_once_and_a_pass_opens_the_gate():
    ledger = Ledger(passed=False)
    gate, _ = gate_for(ledger, rescreen=True)
    screening = gate.screening()
    for qid in [q.id for q in screening.asked]:
        screening.answer(qid, False)
    assert screening.finish() is Outcome.CLEAR
    assert screening.finish() is Outcome.CLEAR
    assert ledger.calls == ["save clear"]
    assert gate.admit() is Admission.START


def test_a_doctor_clearance_is_dated_by_the_gates_clock_and_kept():
    ledger = Ledger(passed=False)
    gate, _ = gate_for(ledger)
    screening = gate.screening()
    for qid in [q.id for q in screening.asked]:
        screening.answer(qid, qid == DOCTOR)
    screening.confirm_doctor_clearance()
    assert screening.finish() is Outcome.CLEARED_BY_DOCTOR
    assert ledger.calls == ["forget", "save cleared-by-doctor"]
    assert ledger.record.doctor_cleared_on == NOW.date()


def test_a_see_a_doctor_result_keeps_the_gate_shut():
    ledger = Ledger()
    gate, _ = gate_for(ledger)
    screening = gate.screening()
    for qid in [q.id for q in screening.asked]:
        screening.answer(qid, qid == DOCTOR)
    assert screening.finish() is Outcome.SEE_DOCTOR
    assert gate.admit() is Admission.ASK


UNSAVED = "Could not save the screening (disk full): the questions will be asked again next time."


def test_a_store_that_cannot_be_written_is_reported_and_the_gate_stays_shut():
    ledger = Ledger(fail=True)
    gate, reports = gate_for(ledger)
    screening = gate.screening()
    screening.answer(DOCTOR, True)
    assert reports == [UNSAVED]
    assert ledger.current_pass() is not None  # still on disk ...
    assert gate.admit() is Admission.ASK  # ... but not in this sitting


def test_with_the_real_store_a_yes_revokes_the_pass_on_disk(tmp_path):
    store = ScreeningFile(tmp_path / "screening.json", now=lambda: NOW, text=TEXT)
    store.save(clear_record())
    gate = SessionGate(TEXT, lambda: store, lambda: NOW, print, rescreen=True)
    gate.screening().answer(DOCTOR, True)
    assert store.current_pass() is None
    assert SessionGate(TEXT, lambda: store, lambda: NOW, print).admit() is Admission.ASK


def test_the_emergency_advice_says_how_to_get_care():
    assert TEXT.emergency_heading == "Seek emergency care now"
    how = TEXT.emergency_how()
    assert "local emergency number" in how and "112" in how and "911" in how
    own = TEXT.emergency_how("999")
    assert own.startswith("Call 999 now") and "112" not in own


def test_leg_signs_during_a_session_forget_the_pass_so_the_next_session_asks():
    ledger = Ledger()
    gate, reports = gate_for(ledger)
    assert gate.admit() is Admission.START
    gate.signs_during_session(emergency=False)
    assert gate.admit() is Admission.ASK and not gate.emergency
    assert ledger.calls == ["forget"] and ledger.record is None
    assert gate_for(ledger)[0].admit() is Admission.ASK  # a later process asks too
    assert reports == []


def test_an_emergency_sign_during_a_session_holds_for_the_sitting_and_after():
    ledger = Ledger()
    gate, _ = gate_for(ledger)
    gate.signs_during_session(emergency=True)
    assert gate.emergency and gate.admit() is Admission.EMERGENCY
    later, _ = gate_for(ledger)  # a later process: the questions, never a session at once
    assert later.admit() is Admission.ASK
    screening = later.screening()
    for qid in IDS:
        screening.answer(qid, False)
    screening.finish()  # a later screening says the signs are gone
    assert later.admit() is Admission.START


def test_signs_during_a_session_that_cannot_be_saved_are_reported_and_still_hold():
    gate, reports = gate_for(Ledger(fail=True))
    gate.signs_during_session(emergency=True)
    assert gate.admit() is Admission.EMERGENCY
    assert reports == [UNSAVED]


def test_a_store_that_cannot_be_written_is_said_once_a_sitting():
    """Every answer tries to save; a full disk is said once, not at each."""
    gate, reports = gate_for(Ledger(fail=True))
    for _ in range(2):
        screening = gate.screening()
        screening.answer(DOCTOR, True)
        screening.answer(DOCTOR, False)
    assert reports == [UNSAVED]
