"""The session gate: may a session start now, and if not, what must be asked or shown.

One gate for every front end (the app and the plain mode), which only render its questions
and answers. Its rules, for one sitting (one run of the app or of the plain mode):

- A session starts at once only on a pass that still holds (``ScreeningLedger.current_pass``)
  and only if nothing in this sitting asked for the questions again.
- Any "yes" revokes the pass on record the moment it is given, finished screening or not.
- An emergency "yes" ends the screening at once, and no session is offered for the rest of
  the sitting: only the emergency advice.
- A screening left unfinished with no "yes" (no answer, or only "no" answers) changes
  nothing on record.

Pure: the screening results are kept by a store passed in (``ScreeningLedger``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from enum import StrEnum
from typing import Protocol

from stretchtimer.core.screening import (
    Outcome,
    Remembered,
    Screening,
    ScreeningRecord,
    ScreeningText,
)


class ScreeningLedger(Protocol):
    """Where screening results are kept (``adapters.screening_file.ScreeningFile``)."""

    def current_pass(self) -> ScreeningRecord | None:
        """The pass on record if it still holds now, else None."""
        ...

    def save(self, record: ScreeningRecord) -> None:
        """Keep a finished screening; it replaces any earlier pass."""
        ...

    def forget(self) -> None:
        """Revoke the pass on record, if any."""
        ...

    def remembered(self) -> Remembered:
        """What earlier screenings left standing: remembered answers, doctors' clearances."""
        ...


class Admission(StrEnum):
    """What the gate says about starting a session now."""

    START = "start"  # a pass holds: the session may start
    ASK = "ask"  # the red-flag questions must be answered first
    EMERGENCY = "emergency"  # an emergency this sitting: only the emergency advice


class SessionGate:
    """One sitting's gate in front of every session.

    ``ledger`` gives the store as it is now (its reset hour is a setting that can change in a
    sitting); ``now`` is the wall clock; ``report`` is told, in words, when the store cannot
    be written (the answers still count in this sitting). ``rescreen`` asks the questions
    again before the first session even if a pass holds. ``on_record`` is given every
    screening kept (the history store's copy of it), after the store has it.
    """

    def __init__(
        self,
        text: ScreeningText,
        ledger: Callable[[], ScreeningLedger],
        now: Callable[[], datetime],
        report: Callable[[str], None],
        *,
        rescreen: bool = False,
        on_record: Callable[[ScreeningRecord], None] | None = None,
    ) -> None:
        self.text = text
        self._ledger = ledger
        self._now = now
        self._report = report
        self._ask_again = rescreen
        self._emergency = False
        self._on_record = on_record
        self._unsaved_said = False  # a screening that could not be saved is said once

    @property
    def emergency(self) -> bool:
        """Whether an emergency was answered in this sitting (no session for the rest of it)."""
        return self._emergency

    def admit(self) -> Admission:
        """May a session start now? If not, whether to ask or to show the emergency."""
        if self._emergency:
            return Admission.EMERGENCY
        if not self._ask_again and self._ledger().current_pass() is not None:
            return Admission.START
        return Admission.ASK

    def ask_again(self) -> None:
        """Ask the questions before the next session even if a pass holds (``--rescreen``).

        The pass on record stands until a "yes" or a finished screening replaces it.
        """
        self._ask_again = True

    def screening(
        self, *, review: bool = False, notes: Mapping[str, str] | None = None
    ) -> GatedScreening:
        """A new, unanswered screening whose answers the gate acts on as they come: the
        questions asked each day and those not yet remembered, or every one to ``review``
        the remembered answers; ``notes`` are facts shown beside a question."""
        return GatedScreening(self, review=review, notes=notes)

    def remembered(self) -> Remembered:
        """What earlier screenings left standing; nothing when the store cannot say (then
        every question is asked)."""
        try:
            return self._ledger().remembered()
        except OSError as error:
            self._report(f"Could not read the remembered answers: {error}")
            return Remembered()

    # -- what a GatedScreening tells the gate -----------------------------------------------------

    def _yes(self, screening: GatedScreening) -> None:
        """A "yes": no session on the old pass, from now; an emergency also ends the sitting.

        An emergency is final (its answers are locked), so a finished one is kept as it is.
        """
        self._ask_again = True
        if screening.has_emergency:
            self._emergency = True
            record = screening.record_or_none()
            self._keep(record)
            if record is None:  # the history still hears of it, with the answers given
                self._log(screening.answered_so_far())
        else:
            self._keep(None)

    def _finished(self, screening: GatedScreening) -> None:
        """Every question answered (and the clearance asked where it applies): keep it."""
        record = screening.record_or_none()
        if record is None:
            return
        self._ask_again = not record.passed
        self._keep(record)

    def _keep(self, record: ScreeningRecord | None) -> None:
        """Save a finished screening, or revoke the pass for an unfinished one."""
        try:
            ledger = self._ledger()
            if record is None:
                ledger.forget()
            else:
                ledger.save(record)
        except OSError as error:
            if not self._unsaved_said:
                self._unsaved_said = True
                reason = error.strerror or str(error)
                self._report(
                    f"Could not save the screening ({reason.lower()}): "
                    "the questions will be asked again next time."
                )
        if record is not None:
            self._log(record)

    def _log(self, record: ScreeningRecord) -> None:
        """Hand a screening to the history (``on_record``); a failure is reported, not raised."""
        if self._on_record is None:
            return
        try:
            self._on_record(record)
        except OSError as error:
            self._report(f"Could not write the screening to the history: {error}")

    def _taken_at(self) -> datetime:
        return self._now()

    def _today(self) -> date:
        return self._now().date()

    def signs_during_session(self, *, emergency: bool) -> None:
        """New signs told after "this hurts": the pass on record is forgotten, so the next
        session (in this process or a later one) asks the questions again; an emergency sign
        also holds for the rest of the sitting, as an emergency answer does."""
        self._ask_again = True
        self._emergency = self._emergency or emergency
        self._keep(None)


