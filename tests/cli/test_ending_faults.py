"""The full-screen app ended by a signal mid-routine: the phases done are recorded with how it
ended; killed outright (SIGKILL, a power cut), the next start shows the session interrupted."""

from __future__ import annotations

import os
import shutil
import signal
import time
from pathlib import Path

import pytest

from tests.cli.test_ending import command, terminal_state
from tests.support.cli_helpers import env_for, stretchtimer
from tests.support.history import recorded

pytestmark = [
    pytest.mark.terminal,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

SLOW = """\
version: 1
name: Slow check
defaults: {prepare: 1, hold: 1, reps: 1, rest: 0, transition: 0}
steps:
  - exercise: knee-to-chest
  - exercise: pelvic-tilt
    hold: 60
"""


def app_in_a_hold(home: Path, tmp_path: Path):
    """The app in tmux, past the first exercise and 1 s into the long hold; (tmux, pid)."""
    from tests.app.test_terminal import Tmux

    routine = tmp_path / "slow.yaml"
    routine.write_text(SLOW)
    pid_file = home / "pid"
    shell = f"echo $$ > {pid_file}; exec {' '.join(command('run', str(routine)))}"
    tmux = Tmux(["sh", "-c", f"sh -c '{shell}'; echo status=$?"], env_for(home))
    try:
        tmux.wait_for("not answered")
        time.sleep(0.5)
        tmux.answer_all_no()
        tmux.keys("Enter")
        tmux.wait_for("Pain now, 0-10")
        tmux.keys("Enter")  # the check-in before the session: skipped
        tmux.wait_for("HOLD · Pelvic tilt")
        time.sleep(1.0)
        return tmux, int(pid_file.read_text())
    except BaseException:
        tmux.close()  # a setup that failed leaves no app running in a tmux session
        raise


PHASES_DONE = [  # knee-to-chest on both sides, then pelvic tilt's long hold
    ("prepare", True),
    ("hold", True),
    ("switch", True),
    ("hold", True),
    ("prepare", True),
    ("hold", False),
]


@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGTERM])
def test_a_signal_in_the_app_records_the_phases_done(isolated_home, tmp_path, signum) -> None:
    tmux, pid = app_in_a_hold(isolated_home, tmp_path)
    try:
        os.kill(pid, signum)
        tmux.wait_for(f"status={128 + signum}")
        assert terminal_state(tmux) == "0 0 1"
    finally:
        tmux.close()
    (entry,) = recorded(isolated_home)
    assert (entry["ended"], entry["how"]) == ("interrupted", signal.Signals(signum).name)
    assert [(p.kind, p.done) for p in entry["phases"]] == PHASES_DONE


def test_the_app_killed_mid_routine_is_shown_interrupted_at_the_next_start(
    isolated_home, tmp_path
) -> None:
    tmux, pid = app_in_a_hold(isolated_home, tmp_path)
    try:
        os.kill(pid, signal.SIGKILL)
        tmux.wait_for(f"status={128 + signal.SIGKILL}")
    finally:
        tmux.close()
    shown = stretchtimer(isolated_home, "history")
    assert shown.returncode == 0, shown.stderr
    (line,) = [line for line in shown.stdout.splitlines() if "Slow check" in line]
    assert "interrupted" in line
    (entry,) = recorded(isolated_home)
    assert entry["ended"] == "interrupted"
    assert [(p.kind, p.done) for p in entry["phases"]] == PHASES_DONE[:-1]  # the last lost
