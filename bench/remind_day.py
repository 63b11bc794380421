"""A simulated working day of the reminders in the real app, on fake clocks, in-process:

    python bench/remind_day.py OUT.json [--hours 24]

The real ``StretchTimerApp`` (headless, 80x24) waits on home from Monday 00:00 local; the
wall and monotonic clocks jump straight to each time the app set its next check for (never
in between: the app's timer is the only thing that wakes it), and each alert is skipped at
once. It counts the wall-clock checks, the redraws of home's reminder line (its text changed)
and the alerts, and writes them to OUT.json. Standalone, like ``bench/inproc.py``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any


class Wall:
    """A settable wall clock."""

    def __init__(self, start: datetime) -> None:
        self.value = start

    def __call__(self) -> datetime:
        return self.value


async def simulate(hours: float) -> dict[str, Any]:
    from stretchtimer.adapters.reminders_setup import local_zone
    from stretchtimer.app.app import create_app
    from stretchtimer.app.screens.home import HomeScreen
    from stretchtimer.app.screens.reminder_alert import ReminderAlert
    from stretchtimer.compose import build_root
    from stretchtimer.core.clock import FakeClock

    wall = Wall(datetime(2026, 11, 23, tzinfo=local_zone()))  # a Monday, midnight
    clock = FakeClock()
    app = create_app(build_root(clock=clock, now=wall))
    shown: list[str] = []
    original = HomeScreen.show_reminders

    def counted(screen: HomeScreen) -> None:
        before = screen.reminders_shown
        original(screen)
        if screen.reminders_shown != before:
            shown.append(str(screen.reminders_shown))

    HomeScreen.show_reminders = counted  # type: ignore[method-assign]
    checks = alerts = 0
    end = wall.value + timedelta(hours=hours)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(50):
            await pilot.pause()
            if app.reminders.next_at is not None:
                break
        shown.clear()  # from the first check on
        while (at := app.reminders.next_at) is not None and at <= end:
            step = (at - wall.value).total_seconds()
            wall.value = at
            clock.advance(max(0.0, step))
            await app.reminders.check()
            checks += 1
            await pilot.pause()
            if isinstance(app.screen, ReminderAlert):
                alerts += 1
                await pilot.press("k")
                await pilot.pause()
    return {"hours": hours, "checks": checks, "redraws": len(shown), "alerts": alerts}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--hours", type=float, default=24.0)
    args = parser.parse_args()
    result = asyncio.run(simulate(args.hours))
    args.out.write_text(json.dumps(result))


if __name__ == "__main__":
    main()
