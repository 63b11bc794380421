"""In-process measurements of the real app, run by the harness in its pseudo-terminal.

    python bench/inproc.py ROUTINE OUT.json [--stall-at S ...] [--stall-for S] [--gaps]

It runs the real ``StretchTimerApp`` (real services, real clock, the real cue player chosen
by ``STRETCHTIMER_AUDIO``) in the real terminal driver, and only wraps a few of its methods
to note the time, on the app's own monotonic clock:

- ``RunScreen.handle``: when each engine event (phase start, cue, end) was handled, beside
  the time it was scheduled for (``event.at``): the exact lateness, no baseline needed;
- ``RunScreen.sound``: how long starting each cue kept the event loop;
- ``App._display``: when each frame was handed to the terminal driver;
- with ``--gaps``, a 1 ms asyncio ticker notes every gap between event-loop iterations;
- ``gc.callbacks``: every garbage collection's pause, to tell its gaps from the app's;
- with ``--stall-at``, the event loop is blocked (``time.sleep``) at those seconds into the
  session, and a naive countdown runs beside the engine as the reference for drift: a
  counter decremented on each tick of a timer re-armed for 1 s after each tick.

At the session's end it writes everything to OUT.json and quits. Standalone on purpose (it
imports only stretchtimer and Textual), so it runs as a plain script.
"""

from __future__ import annotations

