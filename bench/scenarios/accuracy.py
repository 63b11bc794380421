"""Accuracy: phase boundaries and cues against their schedule, with the other core busy.

Three runs of a routine of short phases (1 to 4 s, every kind of phase and cue):

- the full-screen app in the terminal: the 1 Hz countdown redraws and the banner changes, as
  they arrive (relative to the run's own early baseline, see :mod:`bench.timing`);
- plain mode in the terminal: each phase and cue line as it arrives;
- the app in-process (``bench/inproc.py``) with the event loop stalled for a second every
  20 s: the exact lateness of every event on the app's own clock, the time each phase change
  was handed to the terminal, and a naive tick-counting countdown as the reference for drift.
"""

from __future__ import annotations

from bench.drive import run_inproc, settled
from bench.registry import Figure, Options, abs_at_most, at_most, scenario
from bench.sessions import (
    MS,
    app_figures,
    error_figure,
    p99_figure,
    plain_session,
    short_app_session,
    short_phases_sandbox,
)
from bench.stats import percentile

STALL_EVERY = 20.0


@scenario("accuracy", "boundaries and cues vs schedule: busy core, stalled loop", minutes=6.5)
def accuracy(options: Options) -> list[Figure]:
    """App, plain mode and stalled loop, each ``options.accuracy_minutes`` long, core busy."""
    seconds = options.accuracy_minutes * 60
    return app_run(options, seconds) + plain_run(options, seconds) + stalled_run(options, seconds)


def app_run(options: Options, seconds: float) -> list[Figure]:
    """The full-screen app, read off the terminal, with the other core busy."""
    timing = short_app_session(options, "accuracy", seconds, busy=True)
    return app_figures("app, core busy", timing, count_mismatched=True)


def plain_run(options: Options, seconds: float) -> list[Figure]:
    """Plain mode, read off the terminal line by line, with the other core busy."""
    with short_phases_sandbox("accuracy", seconds, busy=True) as (sb, routine):
        options.log("accuracy: plain mode")
        timing = plain_session(options, sb, routine, seconds)
    where = "plain, core busy"
    return [
        p99_figure(where, "boundary", timing.boundaries, "boundaries"),
        p99_figure(where, "cue", timing.cues, "cues"),
        error_figure(where, "end error", timing.end),
    ]


def stalled_run(options: Options, seconds: float) -> list[Figure]:
    """In-process, the loop stalled for 1 s every 20 s, the other core busy."""
    stall_at = [7.3 + STALL_EVERY * k + 0.17 * k for k in range(int(seconds // STALL_EVERY))]
    args = [arg for at in stall_at for arg in ("--stall-at", f"{at:.2f}")]
    with short_phases_sandbox("accuracy", seconds, busy=True) as (sb, routine):
        options.log(f"accuracy: in-process, {len(stall_at)} stalls")
        record = run_inproc(options, sb, str(routine), *args, timeout=seconds + 120)
    stalls = record["stalls"]

    def stalled(at: float) -> bool:  # due while the loop was blocked (or just freed)
        return any(start <= at <= end + 0.002 for start, end in stalls)

    late_clear = [handled - at for _, _, at, handled in record["events"] if not stalled(at)]
    late_stalled = [handled - at for _, _, at, handled in record["events"] if stalled(at)]
    end = next(e for e in reversed(record["events"]) if e[0] == "SessionEnded")
    last_late = end[3] - end[2]
    naive_late = record["naive_end"] - end[2] if record["naive_end"] is not None else float("nan")
    frames = record["frames"]
    # Phase starts not hit by a stall: the first frame out after it was handled. Not the
    # first phase: its frame is the run screen's first (start-up, measured by "startup").
    begun = settled(record)
    drawn = []
    for kind, _, at, handled in record["events"]:
        if kind == "PhaseStarted" and not stalled(at) and at > begun:
            after = next((f for f in frames if f >= handled), None)
            if after is not None:
                drawn.append(after - at)
    where = "stalled loop, core busy"
    return [
        Figure(
            f"accuracy, {where}: event p99 lateness",
            percentile(late_clear, 99) * MS,
            "ms",
            goal=at_most(10, "ms"),
            note=f"{len(late_clear)} events, {len(late_stalled)} in stalls left out",
        ),
        Figure(
            f"accuracy, {where}: end lateness (ref: tick counter)",
            last_late * MS,
            "ms",
            naive_late * MS,
            goal=abs_at_most(10, "ms"),
        ),
        Figure(
            f"accuracy, {where}: phase change drawn, p50",
            percentile(drawn, 50) * MS,
            "ms",
            note="schedule to frame out",
        ),
        Figure(
            f"accuracy, {where}: phase change drawn, p99",
            percentile(drawn, 99) * MS,
            "ms",
            goal=at_most(10, "ms"),
        ),
    ]
