"""Spoken cues: say a short text aloud with ``espeak-ng`` (Linux) or ``say`` (macOS).

``say()`` returns at once; one daemon worker thread runs the speech command. While it speaks,
a newer text replaces any text still waiting, so speech never falls behind the session.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading


class Speaker:
    """Speaks texts one at a time on a worker thread; does nothing when not ``available``."""

    def __init__(self, argv: list[str] | None, reason: str = "") -> None:
        self.available = argv is not None
        self.reason = reason  # why speech is not available, for the settings screen
        self._argv = argv
        self._next: str | None = None
        self._speaking = False
        self._closed = False
        self._process: subprocess.Popen[bytes] | None = None
        self._changed = threading.Condition()
        self._thread: threading.Thread | None = None
        if argv is not None:
            self._thread = threading.Thread(target=self._run, name="speaker", daemon=True)
            self._thread.start()

    def say(self, text: str) -> None:
        """Speak ``text`` after the current utterance, replacing any text still waiting."""
        if not self.available or self._closed or not text.strip():
            return
        with self._changed:
            self._next = text
            self._changed.notify_all()

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Block until nothing is waiting or being said (for tests and scripts, not the UI)."""
        with self._changed:
            return self._changed.wait_for(
                lambda: self._next is None and not self._speaking, timeout
            )

    def close(self) -> None:
        """Stop speaking, forget waiting text and end the worker thread."""
        with self._changed:
            self._closed = True
            self._next = None
            self._changed.notify_all()
        process = self._process
        if process is not None and process.poll() is None:
            process.terminate()
        if self._thread is not None:
            self._thread.join(timeout=1.0)

    def _run(self) -> None:
        assert self._argv is not None
        while True:
            with self._changed:
                self._speaking = False
                self._changed.notify_all()
                self._changed.wait_for(lambda: self._next is not None or self._closed)
                if self._closed:
                    return
                text, self._next = self._next or "", None
                self._speaking = True
            try:  # the text goes in on stdin, so it can never be read as an option
                process = self._process = subprocess.Popen(
                    self._argv,
                    stdin=subprocess.PIPE,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            except OSError:
                continue
            try:
                process.communicate(text.encode("utf-8"), timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def make_speaker() -> Speaker:
    """A speaker using the machine's speech command, or an unavailable one saying why not."""
    if sys.platform == "darwin":
        path = shutil.which("say")
        return Speaker([path, "-f", "-"]) if path else Speaker(None, "the say command is missing")
    path = shutil.which("espeak-ng") or shutil.which("espeak")
    if path is None:
        return Speaker(None, "espeak-ng is not installed")
    return Speaker([path, "-s", "150"])
