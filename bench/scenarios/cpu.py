"""CPU during a hold: the real command against a minimal Digits countdown, both at 1 Hz.

A routine with a 5-minute hold runs in the terminal; once the hold has started and settled,
the CPU time of all the process's threads is read from ``/proc/PID/task/*/schedstat`` (exact
to the nanosecond) over a window of ``options.cpu_seconds``. The reference
(``bench/reference/countdown.py``) is measured the same way, A B A B ...

Three paths, each its own pairs (:data:`PATHS`): the hold with a pass on record (100x30), the
hold reached through the screening (the first session of a day: ``n`` to every question, then
Start) and the hold on a short terminal (60x15, where a busy loop once went unseen). CPU is
quoted as the median of the pairs' ratios with their range, over at least :data:`MIN_PAIRS`
pairs (a quick run: 3).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from bench.drive import draws_countdown, env_for, quit_app, reference_command, run_command
from bench.env import sandbox
from bench.proc import cpu_ns, peak_rss_mb
from bench.registry import Figure, Options, ratio_at_most, scenario
from bench.stats import alternate, median
from bench.term import PtyProcess
from stretchtimer.adapters.screening_file import load_screening_text

SETTLE = 3.0
MIN_PAIRS = 9
QUESTIONS = len(load_screening_text().questions)  # the screening's questions


@dataclass(frozen=True)
class Path:
    """A way to the hold: through the screening or not, at a terminal size."""

    name: str
    screened: bool = True  # a pass on record: the run starts at once
    cols: int = 100
    rows: int = 30


PATHS = [
    Path("during a hold"),
    Path("during a hold reached through the screening", screened=False),
    Path("during a hold at 60x15", cols=60, rows=15),
]


def _through_screening(proc: PtyProcess) -> None:
    """Answer No to every question and start, as a person does."""
    if proc.wait_for(lambda frame: "red-flag check" in frame.text, 30) is None:
        raise RuntimeError("the screening never showed")
    # A key may first bring the next question into view (it answers only what is seen), so
    # press n until every question is answered, as a person does.
    for _ in range(3 * QUESTIONS):
        if proc.wait_for(lambda frame: "No warning signs" in frame.text, 0.15) is not None:
            break
        proc.send(b"n")
    else:
        raise RuntimeError("the screening was never all answered")
    proc.drain(0.3)
    proc.send(b"\r")


def _measure(options: Options, app: bool, path: Path) -> tuple[float, float]:
    """Percent of one core over the window, and the peak RSS (MB) at its end."""
    with sandbox() as sb:
        if path.screened:
            sb.pass_screening()
        sb.write_settings(pain_check_ins=False)  # the hold at once, as before check-ins
        routine = sb.write_routine(
            "hold", [{"exercise": "plank", "hold": 300, "reps": 1}], prepare=1
        )
        argv = run_command(routine) if app else reference_command("countdown", "300")
        ready = "HOLD · Plank" if app else None
        env = env_for(sb, options)
        with PtyProcess(argv, env, cols=path.cols, rows=path.rows, keep_frames=False) as proc:
            if app and not path.screened:
                _through_screening(proc)
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


@scenario("cpu", "CPU during a hold vs a minimal Digits countdown at 1 Hz", minutes=60)
def cpu(options: Options) -> list[Figure]:
    """For each path, at least :data:`MIN_PAIRS` A/B pairs of ``options.cpu_seconds`` each."""
    pairs = 3 if options.quick else max(MIN_PAIRS, options.runs)
    figures: list[Figure] = []
    for path in PATHS:
        app, ref = alternate(
            lambda p=path: _measure(options, True, p),  # type: ignore[misc]
            lambda p=path: _measure(options, False, p),  # type: ignore[misc]
            pairs,
        )
        options.log(
            f"cpu {path.name}: {[round(a[0], 3) for a in app]} vs {[round(r[0], 3) for r in ref]}"
        )
        figures += _figures(path, app, ref, options.cpu_seconds)
    return figures


def _figures(
    path: Path, app: list[tuple[float, float]], ref: list[tuple[float, float]], seconds: float
) -> list[Figure]:
    load = [a for a, _ in app]
    ratios = tuple(a / r for (a, _), (r, _) in zip(app, ref, strict=True))
    return [
        Figure(
            f"CPU: {path.name}, % of one core",
            median(load),
            "%",
            median([r for r, _ in ref]),
            ratio_at_most(1.2),
            note=f"{len(ratios)} x {seconds:g} s; pairs {min(ratios):.2f} to {max(ratios):.2f}",
            samples=tuple(load),
            pair_ratios=ratios,
        ),
        Figure(
            f"memory: peak RSS {path.name}",
            median([p for _, p in app]),
            "MB",
            median([p for _, p in ref]),
            ratio_at_most(1.2),
            note="ref: the Digits countdown",
            pair_ratios=tuple(a / r for (_, a), (_, r) in zip(app, ref, strict=True)),
        ),
    ]
