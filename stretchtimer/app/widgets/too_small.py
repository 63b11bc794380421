"""Below the smallest supported size, one notice instead of a clipped screen, on every screen.

The app sets the class ``-too-small`` on itself when the terminal is smaller than
:data:`MIN_SIZE`; the stylesheet then hides every screen's own widgets and shows its
:class:`TooSmallNotice`, mounted into the screen shown the first time it is needed. Nothing
else changes: a session keeps its time on the engine's clock, and its screen shows the right
countdown as soon as the terminal is large enough again.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import App
from textual.geometry import Size
from textual.screen import Screen
from textual.widget import Widget

MIN_SIZE = Size(40, 12)
TOO_SMALL_CLASS = "-too-small"


def too_small(size: Size) -> bool:
    """Whether ``size`` is below the smallest size every screen is laid out for."""
    return size.width < MIN_SIZE.width or size.height < MIN_SIZE.height


class TooSmallNotice(Widget):
    """Says the terminal is too small and how large it must be (hidden unless it is)."""

    def render(self) -> Text:
        return Text(
            f"Terminal too small (need {MIN_SIZE.width}x{MIN_SIZE.height})", justify="center"
        )


class SizeGuard:
    """Keeps the app's ``-too-small`` class and the shown screen's notice in step with the
    terminal's size: call :meth:`check` on every resize and every change of screen."""

    def __init__(self, app: App[Any]) -> None:
        self._app = app

    def check(self, screen: Screen[Any] | None = None, size: Size | None = None) -> None:
        """Show or hide the notice for ``size`` (the app's) on ``screen`` (the one shown)."""
        small = too_small(size or self._app.size)
        self._app.set_class(small, TOO_SMALL_CLASS)
        if small:
            self._notice_in(screen or self._app.screen)

    @staticmethod
    def _notice_in(screen: Screen[Any]) -> None:
        if not screen.query_children(TooSmallNotice):
            screen.mount(TooSmallNotice())
