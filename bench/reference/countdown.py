"""The CPU reference: a minimal Textual app showing a Digits countdown redrawn once a second.

Run: ``python bench/reference/countdown.py [SECONDS]``; ``q`` or ``ctrl+q`` quits. The
countdown is computed from a deadline on the monotonic clock, like the app's.
"""

from __future__ import annotations

import math
import sys
import time

from textual.app import App, ComposeResult
from textual.widgets import Digits


def clock_text(seconds: float) -> str:
    """``m:ss``."""
    minutes, secs = divmod(max(0, math.ceil(seconds)), 60)
    return f"{minutes}:{secs:02d}"


class Countdown(App[None]):
    """A Digits countdown, one redraw a second."""

    BINDINGS = [("q", "quit", "Quit")]
    CSS = "Screen { align: center middle; } Digits { width: auto; }"

    def __init__(self, seconds: float) -> None:
        super().__init__()
        self.deadline = time.monotonic() + seconds
        self.digits = Digits(clock_text(seconds))

    def compose(self) -> ComposeResult:
        yield self.digits

    def on_mount(self) -> None:
        self.set_interval(1.0, self.tick)

    def tick(self) -> None:
        self.digits.update(clock_text(self.deadline - time.monotonic()))


if __name__ == "__main__":
    Countdown(float(sys.argv[1]) if len(sys.argv) > 1 else 300.0).run()
