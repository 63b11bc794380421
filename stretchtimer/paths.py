"""Every path the app uses, in one place.

Built-in data (``routines/``, ``sounds/``) ships inside the wheel as package data, in the
package's folder; in a source checkout it is found beside the package. The user's own files
live in the platform's config, data, cache and state folders (``$XDG_CONFIG_HOME/stretchtimer``,
``$XDG_DATA_HOME/stretchtimer``, ``$XDG_CACHE_HOME/stretchtimer`` and
``$XDG_STATE_HOME/stretchtimer`` on Linux), found with platformdirs.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_cache_path, user_config_path, user_data_path, user_state_path

APP_NAME = "stretchtimer"
_PACKAGE = Path(__file__).resolve().parent


def _shipped(name: str) -> Path:
    """A folder shipped as package data, or the checkout's folder of that name."""
    packaged = _PACKAGE / name
    return packaged if packaged.is_dir() else _PACKAGE.parent / name


def builtin_routines_dir() -> Path:
    """The routines and exercise library that ship with the app."""
    return _shipped("routines")


def sounds_dir() -> Path:
    """The cue sounds (WAV) that ship with the app."""
    return _shipped("sounds")


def package_data(name: str) -> Path:
    """A data file inside the package itself (for example ``screening.yaml``)."""
    return _PACKAGE / "data" / name


def config_dir() -> Path:
    """The user's config folder (settings, own routines)."""
    return user_config_path(APP_NAME, appauthor=False)


def user_routines_dir() -> Path:
    """The user's own routines and exercises."""
    return config_dir() / "routines"


def settings_file() -> Path:
    """The user's settings."""
    return config_dir() / "settings.yaml"


def data_dir() -> Path:
    """The user's data folder (screening results, session history)."""
    return user_data_path(APP_NAME, appauthor=False)


def cache_dir() -> Path:
    """The user's cache folder: what can be made again from their files (parsed routines)."""
    return user_cache_path(APP_NAME, appauthor=False)


def screening_file() -> Path:
    """The stored screening results."""
    return data_dir() / "screening.json"


def history_file() -> Path:
    """The stored session history."""
    return data_dir() / "history.jsonl"


def state_dir() -> Path:
    """The user's state folder: what the app keeps about itself (its log)."""
    return user_state_path(APP_NAME, appauthor=False)


def log_file() -> Path:
    """The app's log (rotated beside it)."""
    return state_dir() / "stretchtimer.log"


def reminders_file() -> Path:
    """The reminder settings (``reminders.yaml`` in the config folder)."""
    return config_dir() / "reminders.yaml"


def reminder_log_file() -> Path:
    """What was done with each reminder, one JSON object a line."""
    return data_dir() / "reminders.jsonl"


def reminder_state_file() -> Path:
    """The reminder state that survives a restart (last walk, snoozes, pause)."""
    return data_dir() / "reminders-state.json"


def reminders_lock_file() -> Path:
    """The lock held by the one process that runs the reminders (runtime folder if any)."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    return (Path(runtime) / "stretchtimer" if runtime else data_dir()) / "reminders.lock"


def history_db() -> Path:
    """The history store (SQLite): sessions, pain check-ins, screenings, reminder events."""
    return data_dir() / "history.sqlite3"
