"""The session history: one JSON object per line, newest last, only ever appended to.

Nothing in the history is rewritten or dropped: a line this version cannot read (not UTF-8,
not JSON, from a later version) is skipped when reading and stays as it is.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from stretchtimer.core.engine import SessionSummary
from stretchtimer.core.ports import Lines


class Ending(StrEnum):
    """How a session ended."""

    COMPLETED = "completed"  # ran to its end with every hold done
    STOPPED = "stopped"  # the person stopped it (or skipped holds on the way to its end)
    HURT = "hurt"  # the person pressed "this hurts"
    INTERRUPTED = "interrupted"  # a signal or quitting the app ended it


@dataclass(frozen=True)
class HistoryEntry:
    """One finished (or ended early) session.

    ``ended`` is an :class:`Ending` (a plain string when read from a later version's line);
    ``how`` says what interrupted it: a signal's name (``SIGTERM``) or ``quit``.
    """

    finished_at: datetime
    routine_id: str
    routine_name: str
    completed: bool
    active_seconds: float
    holds_done: int
    holds_total: int
    ended: str
    how: str | None = None
    easier: bool = False  # the "easier today" version (only written when true)

    @classmethod
    def from_summary(
        cls,
        summary: SessionSummary,
        finished_at: datetime,
        *,
        ended: Ending | None = None,
        how: str | None = None,
    ) -> HistoryEntry:
        """The entry for ``summary``; ``ended`` defaults to completed or stopped."""
        if ended is None:
            ended = Ending.COMPLETED if summary.completed else Ending.STOPPED
        return cls(
            finished_at=finished_at,
            routine_id=summary.routine_id,
            routine_name=summary.routine_name,
            completed=summary.completed,
            active_seconds=round(summary.active_seconds, 1),
            holds_done=sum(s.holds_done for s in summary.steps),
            holds_total=sum(s.holds_total for s in summary.steps),
            ended=ended,
            how=how,
            easier=summary.easier,
        )

    def to_json(self) -> str:
        data = asdict(self)
        data["finished_at"] = self.finished_at.isoformat()
        data["ended"] = str(self.ended)
        if self.how is None:
            del data["how"]
        if not self.easier:
            del data["easier"]
        return json.dumps(data, ensure_ascii=False)

    @classmethod
    def from_json(cls, line: str) -> HistoryEntry | None:
        """The entry on ``line``, or ``None`` if it is not a valid entry.

        A line written before sessions said how they ended (no ``ended``) reads as completed
        or stopped, by its ``completed``.
        """
        try:
            data: Any = json.loads(line)
            if not isinstance(data, dict):
                return None
            completed = data["completed"]
            ended = data.get("ended", Ending.COMPLETED if completed is True else Ending.STOPPED)
            entry = cls(
                finished_at=datetime.fromisoformat(data["finished_at"]),
                routine_id=data["routine_id"],
                routine_name=data["routine_name"],
                completed=completed,
                active_seconds=data["active_seconds"],
                holds_done=data["holds_done"],
                holds_total=data["holds_total"],
                ended=_known(ended),
                how=data.get("how"),
                easier=data.get("easier", False),
            )
        except (ValueError, KeyError, TypeError):
            return None
        return entry if _well_typed(entry) else None


def _known(ended: object) -> Any:
    """``ended`` as an :class:`Ending` when it is one; other values are kept as they are."""
    if not isinstance(ended, str):
        return ended
    try:
        return Ending(ended)
    except ValueError:
        return ended


MAX_ACTIVE_SECONDS = 7 * 24 * 3600  # far beyond any session; more is not a real entry


def _well_typed(e: HistoryEntry) -> bool:
    def is_int(v: object) -> bool:
        return isinstance(v, int) and not isinstance(v, bool)

    return (
        _utf8(e.routine_id)
        and _utf8(e.routine_name)
        and isinstance(e.completed, bool)
        and (is_int(e.active_seconds) or isinstance(e.active_seconds, float))
        and 0 <= e.active_seconds <= MAX_ACTIVE_SECONDS  # NaN is not
        and is_int(e.holds_done)
        and is_int(e.holds_total)
        and _utf8(e.ended)
        and (e.how is None or _utf8(e.how))
        and isinstance(e.easier, bool)
    )


def _utf8(v: object) -> bool:
    """Whether ``v`` is text that can be written as UTF-8: JSON's ``"\\ud800"`` reads as a
    lone surrogate, which no file or database takes."""
    if not isinstance(v, str):
        return False
    try:
        v.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class HistoryStore:
    """Sessions as JSON lines in ``lines`` (a file, through an adapter), appended one by one."""

    def __init__(self, lines: Lines) -> None:
        self.lines = lines

    def entries(self) -> list[HistoryEntry]:
        """Every readable entry, oldest first; other lines and unreadable files give none."""
        try:
            lines = self.lines.read_lines()
        except OSError:
            return []
        parsed = (HistoryEntry.from_json(line) for line in lines if line.strip())
        return [e for e in parsed if e is not None]

    def append(
        self,
        summary: SessionSummary,
        finished_at: datetime,
        *,
        ended: Ending | None = None,
        how: str | None = None,
    ) -> HistoryEntry:
        """Record a session at the end of the history and return its entry.

        Raises ``OSError`` when it cannot be written; what was there stays as it was.
        """
        entry = HistoryEntry.from_summary(summary, finished_at, ended=ended, how=how)
        self.lines.append_line(entry.to_json())
        return entry
