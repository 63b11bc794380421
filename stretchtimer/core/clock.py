"""Clocks: the monotonic clock every timer runs on, and a fake one for tests."""

from __future__ import annotations

import time
from datetime import datetime
from typing import Protocol


def local_now() -> datetime:
    """The wall-clock time, aware of the local time zone (for dates, never for timers)."""
    return datetime.now().astimezone()


class Clock(Protocol):
    """A source of monotonic time in seconds."""

    def now(self) -> float: ...


class MonotonicClock:
    """The real clock: ``time.monotonic``."""

    def now(self) -> float:
        return time.monotonic()


class FakeClock:
    """A clock that moves only when a test says so."""

    def __init__(self, start: float = 1000.0) -> None:
        self._now = start

    def now(self) -> float:
        return self._now

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("time does not go backwards")
        self._now += seconds
