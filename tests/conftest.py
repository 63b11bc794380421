"""Shared fixtures: an isolated home for every test, a fake clock, and recording devices."""

from __future__ import annotations

import signal
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from stretchtimer.compose import Root, build_root
from stretchtimer.core.clock import FakeClock
from tests.support.fakes import RecordingPlayer, RecordingSpeaker, WallClock


def pytest_configure(config: pytest.Config) -> None:
    """The commands the tests start get the signals a terminal gives them, whatever this run
    inherited: a shell's background job ignores SIGINT, ``nohup`` SIGHUP, and an ignored
    signal stays ignored across exec (the app rightly keeps it so), which Ctrl+C and SIGHUP
    tests would then meet. A handled signal is reset to the default in a new program."""
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGHUP, signal.SIG_DFL)


TZ = timezone(timedelta(hours=1))


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Every test gets its own config, data and cache folders, never the real ones."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.delenv("STRETCHTIMER_LOG", raising=False)
    monkeypatch.setenv("STRETCHTIMER_AUDIO", "silent")
    return home


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
        history_db_path=tmp_path / "data" / "history.sqlite3",
        data_path=tmp_path / "data",
        settings_path=tmp_path / "config" / "settings.yaml",
        log_path=tmp_path / "state" / "stretchtimer.log",
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
