"""The red-flag screening: every question answered before a session may start."""

from __future__ import annotations

import logging

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Footer, Header, Static

from stretchtimer.core.screening import Outcome, Screening, ScreeningText

log = logging.getLogger(__name__)


class QuestionRow(Widget, can_focus=True):
    """One warning sign with its own No/Yes choice, nothing chosen at first.

    One widget per question rather than a RadioSet of buttons: the screen's first frame pays
    for styling and laying out every widget (docs/performance.md). ←/→ pick No or Yes, space
    or enter chooses, ↑/↓ go to the question above or below, a click on No or Yes chooses.
    """

    BINDINGS = [
        Binding("left", "pick(False)", "No", show=False),
        Binding("right", "pick(True)", "Yes", show=False),
        Binding("space,enter", "choose_picked", "Choose", show=False),
        Binding("up", "app.focus_previous", "Previous question", show=False),
        Binding("down", "app.focus_next", "Next question", show=False),
    ]

    answer: reactive[bool | None] = reactive(None)
    picked: reactive[bool] = reactive(False)  # the choice ←/→ point at: False is No

    class Chosen(Message):
        """The person chose No or Yes for this question."""

        def __init__(self, row: QuestionRow, yes: bool) -> None:
            super().__init__()
            self.row = row
            self.yes = yes

    def __init__(self, number: int, question_id: str, text: str) -> None:
        super().__init__(id=f"q-{question_id}", classes="question")
        self.number = number
        self.question_id = question_id
        self.text = text

    def render(self) -> Content:
        def choice(yes: bool, label: str) -> tuple[str, str]:
            text = f"{'(•)' if self.answer is yes else '( )'} {label}"
            picked = self.has_focus and self.picked is yes
            return text, f"{'reverse ' if picked else ''}@click=choose({yes})"

        if self.answer is None:
            said = ("not answered", "$text-muted")
        else:  # in words too, for monochrome terminals and screen readers
            said = ("answered: Yes", "$text-warning bold") if self.answer else ("answered: No", "")
        # Assembled, not parsed from markup: seven rows render at the screen's first frame.
        return Content.assemble(
            f"{self.number}. {self.text}\n",
            choice(False, "No"),
            "   ",
            choice(True, "Yes"),
            "    ",
            said,
        )

    def on_focus(self) -> None:
        if self.answer is not None:
            self.picked = self.answer

    def on_blur(self) -> None:
        self.refresh()

    def action_pick(self, yes: bool) -> None:
        self.picked = yes

    def action_choose_picked(self) -> None:
        self.post_message(self.Chosen(self, self.picked))

    def action_choose(self, yes: bool) -> None:
        self.picked = yes
        self.focus()
        self.post_message(self.Chosen(self, yes))


class ScreeningEnd(Vertical):
    """What follows the questions: the guide's advice when unsure, the verdict, the buttons.

    Mounted after the questions are first drawn (as Textual's ``Lazy`` would, but not once the
    screen is gone: ``Lazy`` then raises ``MountError``): it sits below them, out of view at
    first on most terminals, and its buttons' styles would cost the first frame some 12 ms
    (docs/performance.md). It says when it is there, so the screen can show what the answers
    given meanwhile mean.
    """

    class Ready(Message):
        """The verdict and the buttons are mounted."""

    def __init__(self, unsure_advice: str, start_label: str) -> None:
        super().__init__(id="screening-end")
        self.unsure_advice = unsure_advice
        self.start_label = start_label

    def compose(self) -> ComposeResult:
        yield Static(self.unsure_advice, classes="unsure")
        yield Static(id="verdict")
        with Horizontal(id="screening-buttons"):
            yield Button("Yes, a doctor has cleared me", id="cleared", variant="warning")
            yield Button(self.start_label, id="start", variant="success", disabled=True)
            yield Button("Back", id="back")

    def on_mount(self) -> None:
        self.post_message(self.Ready())


