"""What the history store keeps (pure: no I/O); the store's interface is
:class:`stretchtimer.core.ports.SessionLog`.

A session is written as it goes: :meth:`SessionLog.start_session` when it starts, one
:meth:`SessionLog.record_phase` per phase that ends, :meth:`SessionLog.end_session` when it ends.
A session that never got its end (the process was killed) is found at the next start and
recorded as interrupted.

Times are aware datetimes, kept with the offset they had when they happened, so a day is the
person's own local day even after a trip across time zones.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

ENDINGS = ("completed", "stopped", "hurt", "interrupted")
PainMoment = Literal["before", "after", "any", "hurts"]
PAIN_MOMENTS: tuple[PainMoment, ...] = ("before", "after", "any", "hurts")
PAIN_WORDS = {0: "no pain", 5: "moderate pain", 10: "worst pain imaginable"}


@dataclass(frozen=True)
class PhaseRecord:
    """One phase of a session as it was run: done (ran to its end) or skipped."""

    index: int
    name: str
    kind: str
    seconds: float
    done: bool


@dataclass(frozen=True)
class SessionRecord:
    """One session: its routine (and the content it ran), when, and how it ended.

    ``ended`` is one of :data:`ENDINGS`, or ``None`` while the session is running; ``detail``
    says more (a signal's name, ``quit``, the exercise that hurt).
    """

    id: int
    routine_id: str
    routine_name: str
    started_at: datetime
    ended_at: datetime | None
    ended: str | None
    detail: str | None
    easier: bool
    active_seconds: float
    phases: tuple[PhaseRecord, ...] = ()
    content: str | None = None

    @property
    def minutes(self) -> float:
        return self.active_seconds / 60

    @property
    def phases_done(self) -> int:
        """The phases run to their end (the others reached were skipped or cut short)."""
        return sum(p.done for p in self.phases)

    @property
    def phases_total(self) -> int | None:
        """The routine's phases as the session began (from its content; never fewer than were
        reached), or None when the history does not know them (an older history's session)."""
        planned = planned_phases(self.content)
        return None if planned is None else max(planned, len(self.phases))


def planned_phases(content: str | None) -> int | None:
    """How many phases a session's content (the journal's JSON) lists, or None."""
    try:
        phases = json.loads(content or "").get("phases")
    except (ValueError, AttributeError):
        return None
    return len(phases) if isinstance(phases, list) else None


@dataclass(frozen=True)
class PainCheckIn:
    """A pain score (0-10), or a "this hurts" (``moment`` "hurts", with the score if one was
    given, and ``kind``: what it was, a :class:`stretchtimer.core.pain.HurtKind` value)."""

    at: datetime
    score: int | None
    moment: PainMoment
    note: str | None = None
    session_id: int | None = None
    exercise: str | None = None
    kind: str | None = None

    @property
    def is_pain(self) -> bool:
        """Pain worth counting: a score of 3 or more, or a "this hurts"."""
        return self.moment == "hurts" or (self.score is not None and self.score >= 3)


@dataclass(frozen=True)
class ScreeningResult:
    """A screening and its outcome (``clear``, ``see-doctor``, ``emergency``, ...)."""

    at: datetime
    outcome: str
    detail: str | None = None


def pain_label(score: int) -> str:
    """The words the 0-10 numeric rating scale gives a score: ``5 (moderate pain)``."""
    words = PAIN_WORDS.get(score)
    return f"{score} ({words})" if words else str(score)


def read_pain_answer(text: str) -> int | None:
    """The score in an answer (``0`` to ``10``), or None: skipped or not a score."""
    text = text.strip()
    if text.isdigit() and int(text) <= 10:
        return int(text)
    return None
