"""The reminder settings: the model, the commented defaults, and the rules for the file.

The file (``reminders.yaml`` in the config folder) is read through the node readers of
:mod:`stretchtimer.core.yaml_source`, so every problem is one ``FILE:LINE:COL: error:`` line.
This module parses text it is given; the adapter reads and writes the file.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from datetime import time
from zoneinfo import ZoneInfo

from stretchtimer.core.durations import parse_duration
from stretchtimer.core.errors import clip, suggest

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ALIGNS = {"none": None, "hour": 0}  # and ":MM", minutes past the hour
MAX_INTERVAL = 24 * 3600
DEFAULT_WALK = 5 * 60  # seconds away that count as a walk (the walk-break routine's length)
_RANGE = re.compile(r"(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})")
_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
Hours = dict[int, tuple[tuple[time, time], ...]]

DEFAULT_TEXT = """\
# stretchtimer reminders: a call to move, every so often through the working day.
# Edit this file by hand or from stretchtimer; your comments are kept when it saves.
version: 1
reminders:
  - id: walk
    # on or off
    enabled: true
    # the routine each reminder offers
    routine: walk-break
    # how often: 60m, 1h30m, 90s ...
    every: 60m
    # the days, and the working hours on each of them (several ranges allowed)
    days: mon-fri
    hours: ["09:00-18:00"]
    # a different day: e.g.  fri: ["09:00-13:00"]  under  hours_by_day:
    # alignment: none (one interval after the last walk), hour (on the hour),
    # or ":50" (ten to the hour, so the walk ends on the hour)
    align: none
"""


def _default_hours() -> Hours:
    return {day: ((time(9), time(18)),) for day in range(5)}


@dataclass(frozen=True)
class Reminder:
    """One reminder. ``interval`` and ``walk`` in seconds; ``align`` in seconds past the
    interval's multiple (0: on the hour) or None; ``hours`` by weekday (0 is Monday)."""

    id: str = "walk"
    enabled: bool = True
    routine: str = "walk-break"
    interval: int = 3600
    hours: Hours = field(default_factory=_default_hours)
    align: int | None = None
    walk: int = DEFAULT_WALK
    zone: ZoneInfo = field(default_factory=lambda: ZoneInfo("UTC"))


def default_reminders(zone: ZoneInfo) -> list[Reminder]:
    """The reminders of a new user: the hourly walk, on."""
    return [Reminder(zone=zone)]


# --- small parsers, shared with the CLI and the screen's fields ---------------------------


def parse_days(text: str) -> tuple[int, ...]:
    """``mon-fri``, ``mon,wed,fri``, ``sat`` or ``all`` as weekday numbers; ValueError else."""
    words = text.strip().lower()
    if words in ("all", "every day", "daily"):
        return tuple(range(7))
    if words == "none":
        return ()
    days: list[int] = []
    for part in (p.strip() for p in words.split(",")):
        first, _, last = part.partition("-")
        for word in (first.strip(), last.strip()) if last else (first.strip(),):
            if word[:3] not in DAYS:
                raise ValueError(f"unknown day '{clip(word)}'{suggest(word, DAYS)}")
        a, b = DAYS.index(first.strip()[:3]), DAYS.index((last or first).strip()[:3])
        days.extend(range(a, b + 1) if a <= b else [*range(a, 7), *range(b + 1)])
    return tuple(sorted(set(days)))


def parse_clock(hours: str, minutes: str) -> time:
    """A time of day; 24:00 is the end of the day (midnight); ValueError when impossible."""
    h, m = int(hours), int(minutes)
    if (h, m) == (24, 0):
        return time(0)
    if h > 23 or m > 59:
        raise ValueError(f"{hours}:{minutes} is not a time of day")
    return time(h, m)


def parse_range(text: str) -> tuple[time, time]:
    """``09:00-12:30`` as (start, end); ValueError for 25:00 or an end before its start."""
    match = _RANGE.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"expected hours such as 09:00-12:30, got '{clip(text)}'")
    start, end = parse_clock(*match.group(1, 2)), parse_clock(*match.group(3, 4))
    if end != time(0) and end <= start:
        raise ValueError(f"'{clip(text)}' ends before it starts")
    return start, end


def parse_ranges(texts: list[str]) -> tuple[tuple[time, time], ...]:
    """Several ranges of one day, in order; ValueError when two overlap."""
    ranges = sorted(parse_range(t) for t in texts)
    for (_, end), (start, _) in itertools.pairwise(ranges):
        if end == time(0) or start < end:
            raise ValueError("two ranges of hours overlap")
    return tuple(ranges)


def parse_align(text: str) -> int | None:
    """``none``, ``hour`` or ``:MM`` as seconds past the hour (or None)."""
    word = text.strip().lower()
    if word in ALIGNS:
        return ALIGNS[word]
    match = re.fullmatch(r":([0-5]\d)", word)
    if match is None:
        raise ValueError(f"align must be none, hour or :MM such as :50, got '{clip(text)}'")
    return int(match.group(1)) * 60


def parse_interval(text: str) -> int:
    """An interval such as ``60m`` or ``90s``: at least 1 second and at most a day."""
    seconds = parse_duration(text)
    if seconds > MAX_INTERVAL:
        raise ValueError(f"an interval must be at most a day, got '{clip(text)}'")
    return seconds


def format_range(start: time, end: time) -> str:
    return f"{start:%H:%M}-{'24:00' if end == time(0) else f'{end:%H:%M}'}"


def format_days(days: list[int]) -> str:
    """``mon-fri`` for a run of days, else ``mon,wed,fri``; ``none`` for no day."""
    if not days:
        return "none"
    if len(days) > 2 and days == list(range(days[0], days[-1] + 1)):
        return f"{DAYS[days[0]]}-{DAYS[days[-1]]}"
    return ",".join(DAYS[d] for d in days)


def format_align(align: int | None) -> str:
    """``none``, ``hour`` or ``:MM``, as the file writes an alignment."""
    return "none" if align is None else "hour" if align == 0 else f":{align // 60:02d}"


def common_hours(hours: Hours) -> tuple[tuple[time, time], ...]:
    """The ranges most days have (the file's ``hours``; the others go in ``hours_by_day``)."""
    days = sorted(hours)
    if not days:
        return ()
    return max({hours[d] for d in days}, key=lambda s: sum(hours[d] == s for d in days))


# --- the file ------------------------------------------------------------------------------
