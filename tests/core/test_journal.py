"""A session written as it goes: start, each phase done or skipped, the ending."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from stretchtimer.adapters.store_sqlite import (
    BackgroundJournal,
    StoreThread,
    StoreUnavailable,
    open_store,
)
from stretchtimer.core.clock import FakeClock
from stretchtimer.core.engine import SessionEngine
from stretchtimer.core.journal import SessionJournal
from stretchtimer.core.records import PainCheckIn, PhaseRecord, ScreeningResult, SessionRecord
from stretchtimer.core.timeline import compile_timeline
from tests.support.factories import make_routine, make_step

WALL = datetime(2024, 5, 1, 8, 0, tzinfo=UTC)


def setup(path: Path) -> tuple[SessionJournal, SessionEngine, FakeClock]:
    store = open_store(path).store
    assert store is not None
    clock = FakeClock()
    routine = make_routine(make_step(prepare=5, hold=20, reps=2, rest=10, transition=0))
    engine = SessionEngine(compile_timeline(routine), clock)
    start = clock.now()
    journal = SessionJournal(store, lambda: WALL + timedelta(seconds=clock.now() - start))
    return journal, engine, clock


def read(path: Path) -> SessionRecord:
    store = open_store(path).store
    assert store is not None
    [record] = store.sessions()
    return record


def test_each_phase_is_written_as_it_ends(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    journal, engine, clock = setup(path)
    journal.start(engine.timeline)
    journal.events(engine.start())
    clock.advance(5)
    journal.events(engine.poll())  # prepare ended
    clock.advance(21)
    journal.events(engine.poll())  # the first hold ended
    during = read(path)
    assert during.ended is None
    assert [(p.kind, p.done) for p in during.phases] == [("prepare", True), ("hold", True)]
    assert json.loads(during.content or "")["name"] == "Test routine"
    clock.advance(3)
    journal.events(engine.skip())  # the rest left early
    journal.events(engine.stop())
    journal.end(engine.summary(), "stopped")
    after = read(path)
    assert after.ended == "stopped" and after.ended_at == WALL + timedelta(seconds=29)
    assert [(p.kind, p.done, p.seconds) for p in after.phases] == [
        ("prepare", True, 5.0),
        ("hold", True, 20.0),
        ("rest", False, 4.0),  # from 25 s to 29 s
        ("hold", False, 0.0),
    ]


def test_a_session_run_to_its_end_is_completed_with_every_phase_done(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    journal, engine, clock = setup(path)
    journal.start(engine.timeline)
    journal.events(engine.start())
    clock.advance(60)
    journal.events(engine.poll())
    journal.end(engine.summary(), "completed")
    record = read(path)
    assert record.ended == "completed" and all(p.done for p in record.phases)
    assert len(record.phases) == len(engine.timeline.phases)
    assert record.active_seconds == 55.0


class FailingLog:
    """A store that cannot write (full disk, read-only): counts the attempts."""

    def __init__(self) -> None:
        self.calls = 0

    def start_session(self, *args: object, **kwargs: object) -> int:
        self.calls += 1
        raise StoreUnavailable("the disk is full")

    def record_phase(self, session_id: int, phase: PhaseRecord, at: datetime) -> None:
        self.calls += 1

    def end_session(self, *args: object, **kwargs: object) -> None:
        self.calls += 1

    def sessions(self, since: date | None = None) -> list[SessionRecord]:
        return []

    def record_pain(self, check_in: PainCheckIn) -> None: ...
    def pain(self, since: date | None = None) -> list[PainCheckIn]:
        return []

    def record_screening(self, result: ScreeningResult) -> None: ...
    def screenings(self) -> list[ScreeningResult]:
        return []

    def delete(self, before: date | None = None) -> int:
        return 0


def test_a_store_that_fails_is_tried_once_and_the_session_runs_on() -> None:
    log = FailingLog()
    clock = FakeClock()
    engine = SessionEngine(compile_timeline(make_routine()), clock)
    journal = SessionJournal(log, lambda: WALL)
    journal.start(engine.timeline)
    journal.events(engine.start())
    clock.advance(500)
    journal.events(engine.poll())
    journal.end(engine.summary(), "completed")
    assert log.calls == 1 and str(journal.error) == "the disk is full"


def test_the_background_journal_writes_off_the_calling_thread(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    thread = StoreThread(lambda: open_store(path))
    clock = FakeClock()
    engine = SessionEngine(compile_timeline(make_routine()), clock)
    journal = BackgroundJournal(thread, lambda: WALL)
    journal.start(engine.timeline)
    journal.events(engine.start())
    clock.advance(7)
    journal.events(engine.poll())
    journal.events(engine.stop())
    journal.end(engine.summary(), "interrupted", "SIGTERM")
    assert journal.finish() is None
    thread.close()
    record = read(path)
    assert (record.ended, record.detail) == ("interrupted", "SIGTERM")
    assert [p.done for p in record.phases] == [True, False]


def test_check_ins_and_this_hurts_are_written_with_the_session(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    journal, engine, _clock = setup(path)
    journal.start(engine.timeline)
    journal.check_in(2, "before")
    journal.hurts("Bridge", "one-leg", 6)
    store = open_store(path).store
    assert store is not None
    sid = journal.session_id
    assert [(c.moment, c.score, c.session_id, c.exercise, c.kind) for c in store.pain()] == [
        ("before", 2, sid, None, None),
        ("hurts", 6, sid, "Bridge", "one-leg"),
    ]
