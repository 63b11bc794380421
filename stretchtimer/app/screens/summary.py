"""Summary: what was done and what was not, and the time spent."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from stretchtimer.app.widgets.footer import Footer
from stretchtimer.core.durations import format_clock
from stretchtimer.core.engine import SessionSummary


def summary_title(summary: SessionSummary) -> str:
    """Complete, finished with parts skipped (skipped to the end), or stopped."""
    if summary.completed:
        return "Well done: routine complete"
    if summary.reached_end:
        return "Routine finished, some parts skipped"
    return "Session stopped"


def summary_lines(summary: SessionSummary) -> list[str]:
    """One line per exercise: done, partly done, skipped (every hold passed over with skip),
    or not done (not reached before the session was stopped, or stopped in its hold)."""
    width = min(max((len(step.name) for step in summary.steps), default=0), 32)
    lines = []
    for step in summary.steps:
        if step.holds_done == step.holds_total:
            mark = "✓ done"
        elif step.holds_skipped == step.holds_total:
            mark = "» skipped"
        elif step.holds_done == 0:
            mark = "– not done"
        else:
            mark = f"◐ {step.holds_done} of {step.holds_total} holds"
            if step.holds_skipped:
                mark += f", {step.holds_skipped} skipped"
        lines.append(f"{step.name:<{width}}  {mark}")  # the marks in a column
    return lines


class SummaryScreen(Screen[None]):
    """The end of a session."""

    BINDINGS = [Binding("escape,enter,q", "close", "Back to routines", key_display="enter")]

    def __init__(self, summary: SessionSummary) -> None:
        super().__init__()
        self.summary = summary

    def compose(self) -> ComposeResult:
        title = summary_title(self.summary)
        with VerticalScroll(id="summary"):
            name = self.summary.routine_name  # the user's text: never read as markup
            if self.summary.easier:
                name += " (the easier version)"
            yield Static(f"{title}\n{name}", id="summary-title", markup=False)
            yield Static("\n".join(summary_lines(self.summary)), id="summary-steps", markup=False)
            yield Static(
                f"Time spent: {format_clock(self.summary.active_seconds)}", id="summary-time"
            )
        yield Footer()

    def action_close(self) -> None:
        """Back to the routines."""
        self.dismiss()
