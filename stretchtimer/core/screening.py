"""The red-flag screening asked before every session: its text, one sitting's answers, a record.

The questions and the guide's advice live in ``stretchtimer/data/screening.yaml``. Rules:
every question asked needs an explicit answer; any "yes" to an emergency sign blocks the
session for good in this sitting; a "yes" to a see-a-doctor sign blocks it unless the person
confirms that a doctor has assessed this and cleared them to exercise. A question about the
past (``remembered``) is asked once, then its answer is remembered (``remembered_from``) until
the person reviews it; a doctor's clearance is kept per sign and stands until the person says
the sign changed or got worse.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from yaml.nodes import Node

    from stretchtimer.core.records import ScreeningResult
    from stretchtimer.core.yaml_source import Context


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
    remembered: bool = False  # a fact about the past: asked once, then remembered


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
_QUESTION_KEYS = ("id", "severity", "remembered", "source", "text", "advice")
_TEXTS = ("text", "advice", "source")
_ID = re.compile(r"[a-z][a-z0-9-]*")


def parse_screening_text(data: bytes, path: Path) -> ScreeningText:
    """Strictly check the screening text in ``data``, read from ``path``, with the node
    readers of ``core.yaml_source``; raises ``ScreeningTextError`` whose message has every
    problem as a ``FILE:LINE:COL: error: ...`` line. The file is read by
    ``adapters/screening_file.py``."""
    from stretchtimer.core import yaml_source as ys  # PyYAML: only when the cache has no copy

    parsed = ys.parse_bytes(data, str(path))
    ctx = ys.Context(str(path), parsed)
    text: ScreeningText | None = None
    try:
        if parsed.root is not None:
            text = _read_text(ctx, parsed.root)
    except ys.TooManyProblems:
        pass
    if ctx.diagnostics or text is None:
        raise ScreeningTextError("\n".join(str(d) for d in ctx.diagnostics))
    return text


def _read_text(ctx: Context, root: Node) -> ScreeningText | None:
    """The whole file, every problem reported to ``ctx``; None if there was one."""
    from stretchtimer.core import yaml_source as ys

    fields = ys.read_fields(ctx, root, "the screening file", _TOP_KEYS)
    if fields is None or not ys.require(ctx, root, fields, "the screening file", *_TOP_KEYS):
        return None
    texts: dict[str, str] = {}
    for key in _TOP_KEYS[:-1]:
        value = ys.read_text(ctx, fields[key][1], key, empty_ok=False, multiline=True)
        if value is not None:
            texts[key] = " ".join(value.split())
    if "emergency_call_own" in texts and texts["emergency_call_own"].count(NUMBER) != 1:
        ctx.error(fields["emergency_call_own"][1], f"'emergency_call_own' must say {NUMBER} once")
    if NUMBER in texts.get("emergency_call", ""):
        ctx.error(fields["emergency_call"][1], "'emergency_call' is shown without a number")
    questions = _read_questions(ctx, fields["questions"][1])
    if ctx.diagnostics or questions is None or len(texts) != len(_TOP_KEYS) - 1:
        return None
    return ScreeningText(questions=questions, **texts)


def _read_questions(ctx: Context, node: Node) -> tuple[Question, ...] | None:
    from yaml.nodes import SequenceNode

    from stretchtimer.core import yaml_source as ys

    if not isinstance(node, SequenceNode) or not node.value:
        ctx.error(node, f"'questions' must be a non-empty list, got {ys.describe_node(node)}")
        return None
    questions: list[Question] = []
    first: dict[str, int] = {}
    for n, item in enumerate(node.value, start=1):
        where = f"question {n}"
        fields = ys.read_fields(ctx, item, where, _QUESTION_KEYS)
        if fields is None or not ys.require(ctx, item, fields, where, *_QUESTION_KEYS):
            continue
        values = {
            key: ys.read_text(ctx, fields[key][1], key, empty_ok=False, multiline=key != "id")
            for key in ("id", "source", "text", "advice")
        }
        severity = ys.read_choice(ctx, fields["severity"][1], "severity", Severity)
        remembered = ys.read_flag(ctx, fields["remembered"][1], "remembered")
        qid = values["id"]
        if qid is not None and not _ID.fullmatch(qid):
            ctx.error(fields["id"][1], f"'id' must be lower-case words with dashes, got {qid!r}")
            continue
        if qid is not None and qid in first:
            line = first[qid]
            ctx.error(fields["id"][1], f"question id {qid!r} is used twice (first at line {line})")
            continue
        if qid is not None:
            first[qid] = fields["id"][1].start_mark.line + 1
        if remembered and severity is Severity.EMERGENCY:
            ctx.error(
                fields["remembered"][1],
                "an emergency sign is asked at every screening; it cannot be 'remembered'",
            )
            continue
        if None in values.values() or severity is None or remembered is None:
            continue
        text, advice, source = (" ".join(str(values[k]).split()) for k in _TEXTS)
        questions.append(Question(str(qid), text, advice, severity, source, remembered))
    return tuple(questions)


@dataclass(frozen=True)
class ScreeningRecord:
    """A finished screening as stored. Checks its own consistency; raises ValueError if odd.

    ``answers`` holds every sign as it stands (asked this time, or remembered): True when the
    person has it. ``cleared`` holds the signs among them a doctor has assessed and cleared,
    each with the date the person confirmed it; such a sign stops blocking until the person
    says it changed or got worse. An emergency reported outside a screening (during a
    session) is a record of those signs alone: ``reported_emergency``.
    """

    taken_at: datetime
    answers: dict[str, bool]
    outcome: Outcome
    cleared: Mapping[str, date] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.taken_at, datetime) or self.taken_at.utcoffset() is None:
            raise ValueError("taken_at must be a timezone-aware datetime")
        if not isinstance(self.answers, dict) or not self.answers:
            raise ValueError("answers must be a non-empty mapping")
        if not all(isinstance(k, str) and type(v) is bool for k, v in self.answers.items()):
            raise ValueError("answers must map question ids to true/false")
        if not isinstance(self.outcome, Outcome):
            raise ValueError("outcome must be an Outcome")
        if not isinstance(self.cleared, Mapping):
            raise ValueError("cleared must map question ids to dates")
        for qid, on in self.cleared.items():
            if self.answers.get(qid) is not True:
                raise ValueError(f"a clearance for {qid!r}, a sign not answered yes")
            if isinstance(on, datetime) or not isinstance(on, date):
                raise ValueError("a doctor's clearance must be a date")
            if on > self.taken_at.date():
                raise ValueError("doctor clearance is dated after the screening")
        if _outcome_of(self.answers, self.cleared, self.outcome) is not self.outcome:
            raise ValueError(f"answers do not fit outcome {self.outcome}")
        object.__setattr__(self, "answers", dict(self.answers))
        object.__setattr__(self, "cleared", dict(self.cleared))

    @classmethod
    def reported_emergency(cls, taken_at: datetime, signs: Iterable[str]) -> ScreeningRecord:
        """An emergency sign reported outside a screening ("this hurts" during a session):
        no session starts until a later screening answers those signs "no"."""
        return cls(taken_at, dict.fromkeys(signs, True), Outcome.EMERGENCY)

    @property
    def passed(self) -> bool:
        """Whether this screening lets a session start."""
        return self.outcome in PASSING

    @property
    def doctor_cleared_on(self) -> date | None:
        """The latest doctor's clearance of a pass that needed one, else None."""
        if self.outcome is not Outcome.CLEARED_BY_DOCTOR:
            return None
        return max(self.cleared.values())


