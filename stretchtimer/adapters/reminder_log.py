"""The reminder log (``reminders.jsonl``, the format the history store imports) and the
reminder state that survives a restart (``reminders-state.json``, written atomically)."""

from __future__ import annotations

import json
from dataclasses import asdict, fields
from datetime import datetime
from pathlib import Path
from typing import Any, cast, get_args

from stretchtimer.adapters.files import AppendOnlyFile, read_capped, write_atomic
from stretchtimer.core.ports import ReminderAction, ReminderEvent
from stretchtimer.core.schedule import ReminderState

_ACTIONS = frozenset(get_args(ReminderAction))


class JsonlReminderLog:
    """Reminder events, one JSON object a line: {"at", "reminder", "action", "detail"}."""

    def __init__(self, path: Path) -> None:
        self.file = AppendOnlyFile(path)

    def record(self, event: ReminderEvent) -> None:
        line = {
            "at": event.at.isoformat(),
            "reminder": event.reminder_id,
            "action": event.action,
            "detail": event.detail,
        }
        self.file.append_line(json.dumps(line, ensure_ascii=False))

    def events(self, since: datetime) -> list[ReminderEvent]:
        """The readable events at or after ``since``; a broken line is passed over."""
        out: list[ReminderEvent] = []
        for line in self.file.read_lines():
            event = _event(line)
            if event is not None and event.at >= since:
                out.append(event)
        return out


def _event(line: str) -> ReminderEvent | None:
    try:
        data = json.loads(line)
        at = datetime.fromisoformat(data["at"])
        action, rid, detail = data["action"], data["reminder"], data.get("detail")
    except (ValueError, KeyError, TypeError):
        return None
    if at.tzinfo is None or action not in _ACTIONS or not isinstance(rid, str):
        return None
    return ReminderEvent(at, rid, action, detail if isinstance(detail, str) else None)


class StateFile:
    """Each reminder's :class:`ReminderState` and when the reminders were last checked."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> tuple[dict[str, ReminderState], datetime | None]:
        """The states on record and the last check (nothing when the file is bad or absent)."""
        try:
            data = json.loads(read_capped(self.path))
            seen = datetime.fromisoformat(data["checked"])
            states = {rid: _state(raw) for rid, raw in data["reminders"].items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return {}, None
        return states, seen

    def save(self, states: dict[str, ReminderState], checked: datetime) -> None:
        data = {
            "checked": checked.isoformat(),
            "reminders": {rid: _raw(state) for rid, state in states.items()},
        }
        write_atomic(self.path, json.dumps(data, indent=1) + "\n")


def _raw(state: ReminderState) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, datetime) else v for k, v in asdict(state).items()}


def _state(raw: dict[str, Any]) -> ReminderState:
    values: dict[str, Any] = {}
    for field in fields(ReminderState):
        value = raw.get(field.name)
        if field.name == "snoozes":
            values[field.name] = int(value or 0)
        elif value is not None:
            moment = datetime.fromisoformat(cast(str, value))
            if moment.tzinfo is None:
                raise ValueError("a time without its offset")
            values[field.name] = moment
    return ReminderState(**values)
