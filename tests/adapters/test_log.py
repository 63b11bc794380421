"""The log: a rotated file in the state folder, WARNING unless asked for more, never on screen."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from stretchtimer import paths
from stretchtimer.adapters.log import LOGGER, log_level, start_logging
from tests.support.cli_helpers import ONE_SECOND, QUESTIONS, stretchtimer


@pytest.fixture(autouse=True)
def no_log_left() -> Iterator[None]:
    yield
    logger = logging.getLogger(LOGGER)
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        handler.close()


def test_the_log_is_in_the_users_state_folder(isolated_home: Path) -> None:
    assert paths.log_file() == isolated_home / "state" / "stretchtimer" / "stretchtimer.log"


def test_warnings_go_to_the_file_and_debug_only_when_asked(tmp_path: Path) -> None:
    path = tmp_path / "state" / "stretchtimer.log"
    assert start_logging(path) == path
    logging.getLogger("stretchtimer.app.app").warning("could not save the settings: %s", "full")
    logging.getLogger("stretchtimer.app.app").debug("a detail")
    text = path.read_text()
    assert "WARNING stretchtimer.app.app: could not save the settings: full" in text
    assert "a detail" not in text
    start_logging(path, log_level(debug=True))
    logging.getLogger("stretchtimer.plain").debug("a detail")
    assert "DEBUG stretchtimer.plain: a detail" in path.read_text()
    assert len(logging.getLogger(LOGGER).handlers) == 1  # started again, not twice


def test_the_level_comes_from_debug_or_the_environment() -> None:
    assert log_level() == logging.WARNING
    assert log_level(debug=True) == logging.DEBUG
    assert log_level(env="debug") == logging.DEBUG
    assert log_level(env="info") == logging.INFO
    assert log_level(env="shouting") == logging.WARNING


def test_a_folder_that_cannot_be_made_leaves_the_app_without_a_log(tmp_path: Path) -> None:
    (tmp_path / "state").write_text("a file where the folder should be")
    assert start_logging(tmp_path / "state" / "stretchtimer.log") is None


def test_the_command_logs_a_bad_setting_and_what_it_could_not_save(isolated_home: Path) -> None:
    config = isolated_home / "config" / "stretchtimer"
    config.mkdir(parents=True)
    (config / "settings.yaml").write_text("volume: 7\n")
    (isolated_home / "data").mkdir()
    (isolated_home / "data" / "stretchtimer").write_text("a file where the folder should be")
    result = stretchtimer(
        isolated_home, "--debug", "run", str(ONE_SECOND), "--plain", input="n\n" * QUESTIONS
    )
    assert result.returncode == 0, result.stderr
    log = (isolated_home / "state" / "stretchtimer" / "stretchtimer.log").read_text()
    assert "WARNING stretchtimer.compose: settings: " in log and "volume must be" in log
    assert "WARNING stretchtimer.plain.history: history is not being saved: " in log
    assert "stretchtimer.log" not in result.stdout + result.stderr
