"""Reading back what a session left in the history: the SQLite store, and the older
``history.jsonl`` still written by the full-screen app, as dicts with the same keys."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from stretchtimer.adapters.store_sqlite import open_store


def recorded(home: Path) -> list[dict[str, Any]]:
    """Every session under ``home``'s data folder: ended, how, completed, holds_done."""
    folder = home / "data" / "stretchtimer"
    found: list[dict[str, Any]] = []
    if (folder / "history.sqlite3").exists():
        store = open_store(folder / "history.sqlite3").store
        assert store is not None
        for s in store.sessions():
            holds = sum(1 for p in s.phases if p.kind == "hold" and p.done)
            found.append(
                {
                    "ended": s.ended,
                    "how": s.detail,
                    "completed": s.ended == "completed",
                    "holds_done": holds,
                }
            )
        store.close()
    jsonl = folder / "history.jsonl"
    if jsonl.exists():
        found.extend(json.loads(line) for line in jsonl.read_text().splitlines())
    return found
