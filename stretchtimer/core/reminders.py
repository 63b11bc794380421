"""The reminder settings: the model, the commented defaults, and the rules for the file.

The file (``reminders.yaml`` in the config folder) is read through the node readers of
:mod:`stretchtimer.core.yaml_source`, so every problem is one ``FILE:LINE:COL: error:`` line.
This module parses text it is given; the adapter reads and writes the file.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field, replace
from datetime import time
from typing import Any
from zoneinfo import ZoneInfo

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from stretchtimer.core.durations import parse_duration
from stretchtimer.core.errors import Diagnostic
from stretchtimer.core.yaml_source import (
    Context,
    TooManyProblems,
    clip,
    describe_node,
    parse_text,
    read_fields,
    read_text,
    suggest,
)

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


# --- the file ------------------------------------------------------------------------------

_TOP = ("version", "reminders")
_KEYS = ("id", "enabled", "routine", "every", "days", "hours", "hours_by_day", "align", "walk")


@dataclass
class _Reader:
    ctx: Context
    zone: ZoneInfo
    routines: frozenset[str] | None

    def value(self, node: Node, key: str, parse: object) -> object:
        text = read_text(self.ctx, node, key, empty_ok=False)
        if text is None:
            return None
        try:
            return parse(text)  # type: ignore[operator]
        except ValueError as error:
            self.ctx.error(node, f"'{key}': {error}")
            return None

    def texts(self, node: Node, key: str) -> list[str] | None:
        items = node.value if isinstance(node, SequenceNode) else [node]
        out: list[str] = []
        for item in items:
            text = read_text(self.ctx, item, key, empty_ok=False)
            if text is None:
                return None
            out.append(text)
        return out

    def ranges(self, node: Node, key: str) -> tuple[tuple[time, time], ...] | None:
        texts = self.texts(node, key)
        if texts is None:
            return None
        try:
            return parse_ranges(texts)
        except ValueError as error:
            self.ctx.error(node, f"'{key}': {error}")
            return None

    def reminder(self, node: Node, seen: set[str]) -> Reminder | None:
        fields = read_fields(self.ctx, node, "a reminder", _KEYS)
        if fields is None:
            return None
        before = len(self.ctx.diagnostics)
        out = Reminder(zone=self.zone)
        changes: dict[str, object] = {}
        if "id" in fields:
            rid = self.value(fields["id"][1], "id", _check_id)
            if isinstance(rid, str) and rid in seen:
                self.ctx.error(fields["id"][1], f"two reminders are called '{rid}'")
            elif isinstance(rid, str):
                seen.add(rid)
                changes["id"] = rid
        if "enabled" in fields:
            value = fields["enabled"][1]
            if isinstance(value, ScalarNode) and value.tag.endswith(":bool"):
                changes["enabled"] = value.value.lower() in ("true", "yes", "on")
            else:
                self.ctx.error(
                    value, f"'enabled' must be true or false, got {describe_node(value)}"
                )
        if "routine" in fields:
            name = read_text(self.ctx, fields["routine"][1], "routine", empty_ok=False)
            if name is not None and self.routines is not None and name not in self.routines:
                hint = suggest(name, self.routines)
                self.ctx.error(fields["routine"][1], f"unknown routine '{clip(name)}'{hint}")
            elif name is not None:
                changes["routine"] = name
        for key, parse, attr in (
            ("every", parse_interval, "interval"),
            ("walk", parse_interval, "walk"),
            ("align", parse_align, "align"),
        ):
            if key in fields:
                changes[attr] = self.value(fields[key][1], key, parse)
        days = out.hours.keys()
        if "days" in fields:
            days = self.value(fields["days"][1], "days", parse_days) or ()  # type: ignore[assignment]
        ranges = out.hours[0]
        if "hours" in fields:
            ranges = self.ranges(fields["hours"][1], "hours") or ranges
        hours: Hours = {day: ranges for day in days}
        if "hours_by_day" in fields:
            hours.update(self.by_day(fields["hours_by_day"][1]))
        changes["hours"] = hours
        if len(self.ctx.diagnostics) > before:
            return None
        return _replace(out, changes)

    def by_day(self, node: Node) -> Hours:
        if not isinstance(node, MappingNode):
            self.ctx.error(node, f"'hours_by_day' must be a mapping, got {describe_node(node)}")
            return {}
        out: Hours = {}
        for key, value in node.value:
            days = self.value(key, "hours_by_day", parse_days)
            ranges = (
                ()
                if isinstance(value, SequenceNode) and not value.value
                else self.ranges(value, "hours_by_day")
            )
            if isinstance(days, tuple) and ranges is not None:
                out.update({day: ranges for day in days})
        return out


def _check_id(text: str) -> str:
    if not _ID.fullmatch(text):
        raise ValueError("use lower-case letters, digits and '-', such as walk or stretch-2h")
    return text


def _replace(reminder: Reminder, changes: dict[str, object]) -> Reminder:
    kept: dict[str, Any] = {k: v for k, v in changes.items() if v is not None or k == "align"}
    return replace(reminder, **kept)


def parse_reminders(
    text: str, filename: str, zone: ZoneInfo, routines: frozenset[str] | None = None
) -> tuple[list[Reminder], list[Diagnostic]]:
    """The reminders in ``text`` and the problems found; any problem means the defaults."""
    parsed = parse_text(text, filename)
    ctx = Context(filename, parsed)
    reminders: list[Reminder] = []
    try:
        if parsed.root is not None:
            reminders = _read_root(ctx, parsed.root, zone, routines)
    except TooManyProblems:
        pass
    if ctx.diagnostics:
        return default_reminders(zone), sorted(ctx.diagnostics)
    return reminders, []


def _read_root(
    ctx: Context, root: Node, zone: ZoneInfo, routines: frozenset[str] | None
) -> list[Reminder]:
    fields = read_fields(ctx, root, "the reminders file", _TOP)
    if fields is None:
        return []
    if "version" in fields:
        version = fields["version"][1]
        if not (isinstance(version, ScalarNode) and version.value == "1"):
            ctx.error(version, f"unknown version {describe_node(version)}; expected 1")
    if "reminders" not in fields:
        ctx.error(root, "missing required key 'reminders' in the reminders file")
        return []
    items = fields["reminders"][1]
    if not isinstance(items, SequenceNode):
        ctx.error(items, f"'reminders' must be a list, got {describe_node(items)}")
        return []
    reader = _Reader(ctx, zone, routines)
    seen: set[str] = set()
    out = [reader.reminder(item, seen) for item in items.value]
    return [r for r in out if r is not None]
