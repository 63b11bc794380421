"""The plain mode: the same session without the full-screen app, one line per phase and cue.

It works with a screen reader, over a bare serial line, in a log and in scripts. The screening
questions are read from standard input; end of input before they are all answered means no
session (fail closed).
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, TextIO

from stretchtimer.adapters.audio import CuePlayer, make_player
from stretchtimer.adapters.signals import Interrupted, raising_interrupted
from stretchtimer.core.clock import Clock, MonotonicClock
from stretchtimer.core.cues import Cue
from stretchtimer.core.durations import format_clock, format_duration
from stretchtimer.core.engine import (
    CueDue,
    EngineState,
    Event,
    PhaseStarted,
    SessionEnded,
    SessionEngine,
    SessionSummary,
    Slept,
)
from stretchtimer.core.gate import Admission, SessionGate
from stretchtimer.core.history import Ending
from stretchtimer.core.journal import SessionJournal
from stretchtimer.core.model import Exercise, Routine, Sides
from stretchtimer.core.progress import persisting_pain
from stretchtimer.core.routine_doc import easier_routine
from stretchtimer.core.safe_text import printable
from stretchtimer.core.screening import ScreeningRecord, history_result, persisting_note
from stretchtimer.core.settings import Settings
from stretchtimer.core.timeline import Phase, compile_timeline
from stretchtimer.exits import EXIT_ERROR, EXIT_OK, EXIT_REFUSED
from stretchtimer.plain.history import advice_after, ask_pain, journal_for, open_history
from stretchtimer.plain.lines import LineReader

if TYPE_CHECKING:
    from stretchtimer.adapters.store_sqlite import SqliteStore
    from stretchtimer.compose import Root

log = logging.getLogger(__name__)


def stamp(seconds: float) -> str:
    """Elapsed time as ``[M:SS.s]``."""
    minutes, rest = divmod(max(seconds, 0.0), 60)
    return f"[{int(minutes)}:{rest:04.1f}]"


def exercise_lines(exercise: Exercise) -> list[str]:
    """How to do ``exercise``, indented under its first phase's line: the numbered
    instructions, the breathing cue and each caution."""
    lines = [f"  {n}. {text}" for n, text in enumerate(exercise.instructions, start=1)]
    if exercise.breathing:
        lines.append(f"  Breathing: {exercise.breathing}")
    lines.extend(f"  Caution: {caution}" for caution in exercise.cautions)
    return [printable(line) for line in lines]


def phase_line(phase: Phase) -> str:
    """``HOLD  Knee-to-chest stretch (left)  rep 1/3  30s``."""
    name = phase.exercise.name
    if phase.side is not Sides.NONE:
        name += f" ({phase.side.value})"
    duration = format_duration(phase.duration)
    return printable(f"{phase.label.upper()}: {name}, rep {phase.rep}/{phase.reps}, {duration}")


def warn(message: str) -> None:
    """A warning (what could not be saved, and why): on standard error and in the log."""
    log.warning("%s", message)
    print(f"stretchtimer: warning: {message}", file=sys.stderr)


def plain_gate(
    root: Root,
    settings: Settings,
    rescreen: bool,
    *,
    review: bool = False,
    history: SqliteStore | None = None,
) -> SessionGate:
    """The sitting's session gate (one per plain run); with ``history``, every screening kept
    is written there too."""
    store = root.screening_store(settings.screening_reset_hour)
    return SessionGate(
        root.screening_text(),
        lambda: store,
        root.now,
        warn,
        rescreen=rescreen or review,
        on_record=None if history is None else keep_in(history),
    )


def screen_plain(
    root: Root,
    stdin: TextIO,
    stdout: TextIO,
    settings: Settings,
    rescreen: bool,
    gate: SessionGate | None = None,
    *,
    review: bool = False,
    history: SqliteStore | None = None,
) -> bool:
    """Pass the session gate (a remembered pass, or the questions); True when a session may start.
    ``review`` asks every question, the remembered ones too. With ``history``, every screening
    kept is written there too, and the two-week rule's days of pain are shown beside the
    question they speak to.

    Each answer counts as it is given (``core.gate``): a "yes" revokes an earlier pass even
    if input then ends or Ctrl+C stops the questions.
    """
    from stretchtimer.plain.screening_prompt import ask_screening

    gate = gate or plain_gate(root, settings, rescreen, review=review, history=history)
    if gate.admit() is Admission.START:
        print("Red-flag screening: passed earlier today.", file=stdout)
        return True
    screening = gate.screening(review=review, notes=pain_notes(history, root.now()))
    ask_screening(screening, stdin, stdout, settings.emergency_number)
    if screening.has_emergency:
        return False
    if not screening.all_answered:
        print("No answer: no session. The questions must all be answered.", file=stdout)
        # A "yes" given before input ended still says what it means: never left unsaid.
        for question in screening.flagged():
            print(f"\nYou answered yes to: {question.text}\n{question.advice}", file=stdout)
        return False
    if not screening.can_start:
        print("No session: please see a doctor first.", file=stdout)
        return False
    return True


def keep_in(history: SqliteStore) -> Callable[[ScreeningRecord], None]:
    """What writes a kept screening to the history store (its OSError reaches the gate)."""
    return lambda record: history.record_screening(history_result(record))


def pain_notes(history: SqliteStore | None, now: datetime) -> dict[str, str]:
    """The two-week rule's fact for the screening, if pain has persisted (none if unknown)."""
    if history is None:
        return {}
    try:
        span = persisting_pain(history.pain(), now.date())
    except OSError:
        return {}
    return {} if span is None else persisting_note(span.first, span.last)


