"""The red-flag screening asked before every session: its text, one sitting's answers, a record.

The questions and the guide's advice live in ``stretchtimer/data/screening.yaml``. Rules:
every question needs an explicit answer; any "yes" to an emergency sign blocks the session
for good in this sitting; a "yes" to a see-a-doctor sign blocks it unless the person confirms
that a doctor has assessed this and cleared them to exercise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any


class Severity(StrEnum):
    """How serious a red flag is."""

    EMERGENCY = "emergency"
    SEE_DOCTOR = "see-a-doctor"


class Outcome(StrEnum):
    """The result of a finished screening."""

    CLEAR = "clear"
    EMERGENCY = "emergency"
    SEE_DOCTOR = "see-a-doctor"
    CLEARED_BY_DOCTOR = "cleared-by-doctor"


PASSING: frozenset[Outcome] = frozenset({Outcome.CLEAR, Outcome.CLEARED_BY_DOCTOR})


class ScreeningError(ValueError):
    """A screening rule was broken (unknown question, clearance not allowed, ...)."""


class ScreeningTextError(ValueError):
    """The screening data file is missing, malformed or incomplete."""


@dataclass(frozen=True)
class Question:
    """One warning sign: what is asked, the advice for it, its tier and where it comes from."""

    id: str
    text: str
    advice: str
    severity: Severity
    source: str = ""


@dataclass(frozen=True)
class ScreeningText:
    """Everything the screening shows, as loaded from the data file."""

    questions: tuple[Question, ...]
    emergency_message: str
    unsure_advice: str
    disclaimer: str
    clearance_prompt: str
    emergency_heading: str
    emergency_call: str
    emergency_call_own: str

    def emergency_how(self, number: str = "") -> str:
        """What to do now: call ``number`` if the person set one, else the common examples."""
        if not number:
            return self.emergency_call
        return self.emergency_call_own.replace(NUMBER, number)


NUMBER = "{number}"  # where the person's own emergency number goes in ``emergency_call_own``
_TOP_KEYS = (
    "disclaimer",
    "unsure_advice",
    "emergency_heading",
    "emergency_call",
    "emergency_call_own",
    "emergency_message",
    "clearance_prompt",
    "questions",
)
_QUESTION_KEYS = ("id", "severity", "source", "text", "advice")
_ID = re.compile(r"[a-z][a-z0-9-]*")


def _keys(where: str, data: Any, expected: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise ScreeningTextError(f"{where} must be a mapping")
    missing = [k for k in expected if k not in data]
    extra = [str(k) for k in data if k not in expected]
    if missing or extra:
        raise ScreeningTextError(f"{where}: missing {missing}, unknown {extra}")
    return data


def _text(where: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ScreeningTextError(f"{where} must be non-empty text")
    return " ".join(value.split())


def parse_screening_text(data: bytes, path: Path) -> ScreeningText:
    """Strictly check the screening text in ``data``, read from ``path``; raises
    ``ScreeningTextError``. The file is read by ``adapters/screening_file.py``."""
    import yaml  # here, not at the top: a kept copy (adapters.cache) spares the import

    try:
        text = data.decode("utf-8")
        loaded = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (
        ValueError,
        TypeError,
        OverflowError,
        IndexError,
        KeyError,
        yaml.YAMLError,
        RecursionError,
    ) as exc:  # not UTF-8, or PyYAML constructing a tag on the wrong text: ``!!int`` on ""
        problem = " ".join(str(exc).split())  # one line: YAML's message spans several
        raise ScreeningTextError(f"{path}: cannot load: {problem}") from exc
    return _checked(loaded, path)


def _checked(data: Any, path: Path) -> ScreeningText:
    top = _keys(str(path), data, _TOP_KEYS)
    items = top["questions"]
    if not isinstance(items, list) or not items:
        raise ScreeningTextError(f"{path}: questions must be a non-empty list")
    questions: list[Question] = []
    for n, item in enumerate(items):
        where = f"{path}: questions[{n}]"
        q = _keys(where, item, _QUESTION_KEYS)
        qid = q["id"]
        if not isinstance(qid, str) or not _ID.fullmatch(qid):
            raise ScreeningTextError(f"{where}.id must be a lower-case-with-dashes id")
        if any(seen.id == qid for seen in questions):
            raise ScreeningTextError(f"{where}.id {qid!r} is used twice")
        if not isinstance(q["severity"], str) or q["severity"] not in {s.value for s in Severity}:
            raise ScreeningTextError(
                f"{where}.severity must be one of {[s.value for s in Severity]}"
            )
        text = _text(f"{where}.text", q["text"])
        advice = _text(f"{where}.advice", q["advice"])
        source = _text(f"{where}.source", q["source"])
        questions.append(Question(qid, text, advice, Severity(q["severity"]), source))
    texts = {k: _text(f"{path}: {k}", top[k]) for k in _TOP_KEYS if k != "questions"}
    if texts["emergency_call_own"].count(NUMBER) != 1:
        raise ScreeningTextError(f"{path}: emergency_call_own must say {NUMBER} once")
    if NUMBER in texts["emergency_call"]:
        raise ScreeningTextError(f"{path}: emergency_call is shown without a number")
    return ScreeningText(questions=tuple(questions), **texts)


@dataclass(frozen=True)
class ScreeningRecord:
    """A finished screening as stored. Checks its own consistency; raises ValueError if odd."""

    taken_at: datetime
    answers: dict[str, bool]
    outcome: Outcome
    doctor_cleared_on: date | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.taken_at, datetime) or self.taken_at.utcoffset() is None:
            raise ValueError("taken_at must be a timezone-aware datetime")
        if not isinstance(self.answers, dict) or not self.answers:
            raise ValueError("answers must be a non-empty mapping")
        if not all(isinstance(k, str) and type(v) is bool for k, v in self.answers.items()):
            raise ValueError("answers must map question ids to true/false")
        if not isinstance(self.outcome, Outcome):
            raise ValueError("outcome must be an Outcome")
        cleared = self.doctor_cleared_on
        if cleared is not None and (isinstance(cleared, datetime) or not isinstance(cleared, date)):
            raise ValueError("doctor_cleared_on must be a date")
        any_yes = any(self.answers.values())
        if any_yes == (self.outcome is Outcome.CLEAR):
            raise ValueError(f"answers do not fit outcome {self.outcome}")
        if (cleared is not None) != (self.outcome is Outcome.CLEARED_BY_DOCTOR):
            raise ValueError("a doctor clearance date goes with, and only with, cleared-by-doctor")
        if cleared is not None and cleared > self.taken_at.date():
            raise ValueError("doctor clearance is dated after the screening")
        object.__setattr__(self, "answers", dict(self.answers))

    @property
    def passed(self) -> bool:
        """Whether this screening lets a session start."""
        return self.outcome in PASSING


class Screening:
    """One sitting's answers. Nothing is pre-answered; an emergency "yes" cannot be taken back."""

    def __init__(self, text: ScreeningText) -> None:
        self.text = text
        self._questions = {q.id: q for q in text.questions}
        self._answers: dict[str, bool | None] = dict.fromkeys(self._questions)
        self._cleared_on: date | None = None

    def answer(self, question_id: str, yes: bool) -> None:
        """Record an explicit yes/no. Changing an answer withdraws any doctor clearance."""
        question = self._questions.get(question_id)
        if question is None:
            raise ScreeningError(f"no such question: {question_id!r}")
        if type(yes) is not bool:
            raise TypeError("an answer must be True or False")
        previous = self._answers[question_id]
        if question.severity is Severity.EMERGENCY and previous is True and not yes:
            raise ScreeningError("an emergency answer cannot be taken back in this sitting")
        if previous is not yes:
            self._cleared_on = None
        self._answers[question_id] = yes

    @property
    def answers(self) -> dict[str, bool | None]:
        """Every question id, in order, with its answer or None."""
        return dict(self._answers)

    @property
    def unanswered(self) -> list[Question]:
        """The questions still without an answer, in order."""
        return [q for q in self.text.questions if self._answers[q.id] is None]

    @property
    def all_answered(self) -> bool:
        """Whether every question has an explicit answer."""
        return None not in self._answers.values()

    @property
    def has_emergency(self) -> bool:
        """Whether an emergency sign has been answered yes (even before all are answered)."""
        return any(q.severity is Severity.EMERGENCY for q in self.flagged())

    @property
    def doctor_cleared_on(self) -> date | None:
        """The date of the doctor-clearance confirmation, if any."""
        return self._cleared_on

    def flagged(self) -> list[Question]:
        """The questions answered yes, in order."""
        return [q for q in self.text.questions if self._answers[q.id] is True]

    def outcome(self) -> Outcome | None:
        """None until every question is answered; an emergency beats see-a-doctor."""
        if not self.all_answered:
            return None
        if self.has_emergency:
            return Outcome.EMERGENCY
        if self.flagged():
            return Outcome.SEE_DOCTOR if self._cleared_on is None else Outcome.CLEARED_BY_DOCTOR
        return Outcome.CLEAR

    def confirm_doctor_clearance(self, on: date) -> None:
        """The person confirms a doctor assessed this and cleared them. Only after SEE_DOCTOR."""
        if self.outcome() is not Outcome.SEE_DOCTOR:
            raise ScreeningError(f"doctor clearance does not apply to outcome {self.outcome()}")
        if not isinstance(on, date):
            raise TypeError("the clearance date must be a date")
        self._cleared_on = on.date() if isinstance(on, datetime) else on

    @property
    def can_start(self) -> bool:
        """Whether a session may start: all no, or cleared by a doctor."""
        return self.outcome() in PASSING

    def record(self, taken_at: datetime) -> ScreeningRecord:
        """The finished screening, stamped with a timezone-aware ``taken_at``."""
        outcome = self.outcome()
        if outcome is None:
            raise ScreeningError("the screening is not finished")
        answers = {k: bool(v) for k, v in self._answers.items()}
        return ScreeningRecord(taken_at, answers, outcome, self._cleared_on)


def valid_until(taken_at: datetime, reset_hour: int = 4) -> datetime:
    """The next ``reset_hour``:00 strictly after ``taken_at``, in the same timezone."""
    if not 0 <= reset_hour <= 23:
        raise ValueError("reset_hour must be between 0 and 23")
    reset = datetime.combine(taken_at.date(), time(reset_hour), tzinfo=taken_at.tzinfo)
    if reset <= taken_at:
        reset = datetime.combine(
            taken_at.date() + timedelta(days=1), time(reset_hour), tzinfo=taken_at.tzinfo
        )
    return reset
