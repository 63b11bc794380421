"""CPU during a hold: the real command against a minimal Digits countdown, both at 1 Hz.

A routine with a 5-minute hold runs in the terminal; once the hold has started and settled,
the CPU time of all the process's threads is read from ``/proc/PID/task/*/schedstat`` (exact
to the nanosecond) over a window of ``options.cpu_seconds``. The reference
(``bench/reference/countdown.py``) is measured the same way, A B A B ...
"""

from __future__ import annotations

import time

from bench.drive import draws_countdown, env_for, quit_app, reference_command, run_command
from bench.env import sandbox
from bench.proc import cpu_ns, peak_rss_mb
from bench.registry import Figure, Options, ratio_at_most, scenario
from bench.stats import alternate, median
from bench.term import PtyProcess

SETTLE = 3.0


def _measure(options: Options, app: bool) -> tuple[float, float]:
    """Percent of one core over the window, and the peak RSS (MB) at its end."""
    with sandbox() as sb:
        sb.pass_screening()
        routine = sb.write_routine(
            "hold", [{"exercise": "plank", "hold": 300, "reps": 1}], prepare=1
        )
        argv = run_command(routine) if app else reference_command("countdown", "300")
        ready = "HOLD · Plank" if app else None
        with PtyProcess(argv, env_for(sb, options), keep_frames=False) as proc:
            found = proc.wait_for(
                lambda frame: (ready in frame.text) if ready else draws_countdown(frame), 30
            )
            if found is None:
                raise RuntimeError(f"{argv[-1]}: never started")
            proc.drain(SETTLE)
            began, used = time.monotonic(), cpu_ns(proc.pid)
            proc.drain(options.cpu_seconds)
            used, took = cpu_ns(proc.pid) - used, time.monotonic() - began
            peak = peak_rss_mb(proc.pid)
            quit_app(proc, in_session=app)
            proc.wait_exit(10)
    return used / 1e9 / took * 100, peak


@scenario("cpu", "CPU during a hold vs a minimal Digits countdown at 1 Hz", minutes=6.5)
def cpu(options: Options) -> list[Figure]:
    """``options.runs // 2`` (at least 1) A/B pairs of ``options.cpu_seconds`` each."""
    pairs = max(1, options.runs // 2)
    app, ref = alternate(lambda: _measure(options, True), lambda: _measure(options, False), pairs)
    options.log(f"cpu: {[round(a[0], 3) for a in app]} vs {[round(r[0], 3) for r in ref]}")
    load = [a for a, _ in app]
    return [
        Figure(
            "CPU: during a hold, % of one core",
            median(load),
            "%",
            median([r for r, _ in ref]),
            ratio_at_most(1.2),
            note=f"{pairs} x {options.cpu_seconds:g} s",
            samples=tuple(load),
            pair_ratios=tuple(a / r for (a, _), (r, _) in zip(app, ref, strict=True)),
        ),
        Figure(
            "memory: peak RSS during a hold",
            median([p for _, p in app]),
            "MB",
            median([p for _, p in ref]),
            note="ref: the Digits countdown",
        ),
    ]
