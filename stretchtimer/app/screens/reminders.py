"""The Reminders screen: each reminder turned on or off, its interval, hours (several
ranges a day), days, alignment and routine, changed without editing the file.

Each field is checked with the file's own rules (:mod:`stretchtimer.core.reminders_yaml`)
and its problem shown beside it in the same words; Save is refused while one is wrong. The
file is saved by the round-trip writer (comments and other keys kept, atomically), and never
when it could not be read: then the screen shows the file's error and nothing else.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Header, Input, Label, Select, Static, Switch

from stretchtimer.app.app import stretch_app
from stretchtimer.app.screens.sized import SizedScreen
from stretchtimer.app.widgets.footer import Footer
from stretchtimer.core.reminders import DAYS, common_hours, format_range
from stretchtimer.core.reminders_yaml import EDITABLE, edited, field_problem, field_texts
from stretchtimer.core.safe_text import printable

if TYPE_CHECKING:
    from stretchtimer.core.errors import Diagnostic
    from stretchtimer.core.reminders import Reminder

LABELS = {"every": "Every", "hours": "Hours", "days": "Days", "align": "Align"}
HINTS = {
    "every": "60m, 1h30m, 90s",
    "hours": "09:00-12:30, 13:30-18:00",
    "days": "mon-fri, sat,sun, all",
    "align": "none, hour or :50",
}


class RemindersScreen(SizedScreen[None]):
    """Change the reminders; ctrl+s saves them (and they are in use at once)."""

    # Its own rules, parsed when first shown (stretchtimer.tcss's header says why).
    SCOPED_CSS = False
    DEFAULT_CSS = """
    #reminders-title { text-style: bold; color: $text-primary; padding: 0 1; }
    #reminders { padding: 0 1; }
    #reminders-error { color: $text-error; padding: 0 1; }
    .reminder { height: auto; margin-bottom: 1; }
    .reminder-field { height: auto; }
    .reminder-label { width: 12; }
    .reminder-field Input { width: 1fr; }
    .reminder-field Select { width: 1fr; }
    .reminder-field Switch { border: none; height: 1; }
    .reminder-note, .this-run { color: $text-muted; }
    .this-run.-empty { display: none; }
    RemindersScreen.-narrow .reminder-label { width: 8; }
    RemindersScreen.-narrow Header { display: none; }
    """

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", key_display="^s", priority=True),
        Binding("escape", "leave", "Back", key_display="esc"),
    ]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (60, "-wide")]

    def __init__(self) -> None:
        super().__init__()
        self.file = stretch_app(self).reminders.settings_file()
        self.reminders: list[Reminder] = []
        self.problems: list[Diagnostic] = []
        self.reminders, self.problems = self.file.load()
        self.saved = self._values() if not self.problems else {}

    # -- the form -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Reminders", id="reminders-title")
        if self.problems:
            yield from self._broken()
        else:
            with VerticalScroll(id="reminders"):
                for index, reminder in enumerate(self.reminders):
                    yield from self._reminder(index, reminder)
        yield Footer()

    def _broken(self) -> ComposeResult:
        """The file's error: nothing to edit, and the file is never written from here."""
        errors = "\n".join(printable(str(problem)) for problem in self.problems)
        yield Static(
            f"The reminders file could not be read, so it cannot be changed here:\n{errors}\n"
            "Fix the file, then open this screen again. The default reminders run meanwhile.",
            id="reminders-error",
            markup=False,
        )

    def _reminder(self, index: int, reminder: Reminder) -> ComposeResult:
        texts = field_texts(reminder)
        with Vertical(classes="reminder"):
            with Horizontal(classes="reminder-field"):
                yield Label(printable(reminder.id), classes="reminder-label")
                yield Switch(reminder.enabled, id=f"r{index}-enabled")
                yield Static(self._state(reminder.id, reminder.enabled), id=f"r{index}-state")
            for key in EDITABLE:
                with Horizontal(classes="reminder-field"):
                    yield Label(LABELS[key], classes="reminder-label")
                    yield Input(
                        texts[key],
                        placeholder=HINTS[key],
                        id=f"r{index}-{key}",
                        compact=True,
                        select_on_focus=False,
                    )
                yield Static("", id=f"r{index}-{key}-error", classes="field-error", markup=False)
            with Horizontal(classes="reminder-field"):
                yield Label("Routine", classes="reminder-label")
                yield Select(
                    self._routines(reminder.routine),
                    value=reminder.routine,
                    allow_blank=False,
                    compact=True,
                    id=f"r{index}-routine",
                )
            own = _own_hours(reminder)
            if own:
                yield Static(own, classes="reminder-note", markup=False)
            this_run = self._this_run(reminder)
            yield Static(
                this_run, id=f"r{index}-this-run", classes="this-run", markup=False
            ).set_class(not this_run, "-empty")

    def on_mount(self) -> None:
        """The first reminder's switch has the focus: space turns it on or off, tab goes on."""
        switches = self.query(Switch)
        if switches:
            switches.first().focus()

    def _routines(self, current: str) -> list[tuple[str, str]]:
        """The routines to choose from (by name), the reminder's own kept if not found."""
        routines = [(printable(r.name), r.id) for r in stretch_app(self).catalog.routines()]
        if current not in {rid for _, rid in routines}:
            routines.insert(0, (printable(current), current))
        return routines

    # -- values and their problems ----------------------------------------------------------

    def _values(self) -> dict[str, object]:
        """Every field's value now (the form as it would be saved)."""
        if not self.is_mounted:  # before compose: the file's values
            values: dict[str, object] = {}
            for index, reminder in enumerate(self.reminders):
                values[f"r{index}-enabled"] = reminder.enabled
                values[f"r{index}-routine"] = reminder.routine
                for key, text in field_texts(reminder).items():
                    values[f"r{index}-{key}"] = text
            return values
        values = {f"{w.id}": w.value for w in self.query(Input)}
        values.update({f"{w.id}": w.value for w in self.query(Switch)})
        values.update({f"{w.id}": w.value for w in self.query(Select)})
        return values

    @property
    def dirty(self) -> bool:
        """Whether there are unsaved changes."""
        return not self.problems and self._values() != self.saved

    def _edited(self) -> tuple[list[Reminder], bool]:
        """The reminders as the form has them, and whether every field is right (each
        field's problem shown beside it)."""
        out: list[Reminder] = []
        ok = True
        for index, reminder in enumerate(self.reminders):
            texts = {key: self.query_one(f"#r{index}-{key}", Input).value for key in EDITABLE}
            new, problems = edited(
                reminder,
                texts,
                enabled=self.query_one(f"#r{index}-enabled", Switch).value,
                routine=str(self.query_one(f"#r{index}-routine", Select).value),
            )
            for key in EDITABLE:
                self._show_problem(f"r{index}-{key}", problems.get(key))
            if new is None:
                ok = False
            else:
                out.append(new)
        return out, ok

    def _show_problem(self, field: str, problem: str | None) -> None:
        shown = self.query_one(f"#{field}-error", Static)
        shown.update(problem or "")
        shown.set_class(problem is not None, "-shown")
        self.query_one(f"#{field}", Input).set_class(problem is not None, "-invalid")

    @on(Switch.Changed)
    def _switched(self, event: Switch.Changed) -> None:
        """Say on or off in words too (seen without colour)."""
        index = (event.switch.id or "").partition("-")[0]
        rid = self.reminders[int(index.removeprefix("r"))].id
        self.query_one(f"#{index}-state", Static).update(self._state(rid, event.value))

    def show_reminders(self) -> None:
        """Each reminder's state in words again, and what this run changed (the app calls it
        after each check; a line that says it already is left alone: an update lays out)."""
        for index, reminder in enumerate(self.reminders if not self.problems else []):
            switch = self.query_one(f"#r{index}-enabled", Switch)
            state = self.query_one(f"#r{index}-state", Static)
            if state.content != (said := self._state(reminder.id, switch.value)):
                state.update(said)
            note = self.query_one(f"#r{index}-this-run", Static)
            if note.content != (this_run := self._this_run(reminder)):
                note.update(this_run)
                note.set_class(not this_run, "-empty")

    def _this_run(self, reminder: Reminder) -> str:
        """What the command line changed for this run (``stretchtimer remind --every 45m``):
        the fields show the file, which is what Save writes."""
        used = stretch_app(self).reminders.this_run.get(reminder.id)
        if used is None:
            return ""
        texts, used_texts = field_texts(reminder), field_texts(used)
        changes = [
            f"{LABELS[key].lower()} {used_texts[key]}"
            for key in EDITABLE
            if used_texts[key] != texts[key]
        ]
        if used.routine != reminder.routine:
            changes.append(f"routine {used.routine}")
        if not changes:
            return ""
        return (
            f"This run, from the command line: {', '.join(changes)}. "
            "The fields show the file, which Save writes."
        )

    def _state(self, rid: str, on: bool) -> str:
        """``on`` or ``off`` in words; ``off (on for this run)`` after ``stretchtimer remind``."""
        used = stretch_app(self).reminders.this_run.get(rid)
        if not on and used is not None and used.enabled:
            return " off (on for this run)"
        return " on" if on else " off"

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        """Check the field as it is typed in, with the file's rules."""
        field = event.input.id or ""
        key = field.partition("-")[2]
        if key in EDITABLE:
            self._show_problem(field, field_problem(key, event.value))

    # -- saving and leaving ---------------------------------------------------------------------

    async def action_save(self) -> None:
        """Save the reminders (refused while a field is wrong); in use at once."""
        if self.problems:
            self.notify("The file has errors: fix it first.", severity="error", markup=False)
            return
        reminders, ok = self._edited()
        if not ok:
            self.notify(
                "Not saved: a field is wrong (its problem is shown under it).", severity="error"
            )
            return
        try:
            await asyncio.to_thread(self.file.save, reminders)
        except (OSError, ValueError) as error:
            self.notify(f"Not saved: {error}", severity="error", markup=False)
            return
        self.reminders = reminders
        self.saved = self._values()
        app = stretch_app(self)
        app.reminders.apply(reminders)
        elsewhere = "" if app.reminders.running else " (another stretchtimer runs them)"
        self.notify(f"Reminders saved{elsewhere}.", markup=False)

    def action_leave(self) -> None:
        """Back to the routines (asks first when there are unsaved changes)."""
        from stretchtimer.app.screens.confirm import leave_asking_first

        leave_asking_first(self, self.dirty)


def _own_hours(reminder: Reminder) -> str:
    """A note on the days whose own hours (``hours_by_day``) are kept, or ``""``."""
    common = common_hours(reminder.hours)
    own = [
        f"{DAYS[day]} {', '.join(format_range(*r) for r in ranges) or 'none'}"
        for day, ranges in sorted(reminder.hours.items())
        if ranges != common
    ]
    return f"Kept from the file: {'; '.join(own)}" if own else ""
