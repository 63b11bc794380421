"""Screening results on disk: remembered passes, expiry at the reset hour, fail-closed reads."""

from __future__ import annotations

import json
import os
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from stretchtimer.adapters.screening_file import (
    HISTORY_LIMIT,
    ScreeningFile,
    load_screening_text,
    local_now,
)
from stretchtimer.core.screening import Outcome, Remembered, Screening, ScreeningRecord

TEXT = load_screening_text()
IDS = [q.id for q in TEXT.questions]
TZ = timezone(timedelta(hours=1))


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2025, 3, day, hour, minute, tzinfo=TZ)


class Now:
    """A settable clock."""

    def __init__(self, value: datetime) -> None:
        self.value = value

    def __call__(self) -> datetime:
        return self.value


def record(taken_at: datetime, yes: set[str] = frozenset(), cleared: bool = False):
    screening = Screening(TEXT)
    for qid in IDS:
        screening.answer(qid, qid in yes)
    if cleared:
        screening.confirm_doctor_clearance(taken_at.date())
    return screening.record(taken_at)


@pytest.fixture
def now():
    return Now(at(10, 9, 30))


@pytest.fixture
def store(tmp_path, now):
    return ScreeningFile(tmp_path / "data" / "screening.json", now=now)


def test_missing_file_is_not_screened(store):
    assert store.latest() is None
    assert store.current_pass() is None
    assert store.history() == []
    store.forget()
    assert not store.path.exists()


def test_clear_pass_is_remembered_until_four_next_morning(store, now):
    rec = record(at(10, 9, 30))
    store.save(rec)
    assert store.latest() == rec
    for moment in (at(10, 9, 30), at(10, 10, 30), at(10, 23, 59), at(11, 3, 59)):
        now.value = moment
        assert store.current_pass() == rec, moment
    now.value = at(11, 4, 0)
    assert store.current_pass() is None
    assert store.latest() == rec


def test_pass_at_three_in_the_morning_expires_at_four_the_same_day(store, now):
    rec = record(at(10, 3, 0))
    store.save(rec)
    now.value = at(10, 3, 59)
    assert store.current_pass() == rec
    now.value = at(10, 4, 0)
    assert store.current_pass() is None


def test_reset_hour_is_a_setting(tmp_path, now):
    store = ScreeningFile(tmp_path / "s.json", now=now, reset_hour=12)
    store.save(record(at(10, 9, 30)))
    now.value = at(10, 11, 59)
    assert store.current_pass() is not None
    now.value = at(10, 12, 0)
    assert store.current_pass() is None


def test_pass_compared_across_timezones(store, now):
    store.save(record(at(10, 9, 30)))
    now.value = at(11, 3, 30).astimezone(UTC)
    assert store.current_pass() is not None
    now.value = at(11, 4, 0).astimezone(UTC)
    assert store.current_pass() is None


def test_doctor_clearance_is_a_pass_and_kept_with_its_date(store):
    rec = record(at(10, 9, 0), {IDS[0]}, cleared=True)
    store.save(rec)
    assert store.current_pass() == rec
    assert store.latest().doctor_cleared_on == date(2025, 3, 10)
    stored = json.loads(store.path.read_text())
    assert stored["version"] == 2
    assert stored["records"][-1]["cleared"] == {IDS[0]: "2025-03-10"}
    assert stored["records"][-1]["outcome"] == "cleared-by-doctor"


@pytest.mark.parametrize(
    "rec",
    [
        record(at(10, 9, 0), {"bowel-bladder"}),
        record(at(10, 9, 0), {"injury"}),
    ],
    ids=["emergency", "see-a-doctor"],
)
def test_failed_screenings_are_stored_but_never_a_pass(store, rec):
    store.save(rec)
    assert store.latest() == rec
    assert store.current_pass() is None


def test_a_later_failure_replaces_an_earlier_pass(store, now):
    store.save(record(at(10, 9, 0)))
    store.save(record(at(10, 9, 10), {"bowel-bladder"}))
    assert store.current_pass() is None


def test_future_dated_pass_is_not_screened(store, now):
    store.save(record(at(10, 10, 0)))
    now.value = at(10, 9, 59)
    assert store.current_pass() is None


def test_forget_revokes_the_pass_but_keeps_history(store):
    store.save(record(at(10, 8, 0), {IDS[0]}, cleared=True))
    store.save(record(at(10, 9, 0)))
    store.forget()
    assert store.current_pass() is None
    assert len(store.history()) == 2
    assert store.history()[0].doctor_cleared_on == date(2025, 3, 10)
    store.save(record(at(10, 9, 30)))
    assert store.current_pass() is not None


def test_history_is_capped(store):
    first = at(1, 0)
    for n in range(HISTORY_LIMIT + 5):
        store.save(record(first + timedelta(minutes=n)))
    history = store.history()
    assert len(history) == HISTORY_LIMIT
    assert history[0].taken_at == first + timedelta(minutes=5)


def _valid_file() -> dict:
    rec = record(at(10, 9, 0))
    return {
        "version": 1,
        "revoked": False,
        "records": [
            {
                "taken_at": rec.taken_at.isoformat(),
                "answers": rec.answers,
                "outcome": "clear",
                "doctor_cleared_on": None,
            }
        ],
    }


def _edit(change):
    data = _valid_file()
    change(data)
    return json.dumps(data)


