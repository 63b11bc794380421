"""The pain check-in before a session: one line at the foot of the screen, over what was
there; it closes with the score (None: skipped) and the session starts."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Static

from stretchtimer.app.messages import CheckInLeft
from stretchtimer.app.widgets.pain_line import PainLine


class PainPrompt(ModalScreen[int | None]):
    """ "Pain now, 0-10 (Enter to skip)": a digit answers, Enter or Esc skips. Above it, the
    routine that starts next (``run ROUTINE`` shows nothing else behind it), and q to go back
    without it: the only way out that starts no session (Enter and Esc skip the check-in,
    and the session starts)."""

    BINDINGS = [Binding("q", "leave", "Back to routines")]

    # Its own rules, parsed when first shown (stretchtimer.tcss's header says why).
    SCOPED_CSS = False
    DEFAULT_CSS = """
    PainPrompt { align: left bottom; background: $background 40%; }
    #pain-prompt, #pain-next {
        width: 100%; height: auto; padding: 0 1; background: $primary-background;
    }
    #pain-next { text-style: bold; }
    #pain-prompt:focus { text-style: bold; }
    """

    def __init__(self, routine_name: str) -> None:
        super().__init__()
        self.routine_name = routine_name

    def compose(self) -> ComposeResult:
        yield Static(f"Next: {self.routine_name} (q: not now)", id="pain-next", markup=False)
        yield PainLine(id="pain-prompt")

    def on_mount(self) -> None:
        self.query_one(PainLine).focus()

    @on(PainLine.Answered)
    def _answered(self, event: PainLine.Answered) -> None:
        self.dismiss(event.score)

    def action_leave(self) -> None:
        """Back, no session: closed without its result (which would start it)."""
        self.app.post_message(CheckInLeft())
        self.app.pop_screen()
