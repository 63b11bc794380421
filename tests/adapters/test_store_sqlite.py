"""The SQLite history store: what it keeps, the import of the old files, and every fault with a
real file (locked, read-only, damaged, newer)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from stretchtimer.adapters.store_sqlite import (
    SCHEMA_VERSION,
    Opened,
    SqliteStore,
    StoreThread,
    StoreUnavailable,
    open_store,
)
from stretchtimer.core.ports import ReminderEvent
from stretchtimer.core.records import PainCheckIn, PhaseRecord, ScreeningResult
from tests.support.pseudo_terminal import process_state

TZ = timezone(timedelta(hours=2))
WHEN = datetime(2024, 5, 1, 8, 30, tzinfo=TZ)


def opened(path: Path, **options: object) -> SqliteStore:
    result = open_store(path, now=WHEN, **options)  # type: ignore[arg-type]
    assert result.store is not None, result.problem
    return result.store


def run_one(
    store: SqliteStore, at: datetime = WHEN, phases: int = 3, ended: str = "completed"
) -> int:
    sid = store.start_session("morning", "Morning", at, content='{"steps": 3}', easier=True)
    for i in range(phases):
        store.record_phase(sid, PhaseRecord(i, f"Hold {i}", "hold", 30.0, i != 1), at)
    store.end_session(sid, at + timedelta(minutes=2), ended, detail=None)
    return sid


def test_a_session_is_kept_with_its_phases(tmp_path: Path) -> None:
    store = opened(tmp_path / "h.sqlite3")
    sid = run_one(store)
    [record] = store.sessions()
    assert record.id == sid and record.ended == "completed" and record.easier
    assert record.started_at == WHEN and record.started_at.utcoffset() == timedelta(hours=2)
    assert [p.done for p in record.phases] == [True, False, True]
    assert record.active_seconds == 60.0  # the phases done
    assert record.content == '{"steps": 3}'


def test_schema_wal_and_foreign_keys(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    opened(path).close()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    store = opened(path)
    assert store.connection.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    with pytest.raises(StoreUnavailable):  # a phase of no session: refused by the foreign key
        store.record_phase(999, PhaseRecord(0, "x", "hold", 1, True), WHEN)


def test_sessions_since_a_day_and_pain_screenings_reminders(tmp_path: Path) -> None:
    store = opened(tmp_path / "h.sqlite3")
    for day in range(5):
        run_one(store, WHEN + timedelta(days=day))
    assert len(store.sessions(since=date(2024, 5, 3))) == 3
    store.record_pain(PainCheckIn(WHEN, 4, "before", note="stiff"))
    store.record_pain(PainCheckIn(WHEN, None, "hurts", session_id=1, exercise="Cat-cow"))
    assert [(c.score, c.moment, c.exercise) for c in store.pain()] == [
        (4, "before", None),
        (None, "hurts", "Cat-cow"),
    ]
    store.record_screening(ScreeningResult(WHEN, "clear"))
    assert store.screenings() == [ScreeningResult(WHEN, "clear")]
    event = ReminderEvent(WHEN, "walk", "snoozed", "10 min")
    store.record(event)
    assert store.events(WHEN - timedelta(seconds=1)) == [event]


def test_delete_before_a_day_and_all(tmp_path: Path) -> None:
    store = opened(tmp_path / "h.sqlite3")
    for day in range(4):
        run_one(store, WHEN + timedelta(days=day))
    store.record_pain(PainCheckIn(WHEN, 4, "before", session_id=1))
    assert store.delete(before=date(2024, 5, 3)) == 2
    assert [s.started_at.day for s in store.sessions()] == [3, 4]
    assert store.pain() == []
    assert store.delete() == 2 and store.sessions() == []


def test_a_session_whose_process_is_gone_is_interrupted_at_the_next_start(tmp_path: Path) -> None:
    """A process killed with SIGKILL mid-routine: the phases it wrote are there, and the
    next start records the session as interrupted."""
    path = tmp_path / "h.sqlite3"
    opened(path).close()
    script = f"""