def _set(key, value, record_level=True):
    def change(data):
        (data["records"][0] if record_level else data)[key] = value

    return change


ODD_FILES = {
    "empty": "",
    "garbage": "\x00\x01not json",
    "truncated": json.dumps(_valid_file())[:-20],
    "list": "[]",
    "null": "null",
    "no-records-key": _edit(lambda d: d.pop("records")),
    "records-not-list": _edit(_set("records", {}, record_level=False)),
    "extra-top-key": _edit(_set("x", 1, record_level=False)),
    "version-2-with-old-records": _edit(_set("version", 2, record_level=False)),
    "version-3": _edit(_set("version", 3, record_level=False)),
    "version-true": _edit(_set("version", True, record_level=False)),
    "revoked-string": _edit(_set("revoked", "no", record_level=False)),
    "record-not-dict": _edit(lambda d: d["records"].__setitem__(0, "clear")),
    "record-missing-key": _edit(lambda d: d["records"][0].pop("outcome")),
    "record-extra-key": _edit(_set("passed", True)),
    "taken-at-number": _edit(_set("taken_at", 12345)),
    "taken-at-garbage": _edit(_set("taken_at", "yesterday")),
    "taken-at-naive": _edit(_set("taken_at", "2025-03-10T09:00:00")),
    "outcome-unknown": _edit(_set("outcome", "passed")),
    "outcome-number": _edit(_set("outcome", 1)),
    "answers-list": _edit(_set("answers", [False] * 7)),
    "answers-strings": _edit(_set("answers", dict.fromkeys(IDS, "no"))),
    "answers-ints": _edit(_set("answers", dict.fromkeys(IDS, 0))),
    "answers-null": _edit(_set("answers", dict.fromkeys(IDS))),
    "answers-empty": _edit(_set("answers", {})),
    "clear-with-yes": _edit(_set("answers", {**dict.fromkeys(IDS, False), IDS[0]: True})),
    "clear-with-clearance": _edit(_set("doctor_cleared_on", "2025-03-10")),
    "cleared-without-date": _edit(_set("outcome", "cleared-by-doctor")),
    "clearance-garbage": _edit(_set("doctor_cleared_on", 20250310)),
    "duplicate-key": json.dumps(_valid_file())[:-1] + ', "revoked": false}',
}


@pytest.mark.parametrize("content", ODD_FILES.values(), ids=ODD_FILES.keys())
def test_odd_files_mean_not_screened(store, content):
    store.path.parent.mkdir(parents=True)
    store.path.write_text(content, encoding="utf-8")
    assert store.current_pass() is None
    assert store.latest() is None


def test_the_valid_file_used_above_is_a_pass(store):
    store.path.parent.mkdir(parents=True)
    store.path.write_text(json.dumps(_valid_file()), encoding="utf-8")
    assert store.current_pass() is not None


def test_undecodable_file_is_not_screened(store):
    store.path.parent.mkdir(parents=True)
    store.path.write_bytes(b"\xff\xfe\x00garbage")
    assert store.current_pass() is None


def test_unreadable_path_is_not_screened(store):
    store.path.mkdir(parents=True)  # a folder where the file should be
    assert store.current_pass() is None
    assert store.latest() is None


def test_pass_for_other_questions_is_not_screened(store):
    data = _valid_file()
    data["records"][0]["answers"] = {"old-question": False}
    store.path.parent.mkdir(parents=True)
    store.path.write_text(json.dumps(data), encoding="utf-8")
    assert store.latest() is not None
    assert store.current_pass() is None


def test_pass_with_a_hidden_emergency_is_not_screened(store):
    rec = ScreeningRecord(
        at(10, 9, 0),
        {**dict.fromkeys(IDS, False), "bowel-bladder": True},
        Outcome.CLEARED_BY_DOCTOR,
        {"bowel-bladder": date(2025, 3, 10)},
    )
    store.save(rec)
    assert store.latest() == rec
    assert store.current_pass() is None


def test_save_over_an_odd_file_starts_a_new_history_and_keeps_the_odd_one_aside(store):
    store.path.parent.mkdir(parents=True)
    store.path.write_text("garbage", encoding="utf-8")
    assert store.remembered() == Remembered()  # unreadable: nothing remembered, all asked
    store.save(record(at(10, 9, 0)))
    assert len(store.history()) == 1
    assert store.current_pass() is not None
    kept = store.path.with_name("screening.json.unreadable-20250310T093000")
    assert kept.read_text(encoding="utf-8") == "garbage"  # never lost


def test_failed_write_leaves_the_old_file_intact(store, monkeypatch):
    store.save(record(at(10, 9, 0)))
    before = store.path.read_text()

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        store.save(record(at(10, 9, 20), {"bowel-bladder"}))
    with pytest.raises(OSError):
        store.forget()
    monkeypatch.undo()
    assert store.path.read_text() == before
    assert store.current_pass() is not None
    assert [p.name for p in store.path.parent.iterdir()] == ["screening.json"]


def test_naive_now_is_a_programming_error(tmp_path):
    store = ScreeningFile(tmp_path / "s.json", now=lambda: datetime(2025, 3, 10, 9, 30))
    store.save(record(at(10, 9, 0)))
    with pytest.raises(ValueError):
        store.current_pass()


def test_default_now_is_local_and_aware():
    assert local_now().utcoffset() is not None
