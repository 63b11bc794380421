"""The terminal's own notification escape from inside the full-screen app: the real
``stretchtimer remind`` in a pseudo-terminal that says it is WezTerm (OSC 777)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from tests.support.cli_helpers import env_for
from tests.support.pseudo_terminal import kill, read_until, spawn

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")


def test_the_app_writes_the_terminals_notification_escape_between_frames(
    isolated_home: Path,
) -> None:
    env = {**env_for(isolated_home), "TERM": "xterm-256color", "TERM_PROGRAM": "WezTerm"}
    pid, fd = spawn(
        isolated_home, "remind", "--every", "2s", "--hours", "00:00-24:00", "--days", "all", env=env
    )
    try:
        query = read_until(fd, b"\x1b[?2026$p", timeout=30)
        assert b"\x1b[?2026$p" in query
        os.write(fd, b"\x1b[?2026;2$y")  # the terminal has synchronized output: frames marked
        escape = b"\x1b]777;notify;stretchtimer: time to move;walk-break\x1b\\"
        out = read_until(fd, escape, timeout=30)
        assert escape in out
        before = out[: out.index(escape)]
        assert before.count(b"\x1b[?2026h") >= 1  # frames were drawn in between
        assert before.count(b"\x1b[?2026h") == before.count(b"\x1b[?2026l")  # not in one
    finally:
        kill(pid)
        os.close(fd)
