"""The session engine: runs a timeline against absolute deadlines on an injected clock.

Time is mapped from the clock to the timeline through an anchor: clock time ``A`` is timeline
time ``T``, so timeline time ``t`` falls at ``A + (t - T)``. The anchor moves only on start,
resume, skip and back; a phase that ends naturally hands over to the next one at the very
same instant, so no drift accumulates however late ``poll()`` is called.

Events that fell due before a ``pause()`` are kept and returned by the next call that
returns events. Calling a method in the wrong state does nothing and returns ``[]``.

The machine sleeping while a session runs (the clock's ``slept()`` grew) pauses it at the last
moment the engine saw the machine awake, with a :class:`Slept` event: the sleep is never
counted as exercise, and the session waits for the person to resume it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from stretchtimer.core.clock import Clock
from stretchtimer.core.cues import Cue
from stretchtimer.core.timeline import Phase, PhaseKind, Timeline

BACK_RESTART_AFTER = 2.0  # back() restarts the phase when more than this far into it
SLEEP_MIN = 1.0  # seconds the machine must have slept for a running session to pause


class EngineState(StrEnum):
    READY = "ready"
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"
    STOPPED = "stopped"


@dataclass(frozen=True)
class PhaseStarted:
    """A phase began (``at`` is when it was scheduled to)."""

    phase: Phase
    at: float  # the scheduled clock time


@dataclass(frozen=True)
class CueDue:
    """A cue is due to sound."""

    cue: Cue
    phase: Phase
    at: float


@dataclass(frozen=True)
class SessionEnded:
    """The session finished or was stopped."""

    at: float
    completed: bool


@dataclass(frozen=True)
class Slept:
    """The machine slept while the session ran: it paused at ``at``, the last moment the
    machine was seen awake, after ``seconds`` asleep."""

    at: float
    seconds: float


Event = PhaseStarted | CueDue | SessionEnded | Slept


@dataclass(frozen=True)
class StepResult:
    """How much of one exercise was done."""

    step_index: int
    name: str
    holds_done: int
    holds_total: int
    skipped: bool  # not all holds done
    holds_skipped: int = 0  # holds passed over with skip (the rest not done were not reached)


@dataclass(frozen=True)
class SessionSummary:
    """What a session did, for the summary screen and the history."""

    routine_id: str
    routine_name: str
    steps: tuple[StepResult, ...]
    active_seconds: float  # running time, pauses excluded
    completed: bool
    started_at: float  # clock time; 0.0 before start()
    ended_at: float | None
    reached_end: bool = False  # the routine ran (or was skipped) to its end, not stopped
    easier: bool = False  # the "easier today" version was run


_LIVE = (EngineState.RUNNING, EngineState.PAUSED)


class SessionEngine:
    """Plays one timeline once. Methods return the events they caused, in time order."""

    def __init__(self, timeline: Timeline, clock: Clock) -> None:
        self._timeline = timeline
        self._clock = clock
        self._state = EngineState.READY
        self._index = -1
        self._anchor = 0.0  # clock time ...
        self._anchor_t = 0.0  # ... that is this timeline time
        self._frozen_t = 0.0  # timeline position while paused or stopped
        self._cue_pos = 0  # cues of the current phase already emitted
        self._done: set[int] = set()  # hold phases that ran to their natural end
        self._skipped: set[int] = set()  # hold phases left by skip() before their end
        self._pending: list[Event] = []
        self._active = 0.0
        self._run_since = 0.0
        self._started_at = 0.0
        self._ended_at: float | None = None
        self._seen_at = 0.0  # clock time the engine last saw the machine awake, running ...
        self._slept_seen = 0.0  # ... and the clock's slept() then

    # -- state ---------------------------------------------------------------------------

    @property
    def timeline(self) -> Timeline:
        return self._timeline

    @property
    def state(self) -> EngineState:
        return self._state

    @property
    def phase(self) -> Phase | None:
        """The current phase; ``None`` before start (the last phase stays after the end)."""
        return self._timeline.phases[self._index] if self._index >= 0 else None

    # -- commands ------------------------------------------------------------------------

    def start(self) -> list[Event]:
        if self._state is not EngineState.READY:
            return []
        now = self._clock.now()
        self._started_at = self._run_since = now
        self._state = EngineState.RUNNING
        self._seen(now)
        if not self._timeline.phases:
            return self._end(now, [])
        return self._enter(0, now, [])

    def poll(self) -> list[Event]:
        """Every event due by now not yet returned, in time order (or :class:`Slept`, and
        the session paused, if the machine slept since the last call)."""
        _, events = self._catch_up()
        return events

    def pause(self) -> None:
        events = self._pause()  # drains _pending into events first
        self._pending += events

    def resume(self) -> list[Event]:
        if self._state is not EngineState.PAUSED:
            return []
        now = self._clock.now()
        self._anchor, self._anchor_t = now, self._frozen_t
        self._run_since = now
        self._state = EngineState.RUNNING
        self._seen(now)
        events = self._drain()
        self._advance(now, events)
        return events

    def toggle_pause(self) -> list[Event]:
        if self._state is EngineState.RUNNING:
            return self._pause()
        return self.resume()

    def skip(self) -> list[Event]:
        """Go to the next phase now; skipping the last phase ends the session."""
        now, events = self._catch_up()
        if self._state not in _LIVE:
            return events
        if self._current.kind is PhaseKind.HOLD:
            self._skipped.add(self._index)
        if self._index + 1 == len(self._timeline.phases):
            return self._end(now, events)
        return self._enter(self._index + 1, now, events)

    def back(self) -> list[Event]:
        """Restart the phase if more than 2 s into it, else go to the previous one."""
        now, events = self._catch_up()
        if self._state not in _LIVE:
            return events
        into = self._position(now) - self._current.start
        target = self._index if into > BACK_RESTART_AFTER else max(self._index - 1, 0)
        return self._enter(target, now, events)

    def switch_to(self, timeline: Timeline) -> list[Event]:
        """Go on with ``timeline`` (the same routine's easier version): the current step
        starts again in it, the holds done so far stay done (those it still has) and the
        time spent stays spent."""
        now, events = self._catch_up()
        if self._state not in _LIVE:
            return events
        step = self._current.step_index
        done = {self._hold_key(i) for i in self._done}
        skipped = {self._hold_key(i) for i in self._skipped}
        self._timeline = timeline
        holds = {self._hold_key(p.index): p.index for p in timeline.phases}
        self._done = {holds[key] for key in done if key in holds}
        self._skipped = {holds[key] for key in skipped if key in holds}
        first = next(
            (
                p.index
                for p in timeline.phases
                if p.step_index >= step and p.kind is not PhaseKind.TRANSITION
            ),
            None,
        )
        if first is None:
            return self._end(now, events)
        return self._enter(first, now, events)

    def _hold_key(self, index: int) -> tuple[int, str, int, str]:
        """A phase by what it is, the same in another timeline of the routine."""
        phase = self._timeline.phases[index]
        return (phase.step_index, str(phase.side), phase.rep, str(phase.kind))

    def stop(self) -> list[Event]:
        now, events = self._catch_up()
        if self._state not in _LIVE:
            return events
        self._frozen_t = self._position(now)
        if self._state is EngineState.RUNNING:
            self._active += now - self._run_since
        self._state = EngineState.STOPPED
        self._ended_at = now
        events.append(SessionEnded(now, completed=False))
        return events

    # -- queries -------------------------------------------------------------------------

    def remaining(self) -> float:
        """Seconds left in the current phase (frozen while paused)."""
        phase = self.phase
        if phase is None or self._state is EngineState.READY:
            return 0.0
        return phase.end - self._position(self._clock.now())

    def elapsed_in_phase(self) -> float:
        phase = self.phase
        if phase is None or self._state is EngineState.READY:
            return 0.0
        return self._position(self._clock.now()) - phase.start

    def routine_remaining(self) -> float:
        """The current phase's remaining time plus the durations of the later phases."""
        return self._timeline.total - self._position(self._clock.now())

    def progress(self) -> float:
        """How far through the routine, 0..1, by timeline time."""
        total = self._timeline.total
        if total == 0:
            return 1.0 if self._state is EngineState.FINISHED else 0.0
        return self._position(self._clock.now()) / total

    def next_wakeup(self) -> float | None:
        """Clock time of the next cue, phase end or whole-second change; None unless running."""
        if self._state is not EngineState.RUNNING:
            return None
        now = self._clock.now()
        if self._pending:
            return now
        phase = self._current
        t = self._anchor_t + (now - self._anchor)  # unclamped: may already be overdue
        times = [self._at(phase.end), self._at(math.floor(t) + 1)]
        cues = self._timeline.cues(phase)
        if self._cue_pos < len(cues):
            times.append(self._at(phase.start + cues[self._cue_pos].offset))
        return min(times)

    def summary(self) -> SessionSummary:
        active = self._active
        if self._state is EngineState.RUNNING:
            active += self._clock.now() - self._run_since
        return SessionSummary(
            routine_id=self._timeline.routine.id,
            routine_name=self._timeline.routine.name,
            steps=self._step_results(),
            active_seconds=active,
            completed=self._state is EngineState.FINISHED and self._all_holds_done(),
            started_at=self._started_at,
            ended_at=self._ended_at,
            reached_end=self._state is EngineState.FINISHED,
            easier=self._timeline.routine.easier,
        )

    # -- internals -----------------------------------------------------------------------

    @property
    def _current(self) -> Phase:
        return self._timeline.phases[self._index]

    def _at(self, t: float) -> float:
        """The clock time of timeline time ``t`` (while running)."""
        return self._anchor + (t - self._anchor_t)

    def _position(self, now: float) -> float:
        """Timeline time now, clamped to the current phase."""
        if self._state is EngineState.READY:
            return 0.0
        if self._state is EngineState.FINISHED:
            return float(self._timeline.total)
        if self._state is EngineState.RUNNING:
            phase = self._current
            t = self._anchor_t + (now - self._anchor)
            return min(max(t, phase.start), phase.end)
        return self._frozen_t

    def _drain(self) -> list[Event]:
        events, self._pending = self._pending, []
        return events

    def _catch_up(self) -> tuple[float, list[Event]]:
        now = self._clock.now()
        events = self._drain()
        if self._state is EngineState.RUNNING and not self._woke(events):
            self._advance(now, events)
            self._seen(now)
        return now, events

    def _seen(self, now: float) -> None:
        """The machine is awake at clock time ``now``, the session running."""
        self._seen_at, self._slept_seen = now, self._clock.slept()

    def _woke(self, events: list[Event]) -> bool:
        """If the machine slept since it was last seen awake, pause the session at that
        moment (nothing after it counts) and add :class:`Slept` to ``events``."""
        slept = self._clock.slept() - self._slept_seen
        if slept < SLEEP_MIN:
            return False
        at = self._seen_at
        self._frozen_t = self._position(at)
        self._active += max(0.0, at - self._run_since)
        self._state = EngineState.PAUSED
        events.append(Slept(at, slept))
        return True

    def _pause(self) -> list[Event]:
        if self._state is not EngineState.RUNNING:
            return []
        now, events = self._catch_up()
        if self._state is EngineState.RUNNING:
            self._frozen_t = self._position(now)
            self._active += now - self._run_since
            self._state = EngineState.PAUSED
        return events

    def _advance(self, now: float, events: list[Event]) -> None:
        """Emit everything due by ``now``, crossing as many phase ends as have passed."""
        phases = self._timeline.phases
        while self._state is EngineState.RUNNING:
            phase = self._current
            end = self._at(phase.end)
            cues = self._timeline.cues(phase)
            while self._cue_pos < len(cues):
                point = cues[self._cue_pos]
                at = self._at(phase.start + point.offset)
                if at > now and end > now:
                    break
                events.append(CueDue(point.cue, phase, min(at, end)))
                self._cue_pos += 1
            if end > now:
                return
            if phase.kind is PhaseKind.HOLD:
                self._done.add(phase.index)
            if self._index + 1 == len(phases):
                self._end(end, events)
                return
            self._index += 1
            self._cue_pos = 0
            events.append(PhaseStarted(self._current, end))

    def _enter(self, index: int, now: float, events: list[Event]) -> list[Event]:
        """Make phase ``index`` current, starting now (or on resume, if paused)."""
        self._index = index
        self._cue_pos = 0
        phase = self._current
        events.append(PhaseStarted(phase, now))
        if self._state is EngineState.PAUSED:
            self._frozen_t = float(phase.start)
        else:
            self._anchor, self._anchor_t = now, float(phase.start)
            self._advance(now, events)
        return events

    def _end(self, at: float, events: list[Event]) -> list[Event]:
        if self._state is EngineState.RUNNING:
            self._active += at - self._run_since
        self._state = EngineState.FINISHED
        self._ended_at = at
        events.append(SessionEnded(at, completed=self._all_holds_done()))
        return events

    def _step_results(self) -> tuple[StepResult, ...]:
        totals = [0] * len(self._timeline.routine.steps)
        done = [0] * len(totals)
        skipped = [0] * len(totals)
        for phase in self._timeline.phases:
            if phase.kind is PhaseKind.HOLD:
                totals[phase.step_index] += 1
                if phase.index in self._done:  # done after going back counts as done
                    done[phase.step_index] += 1
                elif phase.index in self._skipped:
                    skipped[phase.step_index] += 1
        return tuple(
            StepResult(i, step.exercise.name, done[i], totals[i], done[i] < totals[i], skipped[i])
            for i, step in enumerate(self._timeline.routine.steps)
        )

    def _all_holds_done(self) -> bool:
        return all(not r.skipped for r in self._step_results())
