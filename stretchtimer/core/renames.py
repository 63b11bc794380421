"""Routines the person gave another id: kept beside the history, so it still finds them.

One JSON object a line, ``{"from": OLD, "to": NEW}``, oldest first; pure (no YAML either, so
a launch that reads no YAML stays so).
"""

from __future__ import annotations

import json


def rename_line(old: str, new: str) -> str:
    """A line of the renames file: routine ``old`` is now ``new``."""
    return json.dumps({"from": old, "to": new})


def read_renames(lines: list[str]) -> list[tuple[str, str]]:
    """The renames in ``lines``, oldest first; a line that is not one is skipped."""
    renames = []
    for line in lines:
        try:
            data = json.loads(line)
        except ValueError:
            continue
        ok = isinstance(data, dict) and isinstance(data.get("from"), str)
        if ok and isinstance(data.get("to"), str):
            renames.append((data["from"], data["to"]))
    return renames


def follow_renames(routine_id: str, renames: list[tuple[str, str]]) -> str:
    """The id ``routine_id`` has now, after every rename since."""
    for old, new in renames:
        if old == routine_id:
            routine_id = new
    return routine_id


def history_ids(routine_id: str, renames: list[tuple[str, str]]) -> set[str]:
    """Every id the history may know routine ``routine_id`` by (its earlier ones too)."""
    ids = {routine_id}
    for old, new in reversed(renames):
        if new in ids:
            ids.add(old)
    return ids
