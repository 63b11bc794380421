"""The user's settings file (``core.ports.SettingsStore``): read capped, written atomically.

The rules and the warnings are the core's (``core/settings.py``); this only moves bytes.
"""

from __future__ import annotations

from pathlib import Path

from stretchtimer import paths
from stretchtimer.adapters.files import read_capped, write_atomic
from stretchtimer.core.settings import Settings, parse_settings, settings_yaml, unreadable


def load_settings(path: Path | None = None) -> tuple[Settings, list[str]]:
    """The settings from ``path`` (default: the user's file) and any warnings. Never raises.

    A missing file gives the defaults; one that cannot be read, the defaults and a warning.
    """
    path = path or paths.settings_file()
    try:
        data = read_capped(path)
    except FileNotFoundError:
        return Settings(), []
    except OSError as exc:
        return unreadable(str(path), exc.strerror or str(exc))
    return parse_settings(str(path), data)


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write ``settings`` to ``path`` (default: the user's file), atomically."""
    write_atomic(path or paths.settings_file(), settings_yaml(settings))


class SettingsFile:
    """The settings kept in one file (``core.ports.SettingsStore``)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> tuple[Settings, list[str]]:
        """The settings and the warnings for what was bad; never raises."""
        return load_settings(self.path)

    def save(self, settings: Settings) -> None:
        """Write ``settings`` atomically; raises OSError when it cannot."""
        save_settings(settings, self.path)
