"""The log: a rotated file in the user's state folder, never output on the screen.

What goes in: warnings (bad settings), failures of workers and devices, what was not saved and
why. The level is WARNING; ``--debug`` or ``STRETCHTIMER_LOG=debug`` (or any level's name)
raises it. Modules log through ``logging.getLogger(__name__)``, under ``stretchtimer``.
"""

from __future__ import annotations

import logging
import os
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOGGER = "stretchtimer"
ENV = "STRETCHTIMER_LOG"
MAX_BYTES = 256 * 1024
BACKUPS = 3
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def log_level(*, debug: bool = False, env: str | None = None) -> int:
    """The level asked for: DEBUG with ``debug``, else ``env``'s level name, else WARNING."""
    if debug:
        return logging.DEBUG
    wanted = (env if env is not None else os.environ.get(ENV, "")).strip().upper()
    level = logging.getLevelName(wanted) if wanted else logging.WARNING
    return level if isinstance(level, int) else logging.WARNING


def start_logging(path: Path, level: int = logging.WARNING) -> Path | None:
    """Send the app's log to ``path`` (rotated at 256 KiB, three kept); the path, or None when
    the folder cannot be made (the app then runs without a log, as before).

    Called once per process; a second call replaces the first handler.
    """
    logger = logging.getLogger(LOGGER)
    for handler in list(logger.handlers):
        if getattr(handler, "stretchtimer_log", False):
            logger.removeHandler(handler)
            handler.close()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    handler = RotatingFileHandler(
        path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True
    )
    handler.stretchtimer_log = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter(FORMAT))
    logger.addHandler(handler)
    logger.setLevel(level)
    logger.propagate = False  # never to the terminal through the root logger
    return path
