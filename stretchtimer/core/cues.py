"""The audio cues a session can sound; each has a WAV file ``sounds/<value>.wav``.

When a cue is too late to play is decided here, by two limits that measure two different
delays (issue 14 asked for them in one place):

- :data:`CUE_MOMENT_PASSED`: how late the session got to the cue's moment, on the session's
  clock (its loop or the whole machine stalled). A cue marks a moment ("hold now", "switch
  sides"); half a second after it, it would mark a moment that has gone, and a stall would
  release a burst of them at once. The run screen does not sound it.
- :data:`CUE_QUEUE_LIMIT`: how long a cue waited in the player's queue, on the player's
  clock. Sounds play one after another, so that wait includes the sounds queued before it:
  a phase change can queue two or three (up to 0.86 s each, ``sounds/``) that must all play.
  The limit is longer so they do; it stops a stuck or slow device from playing a backlog of
  old cues. The player drops such a cue (``adapters/audio.py``).
"""

from __future__ import annotations

from enum import StrEnum

CUE_MOMENT_PASSED = 0.5  # seconds after its moment: the session no longer sounds a cue
CUE_QUEUE_LIMIT = 2.0  # seconds in the player's queue (behind other sounds): the cue is dropped


class Cue(StrEnum):
    """A moment in a session that deserves a sound."""

    HOLD = "hold"  # a hold starts
    COUNTDOWN = "countdown"  # each of the last seconds of a hold
    HALFWAY = "halfway"  # halfway through a long hold
    SWITCH = "switch"  # switch sides
    REST = "rest"  # rest between reps
    EXERCISE_END = "exercise-end"  # the last hold of an exercise ends
    ROUTINE_END = "routine-end"  # the routine is done
