"""End to end in tmux: the terminal resized to 20x5 and back in the middle of a hold."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

from tests.app.test_terminal import Tmux, pytestmark  # noqa: F401 - the same marks
from tests.support.cli_helpers import ONE_SECOND, QUESTIONS, env_for, stretchtimer

HOLD = 20  # seconds: long enough to resize in, never waited for in full

ROUTINE = f"""\
version: 1
name: One long hold
defaults: {{prepare: 1, hold: {HOLD}, reps: 1, rest: 1, transition: 0}}
steps:
  - exercise: pelvic-tilt
"""


def resize(tmux: Tmux, width: int, height: int) -> None:
    subprocess.run(
        ["tmux", "resize-window", "-t", tmux.name, "-x", str(width), "-y", str(height)], check=True
    )


def seconds_left(screen: str) -> int:
    minutes, seconds = re.search(r"(\d+):(\d\d) left", screen).groups()  # type: ignore[union-attr]
    return int(minutes) * 60 + int(seconds)


def test_a_resize_to_20x5_and_back_in_a_hold_keeps_the_countdown(
    isolated_home: Path, tmp_path: Path
) -> None:
    routine = tmp_path / "long.yaml"
    routine.write_text(ROUTINE)
    passed = stretchtimer(isolated_home, "run", str(ONE_SECOND), "--plain", input="n\n" * QUESTIONS)
    assert passed.returncode == 0, passed.stderr  # the screening passed for today: no keys
    tmux = Tmux([sys.executable, "-m", "stretchtimer", "run", str(routine)], env_for(isolated_home))
    try:  # (a key pressed to answer a question could reach the session and skip the hold)
        tmux.wait_for("Pain now, 0-10")
        tmux.keys("Enter")  # the check-in before the session: skipped
        tmux.wait_for("HOLD · Pelvic tilt")
        held_from = time.monotonic()
        resize(tmux, 20, 5)
        screen = tmux.wait_for("(need 40x12)")
        assert "Pelvic tilt" not in screen
        time.sleep(1.5)
        resize(tmux, 40, 12)
        screen = tmux.wait_for("left")
        assert "too small" not in screen
        expected = HOLD - (time.monotonic() - held_from)
        assert abs(seconds_left(screen) - expected) <= 1.5, screen
        resize(tmux, 80, 24)
        tmux.wait_for("This hurts")
        tmux.keys("q")
        tmux.wait_for("Stop this session?")
        tmux.keys("y")
        tmux.wait_for("Session stopped", timeout=10)
    finally:
        tmux.close()
