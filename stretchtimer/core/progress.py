"""Progress from the history: streaks, minutes this week, the 12-week calendar, the pain trend
and the two-week rule. Pure: every function is given the records and "today".

A session counts on the person's own local day: the date of its start in the offset it was
recorded with (an aware datetime), so a day is the day it was where they were, across DST
changes and trips across time zones. Days are counted with :class:`datetime.date`, so month
and year ends are nothing special.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from statistics import fmean
from typing import NamedTuple

from stretchtimer.core.records import PainCheckIn, SessionRecord

DEFAULT_WEEKLY_GOAL = 150  # minutes: the guide's 30 minutes on most days
CALENDAR_WEEKS = 12
PERSISTS_AFTER_DAYS = 14  # the guide: spasms persisting more than two weeks need a doctor
BETTER_AFTER_DAYS = 7  # a week of check-ins all below 3 ends an episode of pain
PAIN_THRESHOLD = 3
# The calendar's levels by minutes in a day: none, a little, some, a session, a full half hour.
LEVEL_MINUTES = (0, 10, 20, 30)


def local_day(at: datetime) -> date:
    """The day ``at`` fell on where it happened (in its own offset)."""
    return at.date()


def minutes_by_day(sessions: Iterable[SessionRecord]) -> dict[date, float]:
    """Active minutes per local day, for the days with at least one session."""
    days: dict[date, float] = defaultdict(float)
    for session in sessions:
        days[local_day(session.started_at)] += session.minutes
    return dict(days)


class Streaks(NamedTuple):
    """Days in a row with a session: the running streak and the longest ever."""

    current: int
    longest: int


def streaks(days: Iterable[date], today: date) -> Streaks:
    """The streaks of ``days`` (days with a session) as of ``today``.

    The current streak ends today, or yesterday when today has no session yet (a streak is
    not broken until a whole day has passed without one).
    """
    ordered = sorted(set(days))
    longest = run = 0
    previous: date | None = None
    for day in ordered:
        run = run + 1 if previous is not None and (day - previous).days == 1 else 1
        longest = max(longest, run)
        previous = day
    present = set(ordered)
    start = today if today in present else today - timedelta(days=1)
    current = 0
    while start - timedelta(days=current) in present:
        current += 1
    return Streaks(current=current, longest=longest)


def week_start(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())


def minutes_this_week(by_day: dict[date, float], today: date) -> float:
    """Active minutes from this week's Monday to ``today``."""
    monday = week_start(today)
    return sum(m for d, m in by_day.items() if monday <= d <= today)


@dataclass(frozen=True)
class CalendarDay:
    """One cell of the calendar: the day, its minutes and its level (0 none to 4 most)."""

    day: date
    minutes: float
    level: int
    future: bool


def level_of(minutes: float) -> int:
    """0 for no session, then 1-4 by :data:`LEVEL_MINUTES`."""
    if minutes <= 0:
        return 0
    return 1 + sum(1 for edge in LEVEL_MINUTES[1:] if minutes >= edge)


def calendar(
    by_day: dict[date, float], today: date, weeks: int = CALENDAR_WEEKS
) -> list[list[CalendarDay]]:
    """The last ``weeks`` weeks, oldest first, each Monday to Sunday (days after ``today``
    marked as future)."""
    first = week_start(today) - timedelta(weeks=weeks - 1)
    grid = []
    for w in range(weeks):
        week = []
        for d in range(7):
            day = first + timedelta(weeks=w, days=d)
            minutes = by_day.get(day, 0.0)
            week.append(CalendarDay(day, minutes, level_of(minutes), day > today))
        grid.append(week)
    return grid


@dataclass(frozen=True)
class PainWeek:
    """The average pain score before and after sessions in one week (None: no check-in)."""

    week: date
    before: float | None
    after: float | None


def pain_trend(check_ins: Iterable[PainCheckIn], today: date, weeks: int = 8) -> list[PainWeek]:
    """The last ``weeks`` weeks' average scores before and after sessions, oldest first."""
    first = week_start(today) - timedelta(weeks=weeks - 1)
    scores: dict[tuple[date, str], list[int]] = defaultdict(list)
    for c in check_ins:
        if c.score is not None and c.moment in ("before", "after"):
            scores[(week_start(local_day(c.at)), c.moment)].append(c.score)
    trend = []
    for w in range(weeks):
        monday = first + timedelta(weeks=w)
        before, after = scores.get((monday, "before")), scores.get((monday, "after"))
        trend.append(
            PainWeek(monday, fmean(before) if before else None, fmean(after) if after else None)
        )
    return trend


