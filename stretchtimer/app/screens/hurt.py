"""Shown when a person presses "this hurts": the session has stopped. One short question,
with the pain score: pain at the stretch, numbness, tingling or weakness in one leg, or one of
the emergency signs (the screening's own words)? Then the guide's advice; the app acts on the
answer (``HurtAnswered``: the gate, the emergency advice)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from stretchtimer.app.messages import HurtAnswered
from stretchtimer.app.widgets.footer import Footer
from stretchtimer.app.widgets.pain_line import PainLine
from stretchtimer.core.advice import DISCLAIMER, HURT_ADVICE, HURT_TITLE
from stretchtimer.core.pain import (
    HURT_CHOICES,
    HURT_QUESTION,
    ONE_LEG_NOTE,
    WORSE_DURING_TITLE,
    HurtKind,
    worse_than_start,
)

if TYPE_CHECKING:
    from stretchtimer.app.messages import PainJournal


class HurtScreen(Screen[None]):
    """The question after "this hurts", then the guide's advice."""

    # Its own rules, parsed when first shown (stretchtimer.tcss's header says why).
    SCOPED_CSS = False
    DEFAULT_CSS = """
    #hurt { padding: 1 2; }
    #hurt-title { text-style: bold; margin-bottom: 1; color: $text-error; }
    #hurt-pain { margin-top: 1; }
    #hurt-pain:focus { text-style: bold; }
    #hurt-answer { margin-top: 1; height: auto; }
    #hurt-question { height: auto; }
    #hurt-ask { margin-top: 1; text-style: bold; }
    .sign { padding-left: 5; }
    """

    BINDINGS = [  # the emergency first: a narrow footer cuts the keys at its right
        Binding("e", "answer('emergency')", "Emergency sign"),
        Binding("l", "answer('one-leg')", "One leg"),
        Binding("s", "answer('stretch')", "At the stretch"),
        Binding("escape", "close", "Back to routines", key_display="esc"),
        # Once answered: enter and q go back too (before, a stray key must not skip the question).
        Binding("enter,q", "back", "Back to routines", show=False),
    ]

    def __init__(
        self,
        emergency_signs: list[str],
        *,
        exercise: str | None = None,
        before: int | None = None,
        journal: PainJournal | None = None,
    ) -> None:
        super().__init__()
        self.emergency_signs = emergency_signs
        self.exercise = exercise
        self.before = before
        self.journal = journal
        self.kind: HurtKind | None = None
        self.answered = False
        self.line = PainLine(id="hurt-pain")

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="hurt"):
            yield Static(HURT_TITLE, id="hurt-title")
            yield self.line
            with Vertical(id="hurt-question"):
                yield Static(HURT_QUESTION, id="hurt-ask")
                for _kind, key, words in HURT_CHOICES:
                    yield Static(f"{key}  {words}", classes="choice", markup=False)
                for sign in self.emergency_signs:
                    yield Static(f"• {sign}", classes="sign", markup=False)
            with Vertical(id="hurt-answer"):
                yield Static("", id="hurt-note", markup=False)
                yield Static(WORSE_DURING_TITLE, id="hurt-worse")
                for advice in HURT_ADVICE:
                    yield Static(f"• {advice}", classes="advice", markup=False)
                yield Static(DISCLAIMER, classes="disclaimer")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#hurt-answer").display = False
        self.line.focus()

    def on_unmount(self) -> None:
        """Closed unanswered (the app quit): the "this hurts" is still recorded."""
        if not self.answered and self.journal is not None:
            self.journal.hurts(self.exercise, None, self.line.score)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The answers only while the question is open; enter and q back only after."""
        if action == "answer":
            return not self.answered
        if action == "back":
            return self.answered
        return True

    def action_answer(self, kind: str) -> None:
        """Record what it is, with the score if one was given; show the advice."""
        if self.answered:
            return
        self.answer(HurtKind(kind))

    def answer(self, kind: HurtKind | None) -> None:
        self.answered = True
        self.kind = kind
        score = self.line.score
        if self.line.open:
            self.line.answer(None)
        if self.journal is not None:
            self.journal.hurts(self.exercise, kind.value if kind else None, score)
        self.query_one("#hurt-question").display = False
        note = self.query_one("#hurt-note", Static)
        note.update(ONE_LEG_NOTE if kind is HurtKind.ONE_LEG else "")
        note.display = kind is HurtKind.ONE_LEG
        self.query_one("#hurt-worse").display = worse_than_start(self.before, score)
        self.query_one("#hurt-answer").display = True
        self.refresh_bindings()
        self.query_one("#hurt").scroll_home(animate=False)
        self.post_message(HurtAnswered(kind, score))

    def action_back(self) -> None:
        """Back to the routines (once answered)."""
        if self.answered:
            self.dismiss()

    def action_close(self) -> None:
        """Unanswered: the guide's advice as it is (no sign recorded); answered: back."""
        if not self.answered:
            self.answer(None)
            return
        self.dismiss()
