"""What the run screen shows, computed from the engine: a plain, immutable view model."""

from __future__ import annotations

import math
from dataclasses import dataclass

from stretchtimer.core.durations import format_clock, format_duration
from stretchtimer.core.engine import EngineState, SessionEngine
from stretchtimer.core.model import Sides
from stretchtimer.core.timeline import Phase, PhaseKind


@dataclass(frozen=True)
class RunView:
    """Everything the run screen displays at one moment."""

    routine_name: str = ""
    phase_kind: str = ""
    phase_label: str = ""
    exercise_name: str = ""
    detail: str = ""
    step: str = ""
    countdown: str = "0:00"
    instructions: tuple[str, ...] = ()
    breathing: str = ""
    progress: float = 0.0
    time_left: str = ""
    next_up: str = ""
    paused: bool = False


def describe_position(phase: Phase) -> str:
    """``Rep 2 of 3 · left side`` (the side only when there is one)."""
    parts = [f"Rep {phase.rep} of {phase.reps}"]
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
    return f"Next: {what}, hold {format_duration(upcoming.duration)}, rep {upcoming.rep}"


def make_view(engine: SessionEngine) -> RunView:
    """The view of the engine as it stands now."""
    phase = engine.phase
    timeline = engine.timeline
    if phase is None:
        return RunView(routine_name=timeline.routine.name)
    step_count = len(timeline.routine.steps)
    return RunView(
        routine_name=timeline.routine.name,
        phase_kind=phase.kind.value,
        phase_label=phase.label,
        exercise_name=phase.exercise.name,
        detail=describe_position(phase) if phase.kind is not PhaseKind.TRANSITION else "",
        step=f"exercise {phase.step_index + 1}/{step_count}",
        countdown=format_clock(math.ceil(max(engine.remaining(), 0.0))),
        instructions=phase.exercise.instructions,
        breathing=phase.exercise.breathing,
        progress=engine.progress(),
        time_left=format_clock(math.ceil(max(engine.routine_remaining(), 0.0))),
        next_up=describe_next(engine),
        paused=engine.state is EngineState.PAUSED,
    )