import os, signal
from datetime import datetime, timedelta, timezone
from pathlib import Path
from stretchtimer.adapters.store_sqlite import open_store
from stretchtimer.core.ports import ReminderEvent
from stretchtimer.core.records import PhaseRecord
at = datetime(2024, 5, 1, 8, 30, tzinfo=timezone.utc)
store = open_store(Path({str(path)!r})).store
sid = store.start_session("morning", "Morning", at)
store.record_phase(sid, PhaseRecord(0, "Get ready", "prepare", 5, True), at + timedelta(seconds=5))
store.record_phase(sid, PhaseRecord(1, "Hold", "hold", 30, True), at + timedelta(seconds=35))
os.kill(os.getpid(), signal.SIGKILL)
"""
    done = subprocess.run([sys.executable, "-c", script], timeout=60)
    assert done.returncode == -signal.SIGKILL
    [record] = opened(path).sessions()
    assert record.ended == "interrupted"
    assert [p.name for p in record.phases] == ["Get ready", "Hold"]
    assert record.ended_at == datetime(2024, 5, 1, 8, 30, 35, tzinfo=UTC)  # its last phase


def test_a_session_another_process_is_running_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    store = opened(path)
    sid = store.start_session("morning", "Morning", WHEN)
    other = opened(path)  # the same process: alive
    assert other.sessions()[0].ended is None
    store.end_session(sid, WHEN, "stopped")
    assert other.sessions()[0].ended == "stopped"


def test_two_processes_write_at_once(tmp_path: Path) -> None:
    """Two writers on the same file take turns (busy timeout, WAL): nothing is lost."""
    path = tmp_path / "h.sqlite3"
    opened(path).close()
    script = f"""
from datetime import datetime, timezone
from pathlib import Path
from stretchtimer.adapters.store_sqlite import open_store
from stretchtimer.core.ports import ReminderEvent
from stretchtimer.core.records import PainCheckIn
store = open_store(Path({str(path)!r})).store
for i in range(200):
    store.record_pain(PainCheckIn(datetime(2024, 5, 1, tzinfo=timezone.utc), i % 11, "any"))
