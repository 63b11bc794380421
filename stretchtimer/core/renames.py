"""Routines the person gave another id: kept beside the history, so it still finds them.

One JSON object a line, ``{"from": OLD, "to": NEW, "at": ISO-8601}``, oldest first (a line
written before ``at`` was kept has none); pure (no YAML either, so a launch that reads no YAML
stays so).

A session is shown under its routine as it is now: its id followed through the renames made
after it started (a new routine given an id a renamed one had is not the old one), and the
routine's name now where the routine still exists (its name may have changed alone).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from stretchtimer.core.records import SessionRecord


class Rename(NamedTuple):
    """Routine ``old`` became ``new`` at ``at`` (None: not known, so it applies always)."""

    old: str
    new: str
    at: datetime | None = None


def rename_line(old: str, new: str, at: datetime | None = None) -> str:
    """A line of the renames file: routine ``old`` is now ``new`` (since ``at``)."""
    line: dict[str, str] = {"from": old, "to": new}
    if at is not None:
        line["at"] = at.isoformat()
    return json.dumps(line)


def read_renames(lines: list[str]) -> list[Rename]:
    """The renames in ``lines``, oldest first; a line that is not one is skipped."""
    renames = []
    for line in lines:
        try:
            data = json.loads(line)
        except ValueError:
            continue
        ok = isinstance(data, dict) and isinstance(data.get("from"), str)
        if ok and isinstance(data.get("to"), str):
            renames.append(Rename(data["from"], data["to"], _moment(data.get("at"))))
    return renames


def _moment(text: object) -> datetime | None:
    """An aware datetime from ISO text; None for anything else (then the rename always
    applies, as one written before the moment was kept)."""
    if not isinstance(text, str):
        return None
    try:
        at = datetime.fromisoformat(text)
    except ValueError:
        return None
    return at if at.tzinfo is not None else None


def follow_renames(
    routine_id: str, renames: Iterable[Rename], since: datetime | None = None
) -> str:
    """The id ``routine_id`` has now, after every rename made after ``since`` (when a
    session started; None: every rename)."""
    for rename in renames:
        later = since is None or rename.at is None or rename.at >= since
        if rename.old == routine_id and later:
            routine_id = rename.new
    return routine_id


def as_renamed(
    sessions: Iterable[SessionRecord], renames: list[Rename], names: Mapping[str, str]
) -> list[SessionRecord]:
    """``sessions`` under their routines' ids and names now; ``names`` maps the id of each
    routine there is to its name (a session of a routine that is gone keeps its own)."""
    shown = []
    for session in sessions:
        routine_id = follow_renames(session.routine_id, renames, session.started_at)
        name = names.get(routine_id, session.routine_name)
        if (routine_id, name) != (session.routine_id, session.routine_name):
            session = dataclasses.replace(session, routine_id=routine_id, routine_name=name)
        shown.append(session)
    return shown