def _outcome_of(answers: Mapping[str, bool], cleared: Mapping[str, date], said: Outcome) -> Outcome:
    """The outcome ``answers`` and ``cleared`` allow: emergency and see-a-doctor look alike
    here (only the questions know the tier), so ``said`` decides between them."""
    yes = [qid for qid, present in answers.items() if present]
    if not yes:
        return Outcome.CLEAR
    if all(qid in cleared for qid in yes):
        return Outcome.CLEARED_BY_DOCTOR
    return said if said in (Outcome.EMERGENCY, Outcome.SEE_DOCTOR) else Outcome.SEE_DOCTOR


def fits(text: ScreeningText, record: ScreeningRecord) -> bool:
    """Whether ``record`` answers exactly the questions of ``text``, with the outcome they
    give: an emergency sign is never cleared, and "emergency" means one was answered yes."""
    questions = {q.id: q for q in text.questions}
    if set(record.answers) != set(questions):
        return False
    if any(questions[qid].severity is Severity.EMERGENCY for qid in record.cleared):
        return False
    emergency = any(
        present and questions[qid].severity is Severity.EMERGENCY
        for qid, present in record.answers.items()
    )
    return emergency == (record.outcome is Outcome.EMERGENCY)


@dataclass(frozen=True)
class RememberedAnswer:
    """A remembered question's answer, since when it has stood, and its clearance if any."""

    yes: bool
    since: date
    cleared_on: date | None = None


