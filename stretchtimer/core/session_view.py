"""What the run screen shows, computed from the engine: plain, immutable view models.

Two of them, because they change at different rates: a :class:`PhaseView` (what to do now and
next) changes at a phase boundary or a pause, a :class:`TimingView` (the countdown and the
routine's progress) every second. The screen redraws each only when it changed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from stretchtimer.core.durations import format_clock, format_duration
from stretchtimer.core.engine import EngineState, SessionEngine
from stretchtimer.core.model import Sides
from stretchtimer.core.timeline import Phase, PhaseKind


@dataclass(frozen=True)
class PhaseView:
    """What to do now and next: the same from one phase boundary (or pause) to the next."""

    routine_name: str = ""
    phase_kind: str = ""
    phase_label: str = ""
    exercise_name: str = ""
    detail: str = ""
    step: str = ""
    instructions: tuple[str, ...] = ()
    breathing: str = ""
    cautions: tuple[str, ...] = ()
    next_up: str = ""
    paused: bool = False


@dataclass(frozen=True)
class TimingView:
    """The phase's countdown and the routine's progress: what changes as time passes."""

    countdown: str = "0:00"
    progress: float = 0.0
    time_left: str = ""
    paused: bool = False


def describe_position(phase: Phase) -> str:
    """``Rep 2 of 3 · left side`` during a hold, ``Rep 2 of 3 next · left side`` before it (a
    rest, a switch or getting ready carries the rep that follows); the side only when there
    is one."""
    rep = f"Rep {phase.rep} of {phase.reps}"
    parts = [rep if phase.kind is PhaseKind.HOLD else f"{rep} next"]
    if phase.side is not Sides.NONE:
        parts.append(f"{phase.side.value} side")
    return " · ".join(parts)


def describe_next(engine: SessionEngine) -> str:
    """What comes after the current phase, in a few words."""
    phase = engine.phase
    if phase is None:
        return ""
    upcoming = engine.timeline.next_hold(phase.index)
    if upcoming is None:
        return "Next: done, well done"
    what = upcoming.exercise.name
    if upcoming.side is not Sides.NONE:
        what += f" ({upcoming.side.value})"
    doing = f"{upcoming.label.lower()} {format_duration(upcoming.duration)}"  # hold 30s
    return f"Next: {what}, {doing}, rep {upcoming.rep}"


def phase_view(engine: SessionEngine) -> PhaseView:
    """What to do now and next, as the engine stands."""
    phase = engine.phase
    timeline = engine.timeline
    if phase is None:
        return PhaseView(routine_name=timeline.routine.name)
    return PhaseView(
        routine_name=timeline.routine.name,
        phase_kind=phase.kind.value,
        phase_label=phase.label,
        exercise_name=phase.exercise.name,
        detail=describe_position(phase) if phase.kind is not PhaseKind.TRANSITION else "",
        step=f"exercise {phase.step_index + 1}/{len(timeline.routine.steps)}",
        instructions=phase.exercise.instructions,
        breathing=phase.exercise.breathing,
        cautions=phase.exercise.cautions,
        next_up=describe_next(engine),
        paused=engine.state is EngineState.PAUSED,
    )


def timing_view(engine: SessionEngine) -> TimingView:
    """The countdown (whole seconds, rounded up) and the routine's progress, now."""
    return TimingView(
        countdown=format_clock(math.ceil(max(engine.remaining(), 0.0))),
        progress=engine.progress(),
        time_left=format_clock(math.ceil(max(engine.routine_remaining(), 0.0))),
        paused=engine.state is EngineState.PAUSED,
    )
