"""Waiting for a reminder: what the app costs while it sits on home with the reminders on.

The real command waits on home (80x24) with the hourly walk on around the clock; the minimal
Textual app (``bench/reference/minimal.py``) idles beside it, A B A B ... Over each window
(at least a minute, so the app's once-a-minute wall-clock check falls inside it) the CPU time
of all threads is read from ``/proc/PID/task/*/schedstat`` and VmRSS sampled every 5 s; RSS
growth over an hour is the least-squares slope of those samples, extrapolated (a window is
short; the slope says whether memory creeps, not what an hour's run measured).

Then a simulated day (``bench/remind_day.py``) runs the real app on fake clocks: it counts the
wall-clock checks and the redraws of home's countdown over 24 hours.
"""

from __future__ import annotations

import json
import time

from bench.drive import app_command, env_for, quit_app, reference_command
from bench.env import PYTHON, REFERENCE, sandbox
from bench.proc import cpu_ns, rss_mb
from bench.registry import Figure, Options, at_most, ratio_at_most, scenario
from bench.scenarios.soak import slope
from bench.stats import alternate, median
from bench.term import PtyProcess

SETTLE = 3.0
SAMPLE = 5.0  # seconds between RSS samples
ALL_DAY = """\
version: 1
reminders:
  - id: walk
    every: 60m
    days: all
    hours: ["00:00-24:00"]
"""


def _measure(options: Options, app: bool, seconds: float) -> tuple[float, float]:
    """Percent of one core over the window, and RSS growth (MB an hour, extrapolated)."""
    with sandbox() as sb:
        folder = sb.config / "stretchtimer"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "reminders.yaml").write_text(ALL_DAY)
        argv = app_command() if app else reference_command("minimal")
        ready = "Next walk" if app else "Reference ready"
        env = env_for(sb, options, XDG_RUNTIME_DIR=str(sb.root / "run"), TZ="Europe/Paris")
        with PtyProcess(argv, env, cols=80, rows=24, keep_frames=False) as proc:
            if proc.wait_for(lambda frame: ready in frame.text, 30) is None:
                raise RuntimeError(f"{argv[-1]}: never showed {ready!r}")
            proc.drain(SETTLE)
            began, used = time.monotonic(), cpu_ns(proc.pid)
            samples = [(0.0, rss_mb(proc.pid))]
            while (elapsed := time.monotonic() - began) < seconds:
                proc.drain(min(SAMPLE, seconds - elapsed))
                samples.append(((time.monotonic() - began) / 60, rss_mb(proc.pid)))
            used, took = cpu_ns(proc.pid) - used, time.monotonic() - began
            quit_app(proc)
            proc.wait_exit(10)
    return used / 1e9 / took * 100, slope(samples) * 60


def _day(options: Options) -> dict[str, float]:
    """The simulated day's counts (``bench/remind_day.py`` in the sandbox)."""
    import subprocess

    with sandbox(audio="silent") as sb:
        out = sb.root / "day.json"
        env = env_for(sb, options, XDG_RUNTIME_DIR=str(sb.root / "run"), TZ="Europe/Paris")
        script = REFERENCE.parent / "remind_day.py"
        subprocess.run([PYTHON, str(script), str(out)], env=env, check=True, timeout=600)
        result: dict[str, float] = json.loads(out.read_text())
        return result


@scenario("reminders", "waiting on home with reminders on vs the minimal app idle", minutes=16)
def reminders(options: Options) -> list[Figure]:
    """A/B pairs of at least a minute each, then a simulated day on the fake clock."""
    seconds = max(60.0, options.cpu_seconds)
    pairs = 3 if options.quick else max(5, options.runs)
    app, ref = alternate(
        lambda: _measure(options, True, seconds), lambda: _measure(options, False, seconds), pairs
    )
    options.log(f"reminders: {app} vs {ref}")
    ratios = tuple(a / r for (a, _), (r, _) in zip(app, ref, strict=True))
    day = _day(options)
    hours = day["hours"]
    return [
        Figure(
            "CPU: waiting on home with reminders on, % of one core",
            median([a for a, _ in app]),
            "%",
            median([r for r, _ in ref]),
            ratio_at_most(1.2),
            note=f"{pairs} x {seconds:g} s; ref: the minimal app idle; pairs "
            f"{min(ratios):.2f} to {max(ratios):.2f}",
            pair_ratios=ratios,
        ),
        Figure(
            "CPU: waiting on home with reminders on, absolute",
            median([a for a, _ in app]),
            "%",
            goal=at_most(0.5, "%"),
        ),
        Figure(
            "memory: RSS growth waiting on home, extrapolated to an hour",
            median([g for _, g in app]),
            "MB",
            median([g for _, g in ref]),
            at_most(0.5, "MB"),
            note=f"slope of VmRSS every {SAMPLE:g} s over {seconds:g} s, times 60 min",
        ),
        Figure(
            f"reminders, simulated {hours:g} h: wall-clock checks an hour",
            day["checks"] / hours,
            "/h",
            goal=at_most(61, "/h"),
            note=f"{day['checks']:g} checks, {day['alerts']:g} alerts (each skipped)",
        ),
        Figure(
            f"reminders, simulated {hours:g} h: home's countdown redraws an hour",
            day["redraws"] / hours,
            "/h",
            goal=at_most(60, "/h"),
            note=f"{day['redraws']:g} redraws (the line's text changed)",
        ),
    ]
