"""Small builders for routines in tests (no YAML involved)."""

from __future__ import annotations

from stretchtimer.core.model import Exercise, Routine, Sides, Step, Timing


def make_exercise(name: str = "Knee-to-chest stretch", *, id: str | None = None) -> Exercise:
    return Exercise(id=id or name.lower().replace(" ", "-"), name=name)


def make_step(
    name: str = "Knee-to-chest stretch",
    *,
    sides: Sides = Sides.NONE,
    prepare: int = 5,
    hold: int = 20,
    reps: int = 3,
    rest: int = 10,
    switch: int = 5,
    transition: int = 10,
) -> Step:
    timing = Timing(prepare, hold, reps, rest, switch, transition)
    return Step(exercise=make_exercise(name), timing=timing, sides=sides)


def make_routine(*steps: Step, id: str = "test", name: str = "Test routine") -> Routine:
    return Routine(id=id, name=name, steps=steps or (make_step(),))
