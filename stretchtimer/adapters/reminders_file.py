"""The reminders file: created with commented defaults on first use, read through the core's
rules, and saved with ruamel.yaml's round-trip mode so the person's comments and other keys
stay; always written atomically, never over a file that could not be read.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from stretchtimer.adapters.files import read_capped, write_atomic
from stretchtimer.core.durations import format_duration
from stretchtimer.core.errors import Diagnostic
from stretchtimer.core.reminders import (
    DAYS,
    DEFAULT_TEXT,
    Reminder,
    common_hours,
    default_reminders,
    format_align,
    format_days,
    format_range,
)

if TYPE_CHECKING:
    from stretchtimer.adapters.cache import FileCache

Loaded = tuple[list[Reminder], list[Diagnostic]]


class RemindersFile:
    """The reminder settings in one YAML file.

    What :meth:`load` makes of the file goes through ``cache`` (the start-up cache, as the
    routines do): a start with the file, the zone and the routines unchanged neither imports
    PyYAML (the core's reader) nor parses.
    """

    def __init__(
        self,
        path: Path,
        zone: ZoneInfo,
        routines: frozenset[str] | None = None,
        cache: FileCache | None = None,
    ):
        self.path = path
        self.zone = zone
        self.routines = routines
        self.cache = cache

    def load(self) -> tuple[list[Reminder], list[Diagnostic]]:
        """The reminders and the problems in the file (then the defaults); creates the file
        with commented defaults when there is none."""
        if not self.path.exists():
            try:
                write_atomic(self.path, DEFAULT_TEXT)
            except OSError as error:
                problem = Diagnostic(str(self.path), 1, 1, f"cannot create: {error.strerror}")
                return default_reminders(self.zone), [problem]
        try:
            if self.cache is None:
                return self._read()
            routines = None if self.routines is None else tuple(sorted(self.routines))
            inputs = (str(self.zone), routines)
            return self.cache.get("reminders", [self.path], self._read, inputs=inputs)
        except (OSError, UnicodeDecodeError) as error:  # never kept: the next load tries again
            problem = Diagnostic(str(self.path), 1, 1, f"cannot read: {error}")
            return default_reminders(self.zone), [problem]

    def _read(self) -> Loaded:
        """Read and parse the file (raises OSError or UnicodeDecodeError when it cannot)."""
        from stretchtimer.core.reminders_yaml import parse_reminders  # PyYAML: not when kept

        text = read_capped(self.path).decode("utf-8-sig")
        return parse_reminders(text, str(self.path), self.zone, self.routines)

    def save(self, reminders: list[Reminder]) -> None:
        """Write ``reminders`` into the file, keeping its comments and unknown-to-us layout.

        Raises ValueError when the file on disk does not read cleanly (it is never
        overwritten then) and OSError when it cannot be written.
        """
        from ruamel.yaml import YAML
        from ruamel.yaml.comments import CommentedMap

        from stretchtimer.core.reminders_yaml import parse_reminders

        loaded, problems = self.load()
        if problems:
            raise ValueError(str(problems[0]))
        before = {r.id: _fields(r) for r in loaded}
        yaml = YAML()  # round-trip
        yaml.indent(mapping=2, sequence=4, offset=2)
        document = yaml.load(read_capped(self.path).decode("utf-8-sig"))
        items = document["reminders"]
        by_id = {str(item.get("id", "walk")): item for item in items}
        for reminder in reminders:
            item = by_id.get(reminder.id)
            if item is None:
                item = CommentedMap()
                item["id"] = reminder.id
                items.append(item)
            for key, value in _fields(reminder).items():
                if before.get(reminder.id, {}).get(key) == value:
                    continue  # unchanged: kept as the person wrote it ("60m" stays "60m")
                if isinstance(value, dict):
                    value = CommentedMap({k: _flow(v) for k, v in value.items()})
                item[key] = _flow(value) if isinstance(value, list) else value
            if "hours_by_day" in item and "hours_by_day" not in _fields(reminder):
                del item["hours_by_day"]
        out = io.StringIO()
        yaml.dump(document, out)
        text = out.getvalue()
        _, problems = parse_reminders(text, str(self.path), self.zone, self.routines)
        if problems:  # never write what could not be read back
            raise ValueError(str(problems[0]))
        write_atomic(self.path, text)


def _flow(items: list[object]) -> object:
    """A list written on one line, ``["09:00-12:30", "13:30-18:00"]``."""
    from ruamel.yaml.comments import CommentedSeq

    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def _quoted(text: str) -> object:
    """A string PyYAML (YAML 1.1) reads back as the same string: ruamel writes YAML 1.2,
    where 09:00 or "on" are not always quoted."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    return DoubleQuotedScalarString(text)


def _fields(reminder: Reminder) -> dict[str, object]:
    """The keys of one reminder as the file writes them."""
    days = sorted(reminder.hours)
    fields: dict[str, object] = {
        "enabled": reminder.enabled,
        "routine": _quoted(reminder.routine),
        "every": _quoted(format_duration(reminder.interval)),
        "days": _quoted(format_days(days)),
        "align": _quoted(format_align(reminder.align)),
    }
    common = common_hours(reminder.hours)
    fields["hours"] = [_quoted(format_range(*r)) for r in common]
    others = {DAYS[d]: reminder.hours[d] for d in days if reminder.hours[d] != common}
    if others:
        fields["hours_by_day"] = {
            _quoted(day): [_quoted(format_range(*r)) for r in ranges]
            for day, ranges in others.items()
        }
    return fields
