"""The exit codes of every command, defined once."""

from __future__ import annotations

EXIT_OK = 0
EXIT_REFUSED = 1  # the screening did not clear a session
EXIT_ERROR = 2  # bad input: unknown routine, invalid file, bad arguments
