"""``stretchtimer remind --plain``: the reminders as lines on standard output, answered on
standard input (``s`` start, ``z`` snooze 10 minutes, ``z5``/``z15``, ``k`` skip, ``p``
pause; each followed by Enter). End of input keeps it running; Ctrl+C or SIGTERM stops it.

The wall clock is looked at at least once a minute (and when a reminder falls due); what is
due comes from :mod:`stretchtimer.core.schedule`, never from counting ticks.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, TextIO

from stretchtimer.adapters.signals import Interrupted, raising_interrupted
from stretchtimer.core.cues import Cue
from stretchtimer.core.ports import ReminderEvent, ReminderLog
from stretchtimer.core.reminders import (
    Reminder,
    parse_align,
    parse_days,
    parse_interval,
    parse_ranges,
)
from stretchtimer.core.reminding import Reminding
from stretchtimer.core.safe_text import printable
from stretchtimer.core.schedule import MAX_SNOOZES, Reading
from stretchtimer.exits import EXIT_ERROR, EXIT_OK, EXIT_REFUSED
from stretchtimer.plain.lines import LineReader

if TYPE_CHECKING:
    from stretchtimer.compose import Root

CHECK_EVERY = 60.0  # seconds: the wall clock is looked at at least this often
HELP = "s start, z snooze 10 min (z5, z15), k skip, p pause (p30, p1h, p2h, pday)"
_PAUSES = {"p": "1h", "p30": "30m", "p1h": "1h", "p2h": "2h", "pday": "day"}


class Warned:
    """Says a problem once on standard error (a log or state that cannot be written)."""

    def __init__(self) -> None:
        self.said: set[str] = set()

    def __call__(self, what: str, error: OSError) -> None:
        if what not in self.said:
            self.said.add(what)
            print(f"stretchtimer: warning: could not save {what}: {error}", file=sys.stderr)


class TolerantLog:
    """The reminder log, whose failures are warned about once and never stop the reminders."""

    def __init__(self, log: ReminderLog, warn: Warned) -> None:
        self.log, self.warn = log, warn

    def record(self, event: ReminderEvent) -> None:
        try:
            self.log.record(event)
        except OSError as error:
            self.warn("the reminder log", error)

    def events(self, since: datetime) -> list[ReminderEvent]:
        return self.log.events(since)


def read_clocks(now: datetime) -> Reading:
    """The wall clock with the boot clock (counts through suspend, Linux) and the monotonic
    clock; without a boot clock both are monotonic and a sleep looks like a clock change."""
    boot = getattr(time, "CLOCK_BOOTTIME", None)
    mono = time.monotonic()
    return Reading(now, time.clock_gettime(boot) if boot is not None else mono, mono)


def overrides(args: argparse.Namespace, reminder: Reminder) -> Reminder:
    """``reminder`` with the command line's settings for this run; ValueError when bad."""
    changes: dict[str, object] = {"enabled": True}
    if args.every:
        changes["interval"] = parse_interval(args.every)
    if args.at:
        changes["align"] = parse_align(args.at)
    if args.routine:
        changes["routine"] = args.routine
    days = parse_days(args.days) if args.days else tuple(reminder.hours)
    ranges = (
        parse_ranges(args.hours.split(","))
        if args.hours
        else next(iter(reminder.hours.values()), ())
    )
    if args.days or args.hours:
        changes["hours"] = {
            day: reminder.hours.get(day, ranges) if not args.hours else ranges for day in days
        }
    return replace(reminder, **changes)  # type: ignore[arg-type]


def this_run(args: argparse.Namespace) -> Callable[[list[Reminder]], list[Reminder]]:
    """The file's reminders changed for this run: the first on, with the command line's
    settings. ValueError (before anything starts) when one of them is wrong."""
    overrides(args, Reminder())

    def adjust(reminders: list[Reminder]) -> list[Reminder]:
        return [overrides(args, reminders[0]), *reminders[1:]] if reminders else reminders

    return adjust


