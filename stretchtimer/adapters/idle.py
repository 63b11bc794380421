"""How long the person has been away from keyboard and mouse: GNOME's idle monitor over
D-Bus (``gdbus``), ``xprintidle`` on X11 or ``ioreg`` on macOS, whichever is there."""

from __future__ import annotations

import re
import shutil
import sys
from collections.abc import Callable, Mapping

from stretchtimer.adapters.notify import Run, run_quietly

_GNOME = [
    "gdbus", "call", "--session", "--dest", "org.gnome.Mutter.IdleMonitor",
    "--object-path", "/org/gnome/Mutter/IdleMonitor/Core",
    "--method", "org.gnome.Mutter.IdleMonitor.GetIdletime",
]  # fmt: skip


def _gnome(out: str) -> float | None:
    match = re.search(r"uint64 (\d+)", out)
    return int(match.group(1)) / 1000 if match else None


def _xprintidle(out: str) -> float | None:
    return int(out.strip()) / 1000 if out.strip().isdigit() else None


def _ioreg(out: str) -> float | None:
    match = re.search(r'"HIDIdleTime" = (\d+)', out)
    return int(match.group(1)) / 1e9 if match else None


class CommandIdleSource:
    """Idle time from the first of the known commands that answers."""

    def __init__(
        self,
        env: Mapping[str, str],
        run: Run = run_quietly,
        which: Callable[[str], str | None] = shutil.which,
        platform: str = sys.platform,
    ) -> None:
        self._run = run
        self._probe: tuple[list[str], Callable[[str], float | None]] | None = None
        candidates: list[tuple[list[str], Callable[[str], float | None]]] = []
        if platform == "darwin" and which("ioreg"):
            candidates.append((["ioreg", "-c", "IOHIDSystem", "-d", "4"], _ioreg))
        if which("gdbus") and env.get("DBUS_SESSION_BUS_ADDRESS"):
            candidates.append((_GNOME, _gnome))
        if which("xprintidle") and env.get("DISPLAY"):
            candidates.append((["xprintidle"], _xprintidle))
        for command, parse in candidates:
            out = run(command)
            if out is not None and parse(out) is not None:
                self._probe = (command, parse)
                break
        self.available = self._probe is not None
        self.reason = (
            ""
            if self.available
            else "no idle time on this machine (needs GNOME, xprintidle or macOS)"
        )

    def idle_seconds(self) -> float | None:
        if self._probe is None:
            return None
        command, parse = self._probe
        out = self._run(command)
        return None if out is None else parse(out)


class FakeIdleSource:
    """An idle source a test sets."""

    def __init__(self, idle: float | None = 0.0, available: bool = True) -> None:
        self.idle = idle
        self.available = available
        self.reason = "" if available else "fake: none"

    def idle_seconds(self) -> float | None:
        return self.idle if self.available else None