"""
    procs = [subprocess.Popen([sys.executable, "-c", script]) for _ in range(2)]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    assert len(opened(path).pain()) == 400


def test_the_store_thread_owns_its_connection(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    threads: set[int] = set()

    def opener() -> Opened:
        threads.add(threading.get_ident())
        return open_store(path)

    worker = StoreThread(opener)
    for day in range(3):
        worker.submit(lambda s, day=day: run_one(s, WHEN + timedelta(days=day)))
    count = worker.submit(lambda s: len(s.sessions())).result(timeout=30)
    worker.close()
    assert count == 3 and threading.get_ident() not in threads and len(threads) == 1


# -- the import of the old files -----------------------------------------------------------------


def history_lines() -> list[bytes]:
    good = [
        {
            "finished_at": (WHEN + timedelta(days=i)).isoformat(),
            "routine_id": "morning-back",
            "routine_name": "Morning back mobility",
            "completed": i != 1,
            "active_seconds": 300.0,
            "holds_done": 3,
            "holds_total": 3,
            **({"ended": "interrupted", "how": "SIGTERM"} if i == 2 else {}),
        }
        for i in range(3)
    ]
    lines = [json.dumps(g).encode() for g in good]
    lines.insert(1, b'{"finished_at": "2024-05-01T08:30:00+02:00", "routine_id": "cut')  # cut short
    lines.insert(2, b"\xff\xfe garbage \x00\x01")  # not UTF-8
    lines.insert(3, b"[1, 2, 3]")  # JSON, not an entry
    lines.append(json.dumps({**good[0], "finished_at": "2024-05-09T08:00:00"}).encode())  # naive
    return lines


def test_first_start_imports_history_jsonl_and_keeps_it_renamed(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    raw = b"\n".join(history_lines()) + b"\n"
    (data / "history.jsonl").write_bytes(raw)
    result = open_store(data / "history.sqlite3", now=WHEN, import_from=data)
    assert result.store is not None
    assert result.imported.sessions == 3 and result.imported.skipped == 4
    assert not (data / "history.jsonl").exists()
    assert (data / "history.jsonl.imported").read_bytes() == raw  # kept, every byte
    assert "4 unreadable line(s) skipped" in (result.notice or "")
    sessions = result.store.sessions()
    assert [(s.ended, s.detail) for s in sessions] == [
        ("completed", None),
        ("stopped", None),
        ("interrupted", "SIGTERM"),
    ]
    assert sessions[0].started_at == WHEN + timedelta(days=0) - timedelta(seconds=300)


def test_an_import_cut_short_before_the_rename_adds_nothing_twice(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    raw = b"\n".join(history_lines())
    (data / "history.jsonl").write_bytes(raw)
    opened(data / "history.sqlite3", import_from=data).close()
    (data / "history.jsonl").write_bytes(raw)  # as if the rename had not happened
    again = open_store(data / "history.sqlite3", now=WHEN, import_from=data)
    assert again.store is not None and len(again.store.sessions()) == 3
    assert (data / "history.jsonl.imported-20240501T083000").read_bytes() == raw


def test_reminders_jsonl_is_imported(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    lines = [
        json.dumps(
            {"at": WHEN.isoformat(), "reminder": "walk", "action": "snoozed", "detail": None}
        ),
        "not json",
        json.dumps(
            {"at": WHEN.isoformat(), "reminder": "walk", "action": "walked", "detail": "5 min"}
        ),
    ]
    (data / "reminders.jsonl").write_text("\n".join(lines) + "\n")
    result = open_store(data / "history.sqlite3", now=WHEN, import_from=data)
    assert result.store is not None
    assert [e.action for e in result.store.events(WHEN)] == ["snoozed", "walked"]
    assert result.imported.skipped == 1 and (data / "reminders.jsonl.imported").exists()


# -- faults, with real files ---------------------------------------------------------------------


def test_a_damaged_file_is_moved_aside_and_a_fresh_one_started(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    garbage = b"this is not a database" + bytes(range(256)) * 20
    path.write_bytes(garbage)
    result = open_store(path, now=WHEN)
    moved = tmp_path / "history.sqlite3.damaged-20240501T083000"
    assert moved.read_bytes() == garbage
    assert result.store is not None and result.problem is None
    assert str(moved) in (result.notice or "")
    run_one(result.store)
    assert len(result.store.sessions()) == 1


def test_a_newer_schema_is_not_touched(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    run_one(opened(path))
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    before = path.read_bytes()
    result = open_store(path, now=WHEN)
    assert result.store is None
    assert "newer stretchtimer" in (result.problem or "")
    assert path.read_bytes() == before


def test_a_locked_file_says_so(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    run_one(opened(path))
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        result = open_store(path, now=WHEN, timeout=0.2)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.store is None and "locked" in (result.problem or "")
    assert len(opened(path).sessions()) == 1  # untouched


@contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """Make ``folder`` read-only for real: tests may run as root, where chmod alone does not
    stop a write, so a read-only bind mount."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        yield
        folder.chmod(0o755)
        return
    made = subprocess.run(["mount", "--bind", str(folder), str(folder)], capture_output=True)
    if made.returncode != 0:
        pytest.skip(f"cannot make a read-only bind mount: {made.stderr.decode().strip()}")
    try:
        subprocess.run(["mount", "-o", "remount,ro,bind", str(folder)], check=True)
        yield
    finally:
        if subprocess.run(["umount", str(folder)]).returncode != 0:
            subprocess.run(["umount", "-l", str(folder)], check=True)