def run_remind_plain(
    root: Root, args: argparse.Namespace, stdin: TextIO | None = None, stdout: TextIO | None = None
) -> int:
    """Run the reminders as lines until Ctrl+C or SIGTERM; the exit status."""
    stdin, stdout = stdin or sys.stdin, stdout or sys.stdout
    try:  # a bad setting on the command line fails before anything is created or locked
        overrides(args, Reminder())
    except ValueError as error:
        print(f"stretchtimer: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    kit = root.reminders()
    try:
        alone = kit.lock.acquire()
    except OSError as error:  # no lock to be had: remind anyway, and say so
        alone = True
        print(f"stretchtimer: warning: no single-instance lock: {error}", file=sys.stderr)
    if not alone:
        holder = f" (process {kit.lock.holder})" if kit.lock.holder else ""
        print(f"Another stretchtimer{holder} runs the reminders already.", file=stdout)
        return EXIT_REFUSED
    reminders, problems = kit.file.load()
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print("stretchtimer: using the default reminders for now.", file=sys.stderr)
    try:
        reminders = [overrides(args, reminders[0]), *reminders[1:]]
    except ValueError as error:
        print(f"stretchtimer: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    settings, _ = root.load_settings()
    player = root.player_factory(volume=settings.volume, muted=settings.muted)
    notifier = kit.notifier()
    idle = kit.idle_source()
    if not idle.available:
        print(f"Natural breaks are not counted: {idle.reason}.", file=stdout)
    states, last_seen = kit.state.load()
    warned = Warned()
    reminding = Reminding(reminders, TolerantLog(kit.log, warned), dict(states))

    def keep() -> None:
        try:
            kit.state.save(reminding.states, root.now())
        except OSError as error:
            warned("the reminder state", error)

    reminding.start(root.now(), last_seen)
    reader = LineReader(stdin)

    def say(text: str) -> None:
        print(printable(text), file=stdout, flush=True)

    status = EXIT_OK
    with raising_interrupted():
        try:
            say(f"Reminders on. {describe_next(reminding, root.now())}")
            say(f"Answers: {HELP}; then Enter.")
            while True:
                now = root.now()
                due = reminding.check(read_clocks(now), idle.idle_seconds())
                for away in dict.fromkeys(reminding.away):
                    what = describe_next(reminding, root.now())
                    say(f"{away.capitalize()}: counted as a break. {what}")
                keep()
                if due:
                    player.play(Cue.HOLD)
                    names = ", ".join(r.routine for r in due)
                    snoozes = max(reminding.states[r.id].snoozes for r in due)
                    shown = f" (snoozed {snoozes} of {MAX_SNOOZES})" if snoozes else ""
                    if stdout.isatty():
                        stdout.write("\a")  # the terminal bell
                    say(f"Time to move: {names}{shown}. {HELP}")
                    notifier.notify("stretchtimer: time to move", names)
                line = reader.wait(wait_seconds(reminding, root.now()))
                if line and line.strip():
                    answer(root, reminding, line.strip().lower(), reader, say, stdout)
                    keep()
        except (KeyboardInterrupt, BrokenPipeError) as error:
            interrupted = Interrupted.of(error)
            keep()
            with contextlib.suppress(OSError):
                say(f"Reminders stopped ({interrupted.describe()}).")
            status = interrupted.exit_status
        finally:
            player.close()
            kit.lock.release()
    return status


def wait_seconds(reminding: Reminding, now: datetime) -> float:
    """Until the next check: when something next happens, but at most a minute."""
    upcoming = reminding.next_check()
    if upcoming is None:
        return CHECK_EVERY
    return max(0.05, min(CHECK_EVERY, (upcoming - now).total_seconds()))


def describe_next(reminding: Reminding, now: datetime) -> str:
    """``Next: walk-break at Mon 14:00:00.``, ``Paused until Mon 15:30.``, ...: what
    :meth:`Reminding.upcoming` says, in words."""
    upcoming = reminding.upcoming(now)
    if upcoming.kind == "none" or upcoming.at is None:
        return "No reminder is on."
    if upcoming.kind == "paused":
        return f"Paused until {upcoming.at:%a %H:%M}."
    assert upcoming.reminder is not None
    routine = upcoming.reminder.routine
    if upcoming.kind == "due":
        return f"Due now: {routine}."
    at = upcoming.at.astimezone(upcoming.reminder.zone)
    if upcoming.kind == "outside":
        return f"Outside working hours: next {routine} at {at:%a %H:%M}."
    return f"Next: {routine} at {at:%a %H:%M:%S}."


def answer(
    root: Root,
    reminding: Reminding,
    word: str,
    reader: LineReader,
    say: Callable[[str], None],
    stdout: TextIO,
) -> None:
    """Do what the person answered to the alert waiting (or say why not)."""
    now = root.now()
    waiting = [r.id for r in reminding.pending()]
    if word in _PAUSES:
        until = reminding.pause(now, _PAUSES[word])  # type: ignore[arg-type]
        say(f"Reminders paused until {until:%a %H:%M}.")
        return
    if word not in ("s", "k", "z", "z5", "z10", "z15"):
        say(f"Unknown answer '{word[:20]}'. {HELP}")
        return
    if not waiting:
        say(f"Nothing is due now. {describe_next(reminding, root.now())}")
        return
    if word.startswith("z"):
        minutes = int(word[1:] or 10)
        try:
            reminding.snooze(waiting, now, minutes)
        except ValueError as error:
            say(f"Cannot snooze: {error}. s start, k skip.")
            return
        say(f"Snoozed {minutes} min. {describe_next(reminding, root.now())}")
    elif word == "k":
        reminding.skip(waiting, now)
        say(f"Skipped. {describe_next(reminding, root.now())}")
    else:
        walk(root, reminding, waiting, reader, stdout)
        say(describe_next(reminding, root.now()))


def walk(
    root: Root, reminding: Reminding, ids: list[str], reader: LineReader, stdout: TextIO
) -> None:
    """Start the reminder's routine through the red-flag screening, like every session."""
    from stretchtimer.console import find_routine
    from stretchtimer.plain.history import journal_for, open_history
    from stretchtimer.plain.runner import record, run_session, screen_plain

    reminder = next(r for r in reminding.reminders if r.id == ids[0])
    routine = find_routine(reminder.routine, root.catalog())
    if routine is None:
        return
    settings, _ = root.load_settings()
    store = open_history(root)
    if not screen_plain(root, reader, stdout, settings, rescreen=False, history=store):  # type: ignore[arg-type]
        return
    journal = journal_for(store, root.now)  # written as it goes, as every session
    outcome, engine = run_session(routine, settings, stdout, journal=journal)
    interrupted = outcome if isinstance(outcome, Interrupted) else None
    record(journal, engine.summary(), outcome, interrupted)
    if interrupted is not None:
        raise interrupted
    reminding.walked(ids, root.now())
