"""What a running process costs, read from ``/proc`` (Linux)."""

from __future__ import annotations

import os
from pathlib import Path

_TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of ``pid`` (all its threads, living and ended), in seconds.

    The kernel counts it in clock ticks (10 ms), so it is coarse over short windows.
    """
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    utime, stime = int(fields[11]), int(fields[12])  # fields 14 and 15 of proc(5)
    return (utime + stime) / _TICK


def cpu_ns(pid: int) -> int:
    """Nanoseconds ``pid``'s living threads have spent on a CPU (``/proc/PID/task/*/schedstat``).

    Exact to the nanosecond, unlike :func:`cpu_seconds`; a thread that ended is no longer
    counted, so compare it over windows in which the threads live throughout.
    """
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            total += int((task / "schedstat").read_text().split()[0])
        except (OSError, ValueError, IndexError):  # the thread ended while we looked
            continue
    return total


def status_kb(pid: int, key: str) -> int:
    """A ``kB`` line of ``/proc/PID/status``: ``VmHWM`` (peak RSS), ``VmRSS`` (RSS now)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{key}:"):
            return int(line.split()[1])
    raise KeyError(key)


def peak_rss_mb(pid: int) -> float:
    """Peak resident set size (VmHWM) in MB (10^6 bytes)."""
    return status_kb(pid, "VmHWM") * 1024 / 1e6


def rss_mb(pid: int) -> float:
    """Resident set size now (VmRSS) in MB (10^6 bytes)."""
    return status_kb(pid, "VmRSS") * 1024 / 1e6
