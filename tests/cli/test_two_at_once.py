"""Two and more stretchtimer processes at once, for real: the reminders in one terminal, walks
and sessions in others, all writing the one history; only one of them runs the reminders."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.support.cli_helpers import ONE_SECOND, QUESTIONS, env_for
from tests.support.history import recorded, reminder_actions

ALL_DAY = ["--hours", "00:00-24:00", "--days", "all"]
SESSIONS = 4


def home_with_tiny_routine(home: Path) -> None:
    routines = home / "config" / "stretchtimer" / "routines"
    routines.mkdir(parents=True)
    (routines / "tiny.yaml").write_text(ONE_SECOND.read_text())
    (home / "config" / "stretchtimer" / "settings.yaml").write_text("countdown_seconds: 0\n")


def command(home: Path, *args: str) -> subprocess.Popen[str]:
    env = env_for(home)
    env["XDG_RUNTIME_DIR"] = str(home / "run")
    return subprocess.Popen(
        [sys.executable, "-m", "stretchtimer", *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def test_sessions_in_several_processes_and_the_reminders_share_the_history(
    tmp_path: Path,
) -> None:
    """While ``remind --plain`` walks every second, four ``run --plain`` sessions write at the
    same time: every session is there and complete, the database is whole, and a second
    ``remind`` is refused, naming the process that runs them."""
    home_with_tiny_routine(tmp_path)
    (tmp_path / "run").mkdir(mode=0o700)
    reminding = command(
        tmp_path, "remind", "--plain", "--every", "1s", "--routine", "tiny", *ALL_DAY
    )
    assert reminding.stdin is not None
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and "due" not in reminder_actions(tmp_path):
        time.sleep(0.05)
    reminding.stdin.write("s\n" + "n\n" * QUESTIONS)  # start the walk: screening, then tiny
    reminding.stdin.flush()
    runs = [command(tmp_path, "run", "tiny", "--plain") for _ in range(SESSIONS)]
    second = command(tmp_path, "remind", "--plain", *ALL_DAY)
    for run in runs:
        _, err = run.communicate("n\n" * QUESTIONS, timeout=60)
        assert run.returncode == 0, err
        assert "Traceback" not in err
    refused, _ = second.communicate(timeout=30)
    while time.monotonic() < deadline and "walked" not in reminder_actions(tmp_path):
        time.sleep(0.05)
    reminding.send_signal(signal.SIGTERM)
    _, err = reminding.communicate(timeout=15)
    assert "Traceback" not in err, err

    assert second.returncode != 0
    assert refused.strip() == (
        f"Another stretchtimer (process {reminding.pid}) runs the reminders already."
    )
    sessions = recorded(tmp_path)
    assert len(sessions) == SESSIONS + 1  # the four runs and the walk
    assert all(s["ended"] == "completed" and s["routine_id"] == "tiny" for s in sessions)
    assert all(s["holds_done"] == s["holds_total"] == 1 for s in sessions)
    assert "walked" in reminder_actions(tmp_path)
    database = sqlite3.connect(tmp_path / "data" / "stretchtimer" / "history.sqlite3")
    try:
        assert database.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        database.close()
