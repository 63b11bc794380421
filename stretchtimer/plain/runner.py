"""The plain mode: the same session without the full-screen app, one line per phase and cue.

It works with a screen reader, over a bare serial line, in a log and in scripts. The screening
questions are read from standard input; end of input before they are all answered means no
session (fail closed).
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

from stretchtimer import paths
from stretchtimer.adapters.audio import CuePlayer, make_player
from stretchtimer.core.clock import Clock, MonotonicClock, local_now
from stretchtimer.core.durations import format_clock, format_duration
from stretchtimer.core.engine import CueDue, Event, PhaseStarted, SessionEnded, SessionEngine
from stretchtimer.core.gate import Admission, SessionGate
from stretchtimer.core.history import HistoryStore
from stretchtimer.core.model import Routine, Sides
from stretchtimer.core.screening import load_screening_text
from stretchtimer.core.screening_store import ScreeningStore
from stretchtimer.core.settings import Settings, load_settings
from stretchtimer.core.timeline import Phase, compile_timeline

EXIT_REFUSED = 1
EXIT_ERROR = 2
EXIT_INTERRUPTED = 130


def stamp(seconds: float) -> str:
    """Elapsed time as ``[M:SS.s]``."""
    minutes, rest = divmod(max(seconds, 0.0), 60)
    return f"[{int(minutes)}:{rest:04.1f}]"


def phase_line(phase: Phase) -> str:
    """``HOLD  Knee-to-chest stretch (left)  rep 1/3  30s``."""
    name = phase.exercise.name
    if phase.side is not Sides.NONE:
        name += f" ({phase.side.value})"
    duration = format_duration(phase.duration)
    return f"{phase.label.upper()}: {name}, rep {phase.rep}/{phase.reps}, {duration}"


def screen_plain(stdin: TextIO, stdout: TextIO, settings: Settings, rescreen: bool) -> bool:
    """Pass the session gate (a remembered pass, or the questions); True when a session may start.

    Each answer counts as it is given (``core.gate``): a "yes" revokes an earlier pass even
    if input then ends or Ctrl+C stops the questions.
    """
    from stretchtimer.plain.screening_prompt import ask_screening

    text = load_screening_text()
    store = ScreeningStore(
        paths.screening_file(), reset_hour=settings.screening_reset_hour, text=text
    )
    gate = SessionGate(
        text,
        lambda: store,
        local_now,
        lambda message: print(f"stretchtimer: warning: {message}", file=sys.stderr),
        rescreen=rescreen,
    )
    if gate.admit() is Admission.START:
        print("Red-flag screening: passed earlier today.", file=stdout)
        return True
    screening = gate.screening()
    ask_screening(screening, stdin, stdout, settings.emergency_number)
    if screening.has_emergency:
        return False
    if not screening.all_answered:
        print("No answer: no session. The questions must all be answered.", file=stdout)
        return False
    if not screening.can_start:
        print("No session: please see a doctor first.", file=stdout)
        return False
    return True


def run_session(
    routine: Routine,
    settings: Settings,
    stdout: TextIO,
    *,
    clock: Clock | None = None,
    player: CuePlayer | None = None,
) -> tuple[bool | None, SessionEngine]:
    """Run ``routine`` printing each phase and cue.

    Returns (completed, engine); completed is None when Ctrl+C stopped it.
    """
    clock = clock or MonotonicClock()
    timeline = compile_timeline(routine, countdown=settings.countdown_seconds)
    engine = SessionEngine(timeline, clock)
    player = player or make_player(
        volume=settings.volume,
        muted=settings.muted,
        on_notice=lambda message: print(message, file=stdout, flush=True),
    )
    started = clock.now()

    def report(events: list[Event]) -> bool | None:
        for event in events:
            if isinstance(event, PhaseStarted):
                line = phase_line(event.phase)
            elif isinstance(event, CueDue):
                player.play(event.cue)
                line = f"cue {event.cue.value}"
            elif isinstance(event, SessionEnded):
                print(f"{stamp(event.at - started)} END", file=stdout, flush=True)
                return event.completed
            print(f"{stamp(event.at - started)} {line}", file=stdout, flush=True)
        return None

    print(f"Routine: {routine.name} ({format_duration(timeline.total)})", file=stdout)
    outcome: bool | None = None
    try:
        outcome = report(engine.start())
        while outcome is None:
            wake = engine.next_wakeup()
            if wake is not None:
                time.sleep(max(0.0, wake - clock.now()))
            outcome = report(engine.poll())
    except KeyboardInterrupt:
        report(engine.stop())
        print("Stopped (Ctrl+C).", file=stdout, flush=True)
        return None, engine
    finally:
        player.close()
    return outcome, engine


def run_plain(
    ref: str,
    *,
    rescreen: bool = False,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
) -> int:
    """``stretchtimer run ROUTINE --plain``: screening on stdin, then the session as lines."""
    from stretchtimer.cli import find_routine
    from stretchtimer.core.library import load_catalog

    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    routine = find_routine(ref, load_catalog())
    if routine is None:
        return EXIT_ERROR
    settings, warnings = load_settings()
    for warning in warnings:
        print(warning, file=sys.stderr)
    if not screen_plain(stdin, stdout, settings, rescreen):
        return EXIT_REFUSED
    completed, engine = run_session(routine, settings, stdout)
    summary = engine.summary()
    try:
        HistoryStore(paths.history_file()).append(summary, local_now())
    except OSError as error:
        print(f"stretchtimer: warning: could not save the history: {error}", file=sys.stderr)
    done = sum(step.holds_done for step in summary.steps)
    total = sum(step.holds_total for step in summary.steps)
    print(
        f"{'Complete' if completed else 'Stopped'}: {done} of {total} holds, "
        f"{format_clock(summary.active_seconds)} active.",
        file=stdout,
    )
    return EXIT_INTERRUPTED if completed is None else 0
