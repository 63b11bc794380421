"""The routine of the latest session, kept in a small file beside the history store.

Home offers the routine a person last ran first. Reading it from the history store meant
importing sqlite3 and opening the database on the event loop, before home's first frame,
at nearly every start (the store changes with every reminder answered, so the start-up
cache rarely held it). The store writes this file as a session starts (on its own thread);
home reads a few bytes. When the file is missing (a history from before it, or one that
has no session yet), the store writes it as it opens, so only the first start asks SQLite.
"""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path

from stretchtimer.adapters.files import write_atomic

log = logging.getLogger(__name__)

NAME = "last-routine"
LONGEST = 200  # an id longer than this was not written here


def beside(database: Path) -> Path:
    """The file kept beside the history store at ``database``."""
    return database.with_name(NAME)


def read(path: Path) -> tuple[bool, str | None]:
    """(known, routine id): an empty file says the history has no session yet; not known
    when the file is missing or unreadable, then the history store says (and writes it)."""
    try:
        text = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return False, None
    except (OSError, UnicodeDecodeError) as error:
        log.warning("could not read %s: %s", path, error)
        return False, None
    if not text:
        return True, None
    if len(text) > LONGEST or not text.isprintable():
        return False, None
    return True, text


def write(path: Path, routine_id: str | None) -> None:
    """Keep ``routine_id`` as the latest (None: no session yet), atomically; a failure is
    logged, never raised: home then asks the history store."""
    try:
        write_atomic(path, (routine_id or "") + "\n")
    except OSError as error:
        log.warning("could not keep the last routine in %s: %s", path, error)
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)  # never an older routine offered as the last one
