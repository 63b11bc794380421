"""Details: the phases a routine will run, with their times and the total."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from stretchtimer.app.app import stretch_app
from stretchtimer.app.widgets.footer import Footer
from stretchtimer.core.model import Routine
from stretchtimer.core.timeline import compile_timeline, describe, describe_cautions


class DetailsScreen(ModalScreen[None]):
    """A routine's cautions and timeline, as ``stretchtimer show`` prints them."""

    # Its own rules, parsed when first shown (stretchtimer.tcss's header says why).
    SCOPED_CSS = False
    DEFAULT_CSS = """
    DetailsScreen { align: center middle; }
    #details {
        width: 90%; height: 90%; border: round $primary; background: $surface; padding: 0 1;
    }
    #details-title { margin-bottom: 1; }
    """

    BINDINGS = [
        Binding("enter,s", "start", "Start", key_display="⏎"),
        Binding("escape,d,q", "close", "Close", key_display="esc"),
    ]

    def __init__(self, routine: Routine) -> None:
        super().__init__()
        self.routine = routine

    def compose(self) -> ComposeResult:
        timeline = compile_timeline(self.routine)
        with Vertical(id="details"):
            yield Static(Content.styled(self.routine.name, "bold"), id="details-title")
            with VerticalScroll():
                lines = [*describe_cautions(timeline), *describe(timeline)]
                yield Static("\n".join(lines), id="details-body", markup=False)
        yield Footer()  # its own keys, not those of the home screen behind it

    def action_start(self) -> None:
        """Start this routine (behind the screening), as enter on home does."""
        self.dismiss()
        stretch_app(self).begin_session(self.routine)

    def action_close(self) -> None:
        """Close the details."""
        self.dismiss()
