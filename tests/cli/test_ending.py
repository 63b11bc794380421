"""How the real command ends: signals in plain mode and in the full-screen app, closed pipes.

However it ends, a session going on is in the history as interrupted, with how, and the
terminal is left as it was found.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.cli_helpers import QUESTIONS, QUICK, env_for
from tests.support.history import recorded

ALL_NO = "n\n" * QUESTIONS
SIGNALS = [(signal.SIGTERM, 143), (signal.SIGHUP, 129), (signal.SIGINT, 130)]


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "stretchtimer", *args]


def history(home: Path) -> list[dict]:
    return recorded(home)


def plain(home: Path, *, ignoring: signal.Signals | None = None) -> subprocess.Popen[str]:
    """``run QUICK --plain``, started with ``ignoring`` ignored (as ``nohup`` does SIGHUP)."""

    def ignore() -> None:
        if ignoring is not None:
            signal.signal(ignoring, signal.SIG_IGN)

    return subprocess.Popen(
        command("run", str(QUICK), "--plain"),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env_for(home),
        preexec_fn=ignore,
    )


def read_until(process: subprocess.Popen[str], text: str) -> str:
    """What the process writes, up to and including ``text`` (which it need not end a line)."""
    assert process.stdout
    seen = ""
    while text not in seen:
        char = process.stdout.read(1)
        if not char:
            raise AssertionError(f"{text!r} never came: {seen!r}")
        seen += char
    return seen


# -- plain mode --------------------------------------------------------------------------------


@pytest.mark.parametrize(("signum", "status"), SIGNALS)
def test_a_signal_ends_a_plain_session_cleanly_and_records_it(
    isolated_home: Path, signum: int, status: int
) -> None:
    process = plain(isolated_home)
    assert process.stdin
    process.stdin.write(ALL_NO)
    process.stdin.close()
    read_until(process, "GET READY")
    process.send_signal(signum)
    process.wait(timeout=10)
    assert process.stdout and process.stderr
    out, err = process.stdout.read(), process.stderr.read()
    name = signal.Signals(signum).name
    assert process.returncode == status, err
    assert f"Stopped ({'Ctrl+C' if name == 'SIGINT' else name})." in out
    assert "Stopped: 0 of 4 holds" in out
    assert "Traceback" not in err
    (entry,) = history(isolated_home)
    assert (entry["ended"], entry["how"], entry["holds_done"]) == ("interrupted", name, 0)


def test_a_signal_ignored_from_the_start_stays_ignored(isolated_home: Path) -> None:
    process = plain(isolated_home, ignoring=signal.SIGHUP)
    read_until(process, "[y/n]")
    process.send_signal(signal.SIGHUP)
    assert process.stdin
    process.stdin.write(ALL_NO)
    process.stdin.flush()
    read_until(process, "GET READY")
    process.send_signal(signal.SIGHUP)
    read_until(process, "HOLD")  # still going
    process.send_signal(signal.SIGTERM)
    process.stdin.close()
    process.wait(timeout=10)
    assert process.returncode == 143
    assert [(e["ended"], e["how"]) for e in history(isolated_home)] == [("interrupted", "SIGTERM")]


def test_a_signal_during_the_questions_ends_quietly_with_no_session(isolated_home: Path) -> None:
    process = plain(isolated_home)
    read_until(process, "[y/n]")  # the first question, waiting for its answer
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=10)
    assert process.returncode == 143
    assert "Traceback" not in err
    assert history(isolated_home) == []


# -- closed pipes ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [["show", "morning-back"], ["list"], ["validate", str(QUICK)], ["run", str(QUICK), "--plain"]],
)
def test_a_closed_output_ends_every_command_quietly(isolated_home: Path, args: list[str]) -> None:
    read, write = os.pipe()
    os.close(read)  # nobody will read: the first write finds the pipe closed
    try:
        result = subprocess.run(
            command(*args),
            input=ALL_NO,
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            env=env_for(isolated_home),
            timeout=30,
        )
    finally:
        os.close(write)
    assert result.stderr == ""
    assert result.returncode == 141


def test_show_piped_into_head_ends_quietly(isolated_home: Path) -> None:
    pipeline = f"{' '.join(command('show', 'morning-back'))} | head -1"
    result = subprocess.run(
        ["bash", "-c", pipeline + "; echo status=${PIPESTATUS[0]}"],
        capture_output=True,
        text=True,
        env=env_for(isolated_home),
        timeout=30,
    )
    assert result.stdout.startswith("Morning back mobility")
    assert result.stderr == ""
    assert "status=141" in result.stdout or "status=0" in result.stdout


def test_a_plain_session_whose_reader_goes_away_is_recorded(isolated_home: Path) -> None:
    process = plain(isolated_home)
    assert process.stdin and process.stdout
    process.stdin.write(ALL_NO)
    process.stdin.close()
    read_until(process, "GET READY")
    process.stdout.close()
    assert process.stderr
    err = process.stderr.read()
    process.wait(timeout=10)
    assert process.returncode == 141
    assert "Traceback" not in err
    (entry,) = history(isolated_home)
    assert (entry["ended"], entry["how"]) == ("interrupted", "SIGPIPE")


# -- the full-screen app in a real terminal ----------------------------------------------------


@pytest.mark.terminal
@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
@pytest.mark.parametrize(("signum", "status"), SIGNALS)
def test_a_signal_ends_the_app_restores_the_terminal_and_records_the_session(
    isolated_home: Path, signum: int, status: int
) -> None:
    from tests.app.test_terminal import Tmux

    pid_file = isolated_home / "pid"
    shell = f"echo $$ > {pid_file}; exec {' '.join(command('run', str(QUICK)))}"  # the app's pid
    tmux = Tmux(["sh", "-c", f"sh -c '{shell}'; echo status=$?"], env_for(isolated_home))
    try:
        tmux.wait_for("not answered")
        time.sleep(0.5)
        tmux.answer_all_no()
        tmux.keys("Enter")
        tmux.wait_for("Pain now, 0-10")
        tmux.keys("Enter")  # the check-in before the session: skipped
        tmux.wait_for("HOLD")
        assert terminal_state(tmux) == "1 1 0"  # alternate screen, mouse on, cursor hidden
        os.kill(int(pid_file.read_text()), signum)
        tmux.wait_for(f"status={status}")
        assert terminal_state(tmux) == "0 0 1"
        assert "Traceback" not in tmux.screen()
    finally:
        tmux.close()
    (entry,) = history(isolated_home)
    name = signal.Signals(signum).name
    assert (entry["ended"], entry["how"], entry["completed"]) == ("interrupted", name, False)


def terminal_state(tmux) -> str:
    """``alternate-screen mouse cursor-shown`` of the pane, each 0 or 1."""
    return subprocess.run(
        [
            "tmux",
            "display",
            "-p",
            "-t",
            tmux.name,
            "#{alternate_on} #{mouse_any_flag} #{cursor_flag}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
