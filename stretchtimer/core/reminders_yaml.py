"""The reminders file's rules: ``reminders.yaml`` read through the node readers of
:mod:`stretchtimer.core.yaml_source`, so every problem is one ``FILE:LINE:COL: error:`` line.

Apart from :mod:`stretchtimer.core.reminders` (the model): the app waits for reminders all
day without PyYAML, which only this file's reading needs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import time
from typing import Any
from zoneinfo import ZoneInfo

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from stretchtimer.core.durations import format_duration
from stretchtimer.core.errors import Diagnostic, clip, suggest
from stretchtimer.core.reminders import (
    _ID,
    Hours,
    Reminder,
    common_hours,
    default_reminders,
    format_align,
    format_days,
    format_range,
    parse_align,
    parse_days,
    parse_interval,
    parse_ranges,
)
from stretchtimer.core.yaml_source import (
    Context,
    TooManyProblems,
    describe_node,
    empty_message,
    parse_text,
    read_fields,
    read_text,
)

_TOP = ("version", "reminders")
EDITABLE = ("every", "hours", "days", "align")  # the fields a screen edits as text
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
            self.ctx.error(node, field_message(key, error))
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
            self.ctx.error(node, field_message(key, error))
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


def field_message(key: str, error: ValueError) -> str:
    """A key's problem in the file's words (after ``FILE:LINE:COL: error:``), and a field's."""
    return f"'{key}': {error}"


# --- the same rules for a screen's fields -------------------------------------------------

_FIELD_RULES: dict[str, Callable[[str], object]] = {
    "every": parse_interval,
    "align": parse_align,
    "days": parse_days,
    "hours": lambda text: parse_hours(text),
}


def parse_hours(text: str) -> tuple[tuple[time, time], ...]:
    """A day's ranges as a field holds them: ``09:00-12:30, 13:30-18:00``."""
    return parse_ranges([part.strip() for part in text.split(",")])


def field_texts(reminder: Reminder) -> dict[str, str]:
    """The editable fields of ``reminder`` as text (hours: the common ranges, comma-separated,
    the default ones when it has no day; days: every day it has hours)."""
    return {
        "every": format_duration(reminder.interval),
        "hours": ", ".join(
            format_range(*r) for r in common_hours(reminder.hours or Reminder().hours)
        ),
        "days": format_days(sorted(reminder.hours)),
        "align": format_align(reminder.align),
    }


def field_problem(key: str, text: str) -> str | None:
    """What is wrong with ``text`` in the field ``key``, in the file's words; None if fine."""
    if not text.strip():
        return empty_message(key)
    try:
        _FIELD_RULES[key](text)
    except ValueError as error:
        return field_message(key, error)
    return None


def edited(
    reminder: Reminder, texts: dict[str, str], *, enabled: bool, routine: str
) -> tuple[Reminder | None, dict[str, str]]:
    """``reminder`` with the fields' texts; None and each field's problem when one is wrong.

    Days with their own hours in the file (``hours_by_day``) keep them while still chosen;
    every other chosen day gets the ``hours`` field's ranges."""
    problems = {k: p for k in EDITABLE if (p := field_problem(k, texts[k])) is not None}
    if problems:
        return None, problems
    common = common_hours(reminder.hours)
    own = {day: ranges for day, ranges in reminder.hours.items() if ranges != common}
    ranges = parse_hours(texts["hours"])
    days: tuple[int, ...] = parse_days(texts["days"])
    out = replace(
        reminder,
        enabled=enabled,
        routine=routine,
        interval=parse_interval(texts["every"]),
        align=parse_align(texts["align"]),
        hours={day: own.get(day, ranges) for day in days},
    )
    return out, {}


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
