"""End to end: the real ``stretchtimer`` command in a real terminal (tmux), read off the screen."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from stretchtimer.adapters.store_sqlite import open_store
from tests.support.cli_helpers import QUICK, env_for
from tests.support.history import recorded

pytestmark = [
    pytest.mark.terminal,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


class Tmux:
    """One detached tmux session running a command at 80x24."""

    def __init__(self, command: list[str], env: dict[str, str]) -> None:
        self.name = f"stretchtimer-test-{uuid.uuid4().hex[:8]}"
        exports = " ".join(
            f"{key}={shlex.quote(env[key])}"
            for key in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "STRETCHTIMER_AUDIO", "EDITOR")
            if key in env
        )
        # COLUMNS and LINES (in tmux's global environment, say) would pin the app's size: a
        # resize of the window would then never reach it.
        shell = f"env -u COLUMNS -u LINES {exports} TERM=xterm-256color {shlex.join(command)}"
        shell += "; sleep 30"
        subprocess.run(
            ["tmux", "new-session", "-d", "-s", self.name, "-x", "80", "-y", "24", shell],
            check=True,
        )

    def screen(self) -> str:
        return subprocess.run(
            ["tmux", "capture-pane", "-p", "-t", self.name],
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    def wait_for(self, text: str, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared; the screen:\n{self.screen()}")

    def keys(self, *keys: str) -> None:
        for key in keys:
            subprocess.run(["tmux", "send-keys", "-t", self.name, key], check=True)
            time.sleep(0.05)

    def answer_all_no(self, timeout: float = 20) -> str:
        """Press ``n`` until every red-flag question is answered no.

        A key answers only a question wholly in view; one pressed while the next question is
        still out of view scrolls it in instead, so a person (and this) may press once more.
        """
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if "No warning signs" in screen:
                return screen
            self.keys("n")
            time.sleep(0.1)
        raise AssertionError(f"the questions were never all answered; the screen:\n{self.screen()}")

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)


def test_a_short_routine_in_a_real_terminal(isolated_home: Path) -> None:
    command = [sys.executable, "-m", "stretchtimer", "run", str(QUICK)]
    tmux = Tmux(command, env_for(isolated_home))
    try:
        tmux.wait_for("red-flag check")
        assert "not medical advice" in tmux.screen()
        tmux.wait_for("not answered")
        time.sleep(0.5)
        tmux.answer_all_no()
        tmux.wait_for("No warning signs")
        tmux.keys("Enter")
        tmux.wait_for("Pain now, 0-10 (Enter to skip)")
        tmux.keys("4")  # the check-in before: answered with a digit
        screen = tmux.wait_for("Knee-to-chest stretch")
        assert "Quick check" in screen
        tmux.wait_for("HOLD · Knee-to-chest stretch")
        tmux.wait_for("SWITCH SIDES")
        screen = tmux.wait_for("routine complete", timeout=30)
        assert "Knee-to-chest stretch" in screen and "done" in screen
        tmux.keys("Enter")
        tmux.wait_for("Morning back mobility")
        tmux.keys("q")
        deadline = time.monotonic() + 10
        while "Morning back mobility" in tmux.screen() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert "Morning back mobility" not in tmux.screen()
    finally:
        tmux.close()
    assert [e["ended"] for e in recorded(isolated_home)] == ["completed"]
    store = open_store(isolated_home / "data" / "stretchtimer" / "history.sqlite3").store
    assert store is not None
    assert [(c.moment, c.score) for c in store.pain()] == [("before", 4)]


def test_a_file_name_with_escapes_never_reaches_the_terminal_raw(isolated_home: Path) -> None:
    """The title and the screen stay the app's: Textual writes a widget's text as it is."""
    user = isolated_home / "config" / "stretchtimer" / "routines"
    user.mkdir(parents=True)
    (user / "x\x1b]2;PWNED\x07\x1b[2J.yaml").write_text("version: 1\n")
    tmux = Tmux([sys.executable, "-m", "stretchtimer"], env_for(isolated_home))
    try:
        tmux.wait_for("Morning back mobility")
        screen = tmux.wait_for("x\\x1b]2;PWNED\\x07\\x1b[2J")
        assert "Walk break" in screen  # not cleared
        title = subprocess.run(
            ["tmux", "display-message", "-p", "-t", tmux.name, "#{pane_title}"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert "PWNED" not in title
    finally:
        tmux.close()


def test_o_on_home_hands_the_terminal_to_the_editor_then_shows_the_errors(
    isolated_home: Path,
) -> None:
    """The app suspends for $EDITOR (a script that breaks a hold), comes back and shows the
    file's errors in full."""
    routines = isolated_home / "config" / "stretchtimer" / "routines"
    routines.mkdir(parents=True)
    (routines / "zz-mine.yaml").write_text(
        "version: 1\nname: Zz mine\nsteps:\n  - exercise: plank\n    hold: 20s\n"
    )
    editor = isolated_home / "editor.sh"
    editor.write_text('#!/bin/sh\necho EDITING; sleep 1; sed -i "s/hold: 20s/hold: 9x/" "$1"\n')
    editor.chmod(0o755)
    env = env_for(isolated_home) | {"EDITOR": str(editor), "VISUAL": ""}
    tmux = Tmux([sys.executable, "-m", "stretchtimer"], env)
    try:
        tmux.wait_for("Zz mine")
        tmux.keys("End")
        time.sleep(0.3)
        tmux.keys("o")
        tmux.wait_for("EDITING")  # the editor has the terminal
        screen = tmux.wait_for("1 error in zz-mine.yaml")
        assert "got '9x'" in screen
        tmux.keys("Escape")
        tmux.wait_for("⚠ zz-mine")  # home lists it as broken, with the same error
    finally:
        tmux.close()