import argparse
import asyncio
import faulthandler
import gc
import json
import time
from array import array
from pathlib import Path
from typing import Any


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("routine", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--stall-at", type=float, action="append", default=[])
    parser.add_argument("--stall-for", type=float, default=1.0)
    parser.add_argument("--gaps", action="store_true")
    parser.add_argument("--linger", type=float, default=0.5, help="seconds after the end")
    args = parser.parse_args()
    # A crash in C (the sound libraries, the interpreter) leaves a Python stack of every
    # thread here; bench/drive.py shows it.
    crash_log = crash_file(args.out).open("w")
    faulthandler.enable(crash_log, all_threads=True)

    from stretchtimer import tuning

    when_drawn = tuning.before_imports()  # as the command does (stretchtimer.cli)
    from stretchtimer.adapters.routine_files import load_catalog
    from stretchtimer.app.app import StretchTimerApp, create_app
    from stretchtimer.app.screens.run import RunScreen
    from stretchtimer.core.engine import CueDue, PhaseStarted

    routine = load_catalog().find(str(args.routine))
    record: dict[str, Any] = {
        "events": [],  # [kind, what, scheduled, handled]
        "sounds": [],  # [cue, at, seconds the call took]
        "stalls": [],  # [start, end]
        "naive_end": None,
        "start": None,
        "ended": None,
        "player": None,
    }
    frames = array("d")
    collections = array("d")  # triples: start, seconds, generation (of the GC's pauses)
    gc_began = [0.0]

    def on_gc(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            gc_began[0] = time.monotonic()
        else:
            collections.extend((gc_began[0], time.monotonic() - gc_began[0], info["generation"]))

    gc.callbacks.append(on_gc)
    gaps = array("d")  # pairs: time, interval (only intervals above 1.5 ms)
    ticks = [0]
    app: StretchTimerApp

    def stall() -> None:
        began = time.monotonic()
        time.sleep(args.stall_for)
        record["stalls"].append([began, time.monotonic()])

    def start_side_timers(total: int) -> None:
        for at in args.stall_at:
            app.set_timer(at, stall)
        if args.stall_at:
            left = [total]

            def naive() -> None:  # the reference: a counter re-armed for 1 s after each tick
                left[0] -= 1
                if left[0] > 0:
                    app.set_timer(1.0, naive)
                elif record["naive_end"] is None:
                    record["naive_end"] = time.monotonic()
                    if record["ended"] is not None:  # the session ended first: now quit
                        app.exit()

            app.set_timer(1.0, naive)

    original_handle = RunScreen.handle

    def handle(self: RunScreen, events: list[Any]) -> None:
        now = time.monotonic()
        if record["start"] is None and events:
            record["start"] = events[0].at
            start_side_timers(self.timeline.total)
        for event in events:
            if isinstance(event, PhaseStarted):
                what = [type(event).__name__, f"{event.phase.kind}:{event.phase.index}"]
            elif isinstance(event, CueDue):
                what = [type(event).__name__, str(event.cue.value)]
            else:
                what = [type(event).__name__, ""]
            record["events"].append([*what, event.at, now])
        original_handle(self, events)

    original_sound = RunScreen.sound

    def sound(self: RunScreen, cue: Any) -> None:
        began = time.perf_counter()
        original_sound(self, cue)
        took = time.perf_counter() - began
        record["sounds"].append([str(cue.value), time.monotonic(), took])
        record["player"] = self.player.name

    original_finish = RunScreen.finish

    def finish(self: RunScreen, *args: Any) -> None:  # RunScreen.finish() takes none now
        record["ended"] = time.monotonic()
        original_finish(self, *args)
        if args.stall_at and record["naive_end"] is None:  # let the naive countdown end too
            app.set_timer(len(args.stall_at) * args.stall_for + 10, app.exit)
        else:
            app.set_timer(args.linger, app.exit)

    original_display = StretchTimerApp._display

    def display(self: StretchTimerApp, screen: Any, renderable: Any) -> None:
        original_display(self, screen, renderable)
        frames.append(time.monotonic())

    original_mount = StretchTimerApp.on_mount

    def on_mount(self: StretchTimerApp) -> None:
        if args.gaps:
            self._bench_ticker = asyncio.get_running_loop().create_task(ticker())  # type: ignore[attr-defined]
        original_mount(self)

    async def ticker() -> None:
        last = time.monotonic()
        while True:
            await asyncio.sleep(0.001)
            now = time.monotonic()
            ticks[0] += 1
            if now - last > 0.0015:
                gaps.extend((last, now - last))
            last = now

    RunScreen.handle = handle  # type: ignore[method-assign]
    RunScreen.sound = sound  # type: ignore[method-assign]
    RunScreen.finish = finish  # type: ignore[method-assign]
    StretchTimerApp._display = display  # type: ignore[method-assign]
    StretchTimerApp.on_mount = on_mount  # type: ignore[method-assign]

    app = create_app(routine=routine, when_drawn=when_drawn)
    tuning.before_run()  # as the command does (stretchtimer.cli.run_app)
    app.run()

    gc.callbacks.remove(on_gc)
    record["frames"] = list(frames)
    record["gc"] = [list(collections[i : i + 3]) for i in range(0, len(collections), 3)]
    record["gaps"] = [[gaps[i], gaps[i + 1]] for i in range(0, len(gaps), 2)]
    record["ticker_iterations"] = ticks[0]
    record["reference"] = reference_costs()
    args.out.write_text(json.dumps(record))


def crash_file(out: Path) -> Path:
    """Where the run recorded in ``out`` writes a faulthandler dump if it crashes."""
    return out.with_name(out.stem + ".crash.txt")


def reference_costs() -> dict[str, list[float]]:
    """What the bare players cost the caller: the figures a cue must stay far below.

    simpleaudio: ``play_buffer`` alone, and with ``wait_done()`` (what blocking costs);
    aplay: starting the process, and waiting for it. The null device is not clocked, so the
    waiting figures here are far shorter than on a real sound card.
    """
    import os
    import shutil
    import subprocess
    import wave

    from stretchtimer.paths import sounds_dir

    found: dict[str, list[float]] = {}
    wav = sounds_dir() / "countdown.wav"
    backend = os.environ.get("STRETCHTIMER_AUDIO", "")
    if backend == "simpleaudio":
        import simpleaudio

        with wave.open(str(wav), "rb") as w:
            frames = w.readframes(w.getnframes())
            shape = (w.getnchannels(), w.getsampwidth(), w.getframerate())
        for name, wait in (("play_buffer", False), ("play_buffer+wait_done", True)):
            found[name] = []
            for _ in range(5):
                began = time.perf_counter()
                playing = simpleaudio.play_buffer(frames, *shape)
                if wait:
                    playing.wait_done()
                found[name].append(time.perf_counter() - began)
                playing.wait_done()
    elif backend == "aplay" and shutil.which("aplay"):
        for name, wait in (("Popen", False), ("Popen+wait", True)):
            found[name] = []
            for _ in range(5):
                began = time.perf_counter()
                process = subprocess.Popen(["aplay", "-q", str(wav)])
                if wait:
                    process.wait()
                found[name].append(time.perf_counter() - began)
                process.wait()
    return found


if __name__ == "__main__":
    main()
