"""Running the real ``stretchtimer`` command in a subprocess, with its own home."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from stretchtimer.adapters.screening_file import load_screening_text
from tests.support import DATA

QUICK = DATA / "cli" / "quick.yaml"  # a few seconds: sides, a switch, a rest, two steps
# one hold of a second: for tests that need a session to happen, not what is in it
ONE_SECOND = DATA / "cli" / "one-second.yaml"
QUESTIONS = len(load_screening_text().questions)  # how many red-flag questions are asked
# asked once a first screening is kept: the rest (about the past) are remembered
DAILY_QUESTIONS = sum(not q.remembered for q in load_screening_text().questions)


def env_for(home: Path) -> dict[str, str]:
    """An environment whose config and data folders are under ``home``; silent audio."""
    env = dict(os.environ)
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_STATE_HOME=str(home / "state"),
        STRETCHTIMER_AUDIO="silent",
    )
    return env


def stretchtimer(
    home: Path, *args: str, input: str | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m stretchtimer ARGS`` and capture what it prints."""
    return subprocess.run(
        [sys.executable, "-m", "stretchtimer", *args],
        input=input,
        capture_output=True,
        text=True,
        env=env_for(home),
        timeout=timeout,
    )