def said_of(kept: RememberedAnswer) -> str:
    """A remembered answer in words, as the app and plain mode list it."""
    if not kept.yes:
        return f"No (since {kept.since.isoformat()})"
    if kept.cleared_on is not None:
        return f"Yes; a doctor cleared it on {kept.cleared_on.isoformat()}"
    return "Yes; see a doctor first"


@dataclass(frozen=True)
class Remembered:
    """What the earlier screenings left standing: the remembered questions' answers, and the
    signs a doctor has cleared (remembered or asked each day)."""

    answers: Mapping[str, RememberedAnswer] = field(default_factory=dict)
    cleared: Mapping[str, date] = field(default_factory=dict)


def remembered_from(records: Iterable[ScreeningRecord], text: ScreeningText) -> Remembered:
    """What stands after ``records`` (oldest first): for each question, the latest record
    that answered it says how it stands; a remembered answer stands since the record that
    first gave it. An emergency sign is never remembered nor cleared."""
    answers: dict[str, RememberedAnswer] = {}
    cleared: dict[str, date] = {}
    kinds = {q.id: q for q in text.questions}
    for record in records:
        day = record.taken_at.date()
        for qid, yes in record.answers.items():
            question = kinds.get(qid)
            if question is None or question.severity is Severity.EMERGENCY:
                continue
            on = record.cleared.get(qid)
            if on is not None:
                cleared[qid] = on
            else:
                cleared.pop(qid, None)
            if question.remembered:
                before = answers.get(qid)
                since = before.since if before is not None and before.yes is yes else day
                answers[qid] = RememberedAnswer(yes, since, on)
    return Remembered(answers, cleared)


