"""Compiler-style diagnostics: ``FILE:LINE:COL: error: message``."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from stretchtimer.core.safe_text import printable


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem in one file, at a 1-based line and column; as text, one line that is
    safe to print (control characters in the file name or the message are escaped)."""

    file: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return printable(f"{self.file}:{self.line}:{self.column}: error: {self.message}")


class RoutineError(Exception):
    """A file could not be loaded; carries every problem found in it."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = sorted(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))


_CLIP = 40  # characters of a value quoted in a message


def clip(text: str, limit: int = _CLIP) -> str:
    """``text`` to quote in a message: control characters escaped, at most ``limit`` long."""
    text = printable(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def suggest(word: str, choices: Iterable[str], n: int = 1) -> str:
    """``; did you mean 'x'?`` with the ``n`` closest choices (ties in order), or ``""``."""
    scored = []
    for choice in sorted(choices) if len(word) <= 100 else ():
        matcher = difflib.SequenceMatcher(None, word, choice)
        if matcher.real_quick_ratio() >= 0.6 and (ratio := matcher.ratio()) >= 0.6:
            scored.append((-ratio, choice))
    close = [choice for _, choice in sorted(scored)[:n]]
    if not close:
        return ""
    quoted = [f"'{c}'" for c in close]
    names = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]
    return f"; did you mean {names}?"
