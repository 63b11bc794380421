"""Remembered answers (issue 18): the questions about the past are asked once, a doctor's
clearance stands until the sign changes, and each day asks only what can change."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

import pytest

from stretchtimer.adapters.screening_file import ScreeningFile, load_screening_text
from stretchtimer.core.gate import Admission, SessionGate
from stretchtimer.core.screening import (
    Outcome,
    Remembered,
    RememberedAnswer,
    Screening,
    ScreeningError,
    ScreeningRecord,
    Severity,
    remembered_from,
)

TEXT = load_screening_text()
IDS = [q.id for q in TEXT.questions]
PAST = [q.id for q in TEXT.questions if q.remembered]
DAILY = [q.id for q in TEXT.questions if not q.remembered]
EMERGENCY = [q.id for q in TEXT.questions if q.severity is Severity.EMERGENCY]
TZ = timezone(timedelta(hours=1))
DAY1 = datetime(2026, 12, 1, 9, 0, tzinfo=TZ)


class Wall:
    def __init__(self) -> None:
        self.now = DAY1

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def wall() -> Wall:
    return Wall()


@pytest.fixture
def store(tmp_path, wall) -> ScreeningFile:
    return ScreeningFile(tmp_path / "screening.json", now=wall, text=TEXT)


def gate(store: ScreeningFile, wall: Wall, **options) -> SessionGate:
    return SessionGate(TEXT, lambda: store, wall, print, **options)


def screen(store, wall, yes=frozenset(), *, clear=False, review=False, day=0) -> Outcome | None:
    """One sitting on DAY1 + ``day``: every question asked answered (yes for ``yes``)."""
    wall.now = DAY1 + timedelta(days=day)
    screening = gate(store, wall, rescreen=True).screening(review=review)
    for question in screening.asked:
        screening.answer(question.id, question.id in yes)
    if clear:
        screening.confirm_doctor_clearance()
    return screening.finish()


def test_the_first_screening_asks_everything_and_the_next_only_what_changes(store, wall):
    assert [q.id for q in gate(store, wall).screening().asked] == IDS
    assert screen(store, wall) is Outcome.CLEAR
    wall.now += timedelta(days=1)
    later = gate(store, wall).screening()
    assert [q.id for q in later.asked] == DAILY
    assert set(later.kept) == set(PAST)
    assert all(a == RememberedAnswer(False, DAY1.date()) for a in later.kept.values())
    assert set(EMERGENCY) <= set(DAILY)  # an emergency sign is asked every time


def test_a_remembered_question_cannot_be_answered_without_a_review(store, wall):
    screen(store, wall)
    with pytest.raises(ScreeningError, match="remembered"):
        gate(store, wall).screening().answer("cancer", True)


def test_a_review_asks_every_question_again_and_a_new_yes_revokes_the_pass(store, wall):
    screen(store, wall)
    assert store.current_pass() is not None
    review = gate(store, wall).screening(review=True)
    assert [q.id for q in review.asked] == IDS and not review.kept
    review.answer("cancer", True)
    assert store.current_pass() is None  # at once, before the review is finished


def test_a_remembered_yes_blocks_every_day_until_a_doctor_clears_it(store, wall):
    assert screen(store, wall, {"cancer"}) is Outcome.SEE_DOCTOR
    assert screen(store, wall, day=1) is Outcome.SEE_DOCTOR  # not asked, still blocks
    assert screen(store, wall, clear=True, day=2) is Outcome.CLEARED_BY_DOCTOR
    assert store.latest().cleared == {"cancer": (DAY1 + timedelta(days=2)).date()}
    # from then on it no longer blocks, and is not asked
    later = gate(store, wall).screening()
    assert "cancer" not in {q.id for q in later.asked}
    assert later.kept["cancer"] == RememberedAnswer(True, DAY1.date(), date(2026, 12, 3))
    assert screen(store, wall, day=3) is Outcome.CLEARED_BY_DOCTOR
    assert store.current_pass() is not None


def test_a_cleared_sign_asked_each_day_stands_until_it_changed_or_got_worse(store, wall):
    assert screen(store, wall, {"numbness-weakness"}, clear=True) is Outcome.CLEARED_BY_DOCTOR
    wall.now = DAY1 + timedelta(days=1)
    next_day = gate(store, wall).screening()
    assert next_day.standing_clearance("numbness-weakness") == DAY1.date()
    assert "cleared this on 2026-12-01" in next_day.note("numbness-weakness")
    assert "changed or got worse" in next_day.note("numbness-weakness")
    # "no": not changed: it stays cleared and the session may start
    assert screen(store, wall, day=1) is Outcome.CLEARED_BY_DOCTOR
    assert store.latest().cleared == {"numbness-weakness": DAY1.date()}
    assert store.current_pass() is not None
    # "yes": it changed or got worse: the pass goes at once, and a doctor must see it again
    wall.now = DAY1 + timedelta(days=1, hours=2)
    worse = gate(store, wall).screening()
    worse.answer("numbness-weakness", True)
    assert store.current_pass() is None
    for question in worse.unanswered:
        worse.answer(question.id, False)
    assert worse.finish() is Outcome.SEE_DOCTOR
    assert store.remembered().cleared == {}


def test_an_emergency_is_never_remembered_nor_cleared(store, wall):
    sign = EMERGENCY[0]
    wall.now = DAY1
    screening = gate(store, wall).screening()
    for question in screening.asked:
        screening.answer(question.id, question.id == sign)
        if screening.has_emergency:
            break
    with pytest.raises(ScreeningError):
        screening.confirm_doctor_clearance()
    assert sign in {q.id for q in gate(store, wall).screening().asked}
    assert sign not in store.remembered().cleared


def test_an_emergency_reported_during_a_session_shuts_the_gate_and_keeps_the_rest(store, wall):
    """How "this hurts" records an emergency sign: a record of that sign alone."""
    screen(store, wall, {"cancer"}, clear=True)
    wall.now = DAY1 + timedelta(hours=1)
    store.save(ScreeningRecord.reported_emergency(wall.now, [EMERGENCY[0]]))
    assert gate(store, wall).admit() is Admission.ASK
    remembered = store.remembered()
    assert remembered.answers["cancer"].cleared_on == DAY1.date()  # not lost
    assert screen(store, wall, day=1) is Outcome.CLEARED_BY_DOCTOR  # a new screening clears it


def test_remembered_since_the_first_time_it_was_given():
    def rec(day: int, yes: set[str]) -> ScreeningRecord:
        screening = Screening(TEXT)
        for qid in IDS:
            screening.answer(qid, qid in yes)
        return screening.record(DAY1 + timedelta(days=day))

    standing = remembered_from([rec(0, set()), rec(1, set()), rec(2, {"cancer"})], TEXT)
    assert standing.answers["cancer"] == RememberedAnswer(True, date(2026, 12, 3))
    assert standing.answers["injected-drugs"] == RememberedAnswer(False, date(2026, 12, 1))
    assert remembered_from([], TEXT) == Remembered()


def test_an_old_record_file_is_migrated_with_its_remembered_answers(store, wall):
    """Version 1 (12 questions, one clearance date) is read as it was, and written as 2."""
    old_ids = [qid for qid in IDS if qid not in ("recent-infection", "injected-drugs")]
    answers = {**dict.fromkeys(old_ids, False), "cancer": True}
    store.path.write_text(
        json.dumps(
            {
                "version": 1,
                "revoked": False,
                "records": [
                    {
                        "taken_at": DAY1.isoformat(),
                        "answers": answers,
                        "outcome": "cleared-by-doctor",
                        "doctor_cleared_on": "2026-11-30",
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    assert store.latest().cleared == {"cancer": date(2026, 11, 30)}
    assert store.current_pass() is None  # the questions changed since: asked again
    asked = [q.id for q in gate(store, wall).screening().asked]
    assert "cancer" not in asked and "new-pain-over-50" not in asked
    assert "injected-drugs" in asked  # new: asked once
    assert screen(store, wall) is Outcome.CLEARED_BY_DOCTOR
    stored = json.loads(store.path.read_text(encoding="utf-8"))
    assert stored["version"] == 2 and len(stored["records"]) == 2
    assert stored["records"][0]["cleared"] == {"cancer": "2026-11-30"}
