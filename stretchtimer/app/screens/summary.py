"""Summary: what was done and what was not, and the time spent."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from stretchtimer.app.app import stretch_app
from stretchtimer.app.widgets.footer import Footer
from stretchtimer.app.widgets.pain_line import PainLine
from stretchtimer.core.advice import DISCLAIMER, HURT_ADVICE
from stretchtimer.core.durations import format_clock
from stretchtimer.core.engine import SessionSummary
from stretchtimer.core.errors import RoutineError
from stretchtimer.core.pain import GENTLER, OFFER, WORSE_TITLE, worse_after

if TYPE_CHECKING:
    from stretchtimer.app.messages import PainJournal


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


def worse_advice() -> list[str]:
    """What the summary shows when the pain after calls for it: the guide's advice, the offer."""
    keys = "Press s for the spasm relief routine, or i for ice then heat."
    return [WORSE_TITLE, *(f"• {line}" for line in HURT_ADVICE), f"{OFFER} {keys}", DISCLAIMER]


class SummaryScreen(Screen[None]):
    """The end of a session; with check-ins, one line asks for the pain now (a digit
    answers, Enter or Esc skips and goes back). A score that calls for it shows the guide's
    advice and offers the gentler routines, each a key away (through the gate)."""

    # Its own rules, parsed when first shown (stretchtimer.tcss's header says why).
    SCOPED_CSS = False
    DEFAULT_CSS = """
    #summary { padding: 1 2; }
    #summary-title { text-style: bold; margin-bottom: 1; }
    #summary-time { margin-top: 1; }
    #summary-pain { margin-top: 1; }
    #summary-pain:focus { text-style: bold; }
    #worse { margin-top: 1; height: auto; }
    """

    BINDINGS = [  # the offer first: a narrow footer cuts the keys at its right
        Binding("s", "gentler(0)", "Spasm relief"),
        Binding("i", "gentler(1)", "Ice then heat"),
        Binding("escape,enter,q", "close", "Back to routines", key_display="enter"),
    ]

    def __init__(
        self,
        summary: SessionSummary,
        *,
        check_in: bool = False,
        before: int | None = None,
        journal: PainJournal | None = None,
    ) -> None:
        super().__init__()
        self.summary = summary
        self.check_in = check_in
        self.before = before
        self.journal = journal
        self.offered = False  # the advice and the gentler routines are shown

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
            if self.check_in:
                yield PainLine(id="summary-pain")
                with Vertical(id="worse"):
                    for line in worse_advice():
                        yield Static(line, classes="advice", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        if self.check_in:
            self.query_one("#worse").display = False
            self.query_one(PainLine).focus()

    @on(PainLine.Answered)
    def _pain_after(self, event: PainLine.Answered) -> None:
        """Record the score (off the loop); the advice if it calls for it; a skip goes back."""
        if event.score is None:
            self.dismiss()
            return
        if self.journal is not None:
            self.journal.check_in(event.score, "after")
        if worse_after(self.before, event.score):
            self.offered = True
            self.query_one("#worse").display = True
            self.refresh_bindings()
            worse = self.query_one("#worse")
            self.call_after_refresh(worse.scroll_visible, top=True, animate=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The gentler routines are offered only with the advice."""
        if action == "gentler":
            return self.offered
        return True

    def action_gentler(self, which: int) -> None:
        """Start the spasm relief or the ice-heat routine, through the gate."""
        ref, name = GENTLER[which]
        app = stretch_app(self)
        try:
            routine = app.catalog.find(ref)
        except (RoutineError, LookupError):
            self.notify(f"Cannot find the {name} routine.", severity="error", markup=False)
            return
        self.dismiss()
        app.begin_session(routine)

    def action_close(self) -> None:
        """Back to the routines."""
        self.dismiss()
