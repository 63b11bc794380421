"""What ``run ROUTINE`` keeps out of the process: modules a hold does not need."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

# The app started on a routine, run headless to its first hold (with a pass on record, or
# through the screening: argv[1] "screening", every question answered No, then Start); then
# which modules the process has loaded.
HOLD_THEN_MODULES = """
import asyncio, sys
from datetime import datetime, timezone
from stretchtimer.compose import build_root
from stretchtimer.app.app import create_app
from stretchtimer.app.screens.run import RunScreen
from stretchtimer.core.screening import Screening

root = build_root()
root.settings_path.parent.mkdir(parents=True, exist_ok=True)
root.settings_path.write_text("pain_check_ins: false")  # the hold at once, no pain prompt
screening = Screening(root.screening_text())
through_screening = sys.argv[1:] == ["screening"]
for question in screening.unanswered:
    screening.answer(question.id, False)
if not through_screening:
    root.screening_store(4).save(screening.record(datetime.now(timezone.utc).astimezone()))
routine = root.catalog().routines()[0]

async def main():
    app = create_app(root, routine=routine)
    async with app.run_test(size=(80, 24)) as pilot:
        if through_screening:
            await pilot.pause()
            await pilot.press(*"n" * len(root.screening_text().questions))
            await pilot.click("#start")
        for _ in range(50):
            await pilot.pause(0.02)
            if type(app.screen).__name__ == "PainPrompt":
                await pilot.press("enter")  # skip the check-in before the session
            if isinstance(app.screen, RunScreen) and app.services.history_thread().opened.done():
                break
        assert isinstance(app.screen, RunScreen)
        await pilot.pause(0.2)
        print(" ".join(sorted(sys.modules)))
        await pilot.press("q", "y")

asyncio.run(main())
"""


def modules_at_the_hold(tmp_path: Path, *args: str) -> set[str]:
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
        [sys.executable, "-c", HOLD_THEN_MODULES, *args],
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


def test_a_session_through_the_screening_does_not_load_home(tmp_path: Path) -> None:
    """The first session of a day (``run ROUTINE`` through the screening) never shows home,
    so home's module is not loaded under its run (0.35 MB of peak memory)."""
    modules = modules_at_the_hold(tmp_path, "screening")
    assert "stretchtimer.app.screens.run" in modules
    assert "stretchtimer.app.screens.screening" in modules  # it did go through the screening
    assert "stretchtimer.app.screens.home" not in modules


def test_a_session_does_not_load_ctypes(tmp_path: Path) -> None:
    """``ctypes`` readies ALSA for simpleaudio in the sound player's own process: the app's
    process, which only talks to that player, does not load it (0.3 MB of peak memory)."""
    modules = modules_at_the_hold(tmp_path, "screening")
    assert "stretchtimer.adapters.audio" in modules  # the cues are there
    assert "ctypes" not in modules


def test_the_command_line_loads_csv_only_to_write_it() -> None:
    """The app's command line has the history commands (``cli_history``), but ``csv`` only
    ``history --format csv`` needs."""
    code = (
        "import sys\n"
        "from stretchtimer.cli import build_parser\n"
        "build_parser().parse_args(['run', 'x'])\n"
        "print('stretchtimer.cli_history' in sys.modules, 'csv' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.split() == ["True", "False"]
