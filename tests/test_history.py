"""The session history store: append, read back, corrupt lines, cap, atomic writes."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from stretchtimer.core import history as history_module
from stretchtimer.core.engine import SessionSummary, StepResult
from stretchtimer.core.history import HistoryEntry, HistoryStore

WHEN = datetime(2024, 5, 1, 8, 30, tzinfo=UTC)


def summary(name: str = "Morning", completed: bool = True, done: int = 5) -> SessionSummary:
    steps = (StepResult(0, "A", 3, 3, False), StepResult(1, "B", done - 3, 3, done < 6))
    return SessionSummary(
        routine_id=name.lower(),
        routine_name=name,
        steps=steps,
        active_seconds=412.345,
        completed=completed,
        started_at=10.0,
        ended_at=422.0,
    )


def test_append_and_read_back(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "deep" / "history.jsonl")
    assert store.entries() == []
    entry = store.append(summary(completed=False), WHEN)
    store.append(summary("Evening"), WHEN + timedelta(hours=10))
    assert store.entries() == [
        entry,
        HistoryEntry(WHEN + timedelta(hours=10), "evening", "Evening", True, 412.3, 5, 6),
    ]
    assert entry == HistoryEntry(WHEN, "morning", "Morning", False, 412.3, 5, 6)
    lines = store.path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    assert json.loads(lines[0])["finished_at"] == "2024-05-01T08:30:00+00:00"


def test_naive_datetimes_round_trip(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "h.jsonl")
    store.append(summary(), datetime(2024, 1, 2, 3, 4, 5))
    assert store.entries()[0].finished_at == datetime(2024, 1, 2, 3, 4, 5)


def test_corrupt_lines_are_skipped_and_dropped_on_rewrite(tmp_path: Path) -> None:
    path = tmp_path / "h.jsonl"
    good = HistoryEntry(WHEN, "a", "A", True, 60.0, 3, 3)
    bad_fields = dict(json.loads(good.to_json()), holds_done="3")
    path.write_text(
        "\n".join(
            [
                "{not json",
                good.to_json(),
                "[1, 2, 3]",
                '{"routine_id": "x"}',
                json.dumps(dict(json.loads(good.to_json()), finished_at="yesterday")),
                json.dumps(bad_fields),
                json.dumps(dict(json.loads(good.to_json()), completed="yes")),
                "",
                good.to_json()[:20],
            ]
        ),
        encoding="utf-8",
    )
    store = HistoryStore(path)
    assert store.entries() == [good]
    store.append(summary(), WHEN)
    assert len(store.entries()) == 2
    assert len(path.read_text(encoding="utf-8").splitlines()) == 2


def test_unreadable_files_read_as_empty(tmp_path: Path) -> None:
    binary = tmp_path / "bin.jsonl"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    assert HistoryStore(binary).entries() == []
    folder = tmp_path / "folder"
    folder.mkdir()
    assert HistoryStore(folder).entries() == []


def test_capped_oldest_first_out(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "h.jsonl", max_entries=5)
    for i in range(8):
        store.append(summary(f"R{i}"), WHEN + timedelta(days=i))
    assert [e.routine_name for e in store.entries()] == ["R3", "R4", "R5", "R6", "R7"]


def test_append_writes_atomically(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = HistoryStore(tmp_path / "h.jsonl")
    store.append(summary("Before"), WHEN)
    before = store.path.read_bytes()
    calls: list[Path] = []
    real = history_module.write_atomic

    def spy(path: Path, text: str) -> None:
        calls.append(path)
        real(path, text)

    monkeypatch.setattr(history_module, "write_atomic", spy)
    store.append(summary("After"), WHEN)
    assert calls == [store.path]

    def fail(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("stretchtimer.adapters.files.os.replace", fail)
    store.path.write_bytes(before)
    with pytest.raises(OSError):
        store.append(summary("Lost"), WHEN)
    assert store.path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["h.jsonl"]
