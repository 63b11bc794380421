"""The reminders' adapters: the file (comments kept), the log and state, the lock, the
notifier and the idle source."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from dataclasses import replace
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from stretchtimer.adapters.idle import CommandIdleSource
from stretchtimer.adapters.instance_lock import InstanceLock
from stretchtimer.adapters.notify import DesktopNotifier, terminal_escape, tmux_wrap
from stretchtimer.adapters.reminder_log import JsonlReminderLog, StateFile
from stretchtimer.adapters.reminders_file import RemindersFile
from stretchtimer.core.ports import ReminderEvent
from stretchtimer.core.reminders import DEFAULT_TEXT, Reminder
from stretchtimer.core.schedule import ReminderState

BERLIN = ZoneInfo("Europe/Berlin")
ROUTINES = frozenset({"walk-break", "morning"})


def test_file_is_created_with_commented_defaults(tmp_path: Path) -> None:
    store = RemindersFile(tmp_path / "reminders.yaml", BERLIN, ROUTINES)
    reminders, problems = store.load()
    assert problems == [] and reminders == [Reminder(zone=BERLIN)]
    assert (tmp_path / "reminders.yaml").read_text() == DEFAULT_TEXT


def test_save_keeps_comments_and_other_reminders_and_pyyaml_reads_it(tmp_path: Path) -> None:
    path = tmp_path / "reminders.yaml"
    path.write_text(
        DEFAULT_TEXT + "  # my own note\n  - id: stretch\n    routine: morning\n    every: 2h\n"
    )
    store = RemindersFile(path, BERLIN, ROUTINES)
    walk = Reminder(zone=BERLIN)
    hours = {d: ((time(9), time(12, 30)), (time(13, 30), time(18))) for d in range(5)}
    hours[5] = ((time(10), time(12)),)
    store.save([replace(walk, interval=50 * 60, align=50 * 60, hours=hours, enabled=False)])
    text = path.read_text()
    assert "# how often: 60m, 1h30m, 90s ..." in text and "# my own note" in text
    assert '"09:00-12:30"' in text and "id: stretch" in text
    reminders, problems = store.load()
    assert problems == []
    assert reminders[0] == replace(walk, interval=3000, align=3000, hours=hours, enabled=False)
    assert reminders[1].id == "stretch"
    assert yaml.safe_load(text)["reminders"][0]["hours"] == ["09:00-12:30", "13:30-18:00"]


def test_broken_file_names_line_and_key_and_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "reminders.yaml"
    broken = textwrap.dedent(
        """\
        version: 1
        reminders:
          - id: walk
            every: 0
            hours: ["18:00-09:00"]
            days: mon-fry
            routine: walkbreak
        """
    )
    path.write_text(broken)
    store = RemindersFile(path, BERLIN, ROUTINES)
    reminders, problems = store.load()
    assert reminders == [Reminder(zone=BERLIN)]  # the defaults
    assert [str(p) for p in problems] == [
        f"{path}:4:12: error: 'every': a duration must be at least 1s, got '0'",
        f"{path}:5:12: error: 'hours': '18:00-09:00' ends before it starts",
        f"{path}:6:11: error: 'days': unknown day 'fry'; did you mean 'fri'?",
        f"{path}:7:14: error: unknown routine 'walkbreak'; did you mean 'walk-break'?",
    ]
    with pytest.raises(ValueError, match=":4:12:"):
        store.save(reminders)
    assert path.read_text() == broken


def test_log_and_state_round_trip(tmp_path: Path) -> None:
    log = JsonlReminderLog(tmp_path / "reminders.jsonl")
    t = datetime(2026, 11, 23, 10, tzinfo=BERLIN)
    log.record(ReminderEvent(t, "walk", "due", None))
    log.record(ReminderEvent(t + timedelta(minutes=3), "walk", "snoozed", "5 min"))
    with (tmp_path / "reminders.jsonl").open("a") as handle:
        handle.write("not json\n")
    assert [e.action for e in log.events(t)] == ["due", "snoozed"]
    assert log.events(t + timedelta(minutes=1))[0].detail == "5 min"
    first = (tmp_path / "reminders.jsonl").read_text().splitlines()[0]
    assert json.loads(first) == {
        "at": "2026-11-23T10:00:00+01:00",
        "reminder": "walk",
        "action": "due",
        "detail": None,
    }
    states = StateFile(tmp_path / "state.json")
    state = ReminderState(anchor=t, snoozes=2, paused_until=t + timedelta(hours=1))
    states.save({"walk": state}, t)
    assert states.load() == ({"walk": state}, t)
    (tmp_path / "state.json").write_text("{")
    assert states.load() == ({}, None)


def test_a_second_process_sees_the_lock_until_the_first_dies(tmp_path: Path) -> None:
    path = tmp_path / "run" / "reminders.lock"
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys
            from pathlib import Path
            from stretchtimer.adapters.instance_lock import InstanceLock
            lock = InstanceLock(Path({str(path)!r}))
            print(lock.acquire(), flush=True)
            sys.stdin.read()
        """)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "True"
        second = InstanceLock(path)
        assert not second.acquire()
        assert second.holder == str(holder.pid)
    finally:
        holder.kill()
        holder.wait()
    assert InstanceLock(path).acquire()  # freed by the kernel when the holder died


def test_notifier_uses_the_terminal_escape_then_notify_send_then_nothing() -> None:
    written: list[str] = []
    ran: list[list[str]] = []

    def run(command: list[str]) -> str | None:
        ran.append(command)
        return "on\n" if command[0] == "tmux" else ""

    kitty = DesktopNotifier({"TERM": "xterm-kitty"}, written.append, run, lambda _: None)
    kitty.notify("Time to walk", "walk-break\x1b[31m")
    assert kitty.available and written == [
        terminal_escape({"TERM": "xterm-kitty"}, "Time to walk", "walk-break [31m")
    ]
    assert "\x1b[31m" not in written[0]
    written.clear()
    env = {"TERM": "tmux-256color", "TERM_PROGRAM": "tmux", "TMUX": "/tmp/x", "WEZTERM_PANE": "1"}
    DesktopNotifier(env, written.append, run, lambda _: None).notify("T", "B")
    assert written == [tmux_wrap("\x1b]777;notify;T;B\x1b\\")]
    linux = DesktopNotifier(
        {"TERM": "xterm"}, written.append, run, lambda n: f"/usr/bin/{n}", "linux"
    )
    linux.notify("Time to walk", "now")
    assert ran[-1] == ["notify-send", "--app-name=stretchtimer", "Time to walk", "now"]
    ran.clear()
    none = DesktopNotifier({"TERM": "xterm"}, written.append, run, lambda _: None, "linux")
    none.notify("Time to walk", "now")
    assert not none.available and none.reason and ran == []


def test_idle_source_picks_what_answers_and_is_off_without_one() -> None:
    def run(command: list[str]) -> str | None:
        return "(uint64 725000,)\n" if command[0] == "gdbus" else None

    env = {"DBUS_SESSION_BUS_ADDRESS": "unix:x", "DISPLAY": ":0"}
    source = CommandIdleSource(env, run, lambda n: f"/usr/bin/{n}", "linux")
    assert source.available and source.idle_seconds() == 725.0
    off = CommandIdleSource({}, run, lambda _: None, "linux")
    assert not off.available and "xprintidle" in off.reason and off.idle_seconds() is None
