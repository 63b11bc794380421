"""The history store in SQLite (the standard library's ``sqlite3``).

WAL mode, so a reader (the CLI, a reminder window) never waits for a session being written in
another process; a busy timeout, so two writers take turns; foreign keys on; every write in
its own transaction; the schema's version in ``PRAGMA user_version``, with migrations.

A connection belongs to the thread that opened it (sqlite3's rule): the app keeps one store
per worker thread (:class:`StoreThread`), the CLI and plain mode use one on their own thread.

Faults never stop the app from running routines and never delete or overwrite the person's
data: :func:`open_store` returns why history is not being saved (locked, read-only, written by
a newer version), and a file that is not a database is moved aside with a timestamp and a
fresh one started.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any, TypeVar

from stretchtimer.adapters import last_routine
from stretchtimer.core.history import HistoryEntry
from stretchtimer.core.ports import ReminderEvent, ReminderLog
from stretchtimer.core.records import (
    PAIN_MOMENTS,
    PainCheckIn,
    PhaseRecord,
    ScreeningResult,
    SessionRecord,
)

log = logging.getLogger(__name__)
T = TypeVar("T")

LATEST_ROUTINE = "SELECT routine_id FROM sessions ORDER BY started_ts DESC LIMIT 1"
BUSY_TIMEOUT = 5.0  # seconds a write waits for another process's transaction

MIGRATIONS: tuple[str, ...] = (
    # 1: sessions and their phases, pain check-ins, screenings, reminder events
    """
    CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        routine_id TEXT NOT NULL,
        routine_name TEXT NOT NULL,
        content TEXT,
        started_at TEXT NOT NULL,
        started_ts REAL NOT NULL,
        ended_at TEXT,
        ended TEXT CHECK (ended IN ('completed', 'stopped', 'hurt', 'interrupted')),
        detail TEXT,
        easier INTEGER NOT NULL DEFAULT 0,
        active_seconds REAL NOT NULL DEFAULT 0,
        last_seen TEXT,
        pid INTEGER,
        import_key TEXT UNIQUE
    );
    CREATE INDEX sessions_started ON sessions (started_ts);
    CREATE TABLE phases (
        session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        seconds REAL NOT NULL,
        done INTEGER NOT NULL,
        PRIMARY KEY (session_id, idx)
    );
    CREATE TABLE pain (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        at_ts REAL NOT NULL,
        score INTEGER CHECK (score BETWEEN 0 AND 10),
        moment TEXT NOT NULL,
        note TEXT,
        session_id INTEGER REFERENCES sessions (id) ON DELETE SET NULL,
        exercise TEXT
    );
    CREATE INDEX pain_at ON pain (at_ts);
    CREATE TABLE screenings (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        at_ts REAL NOT NULL,
        outcome TEXT NOT NULL,
        detail TEXT
    );
    CREATE TABLE reminder_events (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        at_ts REAL NOT NULL,
        reminder_id TEXT NOT NULL,
        action TEXT NOT NULL,
        detail TEXT,
        import_key TEXT UNIQUE
    );
    CREATE INDEX reminder_events_at ON reminder_events (at_ts);
    """,
    # 2: what a "this hurts" was (pain at the stretch, one leg, an emergency sign)
    """
    ALTER TABLE pain ADD COLUMN kind TEXT;
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


class StoreUnavailable(OSError):
    """History cannot be saved; ``reason`` says why in words for the person."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class ImportReport:
    """What the first start brought in from the old JSON-lines files."""

    sessions: int = 0
    reminder_events: int = 0
    skipped: int = 0  # lines that could not be read (kept in the renamed file)
    kept_as: tuple[Path, ...] = ()


@dataclass
class Opened:
    """The result of :func:`open_store`: a store, or the reason there is none."""

    store: SqliteStore | None
    problem: str | None = None  # said once: why history is not being saved
    notice: str | None = None  # said once: a corrupt file moved aside, an import done
    imported: ImportReport = field(default_factory=ImportReport)


def _ts(at: datetime) -> float:
    return at.timestamp()


def _day_ts(day: date) -> float:
    """The earliest instant that is ``day`` anywhere on Earth (UTC+14): a bound for queries,
    refined by each row's own local day."""
    return datetime.combine(day, time(), tzinfo=UTC).timestamp() - 14 * 3600


