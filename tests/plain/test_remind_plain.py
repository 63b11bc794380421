"""``stretchtimer remind --plain`` as a person or a script runs it: a subprocess, real time
(an interval of two seconds), its sounds captured through ALSA."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from stretchtimer.adapters.instance_lock import InstanceLock
from tests.support.cli_helpers import env_for, stretchtimer
from tests.support.history import reminder_actions

ALSA_CONF = Path("/usr/share/alsa/alsa.conf")
ALL_DAY = ["--hours", "00:00-24:00", "--days", "all"]


def start(home: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "stretchtimer", "remind", "--plain", *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env or env_for(home),
    )


def wait_for(path: Path, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(0.05)


@pytest.mark.audio
@pytest.mark.skipif(not ALSA_CONF.exists(), reason="needs libasound2's alsa.conf")
def test_two_second_reminders_sound_and_answers_and_sigterm(tmp_path: Path) -> None:
    out = tmp_path / "captured"
    out.mkdir()
    conf = tmp_path / "asound.conf"
    conf.write_text(
        'pcm.!default {\n  type file\n  slave.pcm "null"\n'
        f'  file "{out}/play"\n  format "raw"\n  truncate false\n}}\n'
    )
    env = env_for(tmp_path)
    env.pop("STRETCHTIMER_AUDIO")
    env.update(ALSA_CONFIG_PATH=f"{ALSA_CONF}:{conf}", PULSE_SERVER="unix:/nonexistent")
    process = start(tmp_path, "--every", "2s", *ALL_DAY, env=env)
    assert process.stdin is not None
    wait_for(out / "play")  # the first reminder's sound
    process.stdin.write("z5\n")
    process.stdin.flush()
    time.sleep(0.5)
    process.stdin.write("k\nwhat\n")
    process.stdin.close()  # end of input: it keeps running
    time.sleep(0.5)
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=15)
    assert process.stdout is not None and process.stderr is not None
    stdout, stderr = process.stdout.read(), process.stderr.read()
    assert process.returncode == 128 + signal.SIGTERM, stderr
    lines = stdout.splitlines()
    if lines[0].startswith("Natural breaks are not counted: "):  # no idle source here
        lines.pop(0)
    assert lines[0].startswith("Reminders on. Next: walk-break at ")
    assert sum(line.startswith("Time to move: walk-break.") for line in lines) == 1
    assert any(line.startswith("Snoozed 5 min.") for line in lines)
    assert any(line.startswith("Skipped. Next: walk-break at ") for line in lines)
    assert any(line.startswith("Unknown answer 'what'.") for line in lines)
    assert lines[-1] == "Reminders stopped (SIGTERM)."
    sounds = sorted(out.iterdir())
    assert len(sounds) == 1 and sounds[0].stat().st_size > 1000
    assert reminder_actions(tmp_path) == ["due", "snoozed", "skipped"]  # in the history store
    assert not (tmp_path / "data" / "stretchtimer" / "reminders.jsonl").exists()
    state = json.loads((tmp_path / "data" / "stretchtimer" / "reminders-state.json").read_text())
    assert state["reminders"]["walk"]["anchor"]  # kept for the next start


def test_an_unanswered_reminder_is_missed_when_the_next_falls_due(tmp_path: Path) -> None:
    process = start(tmp_path, "--every", "1s", *ALL_DAY)
    assert process.stdin is not None
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and len(reminder_actions(tmp_path)) < 3:
        time.sleep(0.1)
    process.send_signal(signal.SIGINT)
    stdout, _ = process.communicate(timeout=15)
    assert process.returncode == 128 + signal.SIGINT
    assert reminder_actions(tmp_path)[:3] == ["due", "missed", "due"]
    assert stdout.count("Time to move") >= 2


def test_a_second_one_sees_the_first_and_says_so(tmp_path: Path) -> None:
    runtime = tmp_path / "run"
    env = env_for(tmp_path)
    env["XDG_RUNTIME_DIR"] = str(runtime)
    lock = InstanceLock(runtime / "stretchtimer" / "reminders.lock")
    assert lock.acquire()
    try:
        process = start(tmp_path, env=env)
        stdout, _ = process.communicate(timeout=30)
    finally:
        lock.release()
    assert process.returncode != 0
    assert (
        stdout.strip()
        == f"Another stretchtimer (process {os.getpid()}) runs the reminders already."
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--every", "0"], "a duration must be at least 1s"),
        (["--hours", "25:00-26:00"], "25:00 is not a time of day"),
        (["--hours", "17:00-09:00"], "ends before it starts"),
        (["--days", "mon-fry"], "unknown day 'fry'"),
        (["--at", ":75"], "align must be none, hour or :MM"),
        (["--routine", "walk-brake"], "unknown routine 'walk-brake'"),  # not at the first walk
    ],
)
def test_impossible_settings_on_the_command_line(
    tmp_path: Path, args: list[str], message: str
) -> None:
    result = stretchtimer(tmp_path, "remind", "--plain", *args, input="")
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "config").exists() and not (tmp_path / "data").exists()


def test_a_data_folder_that_cannot_be_written_is_warned_once(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "stretchtimer").write_text("a file where the folder should be")
    process = start(tmp_path, "--every", "1s", *ALL_DAY)
    time.sleep(3)
    process.send_signal(signal.SIGTERM)
    stdout, stderr = process.communicate(timeout=15)
    assert process.returncode == 128 + signal.SIGTERM, stderr
    assert "Traceback" not in stderr
    assert stderr.count("could not save the reminder log") == 1
    assert stderr.count("could not save the reminder state") == 1
    assert stderr.count("no single-instance lock") == 1
    assert "Time to move: walk-break." in stdout


def test_starting_the_walk_goes_through_the_screening_and_is_recorded(tmp_path: Path) -> None:
    """``s`` on a reminder: the red-flag questions, then the routine, written to the history
    store as every session is, and the reminder counted as walked."""
    from tests.support.cli_helpers import ONE_SECOND
    from tests.support.history import recorded

    routines = tmp_path / "config" / "stretchtimer" / "routines"
    routines.mkdir(parents=True)
    (routines / "quick.yaml").write_text(ONE_SECOND.read_text())
    process = start(tmp_path, "--every", "1s", "--routine", "quick", *ALL_DAY)
    assert process.stdin is not None
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and "due" not in reminder_actions(tmp_path):
        time.sleep(0.1)
    process.stdin.write("s\n" + "n\n" * 20)  # more no's than questions: the rest are ignored
    process.stdin.flush()
    while time.monotonic() < deadline and "walked" not in reminder_actions(tmp_path):
        time.sleep(0.2)
    process.send_signal(signal.SIGTERM)
    stdout, stderr = process.communicate(timeout=15)
    assert "Traceback" not in stderr, stderr
    assert "red-flag" in stdout.lower() or "[y/n]" in stdout
    (session,) = recorded(tmp_path)
    assert session["ended"] == "completed"
    assert "walked" in reminder_actions(tmp_path)


def test_describe_next_words_each_case_of_upcoming() -> None:
    """Plain mode only words what the core says is next (the app's home line does too)."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from stretchtimer.core.reminders import Reminder
    from stretchtimer.core.reminding import Reminding
    from stretchtimer.core.schedule import Reading
    from stretchtimer.plain.remind import describe_next
    from tests.core.test_reminding import MemoryLog

    zone = ZoneInfo("Europe/Berlin")

    def at(hour: int, day: int = 23) -> datetime:
        return datetime(2026, 11, day, hour, tzinfo=zone)  # the 23rd is a Monday

    def reading(wall: datetime) -> Reading:
        return Reading(wall, wall.timestamp(), wall.timestamp())

    reminding = Reminding([Reminder(zone=zone)], MemoryLog())
    reminding.start(at(9), None)
    reminding.check(reading(at(9)))
    assert describe_next(reminding, at(9)) == "Next: walk-break at Mon 10:00:00."
    reminding.check(reading(at(10)))
    assert describe_next(reminding, at(10)) == "Due now: walk-break."
    reminding.skip(["walk"], at(10))
    reminding.pause(at(10), "1h")
    assert describe_next(reminding, at(10)) == "Paused until Mon 11:00."
    evening = Reminding([Reminder(zone=zone)], MemoryLog())
    evening.start(at(19), None)
    assert describe_next(evening, at(19)) == "Outside working hours: next walk-break at Tue 10:00."
