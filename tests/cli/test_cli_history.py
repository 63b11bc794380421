"""``stretchtimer history``, ``stats`` and ``pain``, through a subprocess."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

from stretchtimer.adapters.store_sqlite import SCHEMA_VERSION, SqliteStore, open_store
from stretchtimer.core.records import PainCheckIn, PhaseRecord
from tests.support.cli_helpers import env_for, stretchtimer

NOW = datetime.now().astimezone()


def data_dir(home: Path) -> Path:
    folder = home / "data" / "stretchtimer"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def seeded(home: Path) -> SqliteStore:
    store = open_store(data_dir(home) / "history.sqlite3").store
    assert store is not None
    return store


def add_session(store: SqliteStore, at: datetime, ended: str, detail: str | None = None) -> None:
    sid = store.start_session("morning-back", "Morning back", at, easier=ended == "hurt")
    store.record_phase(sid, PhaseRecord(0, "Hold", "hold", 30, True), at)
    store.record_phase(sid, PhaseRecord(1, "Hold", "hold", 30, False), at)
    store.end_session(sid, at + timedelta(minutes=1), ended, detail=detail)


def test_history_json_has_stable_keys_and_how_each_ended(tmp_path: Path) -> None:
    store = seeded(tmp_path)
    add_session(store, NOW - timedelta(days=2), "completed")
    add_session(store, NOW - timedelta(days=1), "hurt", "Cat-cow")
    add_session(store, NOW, "interrupted", "SIGTERM")
    store.close()
    done = stretchtimer(tmp_path, "history", "--format", "json")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert [sorted(r) for r in rows] == [
        sorted(
            [
                "id",
                "routine_id",
                "routine",
                "started_at",
                "ended_at",
                "minutes",
                "ended",
                "detail",
                "easier",
                "phases_done",
                "phases_total",
                "phases",
            ]
        )
    ] * 3
    assert [(r["ended"], r["detail"]) for r in rows] == [
        ("completed", None),
        ("hurt", "Cat-cow"),
        ("interrupted", "SIGTERM"),
    ]
    assert rows[0]["phases"][1] == {"name": "Hold", "kind": "hold", "seconds": 30.0, "done": False}
    since = (NOW - timedelta(days=1)).date().isoformat()
    table = stretchtimer(tmp_path, "history", "--since", since)
    assert "hurt (easier)" in table.stdout and "completed" not in table.stdout
    csv = stretchtimer(tmp_path, "history", "--format", "csv").stdout.splitlines()
    assert csv[0].startswith("id,routine_id,routine,started_at") and len(csv) == 4


def test_phases_are_done_of_the_routines_total(tmp_path: Path) -> None:
    """An interrupted 42-phase routine, its first phase cut short, reads 0/42 (not 0/1, the
    phases reached); a session whose routine the history never kept reads 1/?."""
    store = seeded(tmp_path)
    content = json.dumps({"id": "morning-back", "phases": [["hold", "Knee", 30]] * 42})
    sid = store.start_session("morning-back", "Morning back", NOW, content=content)
    store.record_phase(sid, PhaseRecord(0, "Prepare", "prepare", 2, False), NOW)
    store.end_session(sid, NOW + timedelta(seconds=2), "interrupted", detail="SIGTERM")
    sid = store.start_session("walk-break", "Walk break", NOW + timedelta(minutes=5))
    store.record_phase(sid, PhaseRecord(0, "Walk", "cardio", 300, True), NOW)
    store.end_session(sid, NOW + timedelta(minutes=10), "completed")
    store.close()
    table = stretchtimer(tmp_path, "history").stdout.splitlines()
    assert table[0].split()[4] == "PHASES"
    column = table[0].index("PHASES")
    assert [line[column:].split()[0] for line in table[1:]] == ["0/42", "1/?"], table
    csv = [
        line.split(",")[-2:]
        for line in stretchtimer(tmp_path, "history", "--format", "csv").stdout.splitlines()
    ]
    assert csv == [["phases_done", "phases_total"], ["0", "42"], ["1", ""]]
    rows = json.loads(stretchtimer(tmp_path, "history", "--format", "json").stdout)
    assert [(r["phases_done"], r["phases_total"]) for r in rows] == [(0, 42), (1, None)]


def test_first_start_imports_history_jsonl(tmp_path: Path) -> None:
    line = {
        "finished_at": "2024-05-01T08:30:00+02:00",
        "routine_id": "m",
        "routine_name": "Morning \x1b[31mred",
        "completed": False,
        "active_seconds": 90.0,
        "holds_done": 1,
        "holds_total": 3,
        "ended": "stopped",
    }
    raw = json.dumps(line) + "\n{broken\n"
    (data_dir(tmp_path) / "history.jsonl").write_text(raw)
    done = stretchtimer(tmp_path, "history")
    assert done.returncode == 0
    assert "imported 1 session(s)" in done.stderr and "1 unreadable line(s)" in done.stderr
    assert "Morning \\x1b[31mred" in done.stdout and "\x1b" not in done.stdout
    assert (data_dir(tmp_path) / "history.jsonl.imported").read_text() == raw
    again = stretchtimer(tmp_path, "history")
    assert again.stderr == "" and again.stdout == done.stdout


def test_pain_is_recorded_and_stats_show_the_trend_and_the_two_week_rule(tmp_path: Path) -> None:
    store = seeded(tmp_path)
    add_session(store, NOW - timedelta(days=1), "completed")
    store.record_pain(PainCheckIn(NOW - timedelta(days=20), 6, "before"))
    store.record_pain(PainCheckIn(NOW - timedelta(days=20, minutes=-5), 4, "after"))
    store.close()
    done = stretchtimer(tmp_path, "pain", "7", "--note", "after gardening")
    assert done.returncode == 0, done.stderr
    assert "Recorded pain 7" in done.stdout
    assert "Pain for more than two weeks" in done.stdout and "not medical advice" in done.stdout
    stats = stretchtimer(tmp_path, "stats")
    assert "Sessions: 1" in stats.stdout and "of 150 minutes" in stats.stdout
    assert "6.0 -> 4.0" in stats.stdout
    assert "Pain for more than two weeks" in stats.stdout
    bad = stretchtimer(tmp_path, "pain", "11")
    assert bad.returncode == 2 and "0 to 10" in bad.stderr and "Traceback" not in bad.stderr


def test_delete_asks_first(tmp_path: Path) -> None:
    store = seeded(tmp_path)
    add_session(store, NOW - timedelta(days=10), "completed")
    add_session(store, NOW, "completed")
    store.close()
    kept = stretchtimer(tmp_path, "history", "--delete", input="no\n")
    assert kept.returncode == 1 and "Nothing deleted" in kept.stdout
    before = (NOW - timedelta(days=5)).date().isoformat()
    done = stretchtimer(tmp_path, "history", "--delete", "--before", before, input="yes\n")
    assert done.returncode == 0 and "Deleted 1 session(s)" in done.stdout
    assert len(json.loads(stretchtimer(tmp_path, "history", "--format", "json").stdout)) == 1
    wrong = stretchtimer(tmp_path, "history", "--before", before)
    assert wrong.returncode == 2 and "--before goes with --delete" in wrong.stderr


def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    store = seeded(tmp_path)
    for day in range(3000):
        add_session(store, NOW - timedelta(hours=day), "completed")
    store.close()
    for command in ("history", "stats"):
        done = subprocess.run(
            f"{sys.executable} -m stretchtimer {command} | head -1",
            shell=True,
            capture_output=True,
            text=True,
            env=env_for(tmp_path),
            timeout=120,
        )
        assert done.stderr == "" and len(done.stdout.splitlines()) == 1


def test_a_newer_store_is_left_alone_and_said(tmp_path: Path) -> None:
    path = data_dir(tmp_path) / "history.sqlite3"
    seeded(tmp_path).close()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    db.close()
    before = path.read_bytes()
    done = stretchtimer(tmp_path, "history")
    assert done.returncode == 2 and "newer stretchtimer" in done.stderr
    assert "Traceback" not in done.stderr and path.read_bytes() == before


def test_a_damaged_store_is_moved_aside_and_said(tmp_path: Path) -> None:
    path = data_dir(tmp_path) / "history.sqlite3"
    path.write_bytes(b"\x00garbage" * 100)
    done = stretchtimer(tmp_path, "pain", "2")
    assert done.returncode == 0, done.stderr
    [moved] = list(path.parent.glob("history.sqlite3.damaged-*"))
    assert moved.read_bytes() == b"\x00garbage" * 100 and str(moved) in done.stderr


def test_history_and_stats_show_a_renamed_routines_sessions_under_its_new_id_and_name(
    tmp_path: Path,
) -> None:
    store = seeded(tmp_path)
    for days, routine in ((3, "mine"), (2, "mine"), (0, "mine")):
        at = NOW - timedelta(days=days)
        sid = store.start_session(routine, "Mine", at)
        store.end_session(sid, at + timedelta(minutes=1), "completed")
    store.close()
    routines = tmp_path / "config" / "stretchtimer" / "routines"
    routines.mkdir(parents=True)
    (routines / "evenings.yaml").write_text(
        "version: 1\nname: Evenings\nsteps:\n  - exercise: plank\n"
    )
    (routines / "mine.yaml").write_text(  # a new "mine", made after the rename
        "version: 1\nname: Mine again\nsteps:\n  - exercise: plank\n"
    )
    renamed_at = (NOW - timedelta(days=1)).isoformat()
    (data_dir(tmp_path) / "renames.jsonl").write_text(
        json.dumps({"from": "mine", "to": "evenings", "at": renamed_at}) + "\n"
    )
    done = stretchtimer(tmp_path, "history", "--format", "json")
    assert done.returncode == 0, done.stderr
    rows = [(r["routine_id"], r["routine"]) for r in json.loads(done.stdout)]
    assert rows == [("evenings", "Evenings"), ("evenings", "Evenings"), ("mine", "Mine again")]
    table = stretchtimer(tmp_path, "history").stdout
    assert table.count("Evenings") == 2 and "Mine again" in table
    stats = stretchtimer(tmp_path, "stats")
    assert stats.returncode == 0, stats.stderr
    assert "By routine: Evenings 2, Mine again 1" in stats.stdout.splitlines()