class SqliteStore:
    """Sessions, pain check-ins, screenings and reminder events in one SQLite file.

    Implements :class:`~stretchtimer.core.ports.SessionLog` and
    :class:`~stretchtimer.core.ports.ReminderLog`. Use it
    from the thread that created it.
    """

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self.connection = connection
        self.path = path

    def close(self) -> None:
        self.connection.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One transaction: committed at the end, rolled back on any error. Errors become
        :class:`StoreUnavailable` (an ``OSError``) with the reason in words."""
        try:
            with _immediate(self.connection) as connection:
                yield connection
        except sqlite3.Error as error:
            raise StoreUnavailable(describe(error, self.path)) from error

    def _read(self, sql: str, args: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        try:
            return self.connection.execute(sql, args).fetchall()
        except sqlite3.Error as error:
            raise StoreUnavailable(describe(error, self.path)) from error

    # -- sessions ----------------------------------------------------------------------------

    def start_session(
        self,
        routine_id: str,
        routine_name: str,
        started_at: datetime,
        *,
        content: str | None = None,
        easier: bool = False,
    ) -> int:
        with self._write() as db:
            cursor = db.execute(
                "INSERT INTO sessions (routine_id, routine_name, content, started_at,"
                " started_ts, easier, last_seen, pid) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    routine_id,
                    routine_name,
                    content,
                    started_at.isoformat(),
                    _ts(started_at),
                    int(easier),
                    started_at.isoformat(),
                    os.getpid(),
                ),
            )
            assert cursor.lastrowid is not None
            session_id = cursor.lastrowid
        last_routine.write(last_routine.beside(self.path), routine_id)  # what home offers first
        return session_id

    def record_phase(self, session_id: int, phase: PhaseRecord, at: datetime) -> None:
        with self._write() as db:
            db.execute(
                "INSERT OR REPLACE INTO phases (session_id, idx, name, kind, seconds, done)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (session_id, phase.index, phase.name, phase.kind, phase.seconds, phase.done),
            )
            db.execute(
                "UPDATE sessions SET last_seen = ?,"
                " active_seconds = active_seconds + ? WHERE id = ?",
                (at.isoformat(), phase.seconds if phase.done else 0.0, session_id),
            )

    def end_session(
        self,
        session_id: int,
        ended_at: datetime,
        ended: str,
        *,
        detail: str | None = None,
        active_seconds: float | None = None,
        easier: bool = False,
    ) -> None:
        with self._write() as db:
            db.execute(
                "UPDATE sessions SET ended_at = ?, ended = ?, detail = ?, pid = NULL,"
                " active_seconds = COALESCE(?, active_seconds), easier = MAX(easier, ?)"
                " WHERE id = ?",
                (ended_at.isoformat(), ended, detail, active_seconds, int(easier), session_id),
            )

    def close_abandoned(self, alive: Callable[[int], bool] = lambda pid: _alive(pid)) -> int:
        """Record as interrupted every session whose process is gone (killed, the terminal
        closed); returns how many. A session another running process is writing is left."""
        rows = self._read("SELECT id, pid, last_seen FROM sessions WHERE ended IS NULL")
        gone = [r for r in rows if r["pid"] is None or not alive(r["pid"])]
        if gone:
            with self._write() as db:
                db.executemany(
                    "UPDATE sessions SET ended = 'interrupted', ended_at = last_seen,"
                    " detail = 'the app was closed or killed', pid = NULL WHERE id = ?",
                    [(r["id"],) for r in gone],
                )
        return len(gone)

    def sessions(self, since: date | None = None) -> list[SessionRecord]:
        bound = _day_ts(since) if since else float("-inf")
        rows = self._read(
            "SELECT * FROM sessions WHERE started_ts >= ? ORDER BY started_ts", (bound,)
        )
        phases: dict[int, list[PhaseRecord]] = {}
        for p in self._read(
            "SELECT phases.* FROM phases JOIN sessions ON sessions.id = phases.session_id"
            " WHERE sessions.started_ts >= ? ORDER BY session_id, idx",
            (bound,),
        ):
            phases.setdefault(p["session_id"], []).append(
                PhaseRecord(p["idx"], p["name"], p["kind"], p["seconds"], bool(p["done"]))
            )
        records = (_session(r, tuple(phases.get(r["id"], ()))) for r in rows)
        return [s for s in records if since is None or s.started_at.date() >= since]

    def minutes_by_day(self) -> dict[date, float]:
        """Active minutes per local day (the date a session started where it was), all time:
        one small query, however long the history."""
        rows = self._read(
            "SELECT substr(started_at, 1, 10) AS day, sum(active_seconds) AS s"
            " FROM sessions GROUP BY day"
        )
        return {date.fromisoformat(r["day"]): r["s"] / 60 for r in rows}

    def recent(self, count: int) -> list[SessionRecord]:
        """The last ``count`` sessions (without their phases), newest first."""
        rows = self._read("SELECT * FROM sessions ORDER BY started_ts DESC LIMIT ?", (count,))
        return [_session(r, ()) for r in rows]

    def sessions_count(self) -> int:
        return int(self._read("SELECT count(*) FROM sessions")[0][0])

    # -- pain, screenings --------------------------------------------------------------------

    def record_pain(self, check_in: PainCheckIn) -> None:
        if check_in.moment not in PAIN_MOMENTS:
            raise ValueError(f"unknown moment {check_in.moment!r}")
        with self._write() as db:
            db.execute(
                "INSERT INTO pain (at, at_ts, score, moment, note, session_id, exercise, kind)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    check_in.at.isoformat(),
                    _ts(check_in.at),
                    check_in.score,
                    check_in.moment,
                    check_in.note,
                    check_in.session_id,
                    check_in.exercise,
                    check_in.kind,
                ),
            )

    def pain(self, since: date | None = None) -> list[PainCheckIn]:
        bound = _day_ts(since) if since else float("-inf")
        rows = self._read("SELECT * FROM pain WHERE at_ts >= ? ORDER BY at_ts", (bound,))
        found = [
            PainCheckIn(
                at=datetime.fromisoformat(r["at"]),
                score=r["score"],
                moment=r["moment"],
                note=r["note"],
                session_id=r["session_id"],
                exercise=r["exercise"],
                kind=r["kind"],
            )
            for r in rows
        ]
        return [c for c in found if since is None or c.at.date() >= since]

    def record_screening(self, result: ScreeningResult) -> None:
        with self._write() as db:
            db.execute(
                "INSERT INTO screenings (at, at_ts, outcome, detail) VALUES (?, ?, ?, ?)",
                (result.at.isoformat(), _ts(result.at), result.outcome, result.detail),
            )

    def screenings(self) -> list[ScreeningResult]:
        rows = self._read("SELECT * FROM screenings ORDER BY at_ts")
        return [
            ScreeningResult(datetime.fromisoformat(r["at"]), r["outcome"], r["detail"])
            for r in rows
        ]

    # -- reminder events (the reminder log) --------------------------------------------------

    def record(self, event: ReminderEvent) -> None:
        """Record one reminder event (what was done with a reminder): the ReminderLog."""
        with self._write() as db:
            db.execute(
                "INSERT INTO reminder_events (at, at_ts, reminder_id, action, detail)"
                " VALUES (?, ?, ?, ?, ?)",
                (
                    event.at.isoformat(),
                    _ts(event.at),
                    event.reminder_id,
                    event.action,
                    event.detail,
                ),
            )

    def events(self, since: datetime) -> list[ReminderEvent]:
        """The reminder events at or after ``since``, oldest first."""
        rows = self._read(
            "SELECT * FROM reminder_events WHERE at_ts >= ? ORDER BY at_ts", (_ts(since),)
        )
        return [
            ReminderEvent(
                datetime.fromisoformat(r["at"]), r["reminder_id"], r["action"], r["detail"]
            )
            for r in rows
        ]

    # -- the person's right to delete ---------------------------------------------------------

    def delete(self, before: date | None = None) -> int:
        """Delete sessions, pain check-ins and reminder events (before ``before``, or all);
        screenings stay (they are the safety record). Returns how many sessions went."""
        bound = _day_ts(before) + 14 * 3600 if before else float("inf")
        with self._write() as db:
            count = db.execute(
                "DELETE FROM sessions WHERE started_ts < ? AND ended IS NOT NULL", (bound,)
            ).rowcount
            db.execute("DELETE FROM pain WHERE at_ts < ?", (bound,))
            db.execute("DELETE FROM reminder_events WHERE at_ts < ?", (bound,))
        self.keep_last_routine()  # home no longer offers a deleted session's routine first
        return count

    def keep_last_routine(self, *, only_if_unknown: bool = False) -> None:
        """Write the routine of the latest session (or that there is none) beside the store,
        for home's first frame (``adapters/last_routine.py``); ``only_if_unknown``: only when
        the file is missing or unreadable. Never raises: home can always ask the store."""
        path = last_routine.beside(self.path)
        if only_if_unknown and last_routine.read(path)[0]:
            return
        try:
            rows = self._read(LATEST_ROUTINE)
        except StoreUnavailable as error:
            log.warning("could not read the latest routine: %s", error.reason)
            return
        last_routine.write(path, str(rows[0][0]) if rows else None)

    # -- importing the old files ---------------------------------------------------------------

    def import_history_lines(self, lines: list[str]) -> tuple[int, int]:
        """Bring in ``history.jsonl``'s lines (as sessions without phases); returns (imported,
        skipped). A line already imported is not imported twice."""
        rows, skipped = [], 0
        for line in lines:
            if not line.strip():
                continue
            entry = HistoryEntry.from_json(line)
            if entry is None or entry.finished_at.tzinfo is None:
                skipped += 1
                continue
            ended = (
                entry.ended
                if entry.ended in ("completed", "stopped", "hurt", "interrupted")
                else "stopped"
            )
            try:  # a date at the edge of the calendar: 0001-01-01 less a minute
                started = entry.finished_at - timedelta(seconds=entry.active_seconds)
                started_ts = _ts(started)
            except (OverflowError, ValueError):
                skipped += 1
                continue
            rows.append(
                (
                    entry.routine_id,
                    entry.routine_name,
                    started.isoformat(),
                    started_ts,
                    entry.finished_at.isoformat(),
                    ended,
                    entry.how,
                    float(entry.active_seconds),
                    import_key("history.jsonl", line),
                )
            )
        with self._write() as db:
            before = db.total_changes
            db.executemany(
                "INSERT OR IGNORE INTO sessions (routine_id, routine_name, started_at,"
                " started_ts, ended_at, ended, detail, active_seconds, import_key)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            imported = db.total_changes - before
        return imported, skipped

    def import_reminder_lines(self, lines: list[str]) -> tuple[int, int]:
        """Bring in ``reminders.jsonl``'s lines; returns (imported, skipped)."""
        rows, skipped = [], 0
        for line in lines:
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                at = datetime.fromisoformat(data["at"])
                reminder, action, detail = data["reminder"], data["action"], data.get("detail")
                if (
                    at.tzinfo is None
                    or not isinstance(reminder, str)
                    or not isinstance(action, str)
                ):
                    raise ValueError
                if detail is not None and not isinstance(detail, str):
                    raise ValueError
            except (ValueError, KeyError, TypeError):
                skipped += 1
                continue
            key = import_key("reminders.jsonl", line)
            rows.append((at.isoformat(), _ts(at), reminder, action, detail, key))
        with self._write() as db:
            before = db.total_changes
            db.executemany(
                "INSERT OR IGNORE INTO reminder_events (at, at_ts, reminder_id, action, detail,"
                " import_key) VALUES (?, ?, ?, ?, ?, ?)",
                rows,
            )
            imported = db.total_changes - before
        return imported, skipped


