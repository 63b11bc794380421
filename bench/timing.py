"""Turning arrival times into timing errors against a routine's schedule.

Outside the app, the terminal (or a pipe) only shows when something *arrived*; the offset
between the app's clock and that arrival (start-up of the session, drawing, the terminal) is
not observable. So errors are taken relative to a baseline: the median offset between arrival
and schedule over the first :data:`BASELINE_SECONDS` of the run. What stays visible is what
matters here: jitter (an event later than its neighbours) and drift (later and later).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from bench.stats import median, percentile

BASELINE_SECONDS = 10.0


@dataclass(frozen=True)
class Errors:
    """Timing errors (seconds, arrival minus schedule minus baseline) of a series of events."""

    errors: tuple[float, ...]
    last: float  # the error of the last event: drift shows here
    baseline: float

    @property
    def p50(self) -> float:
        return percentile([abs(e) for e in self.errors], 50)

    @property
    def p99(self) -> float:
        return percentile([abs(e) for e in self.errors], 99)

    @property
    def max(self) -> float:
        return max((abs(e) for e in self.errors), default=math.nan)


def errors(events: Sequence[tuple[float, float]], baseline: float | None = None) -> Errors:
    """Errors of ``(arrival, scheduled offset)`` pairs, in time order.

    Without a ``baseline``, it is the median of ``arrival - offset`` over the first
    :data:`BASELINE_SECONDS` of the schedule.
    """
    if not events:
        return Errors((), math.nan, math.nan)
    if baseline is None:
        start = events[0][1]
        early = [a - s for a, s in events if s - start <= BASELINE_SECONDS]
        baseline = median(early)
    found = tuple(a - s - baseline for a, s in events)
    return Errors(found, found[-1], baseline)


def whole_seconds(arrivals: Sequence[float], origin: float) -> list[tuple[float, float]]:
    """Pair each arrival with the whole second (from ``origin``) it is nearest to.

    For once-a-second redraws whose errors are far below half a second; ``origin`` is any
    arrival known to be on a whole second (the first redraw).
    """
    return [(a, float(round(a - origin))) for a in arrivals]
