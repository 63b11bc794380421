"""Everything the app needs from outside, in one object that tests replace piece by piece."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from stretchtimer import paths
from stretchtimer.core.clock import Clock, MonotonicClock, local_now
from stretchtimer.core.library import Catalog, load_catalog
from stretchtimer.core.settings import Settings, load_settings, save_settings

if TYPE_CHECKING:
    from stretchtimer.adapters.audio import CuePlayer
    from stretchtimer.adapters.speech import Speaker
    from stretchtimer.core.history import HistoryStore
    from stretchtimer.core.screening import ScreeningText
    from stretchtimer.core.screening_store import ScreeningStore


def make_player(**options: object) -> CuePlayer:
    """The real cue player (imported at the first cue, not at start-up)."""
    from stretchtimer.adapters.audio import make_player as make

    return make(**options)  # type: ignore[arg-type]


def make_speaker() -> Speaker:
    """The real speaker (imported when first needed)."""
    from stretchtimer.adapters.speech import make_speaker as make

    return make()


@dataclass
class Services:
    """The app's seams: clocks, files and devices. Defaults are the real ones."""

    clock: Clock = field(default_factory=MonotonicClock)
    now: Callable[[], datetime] = local_now
    builtin_dir: Path | None = None
    user_dir: Path | None = None
    screening_path: Path = field(default_factory=paths.screening_file)
    history_path: Path = field(default_factory=paths.history_file)
    settings_path: Path = field(default_factory=paths.settings_file)
    player_factory: Callable[..., CuePlayer] = make_player
    speaker_factory: Callable[[], Speaker] = make_speaker

    def catalog(self) -> Catalog:
        """Load the built-in and user routines."""
        return load_catalog(self.builtin_dir, self.user_dir)

    def screening_text(self) -> ScreeningText:
        """The red-flag questions and their advice."""
        from stretchtimer.core.screening import load_screening_text

        return load_screening_text()

    def screening_store(self, reset_hour: int) -> ScreeningStore:
        """The stored screening results."""
        from stretchtimer.core.screening_store import ScreeningStore

        return ScreeningStore(
            self.screening_path, now=self.now, reset_hour=reset_hour, text=self.screening_text()
        )

    def history(self) -> HistoryStore:
        """The stored session history."""
        from stretchtimer.core.history import HistoryStore

        return HistoryStore(self.history_path)

    def load_settings(self) -> tuple[Settings, list[str]]:
        """The user's settings, with warnings for the values that were bad."""
        return load_settings(self.settings_path)

    def save_settings(self, settings: Settings) -> None:
        """Write the settings atomically."""
        save_settings(settings, self.settings_path)
