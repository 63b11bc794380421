"""The soak: the real app kept open with reminders every few seconds and short walks.

The real command (``stretchtimer``, its home screen) runs for ``options.soak_minutes`` in a
tmux pane of 80x24 with a reminders file whose walk comes ``every: 15s`` after the last one,
round the clock. A driver answers each alert as a person would: it starts the walk (``s``)
two times in three and skips it (``k``) the third, skips the pain check-in before the walk
and closes each walk's summary (enter);
the walk is a short routine of its own (about 5 s). The interval counts from the answer, so
the next alert comes some 10 s after a walk's summary closed (one due earlier waits for the
summary to close). Memory (VmRSS) is sampled every 5 s;
CPU time, open files and threads are read at the start (after the first minute's warm-up:
fonts drawn, the player made, the first walk done) and at the end.

RSS growth is the last minute's median less the median around the first minute; the slope
of the second half shows whether it levels off. Goals: no growth of threads or open files,
RSS growth under 1 MB an hour.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from bench.drive import env_for
from bench.env import STRETCHTIMER, Sandbox, sandbox
from bench.proc import cpu_seconds, rss_mb, status_kb
from bench.registry import Figure, Options, at_most, scenario
from bench.stats import median

EVERY_SECONDS = 15
WALK = "soak-walk"
ALERT = "Time to move:"
SUMMARY = ("routine complete", "some parts skipped", "Session stopped", "Back to routines")
CHECK_IN = "Pain now, 0-10 (Enter to skip)"  # before the walk (the summary asks it too)
REMINDERS = f"""\
version: 1
reminders:
  - id: walk
    routine: {WALK}
    every: {EVERY_SECONDS}s
    days: all
    hours: ["00:00-24:00"]
    align: none
"""


def slope(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of (x, y) points (NaN for fewer than two)."""
    if len(points) < 2:
        return float("nan")
    mx = sum(x for x, _ in points) / len(points)
    my = sum(y for _, y in points) / len(points)
    var = sum((x - mx) ** 2 for x, _ in points)
    return sum((x - mx) * (y - my) for x, y in points) / var if var else float("nan")


@dataclass(frozen=True)
class Usage:
    """What the process holds at one moment."""

    at: float  # minutes since the start
    rss_mb: float
    cpu_s: float
    open_files: int
    threads: int


def usage(pid: int, began: float) -> Usage:
    """``pid``'s memory, CPU time, open file descriptors and threads now."""
    return Usage(
        (time.monotonic() - began) / 60,
        rss_mb(pid),
        cpu_seconds(pid),
        len(os.listdir(f"/proc/{pid}/fd")),
        status_kb(pid, "Threads"),
    )


@dataclass
class Driver:
    """Answers the app as a person would, reading the whole screen (tmux): start or skip
    each alert, close each summary."""

    session: str
    alerts: int = 0
    walks: int = 0
    skips: int = 0
    summaries: int = 0
    check_ins: int = 0
    quiet_until: float = 0.0  # after a key, the screen is given time to change

    def screen(self) -> str:
        return subprocess.run(
            ["tmux", "capture-pane", "-p", "-t", self.session],
            capture_output=True,
            text=True,
            check=False,
        ).stdout

    def keys(self, *keys: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.session, *keys], check=False)
        self.quiet_until = time.monotonic() + 2.0  # an enter read twice would start a routine

    def step(self) -> None:
        """Answer what the screen shows now (an alert first, should both be in sight)."""
        if time.monotonic() < self.quiet_until:
            return
        shown = self.screen()
        if ALERT in shown:
            self.alerts += 1
            start = self.alerts % 3 != 0
            self.walks += start
            self.skips += not start
            self.keys("s" if start else "k")
        elif any(text in shown for text in SUMMARY):
            self.summaries += 1
            self.keys("Enter")
        elif CHECK_IN in shown:  # the pain check-in before the walk: skipped
            self.check_ins += 1
            self.keys("Enter")


def prepare(sb: Sandbox) -> None:
    """Screening passed today, the walk routine (about 5 s), the reminders file."""
    sb.pass_screening()
    sb.write_routine(WALK, [{"exercise": "knee-to-chest", "hold": 2, "reps": 1}], prepare=1)
    sb.write_settings(countdown_seconds=1)
    reminders = sb.config / "stretchtimer" / "reminders.yaml"
    reminders.write_text(REMINDERS)