def latest_routine_id(path: Path) -> str | None:
    """The routine of the latest session in the store at ``path`` (read only; None when
    there is none or the file cannot be read)."""
    try:
        db = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=1.0)
        try:
            row = db.execute(LATEST_ROUTINE).fetchone()
        finally:
            db.close()
    except sqlite3.Error:
        return None
    return str(row[0]) if row else None


def _session(row: sqlite3.Row, phases: tuple[PhaseRecord, ...]) -> SessionRecord:
    return SessionRecord(
        id=row["id"],
        routine_id=row["routine_id"],
        routine_name=row["routine_name"],
        started_at=datetime.fromisoformat(row["started_at"]),
        ended_at=datetime.fromisoformat(row["ended_at"]) if row["ended_at"] else None,
        ended=row["ended"],
        detail=row["detail"],
        easier=bool(row["easier"]),
        active_seconds=row["active_seconds"],
        phases=phases,
        content=row["content"],
    )


def _alive(pid: int) -> bool:
    """Whether a process ``pid`` runs on this machine (one we may not signal still runs; a
    killed one its parent has not yet reaped, a zombie, does not)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # Linux: the state after the command's name in /proc/PID/stat
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state not in ("Z", "X")


def describe(error: sqlite3.Error, path: Path) -> str:
    """Why the store failed, in words for the person."""
    text = str(error).lower()
    if "locked" in text or "busy" in text:
        return f"the history file {path} is locked by another program"
    if "readonly" in text or "read-only" in text:
        return f"the history file {path} cannot be written (read-only)"
    if "unable to open" in text:
        return f"the history file {path} cannot be opened or created"
    if "disk is full" in text or "full" in text:
        return f"the disk holding {path} is full"
    if "not a database" in text or "malformed" in text:
        return f"the history file {path} is damaged"
    return f"the history file {path} cannot be used: {error}"


# -- opening -----------------------------------------------------------------------------------


def _connect(path: Path, timeout: float) -> sqlite3.Connection:
    connection = sqlite3.connect(path, timeout=timeout, isolation_level=None)
    connection.row_factory = sqlite3.Row
    connection.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
    connection.execute("PRAGMA foreign_keys = ON")
    return connection


def _migrate(connection: sqlite3.Connection, path: Path) -> None:
    """Bring the schema up to :data:`SCHEMA_VERSION`; refuse a newer one (never touched)."""
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise StoreUnavailable(
            f"the history file {path} was written by a newer stretchtimer "
            f"(schema {version}; this version knows up to {SCHEMA_VERSION})"
        )
    if version == SCHEMA_VERSION:
        return
    if connection.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        connection.execute("PRAGMA journal_mode = WAL")
    with _immediate(connection):
        # re-read inside the write lock: another process may have migrated meanwhile
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            for statement in script.split(";"):
                if statement.strip():
                    connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {number}")


def _probe_write(connection: sqlite3.Connection) -> None:
    """Take the write lock and write the header once, so a locked or read-only file is found
    at the start (and said once), not in the middle of a session."""
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    with _immediate(connection):
        connection.execute(f"PRAGMA user_version = {int(version)}")


@contextmanager
def _immediate(connection: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction, its lock taken at once: committed at the end, rolled back on
    any error (the store's writes, the migrations and the start's probe alike)."""
    with connection:
        connection.execute("BEGIN IMMEDIATE")
        yield connection


