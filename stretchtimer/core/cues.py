"""The audio cues a session can sound; each has a WAV file ``sounds/<value>.wav``."""

from __future__ import annotations

from enum import StrEnum


class Cue(StrEnum):
    """A moment in a session that deserves a sound."""

    HOLD = "hold"  # a hold starts
    COUNTDOWN = "countdown"  # each of the last seconds of a hold
    HALFWAY = "halfway"  # halfway through a long hold
    SWITCH = "switch"  # switch sides
    REST = "rest"  # rest between reps
    EXERCISE_END = "exercise-end"  # the last hold of an exercise ends
    ROUTINE_END = "routine-end"  # the routine is done