class Screening:
    """One sitting's answers. Nothing is pre-answered; an emergency "yes" cannot be taken back.

    With ``remembered`` (what earlier screenings left standing) a question about the past
    that has a remembered answer is not asked again, unless ``review`` asks every question.
    A sign a doctor has cleared is asked as "has it changed or got worse since?": yes, it
    blocks again until a doctor clears it again; no, it stays cleared. ``notes`` are facts
    shown beside a question (the two-week rule's days of pain).
    """

    def __init__(
        self,
        text: ScreeningText,
        remembered: Remembered | None = None,
        *,
        review: bool = False,
        notes: Mapping[str, str] | None = None,
    ) -> None:
        self.text = text
        self.remembered = remembered or Remembered()
        self.reviewing = review
        self._questions = {q.id: q for q in text.questions}
        kept = {} if review else self.remembered.answers
        self.asked: tuple[Question, ...] = tuple(q for q in text.questions if q.id not in kept)
        self.kept: dict[str, RememberedAnswer] = {
            q.id: kept[q.id] for q in text.questions if q.id in kept
        }
        self._answers: dict[str, bool | None] = dict.fromkeys(q.id for q in self.asked)
        self._standing = {
            qid: on
            for qid, on in self.remembered.cleared.items()
            if qid in self._questions and self._questions[qid].severity is Severity.SEE_DOCTOR
        }
        self._notes = dict(notes or {})
        self._cleared_on: date | None = None

    def answer(self, question_id: str, yes: bool) -> None:
        """Record an explicit yes/no. Changing an answer withdraws any doctor clearance."""
        question = self._questions.get(question_id)
        if question is None:
            raise ScreeningError(f"no such question: {question_id!r}")
        if question_id not in self._answers:
            raise ScreeningError(f"{question_id!r} is remembered: review to change it")
        if type(yes) is not bool:
            raise TypeError("an answer must be True or False")
        previous = self._answers[question_id]
        if question.severity is Severity.EMERGENCY and previous is True and not yes:
            raise ScreeningError("an emergency answer cannot be taken back in this sitting")
        if previous is not yes:
            self._cleared_on = None
        self._answers[question_id] = yes

    def add_note(self, question_id: str, note: str) -> None:
        """Show ``note`` beside a question (a fact known only once the history is read)."""
        if question_id in self._questions:
            self._notes[question_id] = note

    @property
    def notes(self) -> dict[str, str]:
        """The facts given for questions (not the clearances: those come from ``remembered``)."""
        return dict(self._notes)

    def standing_clearance(self, question_id: str) -> date | None:
        """When a doctor cleared this sign, if that clearance stands going into this one."""
        return self._standing.get(question_id)

    def note(self, question_id: str) -> str:
        """What is shown beside a question asked: a standing clearance, a fact from history."""
        lines = []
        if question_id in self._notes:
            lines.append(self._notes[question_id])
        on = self._standing.get(question_id)
        if on is not None:
            lines.append(
                f"A doctor cleared this on {on.isoformat()}. Answer Yes only if it has "
                "changed or got worse since then."
            )
        return "\n".join(lines)

    @property
    def answers(self) -> dict[str, bool | None]:
        """Every question asked, in order, with its answer or None."""
        return dict(self._answers)

    def signs(self) -> dict[str, bool | None]:
        """Every question, in order: whether the sign stands (asked now or remembered),
        None while unanswered. A cleared sign answered "not changed" still stands."""
        out: dict[str, bool | None] = {}
        for q in self.text.questions:
            if q.id in self.kept:
                out[q.id] = self.kept[q.id].yes
            else:
                reply = self._answers[q.id]
                out[q.id] = True if reply is False and q.id in self._standing else reply
        return out

    def _cleared(self) -> dict[str, date]:
        """The signs standing as cleared: earlier clearances not said to have changed."""
        return {
            qid: on
            for qid, on in self._standing.items()
            if qid in self.kept or self._answers.get(qid) is False
        }

    @property
    def unanswered(self) -> list[Question]:
        """The questions asked still without an answer, in order."""
        return [q for q in self.asked if self._answers[q.id] is None]

    @property
    def all_answered(self) -> bool:
        """Whether every question asked has an explicit answer."""
        return None not in self._answers.values()

    @property
    def has_emergency(self) -> bool:
        """Whether an emergency sign has been answered yes (even before all are answered)."""
        return any(q.severity is Severity.EMERGENCY for q in self.flagged())

    @property
    def doctor_cleared_on(self) -> date | None:
        """The date of the doctor-clearance confirmation in this screening, if any."""
        return self._cleared_on

    def flagged(self) -> list[Question]:
        """The signs that block, in order: answered yes (or remembered yes) and not cleared."""
        cleared = self._cleared()
        return [
            q
            for q, present in zip(self.text.questions, self.signs().values(), strict=True)
            if present and q.id not in cleared
        ]

    def outcome(self) -> Outcome | None:
        """None until every question asked is answered; an emergency beats see-a-doctor."""
        if not self.all_answered:
            return None
        if self.has_emergency:
            return Outcome.EMERGENCY
        if self.flagged():
            return Outcome.SEE_DOCTOR if self._cleared_on is None else Outcome.CLEARED_BY_DOCTOR
        if any(self.signs().values()):
            return Outcome.CLEARED_BY_DOCTOR  # every sign there is, a doctor has cleared
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
        cleared = self._cleared()
        if self._cleared_on is not None:
            cleared.update(dict.fromkeys((q.id for q in self.flagged()), self._cleared_on))
        answers = {k: bool(v) for k, v in self.signs().items()}
        return ScreeningRecord(taken_at, answers, outcome, cleared)


PERSISTING_QUESTION = "long-lasting-spasms"  # the question the two-week rule speaks to


def persisting_note(first: date, last: date) -> dict[str, str]:
    """The two-week rule's fact, for the question it speaks to (``core.progress``'s
    ``persisting_pain`` finds the days)."""
    return {
        PERSISTING_QUESTION: f"Your check-ins show pain on days from {first.isoformat()} to "
        f"{last.isoformat()}."
    }


def history_result(record: ScreeningRecord) -> ScreeningResult:
    """A kept screening as the history store keeps it: its date, outcome, and as detail its
    answers and clearances (JSON)."""
    from stretchtimer.core.records import ScreeningResult

    detail = {
        "answers": record.answers,
        "cleared": {qid: on.isoformat() for qid, on in record.cleared.items()},
    }
    return ScreeningResult(record.taken_at, record.outcome.value, json.dumps(detail))


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
