"""Messages the app's parts send one another."""

from __future__ import annotations

from textual.message import Message

from stretchtimer.core.reminders import Reminder


class ReminderDue(Message):
    """Reminders fell due (one alert offers them all)."""

    def __init__(self, reminders: list[Reminder]) -> None:
        super().__init__()
        self.reminders = reminders
