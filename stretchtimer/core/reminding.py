"""Several reminders run side by side: their states, the checks and the answers, each
recorded in the :class:`~stretchtimer.core.ports.ReminderLog`. Front-end neutral: the plain
mode (and the app) read the clocks and the person's answers and hand them here."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from stretchtimer.core import schedule
from stretchtimer.core.ports import ReminderAction, ReminderEvent, ReminderLog
from stretchtimer.core.reminders import Reminder
from stretchtimer.core.schedule import PauseChoice, Reading, ReminderState

NextKind = Literal["due", "paused", "next", "outside", "none"]


@dataclass(frozen=True)
class Next:
    """What comes next, for a front end to word: ``due`` (an alert waits now), ``paused``
    (until ``at``), ``next`` (``reminder`` due at ``at``, inside working hours), ``outside``
    (outside working hours: ``reminder`` next at ``at``) or ``none`` (no reminder is on)."""

    kind: NextKind
    at: datetime | None = None
    reminder: Reminder | None = None


@dataclass
class Reminding:
    """The reminders that are on, their states, and the last clock reading."""

    reminders: list[Reminder]
    log: ReminderLog
    states: dict[str, ReminderState] = field(default_factory=dict)
    last: Reading | None = None
    away: list[str] = field(default_factory=list)  # the last check's time away, as text

    def start(self, now: datetime, last_seen: datetime | None) -> None:
        """Begin at ``now``: states kept from a run that ended ``last_seen`` (see
        :func:`schedule.restarted`), fresh ones for reminders never seen."""
        for reminder in self.on():
            state = self.states.get(reminder.id)
            self.states[reminder.id] = (
                ReminderState.fresh(now)
                if state is None
                else schedule.restarted(reminder, state, last_seen, now)
            )

    def update(self, reminders: list[Reminder], now: datetime) -> None:
        """New settings at ``now`` (saved from the screen): a reminder just turned on (or
        new) starts one interval from now; the others keep their history, and their next
        due time follows the new interval, hours and alignment."""
        was_on = {r.id for r in self.on()}
        self.reminders = list(reminders)
        for reminder in self.on():
            if reminder.id not in was_on or reminder.id not in self.states:
                self.states[reminder.id] = ReminderState.fresh(now)

    def on(self) -> list[Reminder]:
        return [r for r in self.reminders if r.enabled]

    def check(self, now: Reading, idle: float | None = None) -> list[Reminder]:
        """Look at the clocks; record what happened; the reminders that just fell due."""
        due: list[Reminder] = []
        self.away = []
        for reminder in self.on():
            state, outcomes = schedule.observe(
                reminder, self.states[reminder.id], self.last, now, idle
            )
            self.states[reminder.id] = state
            for outcome in outcomes:
                self._record(outcome.at, reminder.id, outcome.action, outcome.detail)
                if outcome.action == "due":
                    due.append(reminder)
                elif outcome.action in ("natural-break", "slept-through") and outcome.detail:
                    self.away.append(outcome.detail)
        self.last = now
        return due

    def waiting(self) -> list[Reminder]:
        """The reminders whose alert waits for an answer."""
        return [r for r in self.on() if self.states[r.id].alert is not None]

    def pending(self) -> list[Reminder]:
        """The reminders an answer is about: alerts waiting, else those snoozed."""
        snoozed = [r for r in self.on() if self.states[r.id].snooze_until is not None]
        return self.waiting() or snoozed

    def next_due(self) -> tuple[Reminder, datetime] | None:
        """The reminder due first and when (None: none ever is)."""
        times = [(r, due) for r in self.on() if (due := schedule.next_due(r, self.states[r.id]))]
        return min(times, key=lambda pair: pair[1]) if times else None

    def next_check(self) -> datetime | None:
        """When the next thing happens by itself (a reminder due, an alert missed)."""
        times = [t for r in self.on() if (t := schedule.next_check(r, self.states[r.id]))]
        return min(times, default=None)

    def upcoming(self, now: datetime) -> Next:
        """What is next at ``now``: due now, paused until, next due at, outside working
        hours (next at), or none. The app's home line and plain mode only word it."""
        waiting = self.waiting()
        if waiting:
            return Next("due", self.states[waiting[0].id].alert, waiting[0])
        paused = self.paused_until()
        if paused is not None:
            return Next("paused", paused)
        found = self.next_due()
        if found is None:
            return Next("none")
        reminder, due = found
        kind: NextKind = "next" if schedule.is_active(reminder, now) else "outside"
        return Next(kind, due, reminder)

    def paused_until(self) -> datetime | None:
        ends = [self.states[r.id].paused_until for r in self.on()]
        return max((e for e in ends if e is not None), default=None)

    def walked(self, ids: list[str], at: datetime) -> None:
        for rid in ids:
            self.states[rid] = schedule.walked(self.states[rid], at)
            self._record(at, rid, "walked", None)

    def snooze(self, ids: list[str], at: datetime, minutes: int) -> None:
        """Snooze each; ValueError (nothing changed) when one has had three in a row."""
        if any(not schedule.can_snooze(self.states[rid]) for rid in ids):
            raise ValueError(f"already snoozed {schedule.MAX_SNOOZES} times in a row")
        for rid in ids:
            self.states[rid] = schedule.snooze(self.states[rid], at, minutes)
            self._record(at, rid, "snoozed", f"{minutes} min")

    def skip(self, ids: list[str], at: datetime) -> None:
        for rid in ids:
            self.states[rid] = schedule.skip(self.states[rid], at)
            self._record(at, rid, "skipped", None)

    def pause(self, at: datetime, choice: PauseChoice) -> datetime:
        """Pause every reminder; returns when the pause ends (the earliest of them)."""
        ends = []
        for reminder in self.on():
            until = schedule.pause_end(reminder, at, choice)
            ends.append(until)
            self.states[reminder.id] = schedule.pause(self.states[reminder.id], until)
            self._record(at, reminder.id, "paused", until.isoformat())
        return min(ends, default=at)

    def _record(self, at: datetime, rid: str, action: ReminderAction, detail: str | None) -> None:
        self.log.record(ReminderEvent(at, rid, action, detail))