def _damaged(error: sqlite3.Error) -> bool:
    text = str(error).lower()
    return "not a database" in text or "malformed" in text


def _move_aside(path: Path, now: datetime) -> Path:
    """Rename a damaged file (and its WAL and shared-memory files) with a timestamp."""
    stamp = now.strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.damaged-{stamp}-{n}")
    os.replace(path, target)
    for suffix in ("-wal", "-shm"):
        extra = path.with_name(path.name + suffix)
        if extra.exists():
            os.replace(extra, target.with_name(target.name + suffix))
    return target


def _open(path: Path, timeout: float) -> SqliteStore:
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = _connect(path, timeout)
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        _migrate(connection, path)
        _probe_write(connection)
    except BaseException:
        connection.close()
        raise
    return SqliteStore(connection, path)


def _keep_renamed(path: Path, now: datetime) -> Path:
    target = path.with_name(f"{path.name}.imported")
    if target.exists():
        target = path.with_name(f"{path.name}.imported-{now.strftime('%Y%m%dT%H%M%S')}")
    os.replace(path, target)
    return target


def _read_lines(path: Path) -> list[str] | None:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    lines = []
    for raw in data.split(b"\n"):
        try:
            lines.append(raw.decode("utf-8-sig").rstrip("\r"))
        except UnicodeDecodeError:
            lines.append("\x00")  # counted as skipped; the bytes stay in the kept file
    return lines


