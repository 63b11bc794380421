"""Plain mode's "this hurts": ``h`` + Enter stops the session and asks the same short question
as the app, with the pain score, then says the same words (``core.pain``, the guide's advice)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, TextIO

from stretchtimer.core import advice
from stretchtimer.core.pain import (
    HURT_CHOICES,
    HURT_QUESTION,
    ONE_LEG_NOTE,
    WORSE_DURING_TITLE,
    HurtKind,
    emergency_signs,
    hurt_kind,
    pain_question,
    worse_than_start,
)
from stretchtimer.core.records import read_pain_answer
from stretchtimer.core.safe_text import printable

if TYPE_CHECKING:
    from stretchtimer.core.gate import SessionGate


class Lines(Protocol):
    def readline(self) -> str: ...

    def isatty(self) -> bool: ...


def read_answer(lines: Lines, stdout: TextIO) -> str:
    """The next answer; a piped one is echoed (as the screening does), one line each, escaped."""
    answer = lines.readline()
    if not lines.isatty():
        print(printable(answer.strip()), file=stdout)
    return answer


PAIN_HINT = "Please answer a whole number from 0 to 10, or Enter to skip."


def read_score(read: Callable[[], str], stdout: TextIO) -> int | None:
    """A pain score from the answers ``read`` gives, the question asked again after one that
    is not a score (``11``, ``five``): never taken as a skip. None for Enter or end of input."""
    while True:
        answer = read()
        if not answer.strip():
            return None
        score = read_pain_answer(answer)
        if score is not None:
            return score
        print(PAIN_HINT, file=stdout)
        print(pain_question(), end="", file=stdout, flush=True)


def hurt_question(signs: list[str]) -> str:
    """The question with its choices, one a line, the emergency signs listed under theirs."""
    lines = [HURT_QUESTION]
    for _kind, key, words in HURT_CHOICES:
        lines.append(f"  {key}  {words}")
    lines.extend(f"       - {sign}" for sign in signs)
    return "\n".join(lines)


def ask_hurt(
    gate: SessionGate,
    lines: Lines,
    stdout: TextIO,
    before: int | None,
    emergency_number: str = "",
) -> tuple[HurtKind | None, int | None]:
    """Ask the score and what it is; act on the answer through ``gate``; print the advice.

    Returns (what it is, the score); None for what was not answered (end of input, Enter).
    """
    from stretchtimer.plain.screening_prompt import emergency_lines

    print(advice.HURT_TITLE, file=stdout)
    print(pain_question(), end="", file=stdout, flush=True)
    score = read_score(lambda: read_answer(lines, stdout), stdout)
    print(hurt_question(emergency_signs(gate.text.questions)), file=stdout)
    kind: HurtKind | None = None
    while True:
        print("Answer s, l or e (Enter: none of these): ", end="", file=stdout, flush=True)
        answer = read_answer(lines, stdout)
        kind = hurt_kind(answer)
        if kind is not None or not answer.strip():
            break
    if kind is HurtKind.EMERGENCY:
        gate.signs_during_session(emergency=True)
        print(f"\n{emergency_lines(gate.text, emergency_number)}", file=stdout, end="")
        return kind, score
    if kind is HurtKind.ONE_LEG:
        gate.signs_during_session(emergency=False)
        print(ONE_LEG_NOTE, file=stdout)
    if worse_than_start(before, score):
        print(WORSE_DURING_TITLE, file=stdout)
    for line in (*advice.HURT_ADVICE, advice.DISCLAIMER):
        print(f"  {line}", file=stdout)
    return kind, score
