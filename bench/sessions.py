"""Whole sessions of the real command, and their timing read off the terminal.

``app_session`` runs ``stretchtimer run ROUTINE`` (full screen) and notes, as each frame
arrives, the 1 Hz countdown redraws and every change of the phase banner; ``plain_session``
runs ``stretchtimer run ROUTINE --plain`` and notes when each line arrived.
``short_phases_sandbox`` sets up the routine of short phases these sessions run, and
``app_figures`` turns a full-screen session's timing into the scenarios' figures.
"""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bench.drive import QUIT, RunTrace, env_for, run_command
from bench.env import Sandbox, busy_core, sandbox, timeline_of
from bench.registry import Figure, Options, abs_at_most, at_most
from bench.term import PtyProcess
from bench.timing import Errors, errors, whole_seconds

if TYPE_CHECKING:
    from stretchtimer.core.timeline import Timeline

_STAMP = re.compile(r"^\[(\d+):(\d+(?:\.\d+)?)\] (.*)$")
MS = 1000.0


@contextlib.contextmanager
def short_phases_sandbox(
    name: str, seconds: float, audio: str = "simpleaudio", busy: bool = False
) -> Iterator[tuple[Sandbox, Path]]:
    """A sandbox, screening passed, with a routine ``name`` of short phases lasting >= ``seconds``.

    The other core is kept busy for the block if ``busy``.
    """
    with sandbox(audio=audio) as sb, busy_core(busy):
        sb.pass_screening()
        sb.write_settings(pain_check_ins=False)  # the run at once, as before check-ins
        yield sb, sb.short_phases(name, seconds)


def expected_banners(timeline: Timeline) -> list[tuple[float, str]]:
    """Each phase's start and the banner the run screen shows for it."""
    return [(float(p.start), f"{p.label.upper()} · {p.exercise.name}") for p in timeline.phases]


def app_session(
    options: Options,
    sandbox: Sandbox,
    routine: Path,
    seconds: float,
    sample: Callable[[int], None] | None = None,
    every: float = 5.0,
) -> RunTrace:
    """Run the routine in the full-screen app to its summary screen; what the terminal saw.

    ``sample(pid)`` is called every ``every`` seconds while it runs (memory, CPU).
    """
    trace = RunTrace()
    argv = run_command(routine)
    with PtyProcess(
        argv, env_for(sandbox, options), keep_frames=False, on_frame=trace.watch
    ) as proc:
        deadline = time.monotonic() + seconds + 60
        next_sample = time.monotonic() + every
        while trace.done is None and time.monotonic() < deadline:
            if not proc.pump(0.05):
                break
            if sample is not None and time.monotonic() >= next_sample:
                sample(proc.pid)
                next_sample += every
        if trace.done is None:
            raise RuntimeError("the session did not reach its summary screen")
        proc.send(QUIT)
        proc.wait_exit(10)
    return trace


@dataclass(frozen=True)
class AppTiming:
    """Timing errors of a full-screen session, from the frames' arrival."""

    ticks: Errors  # the countdown's 1 Hz redraws
    boundaries: Errors  # the banner changes, on the ticks' baseline
    mismatched: int  # banners seen that were not the expected next one


def app_timing(trace: RunTrace, timeline: Timeline) -> AppTiming:
    """Match the frames with the schedule (see :mod:`bench.timing` for the baseline)."""
    if trace.first is None:
        raise RuntimeError("the run screen never showed")
    # The first frame is the screen's first draw, the session's start: it defines t = 0 and
    # is not a boundary; everything after it is measured.
    ticks = errors(whole_seconds(trace.countdowns, trace.first)[1:])
    expected = expected_banners(timeline)
    pairs: list[tuple[float, float]] = []
    mismatched = 0
    i = 0
    for at, shown in trace.banners:
        while i < len(expected) and expected[i][1] != shown:
            i += 1
            mismatched += 1
        if i == len(expected):
            break
        pairs.append((at, expected[i][0]))
        i += 1
    mismatched += len(expected) - i
    return AppTiming(ticks, errors(pairs[1:], baseline=ticks.baseline), mismatched)


