"""Standard input during a plain session: read line by line on a thread of its own, so the
session waits for its next deadline and for a typed line at once (``h`` + Enter: this hurts).

Once a session has started every later read goes through the same :class:`LineReader` (one
reader of the stream). A line that is not a key is kept for the questions after the session
when the input is piped (a script's answers), and dropped when it was typed at a terminal.
"""

from __future__ import annotations

import queue
import threading
import time
from typing import TextIO


class LineReader:
    """Lines of ``stream`` as they come; ``""`` once it has ended."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._lines: queue.Queue[str] = queue.Queue()
        self._kept: list[str] = []
        self._ended = False
        try:
            self._terminal = stream.isatty()
        except (AttributeError, ValueError):
            self._terminal = False
        threading.Thread(target=self._read, name="stdin", daemon=True).start()

    def _read(self) -> None:
        while True:
            try:
                line = self._stream.readline()
            except (OSError, ValueError):  # closed under us
                line = ""
            self._lines.put(line)
            if not line:
                return

    def _take(self, timeout: float | None) -> str | None:
        if self._ended:
            return ""
        try:
            line = self._lines.get(timeout=timeout)
        except queue.Empty:
            return None
        self._ended = not line
        return line

    def wait(self, seconds: float) -> str | None:
        """A line typed within ``seconds`` (without its newline), else None after them."""
        if self._ended:
            time.sleep(seconds)
            return None
        line = self._take(max(0.0, seconds))
        return None if not line else line.rstrip("\r\n")

    def keep(self, line: str) -> None:
        """A line that meant nothing during the session: a script's next answer, kept."""
        if not self._terminal:
            self._kept.append(f"{line}\n")

    def readline(self) -> str:
        """The next line (with its newline), ``""`` at end of input: a stream's readline."""
        if self._kept:
            return self._kept.pop(0)
        return self._take(None) or ""

    def isatty(self) -> bool:
        return self._terminal
