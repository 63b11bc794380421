"""The pure reminder scheduler: when each reminder is due, and what happened between two checks.

Everything here is a function of a :class:`~stretchtimer.core.reminders.Reminder` (the
settings), a :class:`ReminderState` (its history: the last walk, snoozes, a pause, an alert
waiting for an answer) and "now". Nothing counts ticks: the app looks at the clocks at least
once a minute and on every wake-up, and :func:`observe` derives what is due from them.

Due times are wall-clock times in the reminder's zone (working hours and clock alignment are
read in local time, so a daylight-saving change moves nothing); intervals are real elapsed
time. A :class:`Reading` carries three clocks, so a sleep (the boot clock ran on, the
monotonic one stopped) is told from a change of the system clock (the wall clock moved
without the boot clock).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from stretchtimer.core.reminders import Reminder

MAX_SNOOZES = 3
SNOOZE_CHOICES = (5, 10, 15)  # minutes
MISSED_AFTER = timedelta(minutes=30)
JUMP_TOLERANCE = 5.0  # seconds of disagreement between the wall and boot clocks that is noise
PauseChoice = Literal["30m", "1h", "2h", "day"]
PAUSES: dict[str, timedelta] = {
    "30m": timedelta(minutes=30),
    "1h": timedelta(hours=1),
    "2h": timedelta(hours=2),
}
_SEARCH_DAYS = 8  # a week and a day: every active range is found within it


@dataclass(frozen=True)
class ReminderState:
    """What the scheduler remembers of one reminder (all datetimes aware).

    ``anchor`` is where the interval counts from (the last walk, or when the app started or
    the person came back); ``alert`` is the due time of an alert not answered yet.
    """

    anchor: datetime
    snoozes: int = 0
    snooze_until: datetime | None = None
    paused_until: datetime | None = None
    alert: datetime | None = None
    alert_since: datetime | None = None
    pinned: datetime | None = None  # a due time kept across a change of the system clock

    @classmethod
    def fresh(cls, now: datetime) -> ReminderState:
        """The state of a reminder first seen at ``now``: one interval from now."""
        return cls(anchor=now)


@dataclass(frozen=True)
class Reading:
    """The three clocks read together: wall (aware), boot (counts through suspend) and
    monotonic (stops during suspend), both in seconds."""

    wall: datetime
    boot: float
    mono: float


@dataclass(frozen=True)
class Outcome:
    """Something that happened to a reminder, to record (an action of the reminder log)."""

    at: datetime
    action: Literal[
        "due", "missed", "slept-through", "natural-break", "resumed", "walked", "snoozed"
    ]
    detail: str | None = None


# --- active hours -------------------------------------------------------------------------


def _local(day: date, clock: time, zone: ZoneInfo) -> datetime:
    """``day`` at ``clock`` in ``zone``; a time skipped by a DST change moves on past the gap."""
    naive = datetime.combine(day, clock)
    aware = naive.replace(tzinfo=zone)
    back = aware.astimezone(ZoneInfo("UTC")).astimezone(zone)
    return aware if back.replace(tzinfo=None) == naive else back


def active_ranges(reminder: Reminder, after: datetime) -> Iterator[tuple[datetime, datetime]]:
    """The active ranges (start, end) that end after ``after``, in order, for a week and a day."""
    zone = reminder.zone
    first = after.astimezone(zone).date()
    for offset in range(-1, _SEARCH_DAYS):
        day = first + timedelta(days=offset)
        for start, end in reminder.hours.get(day.weekday(), ()):
            begin = _local(day, start, zone)
            finish = (
                _local(day + timedelta(days=1), time(0), zone)
                if end == time(0)
                else _local(day, end, zone)
            )
            if finish > after:
                yield begin, finish


def is_active(reminder: Reminder, at: datetime) -> bool:
    """Whether ``at`` is inside the reminder's working hours."""
    return any(start <= at < end for start, end in active_ranges(reminder, at))


def next_active_start(reminder: Reminder, after: datetime) -> datetime | None:
    """The first start of an active range on a later day than ``after`` (local dates)."""
    today = after.astimezone(reminder.zone).date()
    for start, _ in active_ranges(reminder, after):
        if start.astimezone(reminder.zone).date() > today:
            return start
    return None


# --- when is it due -----------------------------------------------------------------------


