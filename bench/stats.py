"""Small statistics for noisy machines: medians, percentiles, and A/B alternation."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
U = TypeVar("U")


def median(values: Sequence[float]) -> float:
    """The median (NaN for no values)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0..100), linear between closest ranks (NaN for no values)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def alternate(a: Callable[[], T], b: Callable[[], U], runs: int) -> tuple[list[T], list[U]]:
    """Run ``a`` and ``b`` in turn, A B A B ..., ``runs`` times each; both lists of results."""
    results_a: list[T] = []
    results_b: list[U] = []
    for _ in range(runs):
        results_a.append(a())
        results_b.append(b())
    return results_a, results_b