class GatedScreening(Screening):
    """A screening that tells its gate about each answer as it is given.

    A "yes" revokes the pass on record at once; an emergency "yes" ends the screening (its
    answers are locked, see ``Screening.answer``). ``finish`` keeps a finished screening.
    """

    def __init__(
        self, gate: SessionGate, *, review: bool = False, notes: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(gate.text, gate.remembered(), review=review, notes=notes)
        self._gate = gate
        self._finished = False

    @property
    def ended(self) -> bool:
        """Whether nothing more is asked: an emergency, or ``finish`` was called."""
        return self._finished or self.has_emergency

    def answer(self, question_id: str, yes: bool) -> None:
        """Record an answer; a "yes" revokes any pass now, an emergency ends the screening."""
        if self.has_emergency:
            return  # ended: nothing more is asked or taken
        super().answer(question_id, yes)
        if yes:
            self._gate._yes(self)

    def confirm_doctor_clearance(self, on: date | None = None) -> None:
        """The person confirms a doctor assessed this and cleared them (default: today)."""
        super().confirm_doctor_clearance(on if on is not None else self._gate._today())

    def finish(self) -> Outcome | None:
        """Keep the result if every question is answered; the outcome (None if unfinished).

        Call it when the person is done: after the clearance question where it applies.
        """
        if not self._finished and not self.has_emergency and self.all_answered:
            self._finished = True
            self._gate._finished(self)
        return self.outcome()

    def answered_so_far(self) -> ScreeningRecord:
        """The answers given so far, as a record of an emergency that ended the screening."""
        given = {qid: yes for qid, yes in self.answers.items() if yes is not None}
        return ScreeningRecord(self._gate._taken_at(), given, Outcome.EMERGENCY)

    def record_or_none(self) -> ScreeningRecord | None:
        """The record of this screening if every question is answered, else None."""
        return self.record(self._gate._taken_at()) if self.all_answered else None
