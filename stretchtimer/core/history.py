"""The session history: one JSON object per line, newest last, rewritten atomically."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from stretchtimer.adapters.files import write_atomic
from stretchtimer.core.engine import SessionSummary

MAX_ENTRIES = 1000


@dataclass(frozen=True)
class HistoryEntry:
    """One finished (or stopped) session."""

    finished_at: datetime
    routine_id: str
    routine_name: str
    completed: bool
    active_seconds: float
    holds_done: int
    holds_total: int

    @classmethod
    def from_summary(cls, summary: SessionSummary, finished_at: datetime) -> HistoryEntry:
        return cls(
            finished_at=finished_at,
            routine_id=summary.routine_id,
            routine_name=summary.routine_name,
            completed=summary.completed,
            active_seconds=round(summary.active_seconds, 1),
            holds_done=sum(s.holds_done for s in summary.steps),
            holds_total=sum(s.holds_total for s in summary.steps),
        )

    def to_json(self) -> str:
        data = asdict(self)
        data["finished_at"] = self.finished_at.isoformat()
        return json.dumps(data, ensure_ascii=False)

    @classmethod
    def from_json(cls, line: str) -> HistoryEntry | None:
        """The entry on ``line``, or ``None`` if it is not a valid entry."""
        try:
            data: Any = json.loads(line)
            if not isinstance(data, dict):
                return None
            entry = cls(
                finished_at=datetime.fromisoformat(data["finished_at"]),
                routine_id=data["routine_id"],
                routine_name=data["routine_name"],
                completed=data["completed"],
                active_seconds=data["active_seconds"],
                holds_done=data["holds_done"],
                holds_total=data["holds_total"],
            )
        except (ValueError, KeyError, TypeError):
            return None
        return entry if _well_typed(entry) else None


def _well_typed(e: HistoryEntry) -> bool:
    def is_int(v: object) -> bool:
        return isinstance(v, int) and not isinstance(v, bool)

    return (
        isinstance(e.routine_id, str)
        and isinstance(e.routine_name, str)
        and isinstance(e.completed, bool)
        and (is_int(e.active_seconds) or isinstance(e.active_seconds, float))
        and is_int(e.holds_done)
        and is_int(e.holds_total)
    )


class HistoryStore:
    """Sessions in a JSON-lines file, capped at ``max_entries`` (oldest dropped first)."""

    def __init__(self, path: Path, *, max_entries: int = MAX_ENTRIES) -> None:
        self.path = path
        self.max_entries = max_entries

    def entries(self) -> list[HistoryEntry]:
        """Every readable entry, oldest first; corrupt lines and unreadable files give none."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return []
        parsed = (HistoryEntry.from_json(line) for line in text.splitlines() if line.strip())
        return [e for e in parsed if e is not None]

    def append(self, summary: SessionSummary, finished_at: datetime) -> HistoryEntry:
        """Record a session and return its entry; corrupt lines are dropped on rewrite."""
        entry = HistoryEntry.from_summary(summary, finished_at)
        kept = [*self.entries(), entry][-self.max_entries :]
        write_atomic(self.path, "".join(e.to_json() + "\n" for e in kept))
        return entry
