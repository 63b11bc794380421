"""The small interfaces the core needs from the outside world, which the adapters implement.

The core never opens a file or imports :mod:`stretchtimer.adapters`: it states here what it
needs (a store of settings, of screening results, of history lines, a log of reminder events)
and :mod:`stretchtimer.compose` plugs in the real adapters (or tests plug in fakes). Keep each
Protocol small; a feature adds its own here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Literal, Protocol

if TYPE_CHECKING:
    from datetime import date

    from stretchtimer.core.engine import SessionSummary
    from stretchtimer.core.history import Ending, HistoryEntry
    from stretchtimer.core.records import PainCheckIn, PhaseRecord, ScreeningResult, SessionRecord
    from stretchtimer.core.screening import Remembered, ScreeningRecord
    from stretchtimer.core.settings import Settings


class SettingsStore(Protocol):
    """Where the user's settings are kept."""

    def load(self) -> tuple[Settings, list[str]]:
        """The settings and one-line warnings for what was bad; never raises."""
        ...

    def save(self, settings: Settings) -> None:
        """Keep ``settings`` (atomically); raises OSError when it cannot."""
        ...


class ScreeningStore(Protocol):
    """Where the red-flag screening results are kept (record / revoke / current)."""

    def save(self, record: ScreeningRecord) -> None:
        """Record a screening."""
        ...

    def forget(self) -> None:
        """Revoke the pass on record (the questions are asked again)."""
        ...

    def current_pass(self) -> ScreeningRecord | None:
        """The pass that still holds now, if any."""
        ...

    def remembered(self) -> Remembered:
        """What earlier screenings left standing (remembered answers, doctors' clearances)."""
        ...


class Lines(Protocol):
    """Where the history's lines are kept: read back and appended to, never rewritten."""

    def read_lines(self) -> list[str]:
        """The lines that can be read as text, oldest first (none if there is no file yet)."""
        ...

    def append_line(self, line: str) -> None:
        """Add ``line`` (without its newline) at the end, leaving everything before alone."""
        ...


class History(Protocol):
    """The sessions done so far."""

    def entries(self) -> list[HistoryEntry]:
        """Every session on record, oldest first."""
        ...

    def append(
        self,
        summary: SessionSummary,
        finished_at: datetime,
        *,
        ended: Ending | None = None,
        how: str | None = None,
    ) -> HistoryEntry:
        """Record a session that ended and return its entry; raises OSError when it cannot."""
        ...


ReminderAction = Literal[
    "due",
    "walked",
    "snoozed",
    "skipped",
    "natural-break",
    "slept-through",
    "paused",
    "resumed",
    "missed",
]


@dataclass(frozen=True)
class ReminderEvent:
    """One thing that happened to a reminder (``at`` is an aware datetime)."""

    at: datetime
    reminder_id: str
    action: ReminderAction
    detail: str | None = None


class ReminderLog(Protocol):
    """Where reminder events are recorded (a JSON-lines file, later the SQLite store)."""

    def record(self, event: ReminderEvent) -> None:
        """Append ``event``."""
        ...

    def events(self, since: datetime) -> list[ReminderEvent]:
        """The events at or after ``since``, oldest first."""
        ...


class Notifier(Protocol):
    """A desktop notification (the terminal's own escape, notify-send, osascript)."""

    available: bool
    reason: str  # why not, when not available

    def notify(self, title: str, body: str) -> None:
        """Show ``title`` and ``body``; never raises, does nothing when not available."""
        ...


class IdleSource(Protocol):
    """How long the person has been away from keyboard and mouse."""

    available: bool
    reason: str  # why not, when not available

    def idle_seconds(self) -> float | None:
        """Seconds since the last input, or None when it cannot tell right now."""
        ...


class SessionLog(Protocol):
    """The store of sessions, pain check-ins and screenings (SQLite, behind an adapter).

    Writes raise ``OSError`` (or the store's own error, a subclass of it) when they cannot be
    kept; what was written before stays as it was.
    """

    def start_session(
        self,
        routine_id: str,
        routine_name: str,
        started_at: datetime,
        *,
        content: str | None = None,
        easier: bool = False,
    ) -> int:
        """Record a session that starts now; returns its id."""
        ...

    def record_phase(self, session_id: int, phase: PhaseRecord, at: datetime) -> None:
        """Record one phase of a running session (done or skipped)."""
        ...

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
        """Record how a session ended (``easier``: the easier version was run, at least in
        part)."""
        ...

    def sessions(self, since: date | None = None) -> list[SessionRecord]:
        """The sessions started on or after ``since`` (all if None), oldest first."""
        ...

    def record_pain(self, check_in: PainCheckIn) -> None:
        """Record a pain check-in."""
        ...

    def pain(self, since: date | None = None) -> list[PainCheckIn]:
        """The pain check-ins on or after ``since``, oldest first."""
        ...

    def record_screening(self, result: ScreeningResult) -> None:
        """Record a screening and its outcome."""
        ...

    def screenings(self) -> list[ScreeningResult]:
        """Every screening on record, oldest first."""
        ...

    def delete(self, before: date | None = None) -> int:
        """Delete the history (before ``before``, or all); returns how many sessions went."""
        ...
