"""The reminders while the app is open: the same :class:`~stretchtimer.core.reminding.Reminding`
as plain mode, driven by the app's timers.

The wall clock is read at least once a minute (on the minute, so the countdown on home
changes when the minute does) and at ``next_check``; never faster. What is due, and what a
sleep or a clock change means, comes from the scheduler, never from counting ticks.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import Future
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from stretchtimer.core import schedule
from stretchtimer.core.clock import MonotonicClock
from stretchtimer.core.ports import ReminderEvent
from stretchtimer.core.reminders import Reminder
from stretchtimer.core.reminding import Reminding
from stretchtimer.core.schedule import Reading, ReminderState

if TYPE_CHECKING:
    from textual.app import App
    from textual.timer import Timer

    from stretchtimer.adapters.latest_writer import LatestWriter
    from stretchtimer.adapters.reminders_file import RemindersFile
    from stretchtimer.adapters.reminders_setup import Reminders
    from stretchtimer.adapters.store_sqlite import StoreReminderLog
    from stretchtimer.compose import Root
    from stretchtimer.core.ports import IdleSource, Notifier

log = logging.getLogger(__name__)

MINUTE = 60.0
COUNTED = ("walked", "snoozed", "skipped")
Snapshot = tuple[dict[str, ReminderState], datetime]  # the states, and when they were checked


def clocks_reader(root: Root) -> Callable[[], Reading]:
    """The three clocks from the root: the real boot clock beside the real monotonic clock
    (Linux), else the root's clock for both (a fake clock in tests: no sleep is seen)."""
    boot_id = getattr(time, "CLOCK_BOOTTIME", None)
    real = isinstance(root.clock, MonotonicClock) and boot_id is not None

    def read() -> Reading:
        mono = root.clock.now()
        boot = time.clock_gettime(boot_id) if real and boot_id is not None else mono
        return Reading(root.now(), boot, mono)

    return read


class TodayLog:
    """The reminder log, counting today's walks, snoozes and skips as they are recorded.

    Each event is written on the history store's thread without waiting: ``report`` gets
    each write's outcome (the app says a failure once). Today's events from before this run
    are read there too and join the counts when they come (:meth:`earlier`).
    """

    def __init__(
        self,
        log: StoreReminderLog,
        today: datetime,
        report: Callable[[Future[OSError | None]], None],
    ) -> None:
        self.log, self.report = log, report
        self.day = today.date()
        self.counts: Counter[str] = Counter()

    def _count(self, event: ReminderEvent) -> None:
        if event.at.date() != self.day:
            self.day, self.counts = event.at.date(), Counter()
        if event.action in COUNTED:
            self.counts[event.action] += 1

    def earlier(self, events: list[ReminderEvent], day: date) -> None:
        """Count ``day``'s events recorded before this run (unless that day is over)."""
        if day != self.day:
            return
        for event in events:
            if event.at.date() == day and event.action in COUNTED:
                self.counts[event.action] += 1

    def record(self, event: ReminderEvent) -> None:
        self._count(event)
        self.report(self.log.record_later(event))

    def events(self, since: datetime) -> list[ReminderEvent]:
        """The events on record (waits for the store: never on the event loop)."""
        return self.log.events(since)

    def today(self, now: datetime) -> Counter[str]:
        return self.counts if now.date() == self.day else Counter()


def _clock(at: datetime, now: datetime) -> str:
    """``14:00`` today, ``Mon 09:00`` another day."""
    return f"{at:%H:%M}" if at.date() == now.date() else f"{at:%a %H:%M}"