def run_soak(options: Options, sb: Sandbox, seconds: float) -> tuple[list[Usage], Driver]:
    """Keep the app open ``seconds`` in a tmux pane of 80x24, the driver answering twice a
    second; usage every 5 s."""
    env = env_for(sb, options, XDG_RUNTIME_DIR=str(sb.root / "run"))
    Path(env["XDG_RUNTIME_DIR"]).mkdir(mode=0o700, exist_ok=True)
    session = f"bench-soak-{os.getpid()}"
    exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items() if k.isidentifier())
    command = f"exec env -i {exports} {shlex.quote(STRETCHTIMER)}"
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", session, "-x", "80", "-y", "24", command], check=True
    )
    driver = Driver(session)
    samples: list[Usage] = []
    try:
        pid = int(
            subprocess.run(
                ["tmux", "list-panes", "-t", session, "-F", "#{pane_pid}"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()[0]
        )
        began = time.monotonic()
        end, next_sample = began + seconds, began
        while time.monotonic() < end:
            time.sleep(0.5)
            driver.step()
            if time.monotonic() >= next_sample:
                samples.append(usage(pid, began))
                next_sample += 5
                if len(samples) % 12 == 1:  # each minute
                    options.log(f"soak: {samples[-1]}, {driver.alerts} alerts")
        samples.append(usage(pid, began))
        driver.keys("C-q")
        time.sleep(2)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True, check=False)
    options.log(
        f"soak: {driver.alerts} alerts, {driver.walks} walks started, {driver.skips} skipped,"
        f" {driver.check_ins} check-ins skipped, {driver.summaries} summaries closed"
    )
    return samples, driver


@scenario(
    "soak", "the app open with reminders and walks: memory, CPU, files, threads", minutes=10.5
)
def soak(options: Options) -> list[Figure]:
    """The app open for ``options.soak_minutes``, walks every few seconds."""
    with sandbox() as sb:
        prepare(sb)
        samples, driver = run_soak(options, sb, options.soak_minutes * 60)
    minutes = samples[-1].at
    warm = min(1.0, minutes / 4)  # the first minute (a quarter of a short run) is warm-up
    window = min(1.0, minutes / 4)
    early = median([s.rss_mb for s in samples if warm <= s.at <= warm + window])
    late = median([s.rss_mb for s in samples if s.at >= minutes - window])
    first = next(s for s in samples if s.at >= warm)
    last = samples[-1]
    second_half = [(s.at, s.rss_mb) for s in samples if s.at >= minutes / 2]
    hours = max(last.at - first.at, 1e-9) / 60
    cpu = (last.cpu_s - first.cpu_s) / max((last.at - first.at) * 60, 1e-9) * 100
    where = f"{options.soak_minutes:g}-min run"
    return [
        Figure(
            f"soak: RSS growth over a {where}",
            late - early,
            "MB",
            goal=at_most(1, "MB"),
            note=f"{early:.1f} -> {late:.1f} MB; {(late - early) / hours:.2f} MB/h",
        ),
        Figure(
            "soak: RSS slope over the second half",
            slope(second_half) * 1000,
            "kB/min",
            goal=at_most(1000 / 60, "kB/min"),
            note="levelling off: near 0; 1 MB an hour is 16.7 kB/min",
        ),
        Figure(
            "soak: open files, end less start",
            last.open_files - first.open_files,
            "",
            goal=at_most(0),
            note=f"{first.open_files} -> {last.open_files}",
        ),
        Figure(
            "soak: threads, end less start",
            last.threads - first.threads,
            "",
            goal=at_most(0),
            note=f"{first.threads} -> {last.threads}",
        ),
        Figure(
            "soak: CPU, average after warm-up",
            cpu,
            "%",
            note=(
                f"{last.cpu_s - first.cpu_s:.1f} s in {(last.at - first.at):.1f} min;"
                f" {driver.alerts} alerts, {driver.walks} walks, {driver.skips} skipped"
            ),
        ),
    ]