@dataclass(frozen=True)
class Hurt:
    """The person typed ``h`` + Enter during ``exercise``: this hurts."""

    exercise: str | None


def run_session(
    routine: Routine,
    settings: Settings,
    stdout: TextIO,
    *,
    clock: Clock | None = None,
    player: CuePlayer | None = None,
    verbose: bool = False,
    journal: SessionJournal | None = None,
    lines: LineReader | None = None,
    stdin: TextIO | None = None,
    wait: Callable[[float], None] | None = None,
) -> tuple[bool | Interrupted | Hurt, SessionEngine]:
    """Run ``routine`` printing each phase and cue, and how to do each exercise as it comes.

    The countdown's cue, one a second at the end of a hold, sounds without a line of its own
    unless ``verbose``: a screen reader would read each one out over the spoken cues.
    Returns (completed, engine), or (the interruption, engine) when a signal (Ctrl+C,
    SIGTERM, SIGHUP) or a closed output ended it, or (``Hurt``, engine) when ``h`` + Enter
    came on ``lines``: the engine is stopped then. If the machine sleeps in the session, it
    pauses then, says so and waits for Enter (on ``lines``, else ``stdin``; the end of input
    stops the session). ``wait`` (tests) replaces waiting for the next deadline and for ``h``.
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
    explained: set[int] = set()  # the steps whose exercise was explained

    def report(events: list[Event]) -> bool | None:
        if journal is not None:
            journal.events(events)  # each phase that ended, written before anything is shown
        for event in events:
            lines: list[str] = []
            if isinstance(event, PhaseStarted):
                phase = event.phase
                lines.append(phase_line(phase))
                if phase.step_index not in explained:
                    explained.add(phase.step_index)
                    lines.extend(exercise_lines(phase.exercise))
            elif isinstance(event, CueDue):
                player.play(event.cue)
                if verbose or event.cue is not Cue.COUNTDOWN:
                    lines.append(f"cue {event.cue.value}")
            elif isinstance(event, SessionEnded):
                print(f"{stamp(event.at - started)} END", file=stdout, flush=True)
                return event.completed
            elif isinstance(event, Slept):
                lines.append("Paused while the computer slept. Press Enter to go on.")
            if lines:
                lines[0] = f"{stamp(event.at - started)} {lines[0]}"
                print("\n".join(lines), file=stdout, flush=True)
        return None

    version = ", the easier version" if routine.easier else ""
    title = f"Routine: {routine.name} ({format_duration(timeline.total)}{version})"
    print(printable(title), file=stdout)
    outcome: bool | None = None
    try:
        if journal is not None:
            journal.start(timeline)
        outcome = report(engine.start())
        while outcome is None:
            wake = engine.next_wakeup()
            if wake is not None:
                seconds = max(0.0, wake - clock.now())
                if wait is not None:
                    wait(seconds)
                elif wait_or_hurt(lines, seconds):
                    phase = engine.phase
                    report(engine.stop())
                    return Hurt(phase.exercise.name if phase else None), engine
            outcome = report(engine.poll())
            if outcome is None and engine.state is EngineState.PAUSED:  # the machine slept
                went_on = (lines or stdin or sys.stdin).readline()
                outcome = report(engine.resume() if went_on else engine.stop())
    except (KeyboardInterrupt, BrokenPipeError) as error:
        interruption = Interrupted.of(error)
        events = engine.stop()
        with suppress(OSError):  # the output may be what ended it: a closed pipe, a hang-up
            report(events)
            print(f"Stopped ({interruption.describe()}).", file=stdout, flush=True)
        return interruption, engine
    finally:
        player.close()
    return outcome, engine


def wait_or_hurt(lines: LineReader | None, seconds: float) -> bool:
    """Wait ``seconds``, or less if ``h`` + Enter comes on ``lines``: True then."""
    if lines is None:
        time.sleep(seconds)
        return False
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        line = lines.wait(left)
        if line is None:
            return False
        if line.strip().lower() == "h":
            return True
        lines.keep(line)
    return False


def run_plain(
    root: Root,
    ref: str,
    *,
    rescreen: bool = False,
    review: bool = False,
    verbose: bool = False,
    pain: bool = False,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    easier: bool = False,
) -> int:
    """``stretchtimer run ROUTINE --plain``: screening on stdin, then the session as lines
    (the routine's easier version with ``easier``)."""
    from stretchtimer.console import find_routine

    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    routine = find_routine(ref, root.catalog())
    if routine is None:
        return EXIT_ERROR
    if easier:
        routine = easier_routine(routine)
    settings, warnings = root.load_settings()
    for warning in warnings:
        print(warning, file=sys.stderr)
    with raising_interrupted():  # SIGTERM and SIGHUP end it as Ctrl+C does
        store = open_history(root)
        gate = plain_gate(root, settings, rescreen, review=review, history=store)
        if not screen_plain(
            root, stdin, stdout, settings, rescreen, gate, review=review, history=store
        ):
            return EXIT_REFUSED
        ask = pain or stdin.isatty()  # a script piping the answers is never asked more
        before = ask_pain(store, stdin, stdout, "before", root.now()) if ask else None
        journal = journal_for(store, root.now)
        print("Press h then Enter if it hurts.", file=stdout)
        lines = LineReader(stdin)  # from now on the one reader of standard input
        outcome, engine = run_session(
            routine, settings, stdout, verbose=verbose, journal=journal, lines=lines
        )
        if isinstance(outcome, Hurt):
            return hurt(gate, lines, stdout, journal, engine, outcome, before, settings)
    summary = engine.summary()
    interrupted = outcome if isinstance(outcome, Interrupted) else None
    record(journal, summary, outcome, interrupted)
    completed = outcome is True
    done = sum(step.holds_done for step in summary.steps)
    total = sum(step.holds_total for step in summary.steps)
    try:
        print(
            f"{'Complete' if completed else 'Stopped'}"
            f"{' (the easier version)' if summary.easier else ''}: {done} of {total} holds, "
            f"{format_clock(summary.active_seconds)} active.",
            file=stdout,
        )
    except OSError:  # its terminal hung up (SIGHUP): the session is recorded, nobody to tell
        if interrupted is None:
            raise
    if interrupted:
        return interrupted.exit_status
    if ask:
        session_id = journal.session_id if journal else None
        after = ask_pain(store, lines, stdout, "after", root.now(), session_id)
        advice_after(store, before, after, stdout, root.now())
    return EXIT_OK


def hurt(
    gate: SessionGate,
    lines: LineReader,
    stdout: TextIO,
    journal: SessionJournal | None,
    engine: SessionEngine,
    outcome: Hurt,
    before: int | None,
    settings: Settings,
) -> int:
    """After ``h``: record the session as hurt, ask what it is, record the answer, advise."""
    from stretchtimer.plain.hurt import ask_hurt

    summary = engine.summary()
    if journal is not None:
        journal.end(summary, Ending.HURT, outcome.exercise)
    done = sum(step.holds_done for step in summary.steps)
    total = sum(step.holds_total for step in summary.steps)
    print(f"Stopped: {done} of {total} holds.", file=stdout)
    kind, score = ask_hurt(gate, lines, stdout, before, settings.emergency_number)
    if journal is not None:
        journal.hurts(outcome.exercise, kind.value if kind else None, score)
        if journal.error is not None:
            warn(f"could not save the history: {journal.error}")
    return EXIT_OK


def record(
    journal: SessionJournal | None,
    summary: SessionSummary,
    outcome: bool | Interrupted | Hurt,
    interrupted: Interrupted | None,
) -> None:
    """Record how the session ended: interrupted by a signal, completed or stopped."""
    if journal is None:
        return
    if interrupted is not None:
        journal.end(summary, Ending.INTERRUPTED, interrupted.how)
    else:
        journal.end(summary, Ending.COMPLETED if outcome is True else Ending.STOPPED)
    if journal.error is not None:
        log.error("could not save the history: %s", journal.error)
        print(
            f"stretchtimer: warning: could not save the history: {journal.error}", file=sys.stderr
        )
