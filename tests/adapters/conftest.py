"""Fixtures of the adapters' tests."""

from __future__ import annotations

import logging

import pytest


class Said(logging.Handler):
    """The audio adapter's log lines, caught at its own logger (whatever the root's set-up:
    the app's logging stops them reaching the root)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@pytest.fixture
def audio_log():
    logger = logging.getLogger("stretchtimer.adapters.audio")
    said, level = Said(), logger.level
    logger.addHandler(said)
    logger.setLevel(logging.INFO)
    yield said
    logger.removeHandler(said)
    logger.setLevel(level)
