"""The session history: append, read back, how a session ended, and nothing ever lost."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from stretchtimer.adapters.files import AppendOnlyFile
from stretchtimer.core.engine import SessionSummary, StepResult
from stretchtimer.core.history import Ending, HistoryEntry, HistoryStore

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


def file_store(path: Path) -> HistoryStore:
    return HistoryStore(AppendOnlyFile(path))


def old_lines(count: int) -> list[str]:
    """Lines as the app wrote them before sessions said how they ended."""
    return [
        json.dumps(
            {
                "finished_at": (WHEN + timedelta(days=i)).isoformat(),
                "routine_id": "morning-back",
                "routine_name": "Morning back mobility",
                "completed": i % 2 == 0,
                "active_seconds": 60.0,
                "holds_done": 3,
                "holds_total": 3 if i % 2 == 0 else 6,
            }
        )
        for i in range(count)
    ]


class MemoryLines:
    """Lines in memory, recording what was done to them."""

    def __init__(self, lines: list[str] | None = None, error: OSError | None = None) -> None:
        self.lines = list(lines or [])
        self.error = error
        self.appended: list[str] = []

    def read_lines(self) -> list[str]:
        if self.error:
            raise self.error
        return list(self.lines)

    def append_line(self, line: str) -> None:
        self.appended.append(line)
        self.lines.append(line)


# -- the core ------------------------------------------------------------------------------------


def test_append_and_read_back(tmp_path: Path) -> None:
    store = file_store(tmp_path / "deep" / "history.jsonl")
    assert store.entries() == []
    entry = store.append(summary(completed=False), WHEN)
    store.append(summary("Evening"), WHEN + timedelta(hours=10))
    assert store.entries() == [
        entry,
        HistoryEntry(
            WHEN + timedelta(hours=10), "evening", "Evening", True, 412.3, 5, 6, Ending.COMPLETED
        ),
    ]
    assert entry == HistoryEntry(WHEN, "morning", "Morning", False, 412.3, 5, 6, Ending.STOPPED)
    lines = (tmp_path / "deep" / "history.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    assert json.loads(lines[0])["finished_at"] == "2024-05-01T08:30:00+00:00"


def test_naive_datetimes_round_trip(tmp_path: Path) -> None:
    store = file_store(tmp_path / "h.jsonl")
    store.append(summary(), datetime(2024, 1, 2, 3, 4, 5))
    assert store.entries()[0].finished_at == datetime(2024, 1, 2, 3, 4, 5)


def test_how_a_session_ended_is_recorded() -> None:
    lines = MemoryLines()
    store = HistoryStore(lines)
    store.append(summary(completed=False), WHEN, ended=Ending.INTERRUPTED, how="SIGTERM")
    store.append(summary(completed=False), WHEN, ended=Ending.HURT)
    store.append(summary(completed=False), WHEN)
    store.append(summary(), WHEN)
    written = [json.loads(line) for line in lines.appended]
    assert written[0]["ended"] == "interrupted" and written[0]["how"] == "SIGTERM"
    assert written[0]["completed"] is False  # still there for the versions before
    assert (written[0]["holds_done"], written[0]["holds_total"]) == (5, 6)
    assert [w["ended"] for w in written[1:]] == ["hurt", "stopped", "completed"]
    assert all("how" not in w for w in written[1:])
    assert [(e.ended, e.how) for e in store.entries()] == [
        (Ending.INTERRUPTED, "SIGTERM"),
        (Ending.HURT, None),
        (Ending.STOPPED, None),
        (Ending.COMPLETED, None),
    ]


def test_lines_from_before_read_as_completed_or_stopped() -> None:
    entries = HistoryStore(MemoryLines(old_lines(2))).entries()
    assert [(e.completed, e.ended, e.how) for e in entries] == [
        (True, Ending.COMPLETED, None),
        (False, Ending.STOPPED, None),
    ]


def test_an_ending_from_a_later_version_is_read_as_written() -> None:
    line = json.loads(old_lines(1)[0]) | {"ended": "abandoned", "how": "power cut"}
    (entry,) = HistoryStore(MemoryLines([json.dumps(line)])).entries()
    assert (entry.ended, entry.how) == ("abandoned", "power cut")


def test_lines_that_are_not_entries_are_skipped_and_never_rewritten() -> None:
    good = HistoryEntry(WHEN, "a", "A", True, 60.0, 3, 3, Ending.COMPLETED)
    bad_fields = dict(json.loads(good.to_json()), holds_done="3")
    odd = [
        "{not json",
        "[1, 2, 3]",
        '{"routine_id": "x"}',
        json.dumps(dict(json.loads(good.to_json()), finished_at="yesterday")),
        json.dumps(bad_fields),
        json.dumps(dict(json.loads(good.to_json()), completed="yes")),
        json.dumps(dict(json.loads(good.to_json()), ended=3)),
        json.dumps(dict(json.loads(good.to_json()), how=["x"])),
        "",
        good.to_json()[:20],
    ]
    lines = MemoryLines([odd[0], good.to_json(), *odd[1:]])
    store = HistoryStore(lines)
    assert store.entries() == [good]
    store.append(summary(), WHEN)
    assert len(store.entries()) == 2
    assert lines.lines[:-1] == [odd[0], good.to_json(), *odd[1:]]  # only added to


def test_a_history_that_cannot_be_read_gives_no_entries_and_is_only_added_to() -> None:
    lines = MemoryLines(old_lines(3), error=PermissionError(13, "Permission denied"))
    store = HistoryStore(lines)
    assert store.entries() == []
    store.append(summary(), WHEN)
    assert lines.lines[:3] == old_lines(3)
    assert len(lines.appended) == 1


# -- a real file ---------------------------------------------------------------------------------


def six_lines_with(path: Path, odd: bytes) -> bytes:
    """Six entries in ``path``, the fourth line replaced by ``odd``; returns the bytes."""
    lines = [line.encode() for line in old_lines(6)]
    lines[3] = odd
    data = b"\n".join(lines) + b"\n"
    path.write_bytes(data)
    return data


def test_a_line_that_is_not_utf8_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "history.jsonl"
    before = six_lines_with(path, b'{"routine_name": "Caf\xe9"}')
    store = file_store(path)
    assert len(store.entries()) == 5
    store.append(summary("New"), WHEN)
    after = path.read_bytes()
    assert after.startswith(before)
    assert len(after.splitlines()) == 7
    assert [e.routine_name for e in store.entries()][-1] == "New"
    assert len(store.entries()) == 6


def test_a_utf16_file_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "history.jsonl"
    path.write_text("\n".join(old_lines(6)) + "\n", encoding="utf-16")
    before = path.read_bytes()
    store = file_store(path)
    store.append(summary("New"), WHEN)
    after = path.read_bytes()
    assert after.startswith(before)
    assert [e.routine_name for e in store.entries()] == ["New"]
    assert before.decode("utf-16").splitlines() == old_lines(6)


def test_a_file_that_cannot_be_read_is_left_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As a file owned by someone else or with no read permission: the system refuses."""
    path = tmp_path / "history.jsonl"
    before = six_lines_with(path, old_lines(4)[3].encode())
    real_read_bytes, real_read_text = Path.read_bytes, Path.read_text

    def refuse(real):
        def read(self: Path, *args, **kwargs):
            if self == path:
                raise PermissionError(13, "Permission denied", str(self))
            return real(self, *args, **kwargs)

        return read

    monkeypatch.setattr(Path, "read_bytes", refuse(real_read_bytes))
    monkeypatch.setattr(Path, "read_text", refuse(real_read_text))
    store = file_store(path)
    assert store.entries() == []
    store.append(summary("New"), WHEN)
    monkeypatch.undo()
    assert path.read_bytes().startswith(before)
    assert [e.routine_name for e in store.entries()][-1] == "New"
    assert len(store.entries()) == 7


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_a_file_without_read_permission_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "history.jsonl"
    before = six_lines_with(path, old_lines(4)[3].encode())
    path.chmod(0o200)
    try:
        store = file_store(path)
        assert store.entries() == []
        store.append(summary("New"), WHEN)
    finally:
        path.chmod(0o600)
    assert path.read_bytes().startswith(before)
    assert len(store.entries()) == 7


