"""The session soak: one long session of short phases, its memory sampled, its timing read
off screen (the ``soak`` scenario keeps the app open with reminders and walks instead).

The real command runs a routine of short phases for ``options.soak_minutes`` in the terminal
(the other core idle); VmRSS is sampled every 5 s. Growth is the last minute's median less
the median around the first minute (after warm-up: fonts of every phase drawn, the player
made); the slope of the second half shows whether it levels off. The same run gives the
timing of every boundary and redraw with an idle machine.
"""

from __future__ import annotations

import time

from bench.proc import rss_mb
from bench.registry import Figure, Options, at_most, scenario
from bench.scenarios.soak import slope
from bench.sessions import app_figures, short_app_session
from bench.stats import median


@scenario(
    "soak-session", "RSS growth over one long session; timing with an idle machine", minutes=10.5
)
def soak_session(options: Options) -> list[Figure]:
    """One session of ``options.soak_minutes``."""
    seconds = options.soak_minutes * 60
    samples: list[tuple[float, float]] = []  # (minutes since start, MB)
    began = time.monotonic()

    def sample(pid: int) -> None:
        samples.append(((time.monotonic() - began) / 60, rss_mb(pid)))

    timing = short_app_session(options, "soak", seconds, sample=sample)
    minutes = samples[-1][0] if samples else 0.0
    warm = min(1.0, minutes / 4)  # the first minute (a quarter of a short run) is warm-up
    window = min(1.0, minutes / 4)
    early = median([mb for t, mb in samples if warm <= t <= warm + window])
    late = median([mb for t, mb in samples if t >= minutes - window])
    second_half = [(t, mb) for t, mb in samples if t >= minutes / 2]
    where = f"app {options.soak_minutes:g} min, idle"
    return [
        Figure(
            f"memory: RSS growth over a {options.soak_minutes:g}-min run",
            late - early,
            "MB",
            goal=at_most(1, "MB"),
            note=f"{early:.1f} -> {late:.1f} MB",
        ),
        Figure(
            "memory: RSS slope over the second half",
            slope(second_half) * 1000,
            "kB/min",
            note="levelling off: near 0",
        ),
        *app_figures(where, timing),
    ]
