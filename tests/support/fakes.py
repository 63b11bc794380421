"""Fakes for the devices and the wall clock: they remember what they were asked."""

from __future__ import annotations

from datetime import datetime

from stretchtimer.core.cues import Cue


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
