"""Details: the phases a routine will run, with their times and the total."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from stretchtimer.core.model import Routine
from stretchtimer.core.timeline import compile_timeline, describe


class DetailsScreen(ModalScreen[None]):
    """A routine's timeline, as ``stretchtimer show`` prints it."""

    BINDINGS = [Binding("escape,d,q", "close", "Close")]

    def __init__(self, routine: Routine) -> None:
        super().__init__()
        self.routine = routine

    def compose(self) -> ComposeResult:
        timeline = compile_timeline(self.routine)
        with Vertical(id="details"):
            yield Static(f"[b]{self.routine.name}[/b]  (esc to close)", id="details-title")
            with VerticalScroll():
                yield Static("\n".join(describe(timeline)), id="details-body", markup=False)

    def action_close(self) -> None:
        """Close the details."""
        self.dismiss()
