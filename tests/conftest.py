"""Shared fixtures: an isolated home for every test, a fake clock, and recording devices."""

from __future__ import annotations

import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from stretchtimer.compose import Root, build_root
from stretchtimer.core.clock import FakeClock
from stretchtimer.core.cues import Cue

ROOT = Path(__file__).resolve().parent.parent
TZ = timezone(timedelta(hours=1))


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Every test gets its own config, data and cache folders, never the real ones."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("STRETCHTIMER_AUDIO", "silent")
    return home


class RecordingPlayer:
    """A cue player that remembers what it was asked to play."""

    name = "recording"

    def __init__(self, **options: object) -> None:
        self.options = options
        self.volume = float(options.get("volume", 1.0))  # type: ignore[arg-type]
        self.muted = bool(options.get("muted", False))
        self.played: list[Cue] = []
        self.closed = False

    def play(self, cue: Cue) -> None:
        if not self.muted:
            self.played.append(cue)

    def close(self) -> None:
        self.closed = True


class RecordingSpeaker:
    """A speaker that remembers what it said."""

    def __init__(self, available: bool = True, reason: str = "") -> None:
        self.available = available
        self.reason = reason
        self.said: list[str] = []

    def say(self, text: str) -> None:
        self.said.append(text)

    def close(self) -> None:
        pass


class WallClock:
    """A settable wall clock (aware datetimes) for screening expiry."""

    def __init__(self, start: datetime) -> None:
        self.value = start

    def __call__(self) -> datetime:
        return self.value


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def wall() -> WallClock:
    return WallClock(datetime(2026, 11, 25, 8, 30, tzinfo=TZ))


@pytest.fixture
def root(tmp_path: Path, clock: FakeClock, wall: WallClock) -> Root:
    """The composition root with a fake clock, recording devices and files under tmp_path."""
    players: list[RecordingPlayer] = []

    def player_factory(**options: object) -> RecordingPlayer:
        players.append(RecordingPlayer(**options))
        return players[-1]

    speaker = RecordingSpeaker()
    result = build_root(
        clock=clock,
        now=wall,
        user_dir=tmp_path / "routines",
        screening_path=tmp_path / "data" / "screening.json",
        history_path=tmp_path / "data" / "history.jsonl",
        settings_path=tmp_path / "config" / "settings.yaml",
        player_factory=player_factory,
        speaker_factory=lambda: speaker,
    )
    result.players = players  # type: ignore[attr-defined]
    result.speaker = speaker  # type: ignore[attr-defined]
    return result


@pytest.fixture
def services(root: Root) -> Root:
    """The same root under its former name (tests written before the composition root)."""
    return root
