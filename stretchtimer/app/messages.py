"""Messages the screens post to the app instead of writing its fields."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from textual.message import Message

from stretchtimer.core.reminders import Reminder

if TYPE_CHECKING:
    from stretchtimer.core.engine import SessionSummary
    from stretchtimer.core.history import Ending
    from stretchtimer.core.pain import HurtKind


class PainJournal(Protocol):
    """Where a session's pain check-ins go (the run screen's journal, written off the loop)."""

    def check_in(self, score: int, moment: str) -> None: ...

    def hurts(
        self, exercise: str | None, kind: str | None = None, score: int | None = None
    ) -> None: ...


class CatalogChanged(Message):
    """Routine files changed (saved, copied, renamed, deleted): read them again; ``select``
    names the routine home should highlight, if any."""

    def __init__(self, select: str | None = None) -> None:
        super().__init__()
        self.select = select


class ReminderDue(Message):
    """Reminders fell due (one alert offers them all)."""

    def __init__(self, reminders: list[Reminder]) -> None:
        super().__init__()
        self.reminders = reminders


class ScreeningAnswered(Message):
    """The red-flag screening closed: ``passed`` when a session may start now."""

    def __init__(self, passed: bool) -> None:
        super().__init__()
        self.passed = passed


class CheckInLeft(Message):
    """The pain check-in before a session was left with q: the session does not start."""


class SessionEnded(Message):
    """A session ended (completed, stopped, or "this hurts"): the app shows what follows.

    ``ended`` and ``detail`` say how (``detail``: the exercise that hurt); ``before`` is the
    pain score given before it (None: none given); ``journal`` records check-ins after it.
    """

    def __init__(
        self,
        summary: SessionSummary,
        ended: Ending,
        detail: str | None = None,
        *,
        before: int | None = None,
        journal: PainJournal | None = None,
    ) -> None:
        super().__init__()
        self.summary = summary
        self.ended = ended
        self.detail = detail
        self.before = before
        self.journal = journal


class HurtAnswered(Message):
    """The question after "this hurts" was answered: what it is, and the pain score now."""

    def __init__(self, kind: HurtKind | None, score: int | None) -> None:
        super().__init__()
        self.kind = kind
        self.score = score
