"""Messages the screens post to the app instead of writing its fields."""

from __future__ import annotations

from textual.message import Message

from stretchtimer.core.reminders import Reminder


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
