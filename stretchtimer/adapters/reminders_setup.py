"""The reminders' adapters put together for one process (see ``Root.reminders``)."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from stretchtimer.adapters.cache import FileCache
from stretchtimer.adapters.idle import CommandIdleSource
from stretchtimer.adapters.instance_lock import InstanceLock
from stretchtimer.adapters.notify import DesktopNotifier
from stretchtimer.adapters.reminder_log import StateFile
from stretchtimer.adapters.reminders_file import RemindersFile
from stretchtimer.core.ports import IdleSource, Notifier

if TYPE_CHECKING:
    from stretchtimer.adapters.store_sqlite import StoreReminderLog


def local_zone() -> ZoneInfo:
    """The local time zone: ``TZ``, then /etc/localtime's name, else UTC."""
    for name in (os.environ.get("TZ", "").lstrip(":"), _etc_localtime()):
        if name:
            try:
                return ZoneInfo(name)
            except (ValueError, OSError, KeyError):
                continue
    return ZoneInfo("UTC")


def _etc_localtime() -> str:
    try:
        target = os.path.realpath("/etc/localtime")
    except OSError:
        return ""
    _, found, name = target.partition("/zoneinfo/")
    return name if found else ""


@dataclass
class Reminders:
    """What the reminders need from outside, for one process."""

    file: RemindersFile
    log: StoreReminderLog
    state: StateFile
    lock: InstanceLock
    zone: ZoneInfo

    def notifier(self) -> Notifier:
        """The desktop notifier (the terminal's escape goes to the controlling terminal)."""

        def write(text: str) -> None:
            with open("/dev/tty", "w", encoding="utf-8") as tty:
                tty.write(text)

        usable = sys.platform != "win32" and os.path.exists("/dev/tty")
        return DesktopNotifier(os.environ, write if usable else None)

    def idle_source(self) -> IdleSource:
        return CommandIdleSource(os.environ)


def make_reminders(
    file: Path,
    log: StoreReminderLog,
    state: Path,
    lock: Path,
    routines: frozenset[str],
    cache: FileCache | None = None,
) -> Reminders:
    """The reminders' adapters; ``log`` keeps what was done with each reminder; what is read
    from the file is kept in ``cache`` (the start-up cache) until it changes."""
    zone = local_zone()
    return Reminders(
        RemindersFile(file, zone, routines, cache),
        log,
        StateFile(state),
        InstanceLock(lock),
        zone,
    )