def _slots(reminder: Reminder, start: datetime, end: datetime) -> Iterator[datetime]:
    """The clock-aligned times in [start, end): seconds since local midnight that are
    ``align`` past a multiple of the interval (on the hour: 10:00, 11:00; at :50: 9:50)."""
    assert reminder.align is not None
    zone = reminder.zone
    day = start.astimezone(zone).date()
    while True:
        midnight = datetime.combine(day, time(0))
        step = reminder.interval
        second = reminder.align % step
        while second < 86400:
            naive = midnight + timedelta(seconds=second)
            at = _local(naive.date(), naive.time(), zone)
            if at >= end:
                return
            if at >= start:
                yield at
            second += step
        day += timedelta(days=1)


def next_due(reminder: Reminder, state: ReminderState) -> datetime | None:
    """When the reminder is next due (possibly already past), or None when it never is.

    Unaligned: one interval after the anchor, counted from the start of the working range
    when the anchor is outside one; a time past the range's end moves to one interval after
    the next range starts. Aligned: the first aligned time inside a range at least half an
    interval after the anchor. A snooze wins; a pause holds everything until it ends.
    """
    if not reminder.enabled:
        return None
    if state.alert is not None:
        return state.alert
    if state.snooze_until is not None:
        return state.snooze_until
    if state.pinned is not None:
        return state.pinned
    anchor = state.anchor
    if state.paused_until is not None and state.paused_until > anchor:
        anchor = state.paused_until
    interval = timedelta(seconds=reminder.interval)
    for start, end in active_ranges(reminder, anchor):
        if reminder.align is None:
            due = max(anchor, start) + interval
            if due < end:
                return due
        else:
            earliest = max(start, anchor + interval / 2)
            for slot in _slots(reminder, earliest, end):
                if slot > max(anchor, start):
                    return slot
    return None


def next_check(reminder: Reminder, state: ReminderState) -> datetime | None:
    """When something next happens to the reminder without an answer: it falls due, or the
    alert waiting is missed (30 minutes on, or when the next one would fall due)."""
    if state.alert is None or state.alert_since is None:
        return next_due(reminder, state)
    following = next_due(reminder, replace(state, alert=None, anchor=state.alert))
    missed = state.alert_since + MISSED_AFTER
    return missed if following is None else min(missed, following)


# --- what happened between two readings ---------------------------------------------------


def observe(
    reminder: Reminder,
    state: ReminderState,
    before: Reading | None,
    now: Reading,
    idle: float | None = None,
) -> tuple[ReminderState, list[Outcome]]:
    """The state at ``now`` and what happened since ``before`` (None: the first check).

    - a change of the wall clock not seen on the boot clock (set back, set forward) moves the
      anchor and a snooze with it: no burst, no lost reminder (DST changes nothing at all);
    - a sleep at least as long as the walk is time away: the interval restarts at waking;
    - ``idle`` seconds away at least as long as the walk count as a natural break;
    - a pause that ended resumes; an alert unanswered for 30 minutes, or when the next one
      falls due, is missed; then, if a reminder is due, one ``due`` (never more).
    """
    outcomes: list[Outcome] = []
    at = now.wall
    if before is not None:
        booted = now.boot - before.boot
        jump = (now.wall - before.wall).total_seconds() - booted
        if abs(jump) > JUMP_TOLERANCE:
            state = _shift(reminder, state, timedelta(seconds=jump))
        slept = booted - (now.mono - before.mono)
        if slept >= reminder.walk:
            state, outcome = _away(reminder, state, at, timedelta(seconds=slept), "asleep")
            outcomes.append(outcome)
    if idle is not None and idle >= reminder.walk and state.anchor < at - timedelta(seconds=idle):
        state, outcome = _away(reminder, state, at, timedelta(seconds=idle), "away")
        outcomes.append(outcome)
    elif idle is not None and idle >= reminder.walk:
        state = replace(state, anchor=at)  # still away: the interval counts from coming back
    if state.paused_until is not None and state.paused_until <= at:
        outcomes.append(Outcome(state.paused_until, "resumed"))
        state = replace(state, anchor=max(state.anchor, state.paused_until), paused_until=None)
    if state.alert is not None and state.alert_since is not None:
        following = next_due(reminder, replace(state, alert=None, anchor=state.alert))
        if at >= state.alert_since + MISSED_AFTER or (following is not None and following <= at):
            outcomes.append(Outcome(at, "missed", f"due {state.alert.isoformat()}"))
            state = replace(
                state, anchor=state.alert, alert=None, alert_since=None, snoozes=0, pinned=None
            )
    due = next_due(reminder, state)
    if state.alert is None and due is not None and due <= at:
        state = replace(state, alert=due, alert_since=at, snooze_until=None)
        outcomes.append(Outcome(at, "due", due.isoformat()))
    return state, outcomes