def import_old_files(store: SqliteStore, folder: Path, now: datetime) -> ImportReport:
    """Import ``history.jsonl`` and ``reminders.jsonl`` from ``folder`` if they are there,
    then rename each (``.imported``), kept: nothing is ever deleted. Importing twice (a crash
    before the rename) adds nothing twice."""
    sessions = reminders = skipped = 0
    kept: list[Path] = []
    for name, importer in (
        ("history.jsonl", store.import_history_lines),
        ("reminders.jsonl", store.import_reminder_lines),
    ):
        path = folder / name
        lines = _read_lines(path)
        if lines is None:
            continue
        added, bad = importer(lines)
        if name == "history.jsonl":
            sessions += added
        else:
            reminders += added
        skipped += bad
        kept.append(_keep_renamed(path, now))
    return ImportReport(sessions, reminders, skipped, tuple(kept))


def import_key(source: str, line: str) -> str:
    """The key of a line imported from an old JSON-lines file (the same line is one row).

    ``hashlib`` is imported here, not at the top: it loads OpenSSL's libcrypto, 0.5 MB of
    every process's memory that opens the store, and only an import of old files hashes.
    """
    import hashlib

    return f"{source}:{hashlib.sha256(line.encode()).hexdigest()}"


def open_store(
    path: Path,
    *,
    now: datetime | None = None,
    timeout: float = BUSY_TIMEOUT,
    import_from: Path | None = None,
) -> Opened:
    """Open (or create) the store at ``path``; never raises for a fault of the file.

    A damaged file is moved aside with a timestamp and a fresh one started (``notice`` says
    where); a locked, read-only or newer one gives no store and the ``problem`` in words.
    The old JSON-lines files in ``import_from`` are imported once the store is open.
    """
    now = now or datetime.now(UTC).astimezone()
    notice = None
    try:
        try:
            store = _open(path, timeout)
        except sqlite3.DatabaseError as error:
            if not _damaged(error):
                raise
            moved = _move_aside(path, now)
            notice = f"the history file was damaged; it was kept as {moved} and a new one started"
            store = _open(path, timeout)
        store.close_abandoned()
        report = ImportReport()
        if import_from is not None:
            report = import_old_files(store, import_from, now)
        store.keep_last_routine(only_if_unknown=True)
    except StoreUnavailable as error:
        return Opened(None, problem=error.reason, notice=notice)
    except sqlite3.Error as error:
        return Opened(None, problem=describe(error, path), notice=notice)
    except OSError as error:
        return Opened(
            None,
            problem=f"the history file {path} cannot be used: {error.strerror or error}",
            notice=notice,
        )
    if report.sessions or report.reminder_events or report.skipped:
        kept = ", ".join(str(p) for p in report.kept_as)
        bad = f"; {report.skipped} unreadable line(s) skipped" if report.skipped else ""
        notice = (
            f"imported {report.sessions} session(s) and {report.reminder_events} reminder "
            f"event(s){bad}; the old file(s) kept as {kept}"
        )
    return Opened(store, notice=notice, imported=report)


