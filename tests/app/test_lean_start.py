"""What ``run ROUTINE`` keeps out of the process: modules a hold does not need."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

# The app started on a routine with a pass on record, run headless to its first hold; then
# which modules the process has loaded.
HOLD_THEN_MODULES = """
import asyncio, sys
from datetime import datetime, timezone
from stretchtimer.compose import build_root
from stretchtimer.app.app import create_app
from stretchtimer.app.screens.run import RunScreen
from stretchtimer.core.screening import Screening

root = build_root()
screening = Screening(root.screening_text())
for question in screening.unanswered:
    screening.answer(question.id, False)
root.screening_store(4).save(screening.record(datetime.now(timezone.utc).astimezone()))
routine = root.catalog().routines()[0]

async def main():
    app = create_app(root, routine=routine)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(50):
            await pilot.pause(0.02)
            if isinstance(app.screen, RunScreen) and app.services.history_thread().opened.done():
                break
        assert isinstance(app.screen, RunScreen)
        await pilot.pause(0.2)
        print(" ".join(sorted(sys.modules)))
        await pilot.press("q", "y")

asyncio.run(main())
"""


def modules_at_the_hold(tmp_path: Path) -> set[str]:
    env = {
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "PATH": "/usr/bin:/bin",
        "STRETCHTIMER_AUDIO": "silent",
    }
    done = subprocess.run(
        [sys.executable, "-c", HOLD_THEN_MODULES],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return set(done.stdout.split())


def test_a_session_started_from_the_command_line_loads_no_hashlib(tmp_path: Path) -> None:
    """``hashlib`` (OpenSSL's libcrypto) is loaded only when old history files are imported,
    not with the history store a hold opens."""
    modules = modules_at_the_hold(tmp_path)
    assert "stretchtimer.app.screens.run" in modules
    assert "sqlite3" in modules  # the history store is open
    assert "hashlib" not in modules
