"""The routine model: exercises, steps and routines, all immutable.

Durations are whole seconds (``int``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


class Kind(StrEnum):
    """What an exercise is for."""

    STRETCH = "stretch"
    STRENGTH = "strength"
    CARDIO = "cardio"
    THERAPY = "therapy"


class Sides(StrEnum):
    """Which side(s) a step works: ``both`` runs left, then right."""

    NONE = "none"
    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"


@dataclass(frozen=True)
class Timing:
    """The timing of a step; a routine's ``defaults`` block has the same fields."""

    prepare: int = 5
    hold: int = 20
    reps: int = 3
    rest: int = 10
    switch: int = 5
    transition: int = 10


TIMING_FIELDS: tuple[str, ...] = ("prepare", "hold", "reps", "rest", "switch", "transition")


@dataclass(frozen=True)
class Exercise:
    """An exercise from the library, or written inline in a routine."""

    id: str
    name: str
    kind: Kind = Kind.STRETCH
    instructions: tuple[str, ...] = ()
    breathing: str = ""
    cautions: tuple[str, ...] = ()
    hold: int | None = None
    reps: int | None = None
    sides: Sides | None = None


@dataclass(frozen=True)
class Step:
    """One exercise of a routine with its resolved timing."""

    exercise: Exercise
    timing: Timing
    sides: Sides = Sides.NONE
    easier: Step | None = None  # the variant run on a bad day ("easier today"), if named

    @property
    def side_list(self) -> tuple[Sides, ...]:
        """The sides run in order: ``both`` is left, then right."""
        if self.sides is Sides.BOTH:
            return (Sides.LEFT, Sides.RIGHT)
        return (self.sides,)


@dataclass(frozen=True)
class Routine:
    """A named list of steps, from the built-in set or the user's folder."""

    id: str
    name: str
    steps: tuple[Step, ...]
    description: str = ""
    tags: tuple[str, ...] = ()
    source: str = "built-in"  # "built-in" or "user"
    path: Path | None = None
    shadows: bool = field(default=False, compare=False)  # a user routine hiding a built-in
    # A built-in routine's exercises that the user's exercise library replaced, by id.
    changed_by: tuple[str, ...] = field(default=(), compare=False)
    # The routine's ``defaults`` block as written, (key, seconds or reps) pairs.
    defaults: tuple[tuple[str, int], ...] = field(default=(), compare=False)
    easier: bool = False  # this is the "easier today" version of the routine (for a session)


def routine_total(routine: Routine) -> int:
    """Seconds from start to end: prepare, holds, rests, switches and transitions."""
    total = 0
    for index, step in enumerate(routine.steps):
        timing, sides = step.timing, len(step.side_list)
        total += timing.prepare + (sides - 1) * timing.switch
        total += sides * (timing.reps * timing.hold + (timing.reps - 1) * timing.rest)
        if index < len(routine.steps) - 1:
            total += timing.transition
    return total
