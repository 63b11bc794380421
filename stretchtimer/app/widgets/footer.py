"""The footer of every screen: Textual's, rebuilt only when the keys it shows change."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer as TextualFooter

Shown = tuple[tuple[Any, ...], ...]


class Footer(TextualFooter):
    """Textual's footer, recomposed only when what it would show changes.

    Textual's recomposes on every change of the screen's bindings (each focus change, each
    ``refresh_bindings``), and the keys it replaces stay alive as long as the footer does:
    each is still in the footer's watchers of ``compact`` (``data_bind``; Textual issue
    #6666). Answering the screening's questions left some 110 of them, 2.7 MB traced, in
    the peak memory of the hold that follows (docs/performance.md). The keys are the same
    for most of those changes (a question's own keys are not shown), so the footer is left
    as it is then: it shows the same thing.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._shown: Shown | None = None  # what the last recompose showed

    def bindings_changed(self, screen: Screen[Any]) -> None:
        """Recompose as Textual's footer does, unless it would show the same keys."""
        recomposes = screen.app.app_focus and self.is_attached and screen is self.screen
        shown = keys_shown(screen, self.app.COMMAND_PALETTE_BINDING)
        if recomposes and shown == self._shown:
            return
        if recomposes:
            self._shown = shown
        super().bindings_changed(screen)


def keys_shown(screen: Screen[Any], palette_key: str) -> Shown:
    """What a footer of ``screen`` shows: each key shown (and the palette's), whether it is
    enabled, and its tooltip."""
    return tuple(
        (key, binding, enabled, tooltip)
        for key, (_node, binding, enabled, tooltip) in screen.active_bindings.items()
        if binding.show or key == palette_key
    )
