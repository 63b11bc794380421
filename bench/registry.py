"""Scenarios, figures and goals: what a benchmark returns and how it is judged.

A scenario is a function that takes the run's :class:`Options` and returns :class:`Figure`
objects; ``@scenario("name")`` registers it. A figure carries its value, the reference
measured in the same invocation (if any) and its goal, so the table can show the ratio and
whether the goal is met::

    @scenario("example", "what it measures", minutes=0.5)
    def example(options: Options) -> list[Figure]:
        app, ref = alternate(measure_app, measure_reference, options.runs)
        return [Figure("example: something", median(app), "ms", median(ref), ratio_at_most(1.2))]
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from bench.stats import median, percentile


@dataclass(frozen=True)
class Options:
    """How thoroughly to measure: ``quick`` for a smoke run, the full run otherwise."""

    quick: bool = False
    runs: int = 7  # alternating A/B pairs for the repeated measurements
    soak_minutes: float = 10.0
    accuracy_minutes: float = 2.0
    cpu_seconds: float = 60.0
    pythonpath: str | None = None  # run the app from another source tree (a scratch copy)
    verbose: bool = False

    def log(self, message: str) -> None:
        """Progress, on stderr when verbose."""
        if self.verbose:
            import sys

            print(f"  .. {message}", file=sys.stderr, flush=True)


@dataclass(frozen=True)
class Goal:
    """A target for a figure: ``text`` for the table, ``check`` decides."""

    text: str
    check: Callable[[Figure], bool]


def at_most(limit: float, unit: str = "") -> Goal:
    """The value is at most ``limit``."""
    return Goal(f"<= {limit:g}{(' ' + unit) if unit else ''}", lambda f: f.value <= limit)


def abs_at_most(limit: float, unit: str = "") -> Goal:
    """The value is within ``limit`` of zero, either side."""
    return Goal(f"<= ±{limit:g}{(' ' + unit) if unit else ''}", lambda f: abs(f.value) <= limit)


def ratio_at_most(limit: float) -> Goal:
    """The value is at most ``limit`` times the reference."""
    return Goal(f"<= {limit:g}x ref", lambda f: f.ratio <= limit)


def ref_plus(margin: float, unit: str) -> Goal:
    """The value is at most the reference plus ``margin``."""
    return Goal(
        f"<= ref + {margin:g} {unit}",
        lambda f: f.reference is not None and f.value <= f.reference + margin,
    )


@dataclass(frozen=True)
class Figure:
    """One measured figure: median (or stated statistic) of the runs."""

    name: str
    value: float
    unit: str
    reference: float | None = None
    goal: Goal | None = None
    note: str = ""
    samples: tuple[float, ...] = field(default=(), compare=False)
    pair_ratios: tuple[float, ...] = field(default=(), compare=False)

    @property
    def ratio(self) -> float:
        """The median of the A/B pairs' own ratios when there are pairs, else value / reference.

        Each pair ran back to back, so its ratio cancels what the machine was doing at the
        time; the median of those ratios is steadier than the ratio of the two medians.
        """
        if self.pair_ratios:
            return median(self.pair_ratios)
        if self.reference is None or self.reference == 0:
            return math.nan
        return self.value / self.reference

    @property
    def ratio_quartiles(self) -> tuple[float, float] | None:
        """The middle half of the pairs' own ratios (from 4 pairs on): how far one run's
        ratio can be trusted on this machine."""
        if len(self.pair_ratios) < 4:
            return None
        return percentile(self.pair_ratios, 25), percentile(self.pair_ratios, 75)

    @property
    def met(self) -> bool | None:
        """Whether the goal is met; None when there is no goal or no value."""
        if self.goal is None or math.isnan(self.value):
            return None
        return bool(self.goal.check(self))


Scenario = Callable[[Options], list[Figure]]


@dataclass(frozen=True)
class Entry:
    """A registered scenario."""

    name: str
    help: str
    minutes: float  # rough length of the full run, for the plan printed at start
    run: Scenario


SCENARIOS: dict[str, Entry] = {}


def scenario(name: str, help: str, minutes: float) -> Callable[[Scenario], Scenario]:
    """Register a scenario under ``name`` (the order of registration is the order of runs)."""

    def register(function: Scenario) -> Scenario:
        SCENARIOS[name] = Entry(name, help, minutes, function)
        return function

    return register
