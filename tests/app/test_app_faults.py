"""Failures in the app: a failed worker is a clear notice and a log line; devices are closed."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import suppress

import pytest
from textual.worker import WorkerFailed

from stretchtimer.adapters.log import LOGGER
from stretchtimer.app.app import create_app
from stretchtimer.app.screens.settings import SettingsScreen
from stretchtimer.compose import start_logging
from tests.support.fakes import RecordingSpeaker

SIZES = [(80, 24), (40, 12)]


@pytest.fixture(autouse=True)
def no_log_left() -> Iterator[None]:
    yield
    logger = logging.getLogger(LOGGER)
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        handler.close()


@pytest.mark.parametrize("size", SIZES)
async def test_a_settings_save_that_fails_is_a_notice_and_a_log_line(root, tmp_path, size) -> None:
    (tmp_path / "blocked").write_text("a file where the config folder should be")
    root.settings_path = tmp_path / "blocked" / "settings.yaml"
    start_logging(root)
    app = create_app(root)
    said: list[tuple[str, str]] = []
    async with app.run_test(size=size) as pilot:
        app.notify = lambda message, **options: said.append(  # type: ignore[method-assign]
            (message, options.get("severity", ""))
        )
        app.update_settings(muted=True)
        with suppress(WorkerFailed):  # what the one handler reports
            await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.settings.muted  # kept for this sitting
    assert [severity for _, severity in said] == ["error"]
    assert said[0][0].startswith("Could not save the settings: ")
    log = root.log_path.read_text()
    assert "ERROR stretchtimer.app.app: could not save the settings" in log


class ClosableSpeaker(RecordingSpeaker):
    def __init__(self, made: list[ClosableSpeaker]) -> None:
        super().__init__()
        self.closed = False
        made.append(self)

    def close(self) -> None:
        self.closed = True


async def test_each_visit_to_settings_closes_the_speaker_it_asked(root) -> None:
    made: list[ClosableSpeaker] = []
    root.speaker_factory = lambda: ClosableSpeaker(made)
    app = create_app(root)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(3):
            await pilot.press("comma")
            assert isinstance(app.screen, SettingsScreen)
            await pilot.press("escape")
            await pilot.pause()
    assert len(made) == 3
    assert all(speaker.closed for speaker in made)
