"""Renaming one of the person's routines: its name, and its id (file name) if they ask."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from stretchtimer.core.routine_doc import id_problem, read_field


class RenameScreen(ModalScreen[tuple[str, str] | None]):
    """Asks for a routine's new name and id; dismisses with (name, id), or None."""

    # Enter in a field renames (Input.Submitted, after the keys typed before it); on a button
    # it presses that button: not a priority binding, which renamed from Cancel too.
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, name: str, routine_id: str, taken: set[str]) -> None:
        super().__init__()
        self.old_name = name
        self.old_id = routine_id
        self.taken = taken - {routine_id}

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="custom"):
            yield Static("Name")
            yield Input(self.old_name, id="rename-name")
            yield Static(id="rename-name-error", classes="field-error", markup=False)
            yield Static("Id (its file name; history follows it)")
            yield Input(self.old_id, id="rename-id")
            yield Static(id="rename-id-error", classes="field-error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Rename", id="rename-ok", variant="primary", compact=True)
                yield Button("Cancel", id="rename-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#rename-name").focus()

    def _problems(self) -> tuple[str | None, str | None]:
        name, name_problem = read_field("name", self.query_one("#rename-name", Input).value)
        new_id = self.query_one("#rename-id", Input).value.strip()
        id_bad = id_problem(new_id)
        if id_bad is None and new_id in self.taken:
            id_bad = f"a routine '{new_id}' already exists"
        for field, problem in (("name", name_problem), ("id", id_bad)):
            error = self.query_one(f"#rename-{field}-error", Static)
            error.update(problem or "")
            error.set_class(bool(problem), "-shown")
        return (None if name_problem else str(name)), (None if id_bad else new_id)

    @on(Input.Changed)
    def _changed(self) -> None:
        """Check both fields as they are typed in, so no error stays from an earlier value."""
        self._problems()

    @on(Input.Submitted)
    @on(Button.Pressed, "#rename-ok")
    def action_rename(self) -> None:
        """Rename the routine."""
        name, new_id = self._problems()
        if name is not None and new_id is not None:
            self.dismiss((name, new_id))

    @on(Button.Pressed, "#rename-cancel")
    def action_cancel(self) -> None:
        """Close without renaming."""
        self.dismiss(None)
