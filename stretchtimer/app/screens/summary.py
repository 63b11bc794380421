"""Summary: what was done and what was not, and the time spent."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from stretchtimer.core.durations import format_clock
from stretchtimer.core.engine import SessionSummary


def summary_lines(summary: SessionSummary) -> list[str]:
    """One line per exercise: done, partly done, or not done (skipped, or not reached before
    the session was stopped: "skipped" would be wrong for the second)."""
    lines = []
    for step in summary.steps:
        if step.holds_done == step.holds_total:
            mark = "✓ done"
        elif step.holds_done == 0:
            mark = "– not done"
        else:
            mark = f"◐ {step.holds_done} of {step.holds_total} holds"
        lines.append(f"{step.name:<32} {mark}")
    return lines


class SummaryScreen(Screen[None]):
    """The end of a session."""

    BINDINGS = [Binding("escape,enter,q", "close", "Back to routines", key_display="enter")]

    def __init__(self, summary: SessionSummary, *, completed: bool) -> None:
        super().__init__()
        self.summary = summary
        self.completed = completed

    def compose(self) -> ComposeResult:
        title = "Well done: routine complete" if self.completed else "Session stopped"
        with VerticalScroll(id="summary"):
            name = self.summary.routine_name  # the user's text: never read as markup
            yield Static(f"{title}\n{name}", id="summary-title", markup=False)
            yield Static("\n".join(summary_lines(self.summary)), id="summary-steps", markup=False)
            yield Static(
                f"Time spent: {format_clock(self.summary.active_seconds)}", id="summary-time"
            )
        yield Footer()

    def action_close(self) -> None:
        """Back to the routines."""
        self.dismiss()
