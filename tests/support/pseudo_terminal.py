"""The real app in a pseudo-terminal of its own: what it writes, and what becomes of it."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import sys
import termios
import time
from pathlib import Path

from tests.support.cli_helpers import env_for


def read_until(fd: int, wanted: bytes, timeout: float) -> bytes:
    """What the app wrote to the terminal, until ``wanted`` comes (or the time is up)."""
    out = b""
    deadline = time.monotonic() + timeout
    while wanted not in out and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                out += os.read(fd, 65536)
            except OSError:
                break
    return out


def spawn(home: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, int]:
    """``stretchtimer ARGS`` in a new 80x24 pseudo-terminal, which is its controlling terminal
    (closing it hangs up, as closing a terminal window does): its pid and the terminal's fd."""
    env = dict(env) if env is not None else {**env_for(home), "TERM": "xterm-256color"}
    for name in ("TMUX", "TMUX_PANE", "COLUMNS", "LINES"):
        env.pop(name, None)
    pid, fd = pty.fork()
    if pid == 0:  # the child: the app in the pseudo-terminal
        os.execve(sys.executable, [sys.executable, "-m", "stretchtimer", *args], env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    return pid, fd


def ended(pid: int, timeout: float) -> int | None:
    """The exit status (negative: the signal that killed it) once ``pid`` has ended, or None
    if it is still running after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.05)
    return None


def kill(pid: int) -> None:
    """End ``pid`` for good (a test's leftover), if it has not ended."""
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass


def threads(pid: int) -> int:
    """How many threads ``pid`` runs (Linux)."""
    return len(os.listdir(f"/proc/{pid}/task"))


def process_state(pid: int) -> str:
    """``pid``'s state as the kernel gives it: ``R``, ``S``, ``T`` (stopped), ``Z`` (a
    zombie)... (Linux)."""
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().rsplit(")", 1)[1].split()[0]


def stopped(pid: int, timeout: float) -> bool:
    """Whether ``pid`` is stopped (job control's ``T``) within ``timeout`` seconds (Linux)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process_state(pid) == "T":
            return True
        time.sleep(0.05)
    return False
