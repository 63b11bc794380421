"""The red-flag screening as plain questions and answers on a text stream."""

from __future__ import annotations

from datetime import date
from typing import TextIO

from stretchtimer.core.screening import Outcome, Screening, ScreeningText

_YES = {"y", "yes"}
_NO = {"n", "no"}
_HINT = "Please answer y (yes) or n (no)."


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _ask(prompt: str, input: TextIO, output: TextIO) -> bool | None:
    """Ask until the answer is yes or no; None at end of input."""
    while True:
        output.write(f"{prompt} [y/n] ")
        output.flush()
        line = input.readline()
        if not line:
            output.write("\n")
            return None
        reply = line.strip().lower()
        if not _is_terminal(input):
            output.write(f"{reply}\n")  # piped answers are not echoed: keep one line each
        if reply in _YES or reply in _NO:
            return reply in _YES
        output.write(f"{_HINT}\n")


def ask_screening(
    text: ScreeningText, input: TextIO, output: TextIO, today: date
) -> Screening | None:
    """Ask every question; None if input ends first. The caller checks ``can_start``."""
    output.write(f"{text.disclaimer}\n{text.unsure_advice}\n\n")
    screening = Screening(text)
    for question in text.questions:
        yes = _ask(question.text, input, output)
        if yes is None:
            return None
        screening.answer(question.id, yes)
    outcome = screening.outcome()
    if outcome is Outcome.EMERGENCY:
        output.write(f"\n{text.emergency_message}\n")
    elif outcome is Outcome.SEE_DOCTOR:
        output.write("\n")
        for question in screening.flagged():
            output.write(f"{question.advice}\n\n")
        if _ask(text.clearance_prompt, input, output):
            screening.confirm_doctor_clearance(today)
    return screening
