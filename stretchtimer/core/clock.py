"""Clocks: the monotonic clock every timer runs on, and a fake one for tests.

A clock also tells how long the machine has slept (suspended) since it was made, so that a
session can pause at the moment the machine slept instead of counting the sleep as exercise.
On Linux that is ``CLOCK_BOOTTIME`` (which counts a suspend) less ``CLOCK_MONOTONIC`` (which
does not): a jump of the system clock changes neither. Elsewhere it is the wall clock's steps
beyond the monotonic clock's, larger than :data:`WALL_JUMP` (a wall-clock jump there reads as
a sleep: the session pauses, and nothing is counted that was not exercise).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from typing import Protocol

WALL_JUMP = 2.0  # seconds the wall clock must step beyond the monotonic clock to count as sleep


def local_now() -> datetime:
    """The wall-clock time, aware of the local time zone (for dates, never for timers)."""
    return datetime.now().astimezone()


class Clock(Protocol):
    """A source of monotonic time in seconds, which also tells how long the machine slept."""

    def now(self) -> float: ...

    def slept(self) -> float:
        """Seconds the machine has been asleep since the clock was made (never decreases)."""
        ...


def _boottime() -> float | None:
    """``CLOCK_BOOTTIME`` (Linux), or None where there is none."""
    clock_id = getattr(time, "CLOCK_BOOTTIME", None)
    if clock_id is None:
        return None
    try:
        return time.clock_gettime(clock_id)
    except OSError:
        return None


class MonotonicClock:
    """The real clock: ``time.monotonic``; sleeps from ``CLOCK_BOOTTIME`` or the wall clock.

    The readers are arguments so that a test can make the machine sleep or its clock jump.
    """

    def __init__(
        self,
        monotonic: Callable[[], float] = time.monotonic,
        boottime: Callable[[], float | None] = _boottime,
        wall: Callable[[], float] = time.time,
    ) -> None:
        self._monotonic = monotonic
        self._boottime = boottime
        self._wall = wall
        boot = boottime()
        self._boot_gap = None if boot is None else boot - monotonic()  # grows by each sleep
        self._last = (monotonic(), wall())  # for the wall clock's steps, without BOOTTIME
        self._slept = 0.0

    def now(self) -> float:
        return self._monotonic()

    def slept(self) -> float:
        boot = self._boottime() if self._boot_gap is not None else None
        if boot is not None and self._boot_gap is not None:
            return max(0.0, boot - self._monotonic() - self._boot_gap)
        mono, wall = self._monotonic(), self._wall()
        beyond = (wall - self._last[1]) - (mono - self._last[0])
        if beyond > WALL_JUMP:
            self._slept += beyond
        self._last = (mono, wall)
        return self._slept


class FakeClock:
    """A clock that moves only when a test says so (and sleeps when it says so)."""

    def __init__(self, start: float = 1000.0) -> None:
        self._now = start
        self._slept = 0.0

    def now(self) -> float:
        return self._now

    def slept(self) -> float:
        return self._slept

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("time does not go backwards")
        self._now += seconds

    def sleep(self, seconds: float, *, monotonic_counts: bool = False) -> None:
        """The machine sleeps for ``seconds``: the monotonic clock does not move (as on
        Linux, where ``CLOCK_MONOTONIC`` stops while the machine is suspended), unless
        ``monotonic_counts`` (as on systems whose monotonic clock goes on in a sleep)."""
        if seconds < 0:
            raise ValueError("time does not go backwards")
        self._slept += seconds
        if monotonic_counts:
            self._now += seconds
