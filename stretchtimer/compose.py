"""The composition root: everything a front end needs from outside, built once per process.

:func:`build_root` makes the :class:`Root` from the real adapters; the Textual app, plain mode
and every CLI command take it from there, and tests build it with fakes (``tests/conftest.py``).
Nothing else calls :mod:`stretchtimer.paths` for a store or reads the catalog itself.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from stretchtimer import paths
from stretchtimer.adapters.cache import FileCache
from stretchtimer.core.catalog import Catalog
from stretchtimer.core.clock import Clock, MonotonicClock, local_now
from stretchtimer.core.model import Exercise
from stretchtimer.core.settings import Settings

if TYPE_CHECKING:
    from stretchtimer.adapters.audio import CuePlayer
    from stretchtimer.adapters.reminders_setup import Reminders
    from stretchtimer.adapters.screening_file import ScreeningFile
    from stretchtimer.adapters.speech import Speaker
    from stretchtimer.adapters.store_sqlite import BackgroundJournal, Opened, StoreThread
    from stretchtimer.core.history import HistoryStore
    from stretchtimer.core.renames import Rename
    from stretchtimer.core.screening import ScreeningText

log = logging.getLogger(__name__)


def make_player(**options: object) -> CuePlayer:
    """The real cue player (imported at the first cue, not at start-up)."""
    from stretchtimer.adapters.audio import make_player as make

    return make(**options)  # type: ignore[arg-type]


def make_speaker() -> Speaker:
    """The real speaker (imported when first needed)."""
    from stretchtimer.adapters.speech import make_speaker as make

    return make()


@dataclass
class Root:
    """The process's seams: clocks, files, stores and devices. Defaults are the real ones.

    What is read from YAML at start-up comes through a :class:`FileCache` in ``cache_dir``
    (None: read every time), so a launch with unchanged files does not import PyYAML.
    """

    clock: Clock = field(default_factory=MonotonicClock)
    now: Callable[[], datetime] = local_now
    builtin_dir: Path | None = None
    user_dir: Path | None = None
    screening_path: Path = field(default_factory=paths.screening_file)
    history_path: Path = field(default_factory=paths.history_file)
    history_db_path: Path = field(default_factory=paths.history_db)
    data_path: Path = field(default_factory=paths.data_dir)
    renames_path: Path = field(default_factory=lambda: paths.data_dir() / "renames.jsonl")
    settings_path: Path = field(default_factory=paths.settings_file)
    cache_dir: Path | None = field(default_factory=paths.cache_dir)
    log_path: Path = field(default_factory=paths.log_file)
    reminders_path: Path = field(default_factory=paths.reminders_file)
    reminder_log_path: Path = field(default_factory=paths.reminder_log_file)
    reminder_state_path: Path = field(default_factory=paths.reminder_state_file)
    reminders_lock_path: Path = field(default_factory=paths.reminders_lock_file)
    player_factory: Callable[..., CuePlayer] = make_player
    speaker_factory: Callable[[], Speaker] = make_speaker

    def __post_init__(self) -> None:
        self.cache = FileCache(self.cache_dir)
        self._screening_text: ScreeningText | None = None
        self._history_thread: StoreThread | None = None

    def catalog(self) -> Catalog:
        """The built-in and user routines, read again only when a file changed."""

        def load() -> Catalog:
            from stretchtimer.adapters.routine_files import load_catalog

            return load_catalog(self.builtin_dir, self.user_dir)

        from stretchtimer.adapters.routine_files import catalog_files

        files = [path for _, path in catalog_files(self.builtin_dir, self.user_dir)]
        return self.cache.get("catalog", files, load)

    def routines_dir(self) -> Path:
        """The folder of the person's own routines (written by new, edit's copy, the app)."""
        return self.user_dir or paths.user_routines_dir()

    def builtin_exercises(self) -> dict[str, Exercise]:
        """The shipped exercise library alone (what another machine has)."""
        from stretchtimer.adapters.routine_files import load_exercise_library
        from stretchtimer.core.errors import RoutineError

        folder = self.builtin_dir or paths.builtin_routines_dir()
        try:
            return load_exercise_library(folder / "exercises.yaml")
        except RoutineError:
            return {}

    def screening_text(self) -> ScreeningText:
        """The red-flag questions and their advice (read once)."""
        from stretchtimer.adapters.screening_file import load_screening_text, screening_text_file

        if self._screening_text is None:
            path = screening_text_file()
            self._screening_text = self.cache.get("screening", [path], load_screening_text)
        return self._screening_text

    def screening_store(self, reset_hour: int) -> ScreeningFile:
        """The stored screening results."""
        from stretchtimer.adapters.screening_file import ScreeningFile

        return ScreeningFile(
            self.screening_path, now=self.now, reset_hour=reset_hour, text=self.screening_text()
        )

    def history(self) -> HistoryStore:
        """The stored session history."""
        from stretchtimer.adapters.files import AppendOnlyFile
        from stretchtimer.core.history import HistoryStore

        return HistoryStore(AppendOnlyFile(self.history_path))

    def open_history(self) -> Opened:
        """The history store (SQLite), opened on the calling thread, which alone may use it;
        on the first start the old JSON-lines files in the data folder are imported."""
        from stretchtimer.adapters.store_sqlite import open_store

        return open_store(self.history_db_path, now=self.now(), import_from=self.data_path)

    def history_thread(self) -> StoreThread:
        """The history store on a thread of its own (the app's): opened at the first call."""
        if self._history_thread is None:
            from stretchtimer.adapters.store_sqlite import StoreThread

            self._history_thread = StoreThread(self.open_history)
        return self._history_thread

    def session_journal(self) -> BackgroundJournal:
        """A journal for one session, written on the history thread (never the caller's)."""
        from stretchtimer.adapters.store_sqlite import BackgroundJournal

        return BackgroundJournal(self.history_thread(), self.now)

    def last_routine_id(self) -> str | None:
        """The routine of the latest session (None: no history yet): the small file the
        store keeps beside itself (written as it opens and with each session), else, before
        the store has first opened (a history kept by an older version), the history itself,
        kept in the cache until the history changes."""

        from stretchtimer.adapters import last_routine

        known, last = last_routine.read(last_routine.beside(self.history_db_path))
        if known:  # no SQLite on the way to home's first frame (adapters/last_routine.py)
            return self._renamed(last)

        def load() -> str | None:
            if self.history_db_path.exists():
                from stretchtimer.adapters.store_sqlite import latest_routine_id

                return latest_routine_id(self.history_db_path)
            if not self.history_path.exists():  # no history at all: nothing to import
                return None
            entries = self.history().entries()
            return entries[-1].routine_id if entries else None

        wal = self.history_db_path.with_name(self.history_db_path.name + "-wal")
        sources = [self.history_path, self.history_db_path, wal]
        return self._renamed(self.cache.get("last-routine", sources, load))

    def _renamed(self, routine_id: str | None) -> str | None:
        """``routine_id`` as it is called now (the renames' rules are loaded only when there
        is a routine to follow: not on a new person's way to home)."""
        if routine_id is None:
            return None
        from stretchtimer.core.renames import follow_renames

        return follow_renames(routine_id, self.renames())

    def renames(self) -> list[Rename]:
        """The routines the person gave another id, oldest first."""
        from stretchtimer.adapters.files import AppendOnlyFile
        from stretchtimer.core.renames import read_renames

        return read_renames(AppendOnlyFile(self.renames_path).read_lines())

    def record_rename(self, old: str, new: str) -> None:
        """Remember that routine ``old`` is now ``new`` (so its history still finds it)."""
        from stretchtimer.adapters.files import AppendOnlyFile
        from stretchtimer.core.renames import rename_line

        AppendOnlyFile(self.renames_path).append_line(rename_line(old, new, self.now()))

    def load_settings(self) -> tuple[Settings, list[str]]:
        """The user's settings, with warnings for the values that were bad."""
        from stretchtimer.adapters.settings_file import load_settings

        path = self.settings_path
        settings, warnings = self.cache.get("settings", [path], lambda: load_settings(path))
        for warning in warnings:
            log.warning("settings: %s", warning)
        return settings, warnings

    def save_settings(self, settings: Settings) -> None:
        """Write the settings atomically; raises OSError when they cannot be (the app's worker
        handler reports it)."""
        from stretchtimer.adapters.settings_file import save_settings

        save_settings(settings, self.settings_path)

    def reminders(self) -> Reminders:
        """The reminders' stores and devices (the file, log, state, lock, notifier, idle);
        the log of what was done with each reminder is the history store's."""
        from stretchtimer.adapters.reminder_log import JsonlReminderLog
        from stretchtimer.adapters.reminders_setup import make_reminders
        from stretchtimer.adapters.store_sqlite import StoreReminderLog

        routines = frozenset(routine.id for routine in self.catalog().routines())
        # In the history store with the sessions; in the JSON-lines file while it cannot be
        # used (the store imports that file once it can).
        log = StoreReminderLog(self.history_thread(), JsonlReminderLog(self.reminder_log_path))
        return make_reminders(
            self.reminders_path,
            log,
            self.reminder_state_path,
            self.reminders_lock_path,
            routines,
            self.cache,
        )


def build_root(**overrides: object) -> Root:
    """The root from the real adapters, with any field replaced (tests pass fakes)."""
    return Root(**overrides)  # type: ignore[arg-type]


def start_logging(root: Root, *, debug: bool = False) -> None:
    """Send the process's log to the root's log file, at the level asked for (``--debug`` or
    ``STRETCHTIMER_LOG``)."""
    from stretchtimer.adapters.log import log_level
    from stretchtimer.adapters.log import start_logging as start

    start(root.log_path, log_level(debug=debug))
