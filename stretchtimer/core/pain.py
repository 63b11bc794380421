"""The pain rules shared by the app and plain mode: the check-in's words, when a score calls
for the guide's advice, and what each answer to "this hurts" leads to. Pure.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from stretchtimer.core.screening import Question, Severity

WORSE_BY = 3  # points above the score before that call for the advice
SEVERE = 8  # an "after" score this high calls for it on its own

PAIN_PROMPT = "Pain now, 0-10 (Enter to skip)"
PAIN_SCALE = "0 no pain, 5 moderate, 10 worst imaginable"

WORSE_TITLE = "Your pain is worse after this session. From the guide:"
WORSE_DURING_TITLE = "Your pain is well above where it was when you started. From the guide:"
OFFER = "A gentler routine may help: the spasm relief routine, or ice then heat."
GENTLER = (("spasm-relief", "Spasm relief"), ("ice-heat", "Ice then heat"))  # (id, name)


def pain_question() -> str:
    """The one-line check-in as plain mode asks it (the app shows the same words)."""
    return f"{PAIN_PROMPT}; {PAIN_SCALE}: "


def worse_after(before: int | None, after: int | None) -> bool:
    """An "after" score that calls for the guide's advice: 8 or more, or 3 or more above
    the score before."""
    if after is None:
        return False
    return after >= SEVERE or (before is not None and after - before >= WORSE_BY)


def worse_than_start(before: int | None, now: int | None) -> bool:
    """A score given with "this hurts" that is 3 or more above the session's starting one."""
    return before is not None and now is not None and now - before >= WORSE_BY


class HurtKind(StrEnum):
    """What "this hurts" turned out to be (stored as the pain event's note)."""

    STRETCH = "stretch"  # pain at the stretch: the guide's advice
    ONE_LEG = "one-leg"  # numbness, tingling or weakness in one leg: screen again next time
    EMERGENCY = "emergency"  # one of the emergency signs: the emergency advice, no session


HURT_QUESTION = "What is it?"
HURT_CHOICES: tuple[tuple[HurtKind, str, str], ...] = (  # (kind, key, words)
    (HurtKind.STRETCH, "s", "Pain at the stretch"),
    (HurtKind.ONE_LEG, "l", "Numbness, tingling or weakness in ONE leg or foot"),
    (HurtKind.EMERGENCY, "e", "Yes to one of these emergency questions:"),
)
ONE_LEG_NOTE = (
    "Numbness, tingling or weakness in one leg is a reason to see a doctor. The red-flag "
    "questions will be asked again before your next session."
)


def emergency_signs(questions: Sequence[Question]) -> list[str]:
    """The emergency signs in the screening's own words (its emergency questions), so the
    two never disagree."""
    return [q.text for q in questions if q.severity is Severity.EMERGENCY]


def hurt_kind(answer: str) -> HurtKind | None:
    """The kind an answer names (its key, as ``s``, ``l``, ``e``), or None."""
    answer = answer.strip().lower()
    for kind, key, _words in HURT_CHOICES:
        if answer == key:
            return kind
    return None