def test_a_file_cut_short_mid_line_keeps_that_line_apart(tmp_path: Path) -> None:
    path = tmp_path / "history.jsonl"
    whole, cut = old_lines(2)
    path.write_text(whole + "\n" + cut[:30], encoding="utf-8")
    store = file_store(path)
    store.append(summary("New"), WHEN)
    assert path.read_text(encoding="utf-8").splitlines()[:2] == [whole, cut[:30]]
    assert [e.routine_name for e in store.entries()] == ["Morning back mobility", "New"]


def test_no_entry_is_dropped_to_a_cap(tmp_path: Path) -> None:
    path = tmp_path / "history.jsonl"
    path.write_text("\n".join(old_lines(1001)) + "\n", encoding="utf-8")
    store = file_store(path)
    store.append(summary("New"), WHEN)
    entries = store.entries()
    assert len(entries) == 1002
    assert entries[0].finished_at == WHEN and entries[-1].routine_name == "New"


def test_a_failed_append_leaves_the_file_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "history.jsonl"
    before = six_lines_with(path, old_lines(4)[3].encode())
    store = file_store(path)

    def full(fd: int, data: bytes) -> int:
        raise OSError(28, "No space left on device")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("stretchtimer.adapters.files.os.write", full)
        with pytest.raises(OSError):
            store.append(summary("Lost"), WHEN)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["history.jsonl"]


def test_a_new_history_file_is_private(tmp_path: Path) -> None:
    path = tmp_path / "data" / "history.jsonl"
    file_store(path).append(summary(), WHEN)
    assert path.stat().st_mode & 0o077 == 0
