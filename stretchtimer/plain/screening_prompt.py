"""The red-flag screening as plain questions and answers on a text stream.

It only asks and prints: the gate (``core.gate``) acts on each answer as it is given.
"""

from __future__ import annotations

from typing import TextIO

from stretchtimer.core.gate import GatedScreening
from stretchtimer.core.safe_text import printable
from stretchtimer.core.screening import Outcome, ScreeningText, said_of

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
            # piped answers are not echoed: keep one line each, escaped like a file's text
            output.write(f"{printable(reply)}\n")
        if reply in _YES or reply in _NO:
            return reply in _YES
        output.write(f"{_HINT}\n")


def emergency_lines(text: ScreeningText, emergency_number: str = "") -> str:
    """The emergency advice as the app shows it: the heading, what to do now, the guide's words."""
    how = text.emergency_how(emergency_number)
    return f"{text.emergency_heading}\n{how}\n\n{text.emergency_message}\n"


def remembered_lines(screening: GatedScreening) -> str:
    """The remembered answers, not asked again, and how to review them ("" when none)."""
    if screening.reviewing:
        return "Reviewing every question, the remembered ones too.\n\n"
    if not screening.kept:
        return ""
    questions = {q.id: q for q in screening.text.questions}
    lines = ["Remembered from earlier screenings, not asked again (--review-answers asks them):"]
    for qid, kept in screening.kept.items():
        lines.append(f"  - {questions[qid].text} {said_of(kept)}")
    return "\n".join(lines) + "\n\n"


def ask_screening(
    screening: GatedScreening, input: TextIO, output: TextIO, emergency_number: str = ""
) -> None:
    """Ask every question in turn, then the clearance where it applies; stop if input ends.

    An emergency "yes" shows the emergency advice at once and asks nothing more. The caller
    reads the result from ``screening`` (``has_emergency``, ``all_answered``, ``can_start``).
    """
    text = screening.text
    output.write(f"{text.disclaimer}\n{text.unsure_advice}\n\n")
    output.write(remembered_lines(screening))
    for question in screening.asked:
        note = screening.note(question.id)
        if note:
            output.write(f"{note}\n")
        yes = _ask(question.text, input, output)
        if yes is None:
            return
        screening.answer(question.id, yes)
        if screening.has_emergency:
            output.write(f"\n{emergency_lines(text, emergency_number)}")
            output.flush()
            return
    if screening.outcome() is Outcome.SEE_DOCTOR:
        output.write("\n")
        for question in screening.flagged():
            output.write(f"{question.advice}\n\n")
        if _ask(text.clearance_prompt, input, output):
            screening.confirm_doctor_clearance()
    screening.finish()
