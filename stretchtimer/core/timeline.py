"""A routine compiled to a flat, timed list of phases, with the cues each phase sounds.

Times are whole seconds from the start of the routine. Every non-hold phase carries the
step, exercise, rep and side of the hold that comes next (a ``TRANSITION`` belongs to the
next exercise, so the UI can show "Next exercise: <name>").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from stretchtimer.core.cues import Cue
from stretchtimer.core.durations import format_clock, format_duration
from stretchtimer.core.model import Exercise, Kind, Routine, Sides, Step


class PhaseKind(StrEnum):
    """What the user is doing during a phase."""

    PREPARE = "prepare"
    HOLD = "hold"
    REST = "rest"
    SWITCH = "switch"
    TRANSITION = "transition"


_LABELS = {
    PhaseKind.PREPARE: "Get ready",
    PhaseKind.HOLD: "Hold",
    PhaseKind.REST: "Rest",
    PhaseKind.SWITCH: "Switch sides",
    PhaseKind.TRANSITION: "Next exercise",
}
# The hold of an exercise that is not held: a walk is a time to move, ice is applied.
_HOLD_LABELS = {Kind.CARDIO: "Move", Kind.THERAPY: "Apply"}


@dataclass(frozen=True)
class Phase:
    """One stretch of time in a routine; ``start`` is seconds from the routine start."""

    index: int
    kind: PhaseKind
    step_index: int
    exercise: Exercise
    rep: int
    reps: int
    side: Sides
    duration: int
    start: int

    @property
    def end(self) -> int:
        return self.start + self.duration

    @property
    def label(self) -> str:
        """What the phase is called on screen: ``Hold``, or ``Move`` for a walk, ..."""
        if self.kind is PhaseKind.HOLD:
            return _HOLD_LABELS.get(self.exercise.kind, "Hold")
        return _LABELS[self.kind]


@dataclass(frozen=True)
class CuePoint:
    """A cue sounded ``offset`` seconds after its phase starts."""

    offset: float
    cue: Cue


@dataclass(frozen=True)
class Timeline:
    """A compiled routine: its phases back to back, and the cue points of each."""

    routine: Routine
    phases: tuple[Phase, ...]
    total: int
    countdown: int = 3
    halfway_min: int = 20
    _cue_table: tuple[tuple[CuePoint, ...], ...] = field(
        init=False, repr=False, compare=False, default=()
    )

    def __post_init__(self) -> None:
        last_holds = {p.step_index: p.index for p in self.phases if p.kind is PhaseKind.HOLD}
        ends = set(last_holds.values())
        table = tuple(_phase_cues(self, phase, phase.index in ends) for phase in self.phases)
        object.__setattr__(self, "_cue_table", table)

    def cues(self, phase: Phase) -> tuple[CuePoint, ...]:
        """The cue points of ``phase``, by offset."""
        return self._cue_table[phase.index]

    def next_hold(self, index: int) -> Phase | None:
        """The first hold after phase ``index``, or ``None``."""
        return next((p for p in self.phases[index + 1 :] if p.kind is PhaseKind.HOLD), None)


def _phase_cues(timeline: Timeline, phase: Phase, ends_step: bool) -> tuple[CuePoint, ...]:
    points: list[CuePoint] = []
    d = phase.duration
    if phase.kind is PhaseKind.HOLD:
        points.append(CuePoint(0, Cue.HOLD))
        countdown = [d - k for k in range(timeline.countdown, 0, -1) if d - k > 0]
        if d >= timeline.halfway_min and d / 2 not in countdown:
            points.append(CuePoint(d / 2, Cue.HALFWAY))
        points.extend(CuePoint(o, Cue.COUNTDOWN) for o in countdown)
    elif phase.kind is PhaseKind.SWITCH:
        points.append(CuePoint(0, Cue.SWITCH))
    elif phase.kind is PhaseKind.REST:
        points.append(CuePoint(0, Cue.REST))
    if phase.index == len(timeline.phases) - 1:
        points.append(CuePoint(d, Cue.ROUTINE_END))
    elif ends_step:
        points.append(CuePoint(d, Cue.EXERCISE_END))
    return tuple(sorted(points, key=lambda p: p.offset))


def compile_timeline(routine: Routine, *, countdown: int = 3, halfway_min: int = 20) -> Timeline:
    """Lay ``routine`` out as phases; phases of zero duration, and steps without holds
    (``hold`` or ``reps`` of 0), are left out."""
    phases: list[Phase] = []
    clock = 0

    def add(kind: PhaseKind, i: int, step: Step, rep: int, side: Sides, duration: int) -> None:
        nonlocal clock
        if duration <= 0:
            return
        reps = step.timing.reps
        phases.append(Phase(len(phases), kind, i, step.exercise, rep, reps, side, duration, clock))
        clock += duration

    steps = [(i, s) for i, s in enumerate(routine.steps) if s.timing.hold > 0 and s.timing.reps > 0]
    for n, (i, step) in enumerate(steps):
        t = step.timing
        sides = step.side_list
        add(PhaseKind.PREPARE, i, step, 1, sides[0], t.prepare)
        for s, side in enumerate(sides):
            if s > 0:
                add(PhaseKind.SWITCH, i, step, 1, side, t.switch)
            for rep in range(1, t.reps + 1):
                if rep > 1:
                    add(PhaseKind.REST, i, step, rep, side, t.rest)
                add(PhaseKind.HOLD, i, step, rep, side, t.hold)
        if n + 1 < len(steps):
            j, nxt = steps[n + 1]
            add(PhaseKind.TRANSITION, j, nxt, 1, nxt.side_list[0], t.transition)
    return Timeline(routine, tuple(phases), clock, countdown=countdown, halfway_min=halfway_min)


def phase_title(phase: Phase) -> str:
    """``Knee-to-chest stretch (left) 1/3`` for a hold; the exercise name otherwise."""
    title = phase.exercise.name
    if phase.kind is PhaseKind.HOLD:
        if phase.side is not Sides.NONE:
            title += f" ({phase.side})"
        title += f" {phase.rep}/{phase.reps}"
    return title


def describe(timeline: Timeline) -> list[str]:
    """One line per phase for ``stretchtimer show``, then the total."""
    titles = [phase_title(p) for p in timeline.phases]
    width = max((len(title) for title in titles), default=0)
    lines = [
        f"{format_clock(p.start):>7}  {p.label:<13}  {title:<{width}}  "
        + format_duration(p.duration)
        for p, title in zip(timeline.phases, titles, strict=True)
    ]
    lines.append(f"Total {format_duration(timeline.total)}")
    return lines


def describe_cautions(timeline: Timeline) -> list[str]:
    """The cautions of the routine's exercises, for ``show`` and the details: the exercises
    that share the same cautions named together, in the order they come, then an empty line
    (nothing when no exercise has any)."""
    shared: dict[tuple[str, ...], list[str]] = {}
    for phase in timeline.phases:
        exercise = phase.exercise
        names = shared.setdefault(exercise.cautions, [])
        if exercise.cautions and exercise.name not in names:
            names.append(exercise.name)
    lines = []
    for cautions, names in shared.items():
        if cautions:
            lines.append(f"Cautions ({', '.join(names)}):")
            lines.extend(f"  - {caution}" for caution in cautions)
    return [*lines, ""] if lines else []
