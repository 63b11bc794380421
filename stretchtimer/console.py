"""What the line front ends (the CLI and plain mode) share: printing a line that may hold
text from a file, and finding the routine a command names."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from stretchtimer.exits import EXIT_ERROR

if TYPE_CHECKING:
    from stretchtimer.core.catalog import Catalog
    from stretchtimer.core.model import Routine


def say(text: object, *, error: bool = False) -> None:
    """Print one line that may hold text from a file, its control characters escaped."""
    from stretchtimer.core.safe_text import printable

    print(printable(str(text)), file=sys.stderr if error else sys.stdout)


def discard_output() -> None:
    """Stop writing to a standard output nobody reads any more (a pipe closed, a terminal
    that hung up): what is left in its buffer, and anything written later, goes to devnull,
    so the flush at exit finds nothing to complain about (the way the Python documentation
    gives, signal, "Note on SIGPIPE")."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def fail(message: str) -> int:
    """Print an error the way the rest of the CLI does and return the error status."""
    say(f"stretchtimer: error: {message}", error=True)
    return EXIT_ERROR


def find_routine(ref: str, catalog: Catalog) -> Routine | None:
    """Look up ``ref`` (id, name or path); prints the problem and returns None when it fails."""
    from stretchtimer.core.errors import RoutineError

    try:
        return catalog.find(ref)
    except RoutineError as error:
        for diagnostic in error.diagnostics:
            say(diagnostic, error=True)
    except LookupError as error:
        fail(str(error.args[0]) if error.args else str(error))
    return None
