"""Where a wake-up's time goes on the run screen, in-process, on a fake clock.

    python -m bench.phase_cost [--routine REF] [--size 80x24] [--rounds N]

Runs the real app (``App.run_test``: Textual's headless driver, so no terminal writes) through
a routine, moving a fake clock from one phase boundary to the next, and times on the real
clock, for every phase change: the screen's tick (the engine polled, the cue started, the two
views rebuilt, the widgets bound to them updated), the render of the frame that follows
(Textual's compositor), and within it each widget's repaint; the same for the one-second
redraws within a phase. Prints median, 90th percentile and max per part. No profiler: its
overhead would swamp parts this small. A diagnostic for docs/performance.md, not a
scenario: the figures with goals come from ``python -m bench``.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from textual._compositor import Compositor
from textual.widget import Widget

from bench.env import Sandbox, sandbox
from bench.stats import median
from stretchtimer.app.app import create_app
from stretchtimer.app.screens.run import RunScreen
from stretchtimer.compose import Root
from stretchtimer.core.clock import FakeClock

MS = 1000.0


class SilentPlayer:
    """A cue player that plays nothing (the sound's own cost is the ``cues`` scenario's)."""

    def __init__(self, **options: Any) -> None:
        self.muted = bool(options.get("muted", False))

    def play(self, cue: object) -> None:
        pass

    def close(self) -> None:
        pass


class Timings:
    """Durations by kind of wake-up and part, noted only within ``noting``."""

    def __init__(self) -> None:
        self.parts: defaultdict[str, list[float]] = defaultdict(list)
        self.kind: str | None = None

    def note(self, part: str, seconds: float) -> None:
        if self.kind is not None:
            self.parts[f"{self.kind}: {part}"].append(seconds * MS)

    def wrap(self, owner: type, name: str, part: Callable[[Any], str]) -> None:
        """Time every call of ``owner.name``, noted under ``part(self)``."""
        original = getattr(owner, name)

        def timed(this: Any, *args: Any, **kwargs: Any) -> Any:
            began = time.perf_counter()
            try:
                return original(this, *args, **kwargs)
            finally:
                self.note(part(this), time.perf_counter() - began)

        setattr(owner, name, timed)

    @contextmanager
    def noting(self, kind: str) -> Iterator[None]:
        self.kind = kind
        try:
            yield
        finally:
            self.kind = None


def services(sb: Sandbox, clock: FakeClock) -> Root:
    """The app's services in ``sb``, on ``clock``, silent, with today's screening passed."""
    sb.pass_screening()
    (sb.config / "settings.yaml").write_text("pain_check_ins: false\n")  # straight to the run
    return Root(
        clock=clock,
        user_dir=sb.routines,
        screening_path=sb.screening_file,
        history_path=sb.data / "history.jsonl",
        settings_path=sb.config / "settings.yaml",
        cache_dir=None,
        player_factory=SilentPlayer,
    )


async def measure(routine_ref: str, size: tuple[int, int], rounds: int) -> dict[str, list[float]]:
    """Run ``routine_ref`` ``rounds`` times; the durations of every part of every wake-up."""
    timings = Timings()
    timings.wrap(Compositor, "render_update", lambda _: "render")
    timings.wrap(Widget, "render_lines", lambda widget: f"  repaint {type(widget).__name__}")
    with sandbox() as sb:
        clock = FakeClock()
        app = create_app(services(sb, clock))
        async with app.run_test(size=size) as pilot:
            for _ in range(rounds):
                app.begin_session(app.catalog.find(routine_ref))
                await pilot.pause()
                screen = app.screen
                assert isinstance(screen, RunScreen), screen
                while (wake := screen.engine.next_wakeup()) is not None:
                    phase_end = clock.now() + screen.engine.remaining()
                    clock.advance(wake - clock.now())
                    await asyncio.sleep(0.02)  # the last frame settled, off the record
                    kind = "phase change" if wake >= phase_end - 1e-9 else "same phase"
                    with timings.noting(kind):
                        began = time.perf_counter()
                        screen.tick()
                        timings.note("tick", time.perf_counter() - began)
                        await pilot.pause()
                    if not isinstance(app.screen, RunScreen):
                        break  # the routine ended: the summary
                app.pop_screen()
                await pilot.pause()
    return timings.parts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--routine", default="morning-back")
    parser.add_argument("--size", default="80x24")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    width, height = (int(n) for n in args.size.split("x"))
    parts = asyncio.run(measure(args.routine, (width, height), args.rounds))
    print(f"{'ms':44}{'n':>6}{'median':>9}{'p90':>9}{'max':>9}")
    by_kind_then_cost = sorted(parts.items(), key=lambda p: (p[0].split(":")[0], -median(p[1])))
    for part, values in by_kind_then_cost:
        ordered = sorted(values)
        p90 = ordered[int(0.9 * (len(ordered) - 1))]
        print(f"{part:44}{len(values):6}{median(values):9.3f}{p90:9.3f}{max(values):9.3f}")


if __name__ == "__main__":
    main()
