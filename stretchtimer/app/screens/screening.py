"""The red-flag screening: every question answered before a session may start."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Button, Header, Static

from stretchtimer.app.app import stretch_app
from stretchtimer.app.messages import ScreeningAnswered
from stretchtimer.app.screens.sized import SizedScreen
from stretchtimer.app.widgets.footer import Footer
from stretchtimer.core.gate import GatedScreening
from stretchtimer.core.screening import Outcome, persisting_note, said_of

if TYPE_CHECKING:
    from stretchtimer.adapters.store_sqlite import SqliteStore
    from stretchtimer.core.progress import PainSpan


class QuestionRow(Widget, can_focus=True):
    """One warning sign with its own No/Yes choice, nothing chosen at first.

    One widget per question rather than a RadioSet of buttons: the screen's first frame pays
    for styling and laying out every widget (docs/performance.md). ←/→ pick No or Yes, space
    or enter chooses what was picked, ↑/↓ go to the question above or below, a click on No or
    Yes chooses. Nothing is picked at first: a stray space or enter on a question not yet
    answered answers nothing (it would otherwise be a "No" nobody gave).
    """

    BINDINGS = [
        Binding("left", "pick(False)", "No", show=False),
        Binding("right", "pick(True)", "Yes", show=False),
        Binding("space,enter", "choose_picked", "Choose", show=False),
        Binding("up", "app.focus_previous", "Previous question", show=False),
        Binding("down", "app.focus_next", "Next question", show=False),
    ]

    answer: reactive[bool | None] = reactive(None)
    picked: reactive[bool | None] = reactive(None)  # the choice ←/→ point at; None: neither

    class Chosen(Message):
        """The person chose No or Yes for this question."""

        def __init__(self, row: QuestionRow, yes: bool) -> None:
            super().__init__()
            self.row = row
            self.yes = yes

    def __init__(self, number: int, question_id: str, text: str, note: str = "") -> None:
        super().__init__(id=f"q-{question_id}", classes="question")
        self.number = number
        self.question_id = question_id
        self.text = text
        self.note = note  # a fact beside the question: a doctor's clearance, days of pain

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
            (f"{self.note}\n", "italic $text-warning") if self.note else "",
            choice(False, "No"),
            "   ",
            choice(True, "Yes"),
            "    ",
            said,
        )

    def on_focus(self) -> None:
        if self.answer is not None:
            self.picked = self.answer
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def action_pick(self, yes: bool) -> None:
        self.picked = yes

    def action_choose_picked(self) -> None:
        if self.picked is None:  # nothing picked yet: say how, answer nothing
            self.notify("Pick No or Yes first: ←/→, or press n or y.", timeout=3)
            return
        self.post_message(self.Chosen(self, self.picked))

    def action_choose(self, yes: bool) -> None:
        self.picked = yes
        self.focus()
        self.post_message(self.Chosen(self, yes))


def remembered_list(screening: GatedScreening) -> Content:
    """The remembered answers, not asked again, and how to review them."""
    questions = {q.id: q for q in screening.text.questions}
    lines = [Content("Remembered from earlier screenings, not asked again (r: review them):")]
    for qid, kept in screening.kept.items():
        lines.append(Content.assemble("• ", questions[qid].text, " ", (said_of(kept), "bold")))
    return Content("\n").join(lines)


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
            yield Button(self.start_label, id="start", variant="success")  # shown on a pass
            yield Button("Back", id="back")

    def on_mount(self) -> None:
        self.post_message(self.Ready())


class ScreeningScreen(SizedScreen[bool]):
    """Asks about the warning signs that need a doctor; dismisses with True only on a pass.

    It shows the questions and takes the answers; the gate's screening (``core.gate``) acts
    on each one as it is given: a "yes" revokes any earlier pass at once, an emergency ends
    the screening and the sitting's sessions. Narrow (``-narrow``), its buttons are stacked:
    side by side, the clearance would push Back out of sight.
    """

    # Its own rules, parsed when first shown (stretchtimer.tcss's header says why).
    SCOPED_CSS = False
    DEFAULT_CSS = """
    #screening { padding: 0 1; }
    #screening-title { text-style: bold; color: $text-primary; padding: 0 1; }
    .hint, .unsure { color: $text-muted; margin-top: 1; }
    /* The focused question has a bar down its left side: seen without colour, in every theme. */
    .question { height: auto; margin-top: 1; border-left: blank; }
    .question:focus { background: $boost; border-left: outer $accent; }
    #verdict { margin: 1 0; padding: 0 1; height: auto; }
    #verdict.-emergency { background: $error; color: $text; padding: 1 2; }
    #verdict.-doctor { border-left: thick $warning; color: $text; }
    #verdict.-clear { border-left: thick $success; color: $text; }
    #screening-buttons { height: auto; }
    #screening-buttons Button { margin-right: 1; }
    #cleared { width: auto; display: none; }
    #start { display: none; }
    #screening-end { height: auto; }
    /* Narrow: the buttons one above the other, each labelled in full (side by side the clearance
       pushed Back out of sight, and read as the one way on). */
    ScreeningScreen.-narrow #screening-buttons { layout: vertical; }
    ScreeningScreen.-narrow #screening-buttons Button { width: 100%; margin-right: 0; }
    """

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (60, "-wide")]
    AUTO_FOCUS = ""  # the first question is focused in on_mount, without scrolling
    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n", "answer(False)", "No"),
        Binding("r", "review", "Review remembered"),
        Binding("escape", "cancel", "Back"),
    ]

    def __init__(
        self, screening: GatedScreening, *, emergency: bool = False, start_label: str = "Start"
    ) -> None:
        super().__init__()
        self.screening = screening
        self.text = screening.text
        self.locked_emergency = emergency or screening.has_emergency
        self.start_label = start_label
        self._end_ready = False  # the verdict and buttons are mounted (see ScreeningEnd)
        self._verdict_seen = False  # scrolled to the verdict once every question was answered
        self._size_seen: Size | None = None  # the size last laid out for (on_resize)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Before you start: red-flag check", id="screening-title")
        with VerticalScroll(id="screening"):
            yield Static(self.text.disclaimer, classes="disclaimer")
            if self.screening.kept:
                count = len(self.screening.kept)
                yield Static(
                    f"{count} answer{'s' if count != 1 else ''} about the past "
                    f"{'are' if count != 1 else 'is'} remembered, listed after the questions "
                    "(r: review them).",
                    id="remembered-hint",
                    classes="hint",
                )
            elif self.screening.reviewing:
                yield Static(
                    "Reviewing every question, the remembered ones too: your answers "
                    "replace the remembered ones.",
                    id="remembered",
                    classes="hint",
                )
            yield Static(
                "Have you had any of these? Answer each one: y or n. To change an answer, "
                "go to it (↑/↓), pick with ←/→ and press space, or click No or Yes.",
                classes="hint",
            )
            for number, question in enumerate(self.screening.asked, start=1):
                note = self.screening.note(question.id)
                yield QuestionRow(number, question.id, question.text, note)
            if self.screening.kept:
                yield Static(remembered_list(self.screening), id="remembered", classes="hint")
            if self.locked_emergency:  # the emergency shows at once
                yield self._end()
        yield Footer()

    def on_resize(self, event: events.Resize) -> None:
        """Keep what is being answered in sight when the terminal changes size: the text
        wraps anew and the old scroll offset would show another part (question 1, say).
        Not at the first size: the disclaimer above the first question stays in sight."""
        if self._size_seen is not None and event.size != self._size_seen:
            self.call_after_refresh(self._keep_in_view)
        self._size_seen = event.size

    def _keep_in_view(self) -> None:
        """The emergency's heading, else the focused question or button."""
        if self.locked_emergency and self._end_ready:
            self.query_one("#verdict").scroll_visible(top=True, animate=False)
        elif self.focused is not None:
            self.focused.scroll_visible(animate=False)

    def _end(self) -> ScreeningEnd:
        return ScreeningEnd(self.text.unsure_advice, self.start_label)

    def on_mount(self) -> None:
        self._begin()
        if not self.locked_emergency:  # after the questions are drawn: they do not wait
            self.call_after_refresh(self._read_persisting_pain)

    def _read_persisting_pain(self) -> None:
        self.run_worker(
            self._note_persisting_pain(),
            exit_on_error=False,
            description="read the pain check-ins for the two-week rule",
        )

    async def _note_persisting_pain(self) -> None:
        """The two-week rule's days of pain, beside the question they speak to, once the
        history store has read them: on its own thread, which also loads the store's code and
        the rule's after the screen's first frame, not before it."""
        services = stretch_app(self).services
        today = services.now().date()

        def read(store: SqliteStore) -> PainSpan | None:
            from stretchtimer.core.progress import persisting_pain

            return persisting_pain(store.pain(), today)

        # submit_or, not submit: mypy cannot solve submit's ``T | None`` for a call that
        # may itself return None (no store: None too).
        history = services.history_thread()
        found = await asyncio.wrap_future(history.submit_or(read, lambda: None))
        if found is None:
            return
        for question_id, note in persisting_note(found.first, found.last).items():
            self.screening.add_note(question_id, note)
            for row in self.query(f"#q-{question_id}").results(QuestionRow):
                row.note = self.screening.note(question_id)
                row.refresh(layout=True)

    def _begin(self) -> None:
        """Focus the first question, and mount what follows them (or draw the emergency)."""
        if self.locked_emergency:  # its end was composed at once
            self._end_ready = True
            self._draw_emergency()
        else:
            # Not scrolled into view: before the first layout Textual would scroll the screen
            # down to it, and the disclaimer and the hint above it out of sight. A key brings
            # it into view before it answers it (see answer_in_view).
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
        else:
            self._show_buttons()

    # -- answering ------------------------------------------------------------------------------

    @on(QuestionRow.Chosen)
    def _answered(self, event: QuestionRow.Chosen) -> None:
        """A choice made on the row itself (space, enter, a click): a first answer moves on
        to the next open question, as y and n do; a changed answer stays on its row."""
        first = self.screening.answers[event.row.question_id] is None
        if self.answer_in_view(event.row, event.yes) and first and not self.locked_emergency:
            self._focus_next()

    def answer_in_view(self, row: QuestionRow, yes: bool) -> bool:
        """Answer ``row`` only if it is in sight; else bring it into view first. True if taken.

        On a short terminal the question a key would answer can be out of view (below the
        disclaimer at first, or not yet scrolled to when keys come fast): that key shows it
        instead, and the next one answers it.
        """
        if not self._in_view(row):
            row.focus(scroll_visible=False)
            row.scroll_visible(animate=False)
            return False
        self.record_answer(row, yes)
        return True

    def _in_view(self, row: QuestionRow) -> bool:
        """Whether all of ``row`` is on the screen, as last laid out (or, if it is taller than
        the view, as much of it as fits)."""
        if self.can_view_entire(row):
            return True
        window = self.query_one("#screening", VerticalScroll).scrollable_content_region
        return row.region.height > window.height and self.can_view_partial(row)

    def record_answer(self, row: QuestionRow, yes: bool) -> None:
        """Take one answer and show what the answers now mean (the gate acts on it at once)."""
        if self.locked_emergency or self.screening.answers[row.question_id] is yes:
            return
        self.screening.answer(row.question_id, yes)
        row.answer = yes
        self.refresh_bindings()
        self.refresh_verdict()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Yes and No are in the footer only while a question is open to answer with them;
        the review only while some answers are remembered."""
        if action == "answer":
            return not self.locked_emergency and bool(self.screening.unanswered)
        if action == "review":
            return not self.locked_emergency and bool(self.screening.kept)
        return True

    async def action_review(self) -> None:
        """Ask every question again, the remembered ones too, to change a remembered answer."""
        if self.locked_emergency or not self.screening.kept:
            return
        self.screening = stretch_app(self).gate.screening(review=True, notes=self.screening.notes)
        self._end_ready = False
        self._verdict_seen = False
        await self.recompose()
        self.refresh_bindings()
        self._begin()

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
        if self.answer_in_view(row, yes) and not self.locked_emergency:
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
        """Show what the answers mean, and only the buttons that can be pressed now."""
        if self.screening.has_emergency:
            self.show_emergency()
            return
        if not self._end_ready:
            return  # shown as soon as it is there (ScreeningEnd.Ready)
        verdict = self.query_one("#verdict", Static)
        outcome = self.screening.outcome()
        self._show_buttons()
        if outcome is not None and not self._verdict_seen:  # once: not off a changed answer
            self._verdict_seen = True
            self.call_after_refresh(self.query_one("#screening").scroll_end, animate=False)
        verdict.set_classes("")
        if outcome is None:
            left = len(self.screening.unanswered)
            verdict.update(f"{left} question{'s' if left != 1 else ''} left to answer.")
        elif outcome is Outcome.SEE_DOCTOR:
            advice = "\n\n".join(q.advice for q in self.screening.flagged())
            verdict.update(
                Content(
                    f"Please see a doctor before exercising.\n\n{advice}\n\n"
                    f"{self.text.clearance_prompt}"
                )
            )
            verdict.add_class("-doctor")
        elif outcome is Outcome.CLEARED_BY_DOCTOR and self.screening.doctor_cleared_on:
            verdict.update("Noted: a doctor has assessed this and cleared you to exercise.")
            verdict.add_class("-clear")
        elif outcome is Outcome.CLEARED_BY_DOCTOR:
            verdict.update(
                "No new warning signs, and a doctor has cleared those on record. You can start."
            )
            verdict.add_class("-clear")
        else:
            verdict.update("No warning signs. You can start.")
            verdict.add_class("-clear")

    def _show_buttons(self) -> None:
        """Start only when a session may begin, the clearance only when a doctor is needed."""
        self.query_one("#start", Button).display = self.screening.can_start
        self.query_one("#cleared", Button).display = self.screening.outcome() is Outcome.SEE_DOCTOR

    def show_emergency(self) -> None:
        """The screening has ended on an emergency (the gate has recorded it): no way on."""
        self.locked_emergency = True
        self.refresh_bindings()
        self._draw_emergency()

    def _draw_emergency(self) -> None:
        """The emergency advice, alone on the screen (once the verdict is there)."""
        for hidden in self.query(".question, .hint, #start, #cleared"):
            hidden.display = False
        if not self._end_ready:  # drawn when it is there (ScreeningEnd.Ready)
            return
        how = self.text.emergency_how(stretch_app(self).settings.emergency_number)
        verdict = self.query_one("#verdict", Static)
        verdict.update(
            Content.assemble(
                (self.text.emergency_heading, "bold"),
                "\n\n",
                (how, "bold"),
                "\n\n",
                self.text.emergency_message,
            )
        )
        verdict.set_classes("-emergency")
        self.query_one("#back", Button).focus(scroll_visible=False)
        # Its heading and what to do at the top, at every size (the disclaimer is above it).
        self.call_after_refresh(verdict.scroll_visible, top=True, animate=False)

    # -- leaving --------------------------------------------------------------------------------

    @on(Button.Pressed, "#cleared")
    def _doctor_cleared(self) -> None:
        self.screening.confirm_doctor_clearance()
        self.refresh_verdict()
        self.query_one("#start", Button).focus()

    @on(Button.Pressed, "#start")
    def _start(self) -> None:
        if not self.screening.can_start:
            return
        self.screening.finish()
        self.app.post_message(ScreeningAnswered(True))
        self.dismiss(True)

    @on(Button.Pressed, "#back")
    def action_cancel(self) -> None:
        """Leave without starting (a finished screening is still kept: ``finish``)."""
        self.screening.finish()
        self.app.post_message(ScreeningAnswered(False))
        self.dismiss(False)
