"""The routine editor: name, description, defaults and steps, every value checked as it is
typed, in the words ``stretchtimer validate`` uses; saved atomically to the person's file."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Protocol

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Input, OptionList, Select, Static
from textual.widgets.option_list import Option

from stretchtimer.app.messages import CatalogChanged
from stretchtimer.app.widgets.footer import Footer
from stretchtimer.core.durations import format_clock
from stretchtimer.core.errors import RoutineError, suggest
from stretchtimer.core.loader import MAX_TOTAL
from stretchtimer.core.model import TIMING_FIELDS, Exercise, Routine, Sides, Step, routine_total
from stretchtimer.core.routine_doc import (
    duration_text,
    easier_variant,
    insert_step,
    move_step,
    new_step,
    read_field,
    read_tags,
    remove_step,
    replace_step,
    routine_defaults,
    routine_problem,
    set_default,
    set_sides,
    set_timing,
)
from stretchtimer.core.safe_text import printable

LABELS = {
    "prepare": "Prepare",
    "hold": "Hold",
    "reps": "Reps",
    "rest": "Rest",
    "switch": "Switch",
    "transition": "Transition",
}
STEP_TIMING = ("hold", "reps", "rest", "prepare", "switch", "transition")
EASIER_FIELDS = ("e-exercise", "e-hold", "e-reps")
FIELD_NAMES = {
    "name": "Name",
    "description": "About",
    "tags": "Tags",
    **{f"d-{key}": f"Defaults, {label.lower()}" for key, label in LABELS.items()},
    **{f"s-{key}": label for key, label in LABELS.items()},
    "e-exercise": "Easier exercise",
    "e-hold": "Easier hold",
    "e-reps": "Easier reps",
}


class RoutineStore(Protocol):
    """Where the edited routine is kept (``adapters.routine_files.RoutineFile``)."""

    def save(self, routine: Routine, *, overwrite: bool = False) -> None:
        """Write ``routine``; raises the store's changed-on-disk error unless ``overwrite``,
        ``RoutineError`` if what would be written does not read back, ``OSError``."""
        ...

    def changed_on_disk(self) -> bool: ...

    def reload(self) -> Routine:
        """The routine as the file holds it now; raises ``RoutineError``."""
        ...


def step_line(index: int, step: Step) -> str:
    """``2. Pelvic tilt  15s x 3, both  (easier)``, with a multiplication sign."""
    timing = step.timing
    sides = "" if step.sides is Sides.NONE else f", {step.sides}"
    easier = "  (easier)" if step.easier is not None else ""
    times = f"{duration_text(timing.hold)} \u00d7 {timing.reps}"
    return printable(f"{index + 1}. {step.exercise.name}  {times}{sides}{easier}")


class EditorTitle(Widget):
    """The routine's name, step count and total: redrawn on each keystroke, one line high,
    so it never asks for the screen to be laid out again (a Static's update would)."""

    text: reactive[str] = reactive("", layout=False)

    def render(self) -> Content:
        return Content(self.text)


class Explanation(Static):
    """The line under a field that says what is wrong with its value."""

    def on_resize(self) -> None:
        """Shown or grown under the field being edited: in sight with its field (at 40
        columns an explanation takes two to four lines, and could end below the edge)."""
        field = self.screen.focused
        if field is not None and self.id == f"{field.id}-error":
            self.scroll_visible(animate=False)


def field_text(key: str, value: int) -> str:
    return str(value) if key == "reps" else duration_text(value)


class EditorScreen(Screen[None]):
    """Edit one of the person's routines."""

    # Its own rules, parsed when first shown (stretchtimer.tcss's header says why).
    SCOPED_CSS = False
    DEFAULT_CSS = """
    #editor-title { text-style: bold; color: $text-primary; padding: 0 1; height: 1; width: 1fr; }
    #editor-body { padding: 0 1; }
    .editor-heading { text-style: bold; margin-top: 1; }
    /* One line each, fixed: every keystroke in a field lays the screen out again (Textual), and a
       fixed height is not measured from the text each time. */
    .editor-row { height: 1; }
    .editor-label { width: 12; height: 1; }
    .editor-row Input { width: 1fr; max-width: 40; }
    .editor-row Select { width: 1fr; max-width: 40; }
    .editor-row Button { margin-left: 1; min-width: 6; }
    /* No scrollbar on the step list: Textual repaints a list's scrollbar after every layout of the
       screen, and a field's keystroke lays it out; that repaint was a second frame a keystroke. The
       numbers on its lines say where the list is; the wheel and the keys still scroll it. */
    #editor-steps { height: 4; scrollbar-size-vertical: 0; }
    .editor-buttons { height: 1; }
    .editor-buttons Button { margin-right: 1; min-width: 3; }
    """

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", key_display="^s", priority=True),
        Binding("escape", "leave", "Back", key_display="esc"),
        Binding("ctrl+n", "add", "Add step", key_display="^n", priority=True),
        Binding("ctrl+z", "undo", "Undo", key_display="^z", priority=True),
        Binding("ctrl+t", "custom", "Add custom exercise", show=False, priority=True),
        Binding("ctrl+x", "remove", "Remove step", show=False, priority=True),
        Binding("ctrl+up,alt+up", "move(-1)", "Move step up", show=False, priority=True),
        Binding("ctrl+down,alt+down", "move(1)", "Move step down", show=False, priority=True),
        Binding("ctrl+o", "open_editor", "Open in $EDITOR", show=False, priority=True),
    ]

    def __init__(
        self,
        routine: Routine,
        exercises: Mapping[str, Exercise],
        store: RoutineStore,
        *,
        changed_error: type[Exception],
        open_in_editor: Callable[[], str | None] | None = None,
    ) -> None:
        super().__init__()
        self.routine = routine
        self.saved = routine
        self.exercises = exercises
        self.store = store
        self.changed_error = changed_error
        self.open_in_editor = open_in_editor
        self.step = 0
        self.invalid: dict[str, str] = {}  # field id -> the problem with what is typed
        # What was typed and is not valid in the fields of steps not shown now:
        # step index -> field id -> (the text, its problem). Steps are not added, removed or
        # moved while a value is invalid, so an index keeps naming the same step.
        self.parked: dict[int, dict[str, tuple[str, str]]] = {}
        self.undo: list[tuple[Routine, int]] = []
        self._last_field: str | None = None  # typing on in one field is one change to undo
        self._filling = False  # values shown, not typed
        self._room: str | None = None  # the field whose explanation line keeps its room

    # -- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield EditorTitle(id="editor-title")
        with VerticalScroll(id="editor-body"):
            yield from self._field("name", "Name")
            yield from self._field("description", "About")
            yield from self._field("tags", "Tags", placeholder="morning, gentle")
            yield Static("Defaults", classes="editor-heading")
            for key in TIMING_FIELDS:
                yield from self._field(f"d-{key}", LABELS[key])
            yield Static("Steps", classes="editor-heading")
            yield OptionList(id="editor-steps", markup=False, compact=True)
            with Horizontal(classes="editor-buttons"):
                yield Button("Add", id="b-add", compact=True)
                yield Button("Custom", id="b-custom", compact=True)
                yield Button("Remove", id="b-remove", compact=True)
                yield Button("↑", id="b-up", compact=True)
                yield Button("↓", id="b-down", compact=True)
            yield Static(id="step-heading", classes="editor-heading", markup=False)
            with Horizontal(classes="editor-row"):
                yield Static("Sides", classes="editor-label")
                first = self.routine.steps[0].sides if self.routine.steps else Sides.NONE
                yield Select(
                    [(str(side), side) for side in Sides],
                    value=first,
                    allow_blank=False,
                    id="s-sides",
                    compact=True,
                )
            for key in STEP_TIMING:
                yield from self._field(f"s-{key}", LABELS[key])
            yield Static("Easier on a bad day (empty: none)", classes="editor-heading")
            with Horizontal(classes="editor-row"):
                yield Static("Exercise", classes="editor-label")
                yield Input(id="e-exercise", placeholder="the same (enter: pick)", compact=True)
                yield Button("Pick", id="b-easier", compact=True)
            yield Explanation(id="e-exercise-error", classes="field-error", markup=False)
            yield from self._field("e-hold", "Hold", placeholder="the step's")
            yield from self._field("e-reps", "Reps", placeholder="the step's")
            with Horizontal(classes="editor-row"):
                yield Static("Sides", classes="editor-label")
                yield Select(
                    [("the step's", "")] + [(str(side), str(side)) for side in Sides],
                    value="",
                    allow_blank=False,
                    id="e-sides",
                    compact=True,
                )
        yield Footer()

    def _field(self, field_id: str, label: str, placeholder: str = "") -> ComposeResult:
        with Horizontal(classes="editor-row"):
            yield Static(label, classes="editor-label")
            yield Input(id=field_id, placeholder=placeholder, compact=True)
        yield Explanation(id=f"{field_id}-error", classes="field-error", markup=False)

    def on_mount(self) -> None:
        self._fill_all()
        # Read each value as it changes, in the keystroke's own turn (not from its Changed
        # message a turn later): the field, the step's line and the total are then drawn in
        # one frame, not two.
        for field in self.query(Input):
            self.watch(field, "value", self._watcher(field), init=False)
        self.watch(self, "focused", self._focus_moved, init=False)
        self.query_one("#name").focus()

    def _watcher(self, field: Input) -> Callable[[str], None]:
        def changed(value: str) -> None:
            if not self._filling:
                self._typed(field.id or "", value)

        return changed

    def _focus_moved(self, new: Widget | None) -> None:
        """Keep a line under the field being edited for its explanation, empty while the
        value is valid, so typing never changes the form's height: a line coming and going
        under the field laid the screen out twice a keystroke (Textual lays it out again
        when a widget's size changes in a layout). The room moves when another field takes
        the focus, not a button or a list: a click on those would miss if the form moved
        between the press and the release."""
        if not (isinstance(new, Input) and new.id in FIELD_NAMES):
            return
        if self._room is not None:
            self.query_one(f"#{self._room}-error").remove_class("-room")
        self._room = new.id
        self.query_one(f"#{new.id}-error").add_class("-room")
        # The field and its line in sight together (focus scrolls the field alone).
        self.call_after_refresh(self._show_room, new.id)

    def _show_room(self, field_id: str) -> None:
        """The focused field's explanation line in sight (a line already shown has no
        resize of its own to do it: see ``Explanation``)."""
        if self.is_mounted and self.focused is not None and self.focused.id == field_id:
            self.query_one(f"#{field_id}-error").scroll_visible(animate=False)

    # -- showing --------------------------------------------------------------------------

    def _set(self, field_id: str, text: str) -> None:
        self._fill(self.query_one(f"#{field_id}", Input), text)
        self._problem(field_id, None)

    def _fill(self, field: Input, text: str) -> None:
        """Show ``text`` in ``field`` (not read as typed)."""
        self._filling = True
        try:
            field.value = text
        finally:
            self._filling = False

    def _fill_all(self) -> None:
        routine = self.routine
        self._set("name", routine.name)
        self._set("description", routine.description)
        self._set("tags", ", ".join(routine.tags))
        defaults = routine_defaults(routine)
        for key in TIMING_FIELDS:
            self._set(f"d-{key}", field_text(key, getattr(defaults, key)))
        self._fill_steps()

    def _fill_steps(self) -> None:
        steps = self.query_one("#editor-steps", OptionList)
        # A fixed height: a step's line changing as the person types lays nothing out again.
        steps.styles.height = max(1, min(len(self.routine.steps), 10))
        steps.set_options(
            Option(step_line(i, s), id=str(i)) for i, s in enumerate(self.routine.steps)
        )
        self.step = max(0, min(self.step, len(self.routine.steps) - 1))
        if self.routine.steps:
            steps.highlighted = self.step
        self._fill_step()
        self._show_total()

    def _fill_step(self) -> None:
        heading = self.query_one("#step-heading", Static)
        if not self.routine.steps:
            heading.update("No steps: add one (ctrl+n)")
            return
        step = self.routine.steps[self.step]
        heading.update(f"Step {self.step + 1}: {printable(step.exercise.name)}")
        sides = self.query_one("#s-sides", Select)
        with sides.prevent(Select.Changed):
            sides.value = step.sides
        for key in STEP_TIMING:
            self._set(f"s-{key}", field_text(key, getattr(step.timing, key)))
        easier = step.easier
        other = easier is not None and easier.exercise != step.exercise
        self._set("e-exercise", easier.exercise.id if easier is not None and other else "")
        self._set("e-hold", duration_text(easier.timing.hold) if easier else "")
        self._set("e-reps", str(easier.timing.reps) if easier else "")
        own_sides = easier is not None and easier.sides is not step.sides
        easier_sides = self.query_one("#e-sides", Select)
        with easier_sides.prevent(Select.Changed):
            easier_sides.value = str(easier.sides) if easier is not None and own_sides else ""

    def _show_total(self) -> None:
        routine = self.routine
        count = len(routine.steps)
        unsaved = " · unsaved" if self.dirty else ""
        # The figures first: at 40 columns a long name would push them out of sight.
        title = f"{count} step{'s' if count != 1 else ''} · "
        title += f"{format_clock(routine_total(routine))}{unsaved} · {routine.name}"
        self.query_one(EditorTitle).text = printable(title)

    def _problem(self, field_id: str, problem: str | None) -> None:
        if self.invalid.get(field_id) == problem:
            return  # nothing to change: no layout to redo on a keystroke
        error = self.query_one(f"#{field_id}-error", Static)
        error.update(problem or "")
        error.set_class(bool(problem), "-shown")
        self.query_one(f"#{field_id}", Input).set_class(bool(problem), "-invalid")
        if problem:
            self.invalid[field_id] = problem
        else:
            self.invalid.pop(field_id, None)

    @property
    def dirty(self) -> bool:
        """Changes not saved yet (or values typed that are not valid)."""
        changed = self.routine != self.saved or self.routine.defaults != self.saved.defaults
        return changed or bool(self.invalid) or bool(self.parked)

    # -- editing --------------------------------------------------------------------------

    def _change(self, routine: Routine, field_id: str | None = None) -> None:
        """Make ``routine`` the one edited; the previous one can be undone."""
        if routine == self.routine and routine.defaults == self.routine.defaults:
            self._show_total()
            return
        if field_id is None or field_id != self._last_field:
            self.undo.append((self.routine, self.step))
        self._last_field = field_id
        self.routine = routine
        self._show_total()

    def _step_changed(self, step: Step, field_id: str) -> None:
        self._change(replace_step(self.routine, self.step, step), field_id)
        steps = self.query_one("#editor-steps", OptionList)
        steps.replace_option_prompt_at_index(self.step, step_line(self.step, step))
        self._check_easier()

    def _typed(self, field_id: str, text: str) -> None:
        """Read what is in field ``field_id`` now; change the routine when it is valid."""
        if field_id in EASIER_FIELDS:
            self._check_easier(field_id)
            return
        if field_id == "tags":
            tags, problem = read_tags(text)
            self._problem(field_id, problem)
            if tags is not None:
                self._change(dataclasses.replace(self.routine, tags=tags), field_id)
            self._show_total()
            return
        key = field_id.removeprefix("d-").removeprefix("s-")
        value, problem = read_field(key, text)
        self._problem(field_id, problem)
        if problem is not None or value is None:
            self._show_total()
            return
        if field_id == "name":
            self._change(dataclasses.replace(self.routine, name=str(value)), field_id)
        elif field_id == "description":
            self._change(dataclasses.replace(self.routine, description=str(value)), field_id)
        elif field_id.startswith("d-"):
            assert isinstance(value, int)
            self._change(set_default(self.routine, key, value), field_id)
            self._fill_steps_keeping_focus()
            self._check_easier()  # a step's variant may no longer be easier
        elif self.routine.steps:
            assert isinstance(value, int)
            self._step_changed(set_timing(self.routine.steps[self.step], key, value), field_id)

    def _fill_steps_keeping_focus(self) -> None:
        steps = self.query_one("#editor-steps", OptionList)
        for index, step in enumerate(self.routine.steps):
            steps.replace_option_prompt_at_index(index, step_line(index, step))
        if self.routine.steps:
            step = self.routine.steps[self.step]
            for key in STEP_TIMING:
                if f"s-{key}" not in self.invalid:
                    self._set(f"s-{key}", field_text(key, getattr(step.timing, key)))

    @on(Select.Changed, "#s-sides")
    def _sides(self, event: Select.Changed) -> None:
        if self.routine.steps and isinstance(event.value, str):
            step = self.routine.steps[self.step]
            if step.sides is Sides(event.value):
                return
            self._step_changed(set_sides(step, Sides(event.value)), "s-sides")

    def _check_easier(self, field_id: str | None = None) -> None:
        """Read the easier fields; the variant, or each field's problem in the loader's words."""
        if not self.routine.steps:
            return
        step = self.routine.steps[self.step]
        texts = {f: self.query_one(f"#{f}", Input).value.strip() for f in EASIER_FIELDS}
        problems: dict[str, str | None] = dict.fromkeys(EASIER_FIELDS)
        exercise: Exercise | None = None
        ref = texts["e-exercise"]
        if ref:
            known = step.easier.exercise if step.easier and step.easier.exercise.id == ref else None
            exercise = known or self.exercises.get(ref)
            if exercise is None:
                problems["e-exercise"] = (
                    f"unknown exercise '{ref}'{suggest(ref, self.exercises, n=3)}"
                )
        values: dict[str, int | None] = {}
        for key in ("hold", "reps"):
            text = texts[f"e-{key}"]
            value, problem = read_field(key, text) if text else (None, None)
            problems[f"e-{key}"] = problem
            values[key] = value if isinstance(value, int) else None
        chosen = self.query_one("#e-sides", Select).value
        sides = Sides(chosen) if isinstance(chosen, str) and chosen else None
        if not any(problems.values()):
            easier, problem = easier_variant(step, exercise, values["hold"], values["reps"], sides)
            if problem:
                where = "e-reps" if "reps" in problem and texts["e-reps"] else "e-hold"
                problems[where] = problem
            elif easier != step.easier:
                self._change(
                    replace_step(self.routine, self.step, dataclasses.replace(step, easier=easier)),
                    field_id,
                )
                steps = self.query_one("#editor-steps", OptionList)
                steps.replace_option_prompt_at_index(
                    self.step, step_line(self.step, self.routine.steps[self.step])
                )
        for name, problem in problems.items():
            self._problem(name, problem)
        self._show_total()

    @on(Select.Changed, "#e-sides")
    def _easier_sides(self) -> None:
        self._check_easier("e-sides")

    @on(Input.Submitted, "#e-exercise")
    def action_pick_easier(self) -> None:
        """Choose the step's easier exercise from the library (searching for what is typed)."""
        from stretchtimer.app.screens.picker import EasierPickerScreen

        if not self.routine.steps:
            return
        query = self.query_one("#e-exercise", Input).value.strip()
        if query in self.exercises:
            query = ""  # an id already chosen: show the whole library
        step = self.routine.steps[self.step]
        others = {k: e for k, e in self.exercises.items() if e != step.exercise}

        def picked(exercise: Exercise | None) -> None:
            if exercise is not None:
                field = self.query_one("#e-exercise", Input)
                field.value = exercise.id  # read as if typed: the variant, or its problem
                field.focus()

        self.app.push_screen(EasierPickerScreen(others, query=query), picked)

    @on(OptionList.OptionHighlighted, "#editor-steps")
    def _step_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_index != self.step:
            self._park_step_fields()
            self.step = event.option_index
            self._fill_step()
            self._unpark_step_fields()

    def _park_step_fields(self) -> None:
        """Keep what was typed and is not valid in the step's fields, to show again when the
        person comes back to the step (never dropped: they fix it, or undo)."""
        kept = {
            field_id: (self.query_one(f"#{field_id}", Input).value, problem)
            for field_id, problem in self.invalid.items()
            if field_id.startswith(("s-", "e-"))
        }
        if kept:
            self.parked[self.step] = kept

    def _unpark_step_fields(self) -> None:
        """Show again what was typed in this step's fields, each read again as it is now."""
        kept = self.parked.pop(self.step, {})
        for field_id, (text, _problem) in kept.items():
            self._fill(self.query_one(f"#{field_id}", Input), text)
            if field_id.startswith("s-"):
                _value, problem = read_field(field_id.removeprefix("s-"), text)
                self._problem(field_id, problem)
        if any(field_id.startswith("e-") for field_id in kept):
            self._check_easier()

    def first_problem(self) -> str | None:
        """The first value not valid, as ``Step 3 (Cat-cow), Hold: ...``, or None."""
        problems = [(self.step, f, p) for f, p in self.invalid.items()]
        problems += [(i, f, p) for i, fields in self.parked.items() for f, (_, p) in fields.items()]
        if not problems:
            return None
        order = list(FIELD_NAMES)
        on_step = [p for p in problems if p[1].startswith(("s-", "e-"))]
        general = [p for p in problems if p not in on_step]
        if general:
            _, field_id, problem = min(general, key=lambda p: order.index(p[1]))
            return printable(f"{FIELD_NAMES[field_id]}: {problem}")
        index, field_id, problem = min(on_step, key=lambda p: (p[0], order.index(p[1])))
        name = self.routine.steps[index].exercise.name
        return printable(f"Step {index + 1} ({name}), {FIELD_NAMES[field_id]}: {problem}")

    def _refuse_while_invalid(self, what: str) -> bool:
        problem = self.first_problem()
        if problem is not None:
            self.notify(
                f"Fix the values marked in red before you {what}.\n{problem}",
                severity="error",
                markup=False,
            )
            self.app.bell()
            return True
        return False

    # -- actions --------------------------------------------------------------------------

    def action_add(self) -> None:
        """Add a step from the exercise library (searchable)."""
        from stretchtimer.app.screens.picker import PickerScreen

        if not self._refuse_while_invalid("add a step"):
            self.app.push_screen(PickerScreen(self.exercises), self._add_exercise)

    def action_custom(self) -> None:
        """Add a step of an exercise of your own (a name and instructions)."""
        from stretchtimer.app.screens.picker import CustomExerciseScreen

        if not self._refuse_while_invalid("add a step"):
            self.app.push_screen(CustomExerciseScreen(), self._add_exercise)

    def _add_exercise(self, exercise: Exercise | None) -> None:
        if exercise is None:
            return
        step = new_step(exercise, routine_defaults(self.routine))
        at = self.step if self.routine.steps else None
        routine, index = insert_step(self.routine, step, at)
        self._change(routine)
        self.step = index
        self._fill_steps()

    def action_remove(self) -> None:
        """Remove the highlighted step."""
        if not self.routine.steps or self._refuse_while_invalid("remove a step"):
            return
        if len(self.routine.steps) == 1:
            self.notify("A routine needs at least one step.", severity="warning")
            return
        self._change(remove_step(self.routine, self.step))
        self._fill_steps()

    def action_move(self, offset: int) -> None:
        """Move the highlighted step up or down."""
        if not self.routine.steps or self._refuse_while_invalid("move a step"):
            return
        routine, self.step = move_step(self.routine, self.step, offset)
        self._change(routine)
        self._fill_steps()

    def action_undo(self) -> None:
        """Undo the last change."""
        if not self.undo:
            self.notify("Nothing to undo.")
            return
        self.routine, self.step = self.undo.pop()
        self._last_field = None
        self.invalid.clear()
        self.parked.clear()
        self._fill_all()

    @on(Button.Pressed)
    def _button(self, event: Button.Pressed) -> None:
        actions = {
            "b-add": self.action_add,
            "b-custom": self.action_custom,
            "b-remove": self.action_remove,
            "b-up": lambda: self.action_move(-1),
            "b-down": lambda: self.action_move(1),
            "b-easier": self.action_pick_easier,
        }
        action = actions.get(event.button.id or "")
        if action is not None:
            action()

    def action_save(self, overwrite: bool = False) -> None:
        """Save the routine (refused while a value is not valid)."""
        if self._refuse_while_invalid("save"):
            return
        problem = routine_problem(self.routine, MAX_TOTAL)
        if problem:
            self.notify(problem, severity="error")
            return
        try:
            self.store.save(self.routine, overwrite=overwrite)
        except self.changed_error:
            self._ask_changed_on_disk()
            return
        except RoutineError as error:
            self.notify(
                "\n".join(str(d) for d in error.diagnostics), severity="error", markup=False
            )
            return
        except OSError as error:
            self.notify(
                f"Could not save: {error.strerror or error}", severity="error", markup=False
            )
            return
        self.saved = self.routine
        self._show_total()
        self.notify("Saved.")
        self.post_message(CatalogChanged(self.routine.id))

    def _ask_changed_on_disk(self) -> None:
        from stretchtimer.app.screens.choice import ChoiceScreen

        def chosen(choice: str | None) -> None:
            if choice == "overwrite":
                self.action_save(overwrite=True)
            elif choice == "reload":
                self._reload()

        question = "The file changed on disk since you opened it."
        options = [
            ("reload", "Reload it (lose my changes)"),
            ("overwrite", "Overwrite it"),
            ("cancel", "Cancel"),
        ]
        self.app.push_screen(ChoiceScreen(question, options), chosen)

    def _reload(self) -> None:
        try:
            routine = self.store.reload()
        except RoutineError as error:
            self._show_problems(error)
            return
        self.undo.append((self.routine, self.step))
        self.routine = self.saved = routine
        self.invalid.clear()
        self.parked.clear()
        self._fill_all()

    def _show_problems(self, error: RoutineError) -> None:
        from stretchtimer.app.screens.problems import ProblemsScreen
        from stretchtimer.core.catalog import BrokenRoutine

        path = self.routine.path
        assert path is not None
        self.app.push_screen(
            ProblemsScreen(BrokenRoutine(self.routine.id, path, "user", tuple(error.diagnostics)))
        )

    def action_open_editor(self) -> None:
        """Open the routine's file in $VISUAL or $EDITOR, then read it again."""
        if self.open_in_editor is None:
            return
        if self.dirty:
            self.notify("Save (ctrl+s) or undo your changes first.", severity="warning")
            return
        problem = self.open_in_editor()
        if problem:
            self.notify(problem, severity="error", markup=False)
            return
        self._reload()
        self.post_message(CatalogChanged(self.routine.id))

    def action_leave(self) -> None:
        """Back to the routines (asks first when there are unsaved changes)."""
        from stretchtimer.app.screens.confirm import leave_asking_first

        leave_asking_first(self, self.dirty)
