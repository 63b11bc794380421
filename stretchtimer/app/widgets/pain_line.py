"""The one-line pain check-in: "Pain now, 0-10 (Enter to skip)", with the scale's words.

A digit answers at once, but a 1 waits for what follows: 0 makes it 10, Enter keeps 1. Enter
or Esc skips. Any other key does nothing here (it reaches the screen's bindings).
"""

from __future__ import annotations

from textual import events
from textual.message import Message
from textual.widgets import Static

from stretchtimer.core.pain import PAIN_PROMPT, PAIN_SCALE
from stretchtimer.core.records import pain_label


class PainLine(Static, can_focus=True):
    """Asks for a score until it is answered or skipped; then says what was given."""

    class Answered(Message):
        """The check-in was answered (``score``) or skipped (None)."""

        def __init__(self, line: PainLine, score: int | None) -> None:
            super().__init__()
            self.line = line
            self.score = score

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(f"{PAIN_PROMPT}: {PAIN_SCALE}", id=id, markup=False)
        self.open = True
        self.score: int | None = None
        self._one = False  # a 1 was typed: 10 or 1 follows

    def on_key(self, event: events.Key) -> None:
        if not self.open:
            return
        key = event.key
        if key.isdigit():
            event.stop()
            if self._one:
                if key == "0":
                    self.answer(10)
                else:
                    self.app.bell()  # 11 to 19 are not on the scale: 0 or Enter
            elif key == "1":
                self._one = True
                self.update(f"{PAIN_PROMPT}: 1 (0 for 10, Enter for 1)")
            else:
                self.answer(int(key))
        elif key == "enter":
            event.stop()
            self.answer(1 if self._one else None)
        elif key == "escape":
            event.stop()
            self.answer(None)

    def answer(self, score: int | None) -> None:
        """Close the check-in with ``score`` (None: skipped) and say so."""
        self.open = False
        self._one = False
        self.score = score
        self.update(
            "Pain: skipped" if score is None else f"Pain now: {pain_label(score)}",
        )
        self.post_message(self.Answered(self, score))
