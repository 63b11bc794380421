"""A real terminal for the benchmarks: the command runs in a pseudo-terminal the harness reads.

The harness is the terminal: it reads every byte the program writes as soon as it arrives and
stamps it with ``time.monotonic()``. It answers the one query that matters for timing: asked
whether synchronized output (DEC mode 2026) is supported, it says yes, as modern terminals
do, so Textual wraps each frame in ``ESC[?2026h`` ... ``ESC[?2026l`` and a frame's arrival
time is exact. Nothing is mocked: the program gets a tty of a fixed size, raw mode, keys.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import re
import select
import signal
import struct
import termios
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

SYNC_BEGIN = b"\x1b[?2026h"
SYNC_END = b"\x1b[?2026l"
_QUERY_SYNC = b"\x1b[?2026$p"
_ANSWER_SYNC = b"\x1b[?2026;2$y"  # DECRPM: mode 2026 is supported and currently reset

# Escape sequences, for turning a frame into the text it shows. Cursor moves become line
# breaks, so text drawn in different places never runs together.
_CURSOR_MOVE = re.compile(rb"\x1b\[[0-9;]*[Hf]")
_ESCAPES = re.compile(
    rb"\x1b\[[0-9;?<>=$ ]*[@-~]"  # CSI
    rb"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC
    rb"|\x1b[()][0-9A-Za-z]"  # charset
    rb"|\x1b[=>78DEHMNOZc]"  # short ones
)


def visible_text(raw: bytes) -> str:
    """The text a chunk of terminal output draws, one drawn run per line."""
    text = _ESCAPES.sub(b"", _CURSOR_MOVE.sub(b"\n", raw))
    return text.decode("utf-8", errors="replace").replace("\r", "")


@dataclass
class Frame:
    """One frame as the terminal received it: arrival time (end of the frame) and its text."""

    at: float
    text: str
    size: int


@dataclass
class PtyProcess:
    """A command running in a pseudo-terminal, with its output read and timestamped.

    ``launched`` is the harness's monotonic time just before the fork; ``frames`` collects the
    synchronized-output frames (and, before the first one, the raw chunks as frames);
    ``on_frame`` is called for each new frame as it arrives.
    """

    argv: Sequence[str]
    env: dict[str, str]
    cols: int = 100
    rows: int = 30
    on_frame: Callable[[Frame], None] | None = None
    keep_frames: bool = True
    pid: int = 0
    fd: int = -1
    launched: float = 0.0
    exited_at: float | None = None
    status: int | None = None
    frames: list[Frame] = field(default_factory=list)
    _pending: bytes = b""
    _in_sync: bool = False
    _tail: bytes = b""
    _lines: bytes = b""
    lines: list[tuple[float, str]] = field(default_factory=list)

    def start(self) -> PtyProcess:
        """Fork and exec the command on a new pty of ``cols`` x ``rows``."""
        self.launched = time.monotonic()
        pid, fd = pty.fork()
        if pid == 0:  # the child: set the size of its terminal, then become the command
            try:
                winsize = struct.pack("HHHH", self.rows, self.cols, 0, 0)
                fcntl.ioctl(0, termios.TIOCSWINSZ, winsize)
                os.execvpe(self.argv[0], list(self.argv), self.env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        return self

    # -- reading ---------------------------------------------------------------------------

    def pump(self, timeout: float) -> bool:
        """Read whatever arrives within ``timeout`` seconds; False once the program is gone."""
        if self.fd < 0:
            return False
        ready, _, _ = select.select([self.fd], [], [], max(0.0, timeout))
        if not ready:
            self._reap()
            return self.exited_at is None
        try:
            data = os.read(self.fd, 1 << 16)
        except OSError:  # EIO: the program closed its side of the terminal
            data = b""
        now = time.monotonic()
        if not data:
            self._close_fd()
            self._reap(block=True)
            return False
        self._feed(data, now)
        return True

    def wait_for(self, test: Callable[[Frame], bool], timeout: float) -> Frame | None:
        """Read until a frame passes ``test``; that frame, or None on time-out or exit."""
        deadline = time.monotonic() + timeout
        self._found: Frame | None = None
        previous = self.on_frame

        def check(frame: Frame) -> None:
            if previous is not None:
                previous(frame)
            if self._found is None and test(frame):
                self._found = frame

        self.on_frame = check
        try:
            while self._found is None and time.monotonic() < deadline:
                if not self.pump(deadline - time.monotonic()):
                    break
        finally:
            self.on_frame = previous
        return self._found

    def wait_for_text(self, text: str, timeout: float = 20.0) -> Frame | None:
        """The first frame that shows ``text``."""
        return self.wait_for(lambda frame: text in frame.text, timeout)

    def wait_for_line(
        self, test: Callable[[str], bool], timeout: float
    ) -> tuple[float, str] | None:
        """For line-oriented programs: read until a complete line passes ``test``."""
        deadline = time.monotonic() + timeout
        seen = len(self.lines)
        while time.monotonic() < deadline:
            for stamp, line in self.lines[seen:]:
                if test(line):
                    return stamp, line
            seen = len(self.lines)
            if not self.pump(deadline - time.monotonic()):
                break
        return None

    def drain(self, seconds: float) -> None:
        """Keep reading (the program must never block on a full terminal) for ``seconds``."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and self.pump(deadline - time.monotonic()):
            pass

    def _feed(self, data: bytes, now: float) -> None:
        window = self._tail + data
        if _QUERY_SYNC in window:
            self.send(_ANSWER_SYNC)
        self._tail = window[-len(_QUERY_SYNC) :]
        self._lines += data
        *complete, self._lines = self._lines.split(b"\n")
        for line in complete:
            self.lines.append((now, visible_text(line).strip()))
        buffer = self._pending + data
        while True:
            if not self._in_sync:
                start = buffer.find(SYNC_BEGIN)
                if start < 0:
                    if buffer.strip(b"\x00"):
                        self._emit(Frame(now, visible_text(buffer), len(buffer)))
                    buffer = b""
                    break
                if start:
                    self._emit(Frame(now, visible_text(buffer[:start]), start))
                buffer = buffer[start + len(SYNC_BEGIN) :]
                self._in_sync = True
            end = buffer.find(SYNC_END)
            if end < 0:
                break
            self._emit(Frame(now, visible_text(buffer[:end]), end))
            buffer = buffer[end + len(SYNC_END) :]
            self._in_sync = False
        self._pending = buffer

    def _emit(self, frame: Frame) -> None:
        if self.keep_frames:
            self.frames.append(frame)
        if self.on_frame is not None:
            self.on_frame(frame)

    # -- writing and ending ----------------------------------------------------------------

    def send(self, keys: bytes) -> None:
        """Type ``keys`` into the terminal."""
        if self.fd >= 0:
            os.write(self.fd, keys)

    def wait_exit(self, timeout: float) -> float | None:
        """Keep reading until the program exits; the time it exited, or None on time-out."""
        deadline = time.monotonic() + timeout
        while self.exited_at is None and time.monotonic() < deadline:
            if not self.pump(min(0.005, deadline - time.monotonic())):
                self._reap(block=True)
        return self.exited_at

    def kill(self) -> None:
        """End the program (SIGKILL) if it still runs, and free the terminal."""
        if self.exited_at is None and self.pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            self._reap(block=True)
        self._close_fd()

    def _reap(self, block: bool = False) -> None:
        if self.exited_at is not None or not self.pid:
            return
        try:
            pid, status = os.waitpid(self.pid, 0 if block else os.WNOHANG)
        except ChildProcessError:
            pid, status = self.pid, 0
        if pid:
            self.exited_at = time.monotonic()
            self.status = os.waitstatus_to_exitcode(status)

    def _close_fd(self) -> None:
        if self.fd >= 0:
            with contextlib.suppress(OSError):
                os.close(self.fd)
            self.fd = -1

    def __enter__(self) -> PtyProcess:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.kill()