def short_app_session(
    options: Options,
    name: str,
    seconds: float,
    busy: bool = False,
    sample: Callable[[int], None] | None = None,
) -> AppTiming:
    """A routine of short phases (``short_phases_sandbox``) in the full-screen app; its timing.

    ``sample`` is as for ``app_session``.
    """
    with short_phases_sandbox(name, seconds, busy=busy) as (sb, routine):
        timeline = timeline_of(routine)
        options.log(f"{name}: app, {timeline.total} s, {len(timeline.phases)} phases")
        trace = app_session(options, sb, routine, timeline.total, sample=sample)
    return app_timing(trace, timeline)


def p99_figure(where: str, what: str, found: Errors, counted: str, more: str = "") -> Figure:
    """``accuracy, WHERE: WHAT p99 |error|`` in ms, at most 10 ms, noting how many events."""
    return Figure(
        f"accuracy, {where}: {what} p99 |error|",
        found.p99 * MS,
        "ms",
        goal=at_most(10, "ms"),
        note=f"{len(found.errors)} {counted}{more}",
    )


def error_figure(where: str, what: str, error: float) -> Figure:
    """``accuracy, WHERE: WHAT``, one event's error in ms, within ±10 ms."""
    return Figure(f"accuracy, {where}: {what}", error * MS, "ms", goal=abs_at_most(10, "ms"))


def app_figures(where: str, timing: AppTiming, count_mismatched: bool = False) -> list[Figure]:
    """A full-screen session's boundaries and 1 Hz redraws as figures ``accuracy, WHERE: ...``.

    With ``count_mismatched``, the boundaries' note also says how many banners were not seen.
    """
    unseen = timing.mismatched if count_mismatched else 0
    more = f", {unseen} not seen" if unseen else ""
    return [
        p99_figure(where, "boundary", timing.boundaries, "boundaries", more),
        error_figure(where, "last boundary error", timing.boundaries.last),
        p99_figure(where, "1 Hz redraw", timing.ticks, "redraws"),
    ]


@dataclass(frozen=True)
class PlainTiming:
    """Timing errors of a plain-mode session, from the lines' arrival."""

    boundaries: Errors  # phase lines and END
    cues: Errors  # cue lines
    end: float  # error of the END line


def plain_session(options: Options, sandbox: Sandbox, routine: Path, seconds: float) -> PlainTiming:
    """Run the routine in plain mode, the pain check-in skipped; when each line arrived
    against its printed schedule."""
    argv = run_command(routine, "--plain")
    with PtyProcess(argv, env_for(sandbox, options), keep_frames=False) as proc:
        # On a terminal, plain mode asks the pain check-in before the session, whatever the
        # settings: skipped with Enter, as a person may.
        from stretchtimer.core.pain import PAIN_PROMPT

        if proc.wait_for_text(PAIN_PROMPT, 30) is None:
            raise RuntimeError(f"plain mode did not ask {PAIN_PROMPT!r}")
        proc.send(b"\r")
        done = proc.wait_for_line(
            lambda line: line.startswith(("Complete", "Stopped")), seconds + 60
        )
        if done is None:
            raise RuntimeError("the plain session did not complete")
        lines = list(proc.lines)
    events: list[tuple[float, float, str]] = []
    for arrival, line in lines:
        found = _STAMP.match(line)
        if found:
            events.append((arrival, int(found[1]) * 60 + float(found[2]), found[3]))
    every = errors([(a, s) for a, s, _ in events])
    base = every.baseline
    boundaries = errors([(a, s) for a, s, text in events if not text.startswith("cue ")], base)
    cues = errors([(a, s) for a, s, text in events if text.startswith("cue ")], base)
    return PlainTiming(boundaries, cues, boundaries.last)
