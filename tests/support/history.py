"""Reading back what a session left in the history: the SQLite store, and the older
``history.jsonl`` still written by the full-screen app, as dicts with the same keys."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from stretchtimer.adapters.store_sqlite import open_store


def recorded(home: Path) -> list[dict[str, Any]]:
    """Every session under ``home``'s data folder: ended, how, completed, holds_done."""
    return recorded_in(home / "data" / "stretchtimer")


def recorded_by(root: Any) -> list[dict[str, Any]]:
    """Every session a Root (the app's, in a Pilot test) recorded, once its writes are done."""
    if root._history_thread is not None:
        root.history_thread().flush()
    return recorded_in(root.history_db_path.parent, root.history_db_path.name)


def recorded_in(folder: Path, name: str = "history.sqlite3") -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if (folder / name).exists():
        store = open_store(folder / name).store
        assert store is not None
        for s in store.sessions():
            holds = sum(1 for p in s.phases if p.kind == "hold" and p.done)
            planned = json.loads(s.content)["phases"] if s.content else []
            found.append(
                {
                    "ended": s.ended,
                    "how": s.detail,
                    "completed": s.ended == "completed",
                    "holds_done": holds,
                    "holds_total": sum(1 for kind, _, _ in planned if kind == "hold"),
                    "active_seconds": s.active_seconds,
                    "phases": s.phases,
                    "routine_id": s.routine_id,
                    "routine_name": s.routine_name,
                }
            )
        store.close()
    jsonl = folder / "history.jsonl"
    if jsonl.exists():
        found.extend(json.loads(line) for line in jsonl.read_text().splitlines())
    return found


def reminder_actions(home: Path) -> list[str]:
    """What was done with each reminder, in order, as the history store under ``home`` has it."""
    from datetime import UTC, datetime

    path = home / "data" / "stretchtimer" / "history.sqlite3"
    if not path.exists():
        return []
    store = open_store(path).store
    assert store is not None
    return [event.action for event in store.events(datetime(1970, 1, 2, tzinfo=UTC))]