class StoreThread:
    """The store on one thread of its own, for the app's event loop.

    sqlite3's rule is one connection per thread: this thread opens the store (``opener``, at
    once) and runs every call after it, in order. Writes are queued without waiting, so the
    event loop never blocks on the disk. :attr:`opened` says whether the store could be used
    (and why not). With no store, calls do nothing and give None.
    """

    def __init__(self, opener: Callable[[], Opened]) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="history")
        self.opened: Future[Opened] = self._executor.submit(opener)

    def submit(self, call: Callable[[SqliteStore], T]) -> Future[T | None]:
        """Run ``call(store)`` on the store's thread, after every call submitted before."""
        return self.submit_or(call, lambda: None)

    def submit_or(self, call: Callable[[SqliteStore], T], otherwise: Callable[[], T]) -> Future[T]:
        """Run ``call(store)`` on the store's thread, after every call submitted before; or,
        with no store, ``otherwise()`` there (decided on that thread: the caller never waits
        for the store to open)."""

        def run() -> T:
            store = self.opened.result().store
            return call(store) if store is not None else otherwise()

        return self._executor.submit(run)

    def flush(self, timeout: float = 10.0) -> None:
        """Wait until every call submitted so far has run."""
        self.submit(lambda _store: None).result(timeout)

    def close(self) -> None:
        """Finish the queued calls, then close the connection."""
        self.submit(lambda store: store.close()).result()
        self._executor.shutdown(wait=True)