class ScreeningScreen(Screen[bool]):
    """Asks about the warning signs that need a doctor; dismisses with True only on a pass."""

    AUTO_FOCUS = ""  # the first question is focused in on_mount, without scrolling
    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n", "answer(False)", "No"),
        Binding("escape", "cancel", "Back"),
    ]

    def __init__(
        self, text: ScreeningText, *, emergency: bool = False, start_label: str = "Start"
    ) -> None:
        super().__init__()
        self.text = text
        self.screening = Screening(text)
        self.locked_emergency = emergency
        self.start_label = start_label
        self._end_ready = False  # the verdict and buttons are mounted (see ScreeningEnd)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Before you start: red-flag check", id="screening-title")
        with VerticalScroll(id="screening"):
            yield Static(self.text.disclaimer, classes="disclaimer")
            yield Static(
                "Have you had any of these? Answer each one: y or n. To change an answer, "
                "go to it (↑/↓), pick with ←/→ and press space, or click No or Yes.",
                classes="hint",
            )
            for number, question in enumerate(self.text.questions, start=1):
                yield QuestionRow(number, question.id, question.text)
            if self.locked_emergency:  # the emergency shows at once
                yield self._end()
        yield Footer()

    def _end(self) -> ScreeningEnd:
        return ScreeningEnd(self.text.unsure_advice, self.start_label)

    def on_mount(self) -> None:
        if self.locked_emergency:  # its end was composed at once
            self._end_ready = True
            self.show_emergency()
        else:
            # Not scrolled into view: before the first layout Textual would scroll the screen
            # down to it, and the disclaimer and the hint above it out of sight.
            self.set_focus(self.query_one(QuestionRow), scroll_visible=False)
            self.call_after_refresh(self._mount_end)

    def _mount_end(self) -> None:
        scrolls = self.query("#screening")
        if scrolls and scrolls.first().is_attached:  # not if the screen went before its frame
            scrolls.first().mount(self._end())

    @on(ScreeningEnd.Ready)
    def _end_mounted(self) -> None:
        if self._end_ready:
            return
        self._end_ready = True
        if self.locked_emergency:  # locked and recorded when it was answered
            self._draw_emergency()
        elif any(a is not None for a in self.screening.answers.values()):
            self.refresh_verdict()  # what the answers given before it was there mean
            self._focus_next()

    # -- answering ------------------------------------------------------------------------------

    @on(QuestionRow.Chosen)
    def _answered(self, event: QuestionRow.Chosen) -> None:
        self.record_answer(event.row, event.yes)

    def record_answer(self, row: QuestionRow, yes: bool) -> None:
        """Take one answer (from a click or a key) and show what the answers now mean."""
        if self.locked_emergency or self.screening.answers[row.question_id] is yes:
            return
        self.screening.answer(row.question_id, yes)
        row.answer = yes
        self.refresh_verdict()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Yes and No leave the footer once the answers are locked by an emergency."""
        return not (action == "answer" and self.locked_emergency)

    def action_answer(self, yes: bool) -> None:
        """Answer the focused question if it is still open, else the first open one.

        Focus moves on asynchronously, so fast typing must not depend on it: a key never
        changes an answer already given (the Yes/No buttons do that).
        """
        if self.locked_emergency or not self.screening.unanswered:
            return
        row = self.focused
        if not isinstance(row, QuestionRow) or self.screening.answers[row.question_id] is not None:
            row = self.query_one(f"#q-{self.screening.unanswered[0].id}", QuestionRow)
        self.record_answer(row, yes)
        if not self.locked_emergency:
            self._focus_next()

    def _focus_next(self) -> None:
        """The first question still open, else Start, or Back when a doctor is needed.

        Not the doctor's clearance: two presses of enter out of habit must not vouch for a
        doctor's visit and start a session. It is one shift+tab (or a click) away.
        """
        unanswered = self.screening.unanswered
        if unanswered:
            self.query_one(f"#q-{unanswered[0].id}", QuestionRow).focus()
        elif self._end_ready:
            self.query_one("#start" if self.screening.can_start else "#back").focus()

    def refresh_verdict(self) -> None:
        """Show what the answers mean and enable Start only when a session may begin."""
        if self.screening.has_emergency:
            self.show_emergency()
            return
        if not self._end_ready:
            return  # shown as soon as it is there (ScreeningEnd.Ready)
        verdict = self.query_one("#verdict", Static)
        start = self.query_one("#start", Button)
        cleared = self.query_one("#cleared", Button)
        outcome = self.screening.outcome()
        start.disabled = not self.screening.can_start
        cleared.display = outcome is Outcome.SEE_DOCTOR
        if outcome is not None:
            self.call_after_refresh(self.query_one("#screening").scroll_end, animate=False)
        verdict.set_classes("")
        if outcome is None:
            left = len(self.screening.unanswered)
            verdict.update(f"{left} question{'s' if left != 1 else ''} left to answer.")
        elif outcome is Outcome.SEE_DOCTOR:
            advice = "\n\n".join(q.advice for q in self.screening.flagged())
            verdict.update(
                f"Please see a doctor before exercising.\n\n{advice}\n\n"
                f"{self.text.clearance_prompt}"
            )
            verdict.add_class("-doctor")
        elif outcome is Outcome.CLEARED_BY_DOCTOR:
            verdict.update("Noted: a doctor has assessed this and cleared you to exercise.")
            verdict.add_class("-clear")
        else:
            verdict.update("No warning signs. You can start.")
            verdict.add_class("-clear")

    def show_emergency(self) -> None:
        """Lock the sitting, record it, and show the emergency message: no way on."""
        self.locked_emergency = True
        self.app.emergency_in_sitting = True
        self._save()
        self._draw_emergency()

    def _draw_emergency(self) -> None:
        """The emergency message, alone on the screen (once the verdict is there)."""
        for hidden in self.query(".question, .hint, #start, #cleared"):
            hidden.display = False
        if not self._end_ready:  # drawn when it is there (ScreeningEnd.Ready)
            return
        verdict = self.query_one("#verdict", Static)
        verdict.update(f"Seek emergency care now.\n\n{self.text.emergency_message}")
        verdict.set_classes("-emergency")
        self.query_one("#back", Button).focus()
        self.call_after_refresh(self.query_one("#screening").scroll_home, animate=False)

    # -- leaving --------------------------------------------------------------------------------

    @on(Button.Pressed, "#cleared")
    def _doctor_cleared(self) -> None:
        self.screening.confirm_doctor_clearance(self.app.services.now().date())
        self.refresh_verdict()
        self.query_one("#start", Button).focus()

    @on(Button.Pressed, "#start")
    def _start(self) -> None:
        if not self.screening.can_start:
            return
        self._save()
        self.dismiss(True)

    @on(Button.Pressed, "#back")
    def action_cancel(self) -> None:
        """Leave without starting (a finished screening is still recorded)."""
        if self.screening.all_answered and not self.locked_emergency:
            self._save()
        self.dismiss(False)

    def _save(self) -> None:
        """Keep the result on disk before anything starts (no session is running yet).

        An unfinished screening (an emergency answered early) is not a record, but it still
        revokes any earlier pass.
        """
        services = self.app.services
        store = services.screening_store(self.app.settings.screening_reset_hour)
        try:
            if self.screening.all_answered:
                store.save(self.screening.record(services.now()))
            else:
                store.forget()
        except OSError as error:
            log.error("could not save the screening: %s", error)
            self.notify(f"Could not save the screening: {error}", severity="warning", markup=False)