PAIN_BARS = "▁▂▃▄▅▆▇█"  # 0 (no pain) to 10 (worst imaginable), on that fixed scale


def pain_bars(scores: Iterable[float]) -> str:
    """One bar a week, its height the score on the fixed 0-10 scale: never scaled to the
    weeks shown, where a week at 1 would stand as tall as the worst, and 2 after 3 as none."""
    top = len(PAIN_BARS) - 1
    return "".join(PAIN_BARS[round(min(max(s, 0), 10) * top / 10)] for s in scores)


@dataclass(frozen=True)
class PainSpan:
    """Pain reported from ``first`` to ``last`` without a better week between."""

    first: date
    last: date

    @property
    def days(self) -> int:
        return (self.last - self.first).days


def persisting_pain(check_ins: Iterable[PainCheckIn], today: date) -> PainSpan | None:
    """The two-week rule: the span of pain that has persisted more than two weeks, or None.

    Pain is a check-in of 3 or more, or a "this hurts". It has persisted when it was reported
    on days whose first and last are more than 14 days apart, with no stretch of 7 days
    between them whose check-ins were all below 3. Such a better week needs at least one
    check-in in it: days with none say nothing either way, so they do not end the pain. The
    span must still be current: not followed by a better week up to ``today``, and its last
    report at most 14 days ago.
    """
    pain_days: set[date] = set()
    low_days: set[date] = set()
    for c in check_ins:
        day = local_day(c.at)
        if day > today:
            continue
        if c.is_pain:
            pain_days.add(day)
        elif c.score is not None:
            low_days.add(day)
    if not pain_days:
        return None
    ordered = sorted(pain_days)
    low = sorted(low_days - pain_days)

    def better_between(a: date, b: date) -> bool:
        """A pain-free stretch of at least 7 days after ``a`` and before ``b``, with a
        check-in below 3 in it."""
        return (b - a).days - 1 >= BETTER_AFTER_DAYS and any(a < d < b for d in low)

    last = ordered[-1]
    if (today - last).days > PERSISTS_AFTER_DAYS or better_between(last, today + timedelta(days=1)):
        return None
    first = last
    for earlier in reversed(ordered[:-1]):
        if better_between(earlier, first):
            break
        first = earlier
    span = PainSpan(first, last)
    return span if span.days > PERSISTS_AFTER_DAYS else None


@dataclass(frozen=True)
class ProgressSummary:
    """Everything the Progress screen shows, worked out from the history."""

    today: date
    streaks: Streaks
    week_minutes: float
    goal: int
    calendar: list[list[CalendarDay]]
    trend: list[PainWeek]
    persisting: PainSpan | None
    reminders: dict[str, tuple[int, int]]  # action -> (today, this week)
    recent: list[SessionRecord]


REMINDER_ACTIONS = ("walked", "snoozed", "skipped")


def summarize(
    by_day: dict[date, float],
    recent: list[SessionRecord],
    check_ins: list[PainCheckIn],
    reminder_events: Iterable[tuple[datetime, str]],
    today: date,
    goal: int = DEFAULT_WEEKLY_GOAL,
) -> ProgressSummary:
    """The Progress screen's data; ``reminder_events`` are (at, action) of this week."""
    monday = week_start(today)
    counts = {action: [0, 0] for action in REMINDER_ACTIONS}
    for at, action in reminder_events:
        day = local_day(at)
        if action in counts and monday <= day <= today:
            counts[action][1] += 1
            counts[action][0] += day == today
    return ProgressSummary(
        today=today,
        streaks=streaks(by_day, today),
        week_minutes=minutes_this_week(by_day, today),
        goal=goal,
        calendar=calendar(by_day, today),
        trend=pain_trend(check_ins, today),
        persisting=persisting_pain(check_ins, today),
        reminders={action: (c[0], c[1]) for action, c in counts.items()},
        recent=recent,
    )