def test_a_read_only_folder_says_so(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "history.sqlite3"
    store = opened(path)
    run_one(store)
    store.close()
    before = path.read_bytes()
    with read_only(folder):
        with pytest.raises(OSError):
            (folder / "probe").write_text("x")
        result = open_store(path, now=WHEN)
        fresh = open_store(folder / "new.sqlite3", now=WHEN)
    assert result.store is None and result.problem
    assert "read-only" in result.problem or "cannot be opened" in result.problem
    assert fresh.store is None and fresh.problem
    assert path.read_bytes() == before


def test_the_store_thread_without_a_store_does_nothing(tmp_path: Path) -> None:
    worker = StoreThread(lambda: Opened(None, problem="the history file is locked"))
    assert worker.submit(lambda s: s.sessions()).result(timeout=30) is None
    assert worker.opened.result().problem == "the history file is locked"


def test_a_killed_process_not_yet_reaped_is_not_running(tmp_path: Path) -> None:
    """A session whose process was killed but is still a zombie (its parent has not waited
    for it) is interrupted all the same."""
    path = tmp_path / "h.sqlite3"
    store = opened(path)
    sid = store.start_session("morning", "Morning", WHEN)
    zombie = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    zombie.kill()
    while process_state(zombie.pid) != "Z":
        pass  # until the kernel has made it a zombie (not reaped: no wait() yet)
    store.connection.execute("UPDATE sessions SET pid = ? WHERE id = ?", (zombie.pid, sid))
    try:
        assert store.close_abandoned() == 1
    finally:
        zombie.wait()
    assert store.sessions()[0].ended == "interrupted"


def test_a_first_version_file_gains_the_kind_of_a_this_hurts(tmp_path: Path) -> None:
    """A file written by the first schema (no ``kind``) is migrated, its check-ins kept."""
    from stretchtimer.adapters.store_sqlite import MIGRATIONS

    path = tmp_path / "h.sqlite3"
    db = sqlite3.connect(path)
    db.executescript(MIGRATIONS[0])
    db.execute(
        "INSERT INTO pain (at, at_ts, score, moment) VALUES (?, ?, 4, 'before')",
        (WHEN.isoformat(), WHEN.timestamp()),
    )
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()
    store = opened(path)
    store.record_pain(PainCheckIn(WHEN, None, "hurts", exercise="Bridge", kind="emergency"))
    assert [(c.moment, c.score, c.kind) for c in store.pain()] == [
        ("before", 4, None),
        ("hurts", None, "emergency"),
    ]
    assert store.connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


# The routine home offers first, read at start without SQLite (adapters/last_routine.py).
LAST_ROUTINE_AT_START = """
import sys
from stretchtimer.compose import build_root

last = build_root().last_routine_id()
history = (
    "sqlite3",
    "stretchtimer.core.history",
    "stretchtimer.core.records",  # the sessions' classes
    "stretchtimer.adapters.store_sqlite",
)
print(last, any(name in sys.modules for name in history))
"""


def test_each_session_keeps_its_routine_beside_the_store_for_home(tmp_path: Path) -> None:
    from stretchtimer.adapters import last_routine

    db = tmp_path / "h.sqlite3"
    store = opened(db)
    assert last_routine.read(last_routine.beside(db)) == (True, None)  # no session yet
    run_one(store)
    assert last_routine.read(last_routine.beside(db)) == (True, "morning")
    store.start_session("evening", "Evening", WHEN + timedelta(hours=9))
    assert last_routine.beside(db).read_text() == "evening\n"


def test_a_history_from_before_the_file_writes_it_as_it_opens(tmp_path: Path) -> None:
    """A store with sessions and no file beside it (from before the file came, or the file
    lost): the first open writes it, so later starts need not ask SQLite."""
    from stretchtimer.adapters import last_routine

    db = tmp_path / "h.sqlite3"
    store = opened(db)
    run_one(store)
    store.close()
    last_routine.beside(db).unlink()
    opened(db).close()
    assert last_routine.read(last_routine.beside(db)) == (True, "morning")
    last_routine.beside(db).write_text("not a routine id \x1b[2J\n")  # unreadable: asked again
    opened(db).close()
    assert last_routine.read(last_routine.beside(db)) == (True, "morning")


def test_deleting_the_history_forgets_the_last_routine(tmp_path: Path) -> None:
    from stretchtimer.adapters import last_routine

    db = tmp_path / "h.sqlite3"
    store = opened(db)
    run_one(store)
    store.delete()
    assert last_routine.read(last_routine.beside(db)) == (True, None)


def test_home_learns_the_last_routine_without_opening_sqlite(tmp_path: Path) -> None:
    """With no history yet, and after a session and a later write to the history (a
    reminder answered, which the start-up cache cannot see past), a start reads the last
    routine without loading the history's code (sqlite3, the store, the history rules, the
    sessions' classes)."""
    env = {
        **os.environ,
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }
    at_start = [sys.executable, "-c", LAST_ROUTINE_AT_START]
    assert subprocess.run(at_start, env=env, capture_output=True, text=True).stdout == (
        "None False\n"
    )
    db = tmp_path / "data" / "stretchtimer" / "history.sqlite3"
    store = opened(db)
    out = subprocess.run(at_start, env=env, capture_output=True, text=True, check=True).stdout
    assert out == "None False\n"  # a history with no session yet (reminders answered, say)
    run_one(store)
    store.record(ReminderEvent(WHEN + timedelta(hours=1), "walk", "due", None))
    store.close()
    out = subprocess.run(at_start, env=env, capture_output=True, text=True, check=True).stdout
    assert out == "morning False\n"