class StoreReminderLog:
    """The reminder events kept in the history store, written on its own thread (the
    ReminderLog of the reminders); where the store cannot be used, in ``fallback`` (the
    JSON-lines file the store imports once it can be used again), on that thread too.

    :meth:`record` and :meth:`events` wait for the store (plain mode), so a failure reaches
    the caller as ``OSError``; :meth:`record_later` and :meth:`events_later` return at once
    with a future (the app's event loop).
    """

    def __init__(self, thread: StoreThread, fallback: ReminderLog) -> None:
        self._thread = thread
        self._fallback = fallback

    def record(self, event: ReminderEvent) -> None:
        error = self.record_later(event).result()
        if error is not None:
            raise error

    def record_later(self, event: ReminderEvent) -> Future[OSError | None]:
        """Queue ``event`` and return at once: the future holds the ``OSError`` the write met,
        or None once it is written."""
        return self._thread.submit_or(
            lambda store: _failure(store.record, event),
            lambda: _failure(self._fallback.record, event),
        )

    def events(self, since: datetime) -> list[ReminderEvent]:
        return self.events_later(since).result()

    def events_later(self, since: datetime) -> Future[list[ReminderEvent]]:
        """The events at or after ``since``, read after every write queued before (an
        ``OSError`` in the future when they cannot be read)."""

        def read(store: SqliteStore) -> list[ReminderEvent]:
            try:
                return store.events(since)
            except sqlite3.Error as error:
                raise OSError(f"the history store cannot be read: {error}") from error

        return self._thread.submit_or(read, lambda: self._fallback.events(since))


def _failure(write: Callable[[ReminderEvent], None], event: ReminderEvent) -> OSError | None:
    """``write(event)``: the ``OSError`` it met (an SQLite error in words), else None."""
    try:
        write(event)
    except OSError as error:
        return error
    except sqlite3.Error as error:
        return OSError(f"the history store cannot be written: {error}")
    return None


class BackgroundJournal:
    """A :class:`~stretchtimer.core.journal.SessionJournal` run on the store's own thread.

    The app's event loop only queues the engine's events; the writes happen in order on the
    thread that owns the connection. :meth:`finish` waits for them (at quit) and returns the
    first error, if any, for the app to say once.
    """

    def __init__(self, thread: StoreThread, wall: Callable[[], datetime]) -> None:
        from stretchtimer.core.journal import SessionJournal

        self._thread = thread
        self._journal = thread.submit(lambda store: SessionJournal(store, wall))

    def _call(self, action: Callable[[Any], object]) -> Future[object | None]:
        journal = self._journal
        return self._thread.submit(lambda _store: action(journal.result()))

    def start(self, timeline: Any, *, easier: bool | None = None) -> None:
        self._call(lambda j: j.start(timeline, easier=easier))

    def events(self, events: list[Any]) -> None:
        if events:
            self._call(lambda j: j.events(list(events)))

    def hurts(
        self, exercise: str | None, kind: str | None = None, score: int | None = None
    ) -> None:
        self._call(lambda j: j.hurts(exercise, kind, score))

    def check_in(self, score: int, moment: str) -> None:
        self._call(lambda j: j.check_in(score, moment))

    def end(self, summary: Any, ended: str, detail: str | None = None) -> Future[object | None]:
        return self._call(lambda j: j.end(summary, ended, detail))

    def outcome(self) -> Future[object | None]:
        """Without waiting: the first error the journal met (an ``OSError``; None if every
        write went in), once every write queued so far has run."""
        return self._call(lambda j: j.error)

    def finish(self, timeout: float = 5.0) -> OSError | None:
        """Wait for every queued write; the first error the journal met, if any."""
        return self.outcome().result(timeout)  # type: ignore[return-value]
