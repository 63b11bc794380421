"""Shown when a person presses "this hurts": the session has stopped; the guide's advice."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from stretchtimer.app.widgets.footer import Footer
from stretchtimer.core.advice import DISCLAIMER, HURT_ADVICE, HURT_TITLE


class HurtScreen(Screen[None]):
    """The guide's advice to stop movements that hurt, and when to see a doctor."""

    BINDINGS = [Binding("escape,enter,q", "close", "Back to routines", key_display="esc")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="hurt"):
            yield Static(HURT_TITLE, id="hurt-title")
            for advice in HURT_ADVICE:
                yield Static(f"• {advice}", classes="advice")
            yield Static(DISCLAIMER, classes="disclaimer")
        yield Footer()

    def action_close(self) -> None:
        """Back to the routines."""
        self.dismiss()
