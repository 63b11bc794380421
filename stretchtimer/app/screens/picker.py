"""Picking an exercise for a routine: the library, searchable, each exercise explained; and a
custom exercise of the person's own."""

from __future__ import annotations

from collections.abc import Mapping

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option

from stretchtimer.app.widgets.footer import Footer
from stretchtimer.core.model import Exercise, Kind
from stretchtimer.core.routine_doc import custom_exercise, read_field


def exercise_text(exercise: Exercise) -> str:
    """How to do ``exercise``: numbered instructions, the breathing cue, the cautions."""
    lines = [f"{n}. {line}" for n, line in enumerate(exercise.instructions, 1)]
    if exercise.breathing:
        lines.append(f"Breathing: {exercise.breathing}")
    lines.extend(f"Caution: {caution}" for caution in exercise.cautions)
    return "\n".join(lines) or "No instructions."


def matches(exercise: Exercise, query: str) -> bool:
    """Whether ``query``'s words are all in the exercise's name, id or kind (any case)."""
    haystack = f"{exercise.name} {exercise.id} {exercise.kind}".casefold()
    return all(word in haystack for word in query.casefold().split())


class PickerScreen(ModalScreen[Exercise | None]):
    """The exercise library, filtered as the person types; enter adds the highlighted one."""

    # Its own rules, parsed when first shown (stretchtimer.tcss's header says why).
    SCOPED_CSS = False
    DEFAULT_CSS = """
    PickerScreen { align: center middle; }
    #picker {
        width: 90%; height: 90%; border: round $primary; background: $surface; padding: 0 1;
    }
    #picker-list { height: 1fr; min-height: 3; }
    #picker-about-scroll { height: 1fr; color: $text-muted; }
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("enter", "pick", "Add", key_display="⏎", priority=True),
        Binding("down", "move(1)", "Next", show=False, priority=True),
        Binding("up", "move(-1)", "Previous", show=False, priority=True),
    ]

    def __init__(self, exercises: Mapping[str, Exercise], *, query: str = "") -> None:
        super().__init__()
        self.exercises = sorted(exercises.values(), key=lambda e: e.name.casefold())
        self.query_text = query  # searched for at first

    def compose(self) -> ComposeResult:
        with Vertical(id="picker"):
            yield Input(
                self.query_text, placeholder="Search exercises", id="picker-search", compact=True
            )
            yield OptionList(id="picker-list", markup=False, compact=True)
            with VerticalScroll(id="picker-about-scroll"):
                yield Static(id="picker-about", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self._fill(self.query_text)
        self.query_one("#picker-search").focus()

    @on(Input.Changed, "#picker-search")
    def _search(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def _fill(self, query: str) -> None:
        found = [e for e in self.exercises if matches(e, query)]
        options = self.query_one("#picker-list", OptionList)
        options.set_options(Option(f"{e.name} ({e.kind})", id=e.id) for e in found)
        if found:
            options.highlighted = 0
        self._show()

    @on(OptionList.OptionHighlighted)
    def _show(self) -> None:
        exercise = self.highlighted()
        about = self.query_one("#picker-about", Static)
        about.update(exercise_text(exercise) if exercise else "No exercise matches.")

    def highlighted(self) -> Exercise | None:
        option = self.query_one("#picker-list", OptionList).highlighted_option
        return next((e for e in self.exercises if option and e.id == option.id), None)

    def action_move(self, step: int) -> None:
        """Highlight the next or previous exercise."""
        options = self.query_one("#picker-list", OptionList)
        if options.option_count:
            now = options.highlighted or 0
            options.highlighted = max(0, min(options.option_count - 1, now + step))

    @on(OptionList.OptionSelected)
    def action_pick(self) -> None:
        """Add the highlighted exercise."""
        exercise = self.highlighted()
        if exercise is not None:
            self.dismiss(exercise)

    def action_cancel(self) -> None:
        """Close without adding."""
        self.dismiss(None)


class EasierPickerScreen(PickerScreen):
    """The library, to choose a step's easier exercise from (enter chooses it)."""

    BINDINGS = [Binding("enter", "pick", "Choose", key_display="⏎", priority=True)]


class CustomExerciseScreen(ModalScreen[Exercise | None]):
    """An exercise of the person's own: a name, a kind and instructions (one a line)."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "add", "Add", key_display="^s", priority=True),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="custom"):
            yield Static("Name")
            yield Input(id="custom-name", placeholder="Shoulder rolls")
            yield Static(id="custom-name-error", classes="field-error", markup=False)
            yield Select(
                [(str(kind), kind) for kind in Kind],
                value=Kind.STRETCH,
                allow_blank=False,
                id="custom-kind",
                compact=True,
            )
            yield Static("Instructions, one a line")
            yield TextArea(id="custom-instructions", soft_wrap=True)
            with Horizontal(classes="buttons"):
                yield Button("Add", id="custom-add", variant="primary", compact=True)
                yield Button("Cancel", id="custom-cancel", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#custom-name").focus()

    @on(Button.Pressed, "#custom-add")
    def action_add(self) -> None:
        """Add this exercise to the routine."""
        name = self.query_one("#custom-name", Input).value
        value, problem = read_field("name", name)
        error = self.query_one("#custom-name-error", Static)
        error.update(problem or "")
        error.set_class(bool(problem), "-shown")
        if problem or not isinstance(value, str):
            self.query_one("#custom-name").focus()
            return
        kind = self.query_one("#custom-kind", Select).value
        instructions = self.query_one("#custom-instructions", TextArea).text
        for line in instructions.splitlines():
            _, bad = read_field("instructions", line)
            if bad and line.strip():
                error.update(bad)
                error.set_class(True, "-shown")
                return
        self.dismiss(custom_exercise(value, instructions, Kind(str(kind))))

    @on(Button.Pressed, "#custom-cancel")
    def action_cancel(self) -> None:
        """Close without adding."""
        self.dismiss(None)
