"""Screens whose layout follows the terminal's size through Textual's breakpoint classes."""

from __future__ import annotations

from typing import TypeVar

from textual.screen import Screen

ResultType = TypeVar("ResultType")


def breakpoint_class(size: int, breakpoints: list[tuple[int, str]] | None) -> str | None:
    """The class of the largest breakpoint ``size`` reaches, as Textual chooses it."""
    reached = [(limit, name) for limit, name in breakpoints or () if size >= limit]
    return max(reached)[1] if reached else None


class SizedScreen(Screen[ResultType]):
    """A screen that has its breakpoint classes from the start.

    Textual sets them on the screen's first resize, after its widgets are styled: a class
    set then styles the whole screen a second time before its first frame. Given at
    construction, from the terminal's size, the first resize finds them already right.
    """

    def __init__(self) -> None:
        super().__init__()
        width, height = self.app.size
        for size, breakpoints in (
            (width, self.HORIZONTAL_BREAKPOINTS or self.app.HORIZONTAL_BREAKPOINTS),
            (height, self.VERTICAL_BREAKPOINTS or self.app.VERTICAL_BREAKPOINTS),
        ):
            name = breakpoint_class(size, breakpoints)
            if name is not None:
                self.add_class(name)
