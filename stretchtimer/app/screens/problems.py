"""Problems: every error of a routine file that could not be loaded, in full."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from stretchtimer.app.widgets.footer import Footer
from stretchtimer.core.catalog import BrokenRoutine
from stretchtimer.core.safe_text import printable


def errors_title(broken: BrokenRoutine) -> str:
    """The file's errors counted, and its name: "3 errors in my-routine.yaml"."""
    count = len(broken.diagnostics)
    return f"{count} error{'s' if count != 1 else ''} in {printable(broken.path.name)}"


class ProblemsScreen(ModalScreen[None]):
    """A broken routine's errors, each in full and wrapped, to scroll through (``d`` on home)."""

    # Its own rules, parsed when first shown (stretchtimer.tcss's header says why).
    SCOPED_CSS = False
    DEFAULT_CSS = """
    ProblemsScreen { align: center middle; }
    #problems { width: 90%; height: 90%; border: round $error; background: $surface; padding: 0 1; }
    #problems-title { color: $text-error; }
    #problems-scroll { height: 1fr; }
    #problems-hint { color: $text-muted; margin-top: 1; }
    """

    BINDINGS = [Binding("escape,d,q", "close", "Close", key_display="esc")]

    def __init__(self, broken: BrokenRoutine) -> None:
        super().__init__()
        self.broken = broken

    def compose(self) -> ComposeResult:
        with Vertical(id="problems"):
            yield Static(Content.styled(errors_title(self.broken), "bold"), id="problems-title")
            with VerticalScroll(id="problems-scroll"):
                yield Static(
                    "\n".join(str(d) for d in self.broken.diagnostics),
                    id="problems-body",
                    markup=False,
                )
                yield Static(
                    "Fix the file, then press ctrl+r on the list to read it again.",
                    id="problems-hint",
                )
        yield Footer()

    def action_close(self) -> None:
        """Back to the routines."""
        self.dismiss()
