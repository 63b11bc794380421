"""Compiler-style diagnostics: ``FILE:LINE:COL: error: message``."""

from __future__ import annotations

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
