"""A running session written to the history as it goes: one small write per phase.

The front ends pass the engine's events to :class:`SessionJournal`; it records the start, each
phase as it ends (done when it ran to its end, skipped when left early), and the ending. A
process killed mid-routine loses at most the phase that was running; the next start finds the
session without an end and records it as interrupted.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import datetime

from stretchtimer.core.engine import Event, PhaseStarted, SessionSummary
from stretchtimer.core.ports import SessionLog
from stretchtimer.core.records import PainCheckIn, PainMoment, PhaseRecord
from stretchtimer.core.timeline import Phase, Timeline

EPSILON = 1e-6


def content_of(timeline: Timeline) -> str:
    """The routine as it was run, as JSON: its steps and the phases with their times."""
    routine = timeline.routine
    return json.dumps(
        {
            "id": routine.id,
            "name": routine.name,
            "steps": [step.exercise.name for step in routine.steps],
            "phases": [[p.kind.value, p.exercise.name, p.duration] for p in timeline.phases],
        },
        ensure_ascii=False,
    )


def phase_name(phase: Phase) -> str:
    return f"{phase.label}: {phase.exercise.name}"


class SessionJournal:
    """Writes one session through ``log``; ``wall`` gives the aware local time now.

    Every write may raise ``OSError``; the journal then stops writing (the first error is kept
    in :attr:`error` for the front end to say once) and the session runs on.
    """

    def __init__(self, log: SessionLog, wall: Callable[[], datetime]) -> None:
        self.log = log
        self.wall = wall
        self.session_id: int | None = None
        self.error: OSError | None = None
        self._phase: Phase | None = None
        self._phase_at = 0.0
        self._ended = False

    def _safely(self, write: Callable[[], object]) -> object:
        if self.error is not None:
            return None
        try:
            return write()
        except OSError as error:
            self.error = error
            return None

    def start(self, timeline: Timeline, *, easier: bool | None = None) -> None:
        """Record that the session starts now (the easier version if its routine is, or if
        ``easier`` says so)."""
        routine = timeline.routine
        started = self.wall()
        easy = routine.easier if easier is None else easier
        sid = self._safely(
            lambda: self.log.start_session(
                routine.id, routine.name, started, content=content_of(timeline), easier=easy
            )
        )
        self.session_id = sid if isinstance(sid, int) else None

    def events(self, events: Iterable[Event]) -> None:
        """Record each phase that ``events`` show ended (a new phase started after it)."""
        for event in events:
            if isinstance(event, PhaseStarted):
                self._close_phase(event.at)
                self._phase, self._phase_at = event.phase, event.at

    def _close_phase(self, at: float) -> None:
        phase, sid = self._phase, self.session_id
        if phase is None or sid is None:
            return
        spent = max(0.0, at - self._phase_at)
        done = spent + EPSILON >= phase.duration
        record = PhaseRecord(
            phase.index,
            phase_name(phase),
            phase.kind.value,
            float(phase.duration if done else spent),
            done,
        )
        when = self.wall()
        self._safely(lambda: self.log.record_phase(sid, record, when))
        self._phase = None

    def hurts(
        self, exercise: str | None, kind: str | None = None, score: int | None = None
    ) -> None:
        """Record "this hurts" as a pain event with the exercise that hurt, what it was
        (``kind``) and the pain score given with it, if any."""
        sid, when = self.session_id, self.wall()
        check_in = PainCheckIn(when, score, "hurts", session_id=sid, exercise=exercise, kind=kind)
        self._safely(lambda: self.log.record_pain(check_in))

    def check_in(self, score: int, moment: PainMoment) -> None:
        """Record a pain check-in (``before`` or ``after``) with this session."""
        check_in = PainCheckIn(self.wall(), score, moment, session_id=self.session_id)
        self._safely(lambda: self.log.record_pain(check_in))

    def end(self, summary: SessionSummary, ended: str, detail: str | None = None) -> None:
        """Record how the session ended (the running phase as done if it reached its end);
        once: a second call does nothing. ``session_id`` stays, for a check-in after."""
        if summary.ended_at is not None and not self._ended:
            self._close_phase(summary.ended_at)
        sid = self.session_id
        if sid is None or self._ended:
            return
        self._ended = True
        when = self.wall()
        self._safely(
            lambda: self.log.end_session(
                sid,
                when,
                ended,
                detail=detail,
                active_seconds=round(summary.active_seconds, 1),
                easier=summary.easier,  # "easier today" may have been chosen on the way
            )
        )
