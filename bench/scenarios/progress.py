"""Progress: opening the Progress screen with 20,000 sessions against opening it with none.

Measured in process with Textual's Pilot: from pressing ``g`` on home to the screen drawn with
the history's figures, A B A B ... The issue's goal: at most 1.2 times the empty history.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from bench.registry import Figure, Options, ratio_at_most, scenario
from bench.stats import alternate, median

SESSIONS = 20_000
TZ = timezone(timedelta(hours=1))
NOW = datetime(2026, 11, 25, 8, 30, tzinfo=TZ)


def seeded_root(folder: Path, sessions: int):  # type: ignore[no-untyped-def]
    """A root whose history holds ``sessions`` sessions, one every ~6 hours back from now."""
    from stretchtimer.adapters.store_sqlite import open_store
    from stretchtimer.compose import build_root

    data = folder / "data"
    store = open_store(data / "history.sqlite3").store
    assert store is not None
    rows = [
        (
            f"r{i % 5}",
            f"Routine {i % 5}",
            (NOW - timedelta(hours=6 * i)).isoformat(),
            (NOW - timedelta(hours=6 * i)).timestamp(),
            "completed",
            600.0,
        )
        for i in range(sessions)
    ]
    with store.connection:
        store.connection.executemany(
            "INSERT INTO sessions (routine_id, routine_name, started_at, started_ts, ended,"
            " active_seconds) VALUES (?, ?, ?, ?, ?, ?)",
            rows,
        )
    store.close()
    return build_root(
        now=lambda: NOW,
        user_dir=folder / "routines",
        screening_path=data / "screening.json",
        history_path=data / "history.jsonl",
        history_db_path=data / "history.sqlite3",
        data_path=data,
        settings_path=folder / "settings.yaml",
        cache_dir=None,
    )


def open_progress(root) -> float:  # type: ignore[no-untyped-def]
    """Milliseconds from ``g`` on home to the Progress screen showing its figures."""
    from stretchtimer.app.app import create_app

    async def run() -> float:
        app = create_app(root)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            start = time.perf_counter()
            await pilot.press("g")
            await app.workers.wait_for_complete()
            await pilot.pause()
            elapsed = time.perf_counter() - start
            assert "Streak" in str(app.screen.query_one("#progress-headline").render())
            return elapsed * 1000

    return asyncio.run(run())


@scenario("progress", f"opening Progress with {SESSIONS:,} sessions vs none", minutes=0.5)
def progress(options: Options) -> list[Figure]:
    with tempfile.TemporaryDirectory(prefix="bench-progress-") as tmp:
        full = seeded_root(Path(tmp) / "full", 1000 if options.quick else SESSIONS)
        empty = seeded_root(Path(tmp) / "empty", 0)
        full_ms, empty_ms = alternate(
            lambda: open_progress(full), lambda: open_progress(empty), options.runs
        )
    return [
        Figure(
            f"progress: open with {SESSIONS:,} sessions",
            median(full_ms),
            "ms",
            median(empty_ms),
            ratio_at_most(1.2),
        )
    ]