def _shift(reminder: Reminder, state: ReminderState, by: timedelta) -> ReminderState:
    """The state after the system clock moved by ``by``: relative times move with it, and
    the next due time is pinned the same real time away (the working hours would otherwise
    move it)."""
    due = next_due(reminder, state) if state.alert is None else None
    return replace(
        state,
        pinned=None if due is None else due + by,
        anchor=state.anchor + by,
        snooze_until=None if state.snooze_until is None else state.snooze_until + by,
        alert_since=None if state.alert_since is None else state.alert_since + by,
    )


def _away(
    reminder: Reminder, state: ReminderState, at: datetime, away: timedelta, how: str
) -> tuple[ReminderState, Outcome]:
    """Time away long enough for a walk: the interval restarts at ``at``, nothing is due."""
    passed = next_due(reminder, state)
    minutes = round(away.total_seconds() / 60)
    slept = how == "asleep" and passed is not None and passed <= at
    outcome = Outcome(at, "slept-through" if slept else "natural-break", f"{how} {minutes} min")
    fresh = replace(
        state, anchor=at, alert=None, alert_since=None, snooze_until=None, snoozes=0, pinned=None
    )
    return fresh, outcome


# --- the person's answers -----------------------------------------------------------------


def walked(state: ReminderState, at: datetime) -> ReminderState:
    """A walk was taken (ended) at ``at``: the interval counts from here."""
    return replace(
        state, anchor=at, alert=None, alert_since=None, snooze_until=None, snoozes=0, pinned=None
    )


def can_snooze(state: ReminderState) -> bool:
    """Whether another snooze is allowed (at most three in a row)."""
    return state.snoozes < MAX_SNOOZES


def snooze(state: ReminderState, at: datetime, minutes: int) -> ReminderState:
    """Snooze the alert for ``minutes`` (5, 10 or 15); ValueError past three in a row."""
    if minutes not in SNOOZE_CHOICES:
        raise ValueError(f"snooze for 5, 10 or 15 minutes, not {minutes}")
    if not can_snooze(state):
        raise ValueError(f"already snoozed {MAX_SNOOZES} times in a row")
    return replace(
        state,
        alert=None,
        alert_since=None,
        snooze_until=at + timedelta(minutes=minutes),
        snoozes=state.snoozes + 1,
        pinned=None,
    )


def skip(state: ReminderState, at: datetime) -> ReminderState:
    """Skip this reminder: the next one counts from when this one was due."""
    anchor = state.alert or state.snooze_until or at
    return replace(
        state,
        anchor=anchor,
        alert=None,
        alert_since=None,
        snooze_until=None,
        snoozes=0,
        pinned=None,
    )


def pause_end(reminder: Reminder, at: datetime, choice: PauseChoice) -> datetime:
    """When a pause chosen at ``at`` ends: 30 minutes, 1 or 2 hours, or the first active
    hour of the next active day (a day later when there is none)."""
    if choice == "day":
        start = next_active_start(reminder, at)
        return start if start is not None else at + timedelta(days=1)
    return at + PAUSES[choice]


def pause(state: ReminderState, until: datetime) -> ReminderState:
    """Pause this reminder until ``until`` (an alert waiting goes away)."""
    return replace(
        state, paused_until=until, alert=None, alert_since=None, snooze_until=None, pinned=None
    )


def resume(state: ReminderState, at: datetime) -> ReminderState:
    """End a pause now."""
    return replace(state, paused_until=None, anchor=max(state.anchor, at))


def restarted(
    reminder: Reminder, state: ReminderState, last_seen: datetime | None, now: datetime
) -> ReminderState:
    """The state on starting again: a gap since the last check at least as long as the walk
    restarts the interval (the app was closed: time away); a shorter one keeps it. An alert
    of the last run is dropped: if it is still due it falls due again, to be seen."""
    if last_seen is None or now - last_seen >= timedelta(seconds=reminder.walk):
        if state.paused_until is not None and state.paused_until > now:
            return replace(state, anchor=now, alert=None, alert_since=None)
        return replace(
            state,
            anchor=now,
            alert=None,
            alert_since=None,
            snooze_until=None,
            snoozes=0,
            pinned=None,
        )
    return replace(state, alert=None, alert_since=None)
