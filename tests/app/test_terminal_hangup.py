"""The terminal going away, and job control: the real command in a pseudo-terminal of its
own, the full-screen app and plain mode.

Closing the terminal hangs it up: the kernel sends ``SIGHUP`` and ``SIGCONT`` together, and
what is written to it after fails. Textual's driver took any ``SIGCONT`` as the end of a stop
and started a second writer on the dead terminal, whose full queue then held the shutdown for
ever (``app/terminal.py``); plain mode's summary line, written to it, ended in a traceback.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

import pytest

from tests.support.cli_helpers import ONE_SECOND, QUESTIONS, stretchtimer
from tests.support.history import recorded
from tests.support.pseudo_terminal import ended, kill, read_until, spawn, stopped, threads

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="a pseudo-terminal and /proc")

HOME_SHOWN = b"Walk break"  # a routine on home's list
HUNG_UP = (128 + signal.SIGHUP, -signal.SIGHUP)  # the app's own ending, or the signal's


def test_a_continue_signal_after_no_stop_starts_nothing(isolated_home: Path) -> None:
    """``SIGCONT`` without a stop before it (the kernel sends one with every hangup; ``kill
    -CONT`` does too) leaves the app as it was: no second writer and key reader, which read
    the keys in turn with the first (each taking half an escape sequence)."""
    pid, fd = spawn(isolated_home)
    try:
        assert HOME_SHOWN in read_until(fd, HOME_SHOWN, timeout=30)
        read_until(fd, b"never", timeout=0.5)  # the start-up's own threads are up
        before = threads(pid)
        os.kill(pid, signal.SIGCONT)
        read_until(fd, b"never", timeout=0.5)
        assert threads(pid) == before
        os.write(fd, b"\x11")  # ctrl+q: the keys still reach it
        assert ended(pid, timeout=10) == 0
    finally:
        kill(pid)
        os.close(fd)


def test_stopped_and_brought_back_the_app_draws_its_screen_again(isolated_home: Path) -> None:
    """``SIGTSTP`` (a stop from job control) and ``SIGCONT`` (``fg``): the terminal held the
    shell's screen meanwhile; the app's comes back whole, not only what changes next."""
    pid, fd = spawn(isolated_home)
    try:
        assert HOME_SHOWN in read_until(fd, HOME_SHOWN, timeout=30)
        read_until(fd, b"never", timeout=0.5)  # the start-up's frames all drawn
        os.kill(pid, signal.SIGTSTP)
        assert stopped(pid, timeout=10)
        read_until(fd, b"never", timeout=0.3)  # what it wrote as it stopped
        os.kill(pid, signal.SIGCONT)
        assert HOME_SHOWN in read_until(fd, HOME_SHOWN, timeout=10)
        os.write(fd, b"\x11")
        assert ended(pid, timeout=10) == 0
    finally:
        kill(pid)
        os.close(fd)


@pytest.mark.parametrize("after_first_output", [0.0, 0.02, 0.05, 0.1, 0.15, 0.25])
def test_closing_the_terminal_as_the_app_starts_ends_it(
    isolated_home: Path, after_first_output: float
) -> None:
    """The window closed while the app draws its first frames (where the second writer's queue
    filled soonest: half of such closes left the process running for ever)."""
    pid, fd = spawn(isolated_home)
    try:
        assert read_until(fd, b"\x1b", timeout=30)
        read_until(fd, b"never", timeout=after_first_output)
        os.close(fd)
        assert ended(pid, timeout=10) in HUNG_UP
    finally:
        kill(pid)


def long_hold(folder: Path) -> Path:
    """A routine of one 30-second hold, long enough to close the terminal in."""
    routine = folder / "long.yaml"
    routine.write_text(
        "version: 1\nname: One long hold\n"
        "defaults: {prepare: 1, hold: 30, reps: 1, rest: 1, transition: 0}\n"
        "steps:\n  - exercise: pelvic-tilt\n"
    )
    return routine


def pass_screening(home: Path) -> None:
    passed = stretchtimer(home, "run", str(ONE_SECOND), "--plain", input="n\n" * QUESTIONS)
    assert passed.returncode == 0, passed.stderr


@pytest.mark.parametrize("plain", [False, True], ids=["app", "plain"])
def test_closing_the_terminal_in_a_hold_records_the_session(
    isolated_home: Path, tmp_path: Path, plain: bool
) -> None:
    """Ended as ``SIGHUP`` ends it (status 129), the session in the history as interrupted:
    plain mode too, whose last line has nowhere to go (no traceback, no other status)."""
    pass_screening(isolated_home)
    pid, fd = spawn(isolated_home, "run", str(long_hold(tmp_path)), *(["--plain"] * plain))
    try:
        assert b"Pain now" in read_until(fd, b"Pain now", timeout=30)
        read_until(fd, b"never", timeout=0.3)  # the whole question is out
        os.write(fd, b"\r")  # the check-in: skipped
        assert b"HOLD" in read_until(fd, b"HOLD", timeout=30)
        time.sleep(0.5)
        os.close(fd)
        assert ended(pid, timeout=10) == 128 + signal.SIGHUP
    finally:
        kill(pid)
    assert [(e["ended"], e["how"]) for e in recorded(isolated_home)] == [
        ("completed", None),  # the screening's own one-second run
        ("interrupted", "SIGHUP"),
    ]


def test_closing_the_terminal_at_a_plain_question_ends_quietly(
    isolated_home: Path, tmp_path: Path
) -> None:
    """Hung up while a red-flag question waits for its answer: status 129, no session."""
    routine = str(long_hold(tmp_path))
    assert hung_up_at(b"[y/n]", isolated_home, "run", routine, "--plain") == 128 + signal.SIGHUP
    assert recorded(isolated_home) == []


def test_closing_the_terminal_of_plain_reminders_ends_them_quietly(isolated_home: Path) -> None:
    """``remind --plain`` all day in a terminal that is closed: status 129, no traceback from
    its last line or what was left to write."""
    assert hung_up_at(b"Answers:", isolated_home, "remind", "--plain") == 128 + signal.SIGHUP


def hung_up_at(shown: bytes, home: Path, *args: str) -> int | None:
    """``stretchtimer ARGS`` in its own terminal, closed once it has shown ``shown``: how
    it ended (None: still running 10 s later)."""
    pid, fd = spawn(home, *args)
    try:
        assert shown in read_until(fd, shown, timeout=30)
        os.close(fd)
        return ended(pid, timeout=10)
    finally:
        kill(pid)