def _minutes(span: timedelta) -> str:
    minutes = max(0, int(-(-span.total_seconds() // 60)))  # rounded up: "in 1 min" to the end
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    return f"{minutes} min"


def status(reminding: Reminding, counts: Counter[str], now: datetime, width: int = 0) -> str:
    """Home's line: what comes next, then today's walks done, snoozed and skipped.

    The longest form that fits ``width`` cells (0: any): on one line, else a shorter
    wording, else the counts on a second line (never cut at 40 columns)."""
    wording = _next(reminding, now)
    done = ", ".join(f"{counts[action]} {action}" for action in COUNTED if counts[action])
    forms = [
        *(f"{text} · today {done}" for text in wording),
        *(f"{text}\nToday {done}" for text in wording),
    ]
    forms = forms if done else list(wording)
    return next((form for form in forms if _fits(form, width)), forms[-1])


def _fits(text: str, width: int) -> bool:
    return width <= 0 or all(len(line) <= width for line in text.splitlines())


def _next(reminding: Reminding, now: datetime) -> tuple[str, str]:
    """:meth:`Reminding.upcoming` in words, long and short (for a narrow terminal)."""
    upcoming = reminding.upcoming(now)
    if upcoming.kind == "due":
        return "A walk is due now", "Walk due now"
    if upcoming.kind == "none" or upcoming.at is None:
        return "No reminder is on", "No reminder on"
    if upcoming.kind == "paused":
        until = _clock(upcoming.at.astimezone(now.tzinfo), now)
        return f"Reminders paused until {until}", f"Paused until {until}"
    assert upcoming.reminder is not None
    zone = upcoming.reminder.zone
    at = _clock(upcoming.at.astimezone(zone), now.astimezone(zone))
    if upcoming.kind == "outside":
        return f"Outside working hours: next walk {at}", f"Off hours: next walk {at}"
    return f"Next walk {at}, in {_minutes(upcoming.at - now)}", (
        f"Walk {at}, in {_minutes(upcoming.at - now)}"
    )


def _state_writer(kit: Reminders) -> LatestWriter[Snapshot]:
    """The writer of the reminder state file: on a thread of its own, the newest first."""
    from stretchtimer.adapters.latest_writer import LatestWriter

    state = kit.state
    return LatestWriter(lambda snapshot: state.save(*snapshot), name="reminder-state")


def app_notifier(write_escape: Callable[[str], None] | None) -> Notifier:
    """The desktop notifier inside the app: the terminal's own escape (written by the app
    between frames, see :mod:`stretchtimer.app.terminal`) where the terminal shows it, else
    ``notify-send`` (Linux) or ``osascript`` (macOS)."""
    import os

    from stretchtimer.adapters.notify import DesktopNotifier

    return DesktopNotifier(os.environ, write_escape)


class AppReminders:
    """Runs the reminders for the app when this process holds the single-instance lock.

    ``on_due`` gets the reminders that fell due; ``on_change`` is called after every check
    and answer (home redraws its line then: once a minute at most while waiting);
    ``on_unsaved`` gets the outcome of every write (the reminder log's and the state's) and
    what it saves, to say a failure once. Nothing here waits for the disk or the history
    store: the state is saved by a writer thread, the log on the store's thread.
    """

    def __init__(
        self,
        app: App[Any],
        root: Root,
        *,
        on_due: Callable[[list[Reminder]], None],
        on_change: Callable[[], None],
        on_unsaved: Callable[[Future[OSError | None], str], None],
        read_clocks: Callable[[], Reading] | None = None,
        adjust: Callable[[list[Reminder]], list[Reminder]] | None = None,
        write_escape: Callable[[str], None] | None = None,
    ) -> None:
        self.app, self.root = app, root
        self.write_escape = write_escape
        self.adjust = adjust  # this run's changes to the file's reminders (``remind``)
        self.this_run: dict[str, Reminder] = {}  # by id: the reminders ``adjust`` changed
        self.on_due, self.on_change, self.on_unsaved = on_due, on_change, on_unsaved
        self.read_clocks = read_clocks or clocks_reader(root)
        self.kit: Reminders | None = None
        self.reminding: Reminding | None = None
        self.today: TodayLog | None = None
        self.notifier: Notifier | None = None
        self.idle: IdleSource | None = None
        self.timer: Timer | None = None
        self.next_at: datetime | None = None  # when the next check is set for (tests read it)
        self.elsewhere = False  # another stretchtimer holds the reminders
        self.writer: LatestWriter[Snapshot] | None = None  # the state file's, while running

    @property
    def running(self) -> bool:
        return self.reminding is not None

    def settings_file(self) -> RemindersFile:
        """The reminders file (for the Reminders screen), whether or not this process runs
        the reminders."""
        if self.kit is None:
            self.kit = self.root.reminders()
        return self.kit.file

    def apply(self, reminders: list[Reminder]) -> None:
        """Saved settings, in use at once: the next check and home's line follow them."""
        self.this_run = {}  # what the person saved wins over this run's changes
        if self.reminding is None:
            return
        self.reminding.update(reminders, self.root.now())
        self._keep()
        self._schedule()
        self.on_change()

    def start(self) -> None:
        """Take the lock, read the file, state and log, and make the first check. When
        another stretchtimer holds the lock, say so, and try again at each minute: this one
        takes the reminders over when the other quits."""
        kit = self.kit = self.root.reminders()
        if self._lock():
            self._begin(kit)
            return
        holder = f" (process {kit.lock.holder})" if kit.lock.holder else ""
        self.app.notify(
            f"Another stretchtimer{holder} runs the reminders; this one takes over if it quits.",
            timeout=8,
            markup=False,
        )
        self.elsewhere = True
        self.on_change()
        self._retry_later()

    def _lock(self) -> bool:
        """Whether this process now holds the reminders (no lock to be had: it does)."""
        assert self.kit is not None
        try:
            return self.kit.lock.acquire()
        except OSError as error:
            log.warning("no single-instance lock: %s", error)
            return True

    def _retry_later(self) -> None:
        """Try the lock again on the next minute (as the minute check does)."""
        now = self.root.now()
        minute = now.replace(second=0, microsecond=0) + timedelta(minutes=1)
        self.next_at = minute
        delay = max(0.05, (minute - now).total_seconds())
        self.timer = self.app.set_timer(delay, self.retry, name="reminders")

    async def retry(self) -> None:
        """The minute check while another stretchtimer runs the reminders: take them over
        once it has quit (its lock freed), else try again on the next minute."""
        if self.running or self.kit is None:
            return
        if not self._lock():
            self._retry_later()
            return
        self.elsewhere = False
        self.app.notify("The other stretchtimer quit: this one runs the reminders now.")
        self._begin(self.kit)

    def _begin(self, kit: Reminders) -> None:
        """Read the file, state and log, and make the first check (the lock is held)."""
        reminders, problems = kit.file.load()
        for problem in problems:
            log.warning("reminders: %s", problem)
        if problems:
            self.app.notify(
                f"{problems[0]}\nUsing the default reminders for now.",
                severity="warning",
                timeout=10,
                markup=False,
            )
        if self.adjust is not None:
            reminders = self._adjusted(reminders)
        states, last_seen = kit.state.load()
        now = self.root.now()
        self.today = TodayLog(kit.log, now, self._event_written)
        self._count_earlier(kit.log, now)  # queued before this run records anything
        self.writer = _state_writer(kit)
        self.reminding = Reminding(reminders, self.today, dict(states))
        self.reminding.start(now, last_seen)
        self.idle = kit.idle_source()
        self.app.run_worker(
            self.check(), group="reminders", exit_on_error=False, description="check the reminders"
        )

    def _event_written(self, outcome: Future[OSError | None]) -> None:
        self.on_unsaved(outcome, "a reminder event")

    def _count_earlier(self, log: StoreReminderLog, now: datetime) -> None:
        """Today's events from before this run, read on the store's thread (the reminders
        start without them) and counted when they come; a failure goes to the app's one
        handler of failed workers."""
        midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
        found = log.events_later(midnight)

        async def count() -> None:
            events = await asyncio.wrap_future(found)
            if self.today is not None:
                self.today.earlier(events, midnight.date())
                self.on_change()

        self.app.run_worker(
            count(), group="reminders", exit_on_error=False, description="read the reminder log"
        )

    def _adjusted(self, reminders: list[Reminder]) -> list[Reminder]:
        """The file's reminders with this run's changes; says when that turned one on."""
        assert self.adjust is not None
        adjusted = self.adjust(reminders)
        in_file = {r.id: r for r in reminders}
        self.this_run = {r.id: r for r in adjusted if in_file.get(r.id) != r}
        if any(r.enabled and not in_file[r.id].enabled for r in self.this_run.values()):
            self.app.notify("Reminders on for this run (the file has them off).", markup=False)
        return adjusted

    def stop(self) -> None:
        """At quit: the last state saved, then the lock freed (in that order: another
        stretchtimer that takes the reminders over reads the state when it has the lock)."""
        if self.timer is not None:
            self.timer.stop()
        if self.kit is None or not self.running or self.writer is None:
            return
        writer, self.writer = self.writer, None
        kept = writer.put(self._snapshot())
        if not writer.close(timeout=5.0):
            log.warning("the reminder state was not saved in time at quit")
        elif (error := kept.result()) is not None:
            log.warning("could not save the reminder state: %s", error)
        self.kit.lock.release()

    async def check(self) -> None:
        """Read the clocks (and the idle time, off the UI thread); what fell due goes to
        ``on_due``; then the next check is set."""
        if self.reminding is None:
            return
        idle = None
        if self.idle is not None and self.idle.available:
            idle = await asyncio.to_thread(self.idle.idle_seconds)
        due = self.reminding.check(self.read_clocks(), idle)
        for away in dict.fromkeys(self.reminding.away):
            self.app.notify(f"{away.capitalize()}: counted as a break.", markup=False)
        self._keep()
        self._schedule()
        self.on_change()
        if due:
            self.on_due(due)

    def _schedule(self) -> None:
        """The next check: on the next minute, or at ``next_check`` if that comes first."""
        assert self.reminding is not None
        now = self.root.now()
        minute = now.replace(second=0, microsecond=0) + timedelta(minutes=1)
        upcoming = self.reminding.next_check()
        at = min(minute, upcoming) if upcoming is not None else minute
        self.next_at = at
        if self.timer is not None:
            self.timer.stop()
        delay = max(0.05, (at - now).total_seconds())
        self.timer = self.app.set_timer(delay, self._timed, name="reminders")

    async def _timed(self) -> None:
        await self.check()

    def _snapshot(self) -> Snapshot:
        """The states as they are now, and now (the "last seen" the next start reads)."""
        assert self.reminding is not None
        return dict(self.reminding.states), self.root.now()

    def _keep(self) -> None:
        """Save the states on the writer's thread, without waiting (a failure is said once,
        by ``on_unsaved``)."""
        if self.writer is None or self.reminding is None:
            return
        self.on_unsaved(self.writer.put(self._snapshot()), "the reminder state")

    # -- what home shows, and the answers -------------------------------------------------------

    def status(self, width: int = 0) -> str:
        """Home's line, fitted to ``width`` cells (see :func:`status`); empty when none run
        here (and, while another stretchtimer runs them, that it does)."""
        if self.elsewhere and self.kit is not None:
            holder = f" (process {self.kit.lock.holder})" if self.kit.lock.holder else ""
            said = f"Reminders run in another stretchtimer{holder}"
            return said if _fits(said, width) else "Reminders run in another stretchtimer"
        if self.reminding is None or self.today is None:
            return ""
        now = self.root.now()
        return status(self.reminding, self.today.today(now), now, width)

    def pending(self) -> list[Reminder]:
        return self.reminding.pending() if self.reminding is not None else []

    def still_waiting(self, ids: list[str]) -> list[str]:
        """Those of ``ids`` still waiting for an answer (not answered or missed meanwhile)."""
        live = {r.id for r in self.pending()}
        return [rid for rid in ids if rid in live]

    def snoozes(self, reminders: list[Reminder]) -> int:
        if self.reminding is None:
            return 0
        return max((self.reminding.states[r.id].snoozes for r in reminders), default=0)

    def can_snooze(self, reminders: list[Reminder]) -> bool:
        assert self.reminding is not None
        return all(schedule.can_snooze(self.reminding.states[r.id]) for r in reminders)

    def answer(self, ids: list[str], choice: str) -> None:
        """``walked``, ``skip`` or ``snoozeN``: record it, keep it, check again."""
        if self.reminding is None:
            return
        now = self.root.now()
        if choice == "walked":
            self.reminding.walked(ids, now)
        elif choice == "skip":
            self.reminding.skip(ids, now)
        elif choice.startswith("snooze"):
            try:
                self.reminding.snooze(ids, now, int(choice.removeprefix("snooze")))
            except ValueError as error:  # three in a row already: nothing changed
                self.app.notify(f"Cannot snooze: {error}.", markup=False)
        self._keep()
        self._schedule()
        self.on_change()

    def notify_desktop(self, title: str, body: str) -> None:
        """The desktop notification, off the UI thread: finding the notifier may ask tmux
        whether it passes escapes through, and sending may run a command."""
        if self.reminding is None:
            return

        def send() -> None:
            if self.notifier is None:
                self.notifier = app_notifier(self.write_escape)
            if self.notifier.available:
                self.notifier.notify(title, body)

        self.app.run_worker(
            send,
            thread=True,
            exit_on_error=False,
            group="reminders",
            description="show the desktop notification",
        )
