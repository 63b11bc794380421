"""Home: the routines (built-in and the user's), the broken ones with their error; the one
last run is highlighted at launch."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from rich.cells import cell_len
from textual import on
from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import Binding
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from stretchtimer.app.app import stretch_app
from stretchtimer.app.commands import RoutineCommands
from stretchtimer.app.messages import CatalogChanged
from stretchtimer.app.screens.sized import SizedScreen
from stretchtimer.app.widgets.footer import Footer
from stretchtimer.core.advice import DISCLAIMER
from stretchtimer.core.catalog import BUILTIN, BrokenRoutine, Catalog, changed_note
from stretchtimer.core.durations import format_clock
from stretchtimer.core.errors import RoutineError
from stretchtimer.core.model import Routine, routine_total
from stretchtimer.core.safe_text import printable

# Source last: on a narrow terminal the end of each row is cut, and it matters least.
COLUMNS = ("Routine", "Steps", "Time", "Source")
NUMBERS = frozenset({1, 2})  # the columns aligned right
MINE = "• "  # marks the person's own routines, which stay visible on a narrow terminal


def catalog_rows(catalog: Catalog) -> list[tuple[str, tuple[str, str, str, str]]]:
    """One row of cells per routine, keyed ``ok:ID``, then one per broken file, ``bad:ID``."""
    rows = []
    for routine in catalog.routines():
        source = f"{routine.source} (replaces built-in)" if routine.shadows else routine.source
        source += " (changed)" if routine.changed_by else ""
        total = format_clock(routine_total(routine))
        name = f"{MINE}{routine.name}" if routine.source != BUILTIN else routine.name
        rows.append((f"ok:{routine.id}", (name, str(len(routine.steps)), total, source)))
    for broken in catalog.broken():
        name = f"⚠ {printable(broken.id)}"  # a file's name, which may hold control characters
        rows.append((f"bad:{broken.id}", (name, "-", "broken", broken.source)))
    return rows


def routine_id(option: Option | None) -> str | None:
    """The routine an option of :func:`catalog_rows` stands for, broken or not."""
    return None if option is None or option.id is None else option.id.partition(":")[2]


def aligned(rows: list[tuple[str, ...]]) -> list[str]:
    """Each row as one line of columns two spaces apart, the :data:`NUMBERS` aligned right.

    Widths are in terminal cells, so names in wide characters line up too.
    """
    widths = [max(cell_len(row[i]) for row in rows) for i in range(len(rows[0]))]

    def fit(i: int, cell: str) -> str:
        pad = " " * (widths[i] - cell_len(cell))
        return pad + cell if i in NUMBERS else cell + pad

    return ["  ".join(fit(i, cell) for i, cell in enumerate(row)).rstrip() for row in rows]


class HomeScreen(SizedScreen[None]):
    """Pick a routine: start it, see its details, screen again, change settings or quit."""

    # Its own rules, parsed when first shown (stretchtimer.tcss's header says why).
    SCOPED_CSS = False
    DEFAULT_CSS = """
    #columns { padding: 0 1; text-style: bold; background: $panel; }
    #routines { height: 1fr; padding: 0 1; }
    #columns, #routines { text-wrap: nowrap; text-overflow: ellipsis; }  /* one line a routine */
    #about { height: auto; max-height: 6; padding: 0 1; color: $text-muted; }
    #about.-error { color: $text-error; }
    HomeScreen.-short #about { max-height: 2; }
    HomeScreen.-short Header { display: none; }
    #reminder-line {
        height: auto; max-height: 2; padding: 0 1; color: $text-primary;
        text-wrap: nowrap; text-overflow: ellipsis;
    }
    """

    VERTICAL_BREAKPOINTS = [(0, "-short"), (20, "-tall")]
    BINDINGS = [
        # Not a priority binding: enter then waits its turn behind the arrows typed before it
        # (the list's own enter selects, and selecting starts), so it starts what they chose.
        Binding("enter,s", "start", "Start", key_display="⏎"),
        Binding("d", "details", "Details"),
        Binding("e", "edit", "Edit"),
        # Less used: in the command palette (ctrl+p), so the footer fits a small terminal.
        Binding("E", "start_easier", "Start easier today", key_display="E", show=False),
        Binding("c", "copy", "Copy routine", show=False),
        Binding("n", "new", "New routine", show=False),
        Binding("m", "rename", "Rename routine", show=False),
        Binding("x,delete", "delete", "Delete routine", show=False),
        Binding("o", "open_editor", "Open in $EDITOR", show=False),
        Binding("g", "progress", "Progress", show=False),
        Binding("w", "reminders", "Reminders", show=False),
        Binding("r", "rescreen", "Screen again", show=False),
        Binding("R", "review_answers", "Review remembered answers", show=False),
        Binding("comma", "settings", "Settings", key_display=",", show=False),
        Binding("ctrl+r", "reload", "Reload routines", show=False),
        # q (and ctrl+q anywhere) quits; in the palette, so the footer fits 40 columns.
        Binding("q", "app.quit", "Quit", tooltip="Close stretchtimer", show=False),
    ]
    COMMANDS = {RoutineCommands}  # the routines by name in the command palette

    def compose(self) -> ComposeResult:
        # An OptionList filled here, not in on_mount, so the first frame shows the routines;
        # a DataTable would cost some 30 ms more before that frame (docs/performance.md).
        columns, options = self._listing()
        routines = OptionList(*options, id="routines", markup=False, compact=True)
        last = f"ok:{stretch_app(self).services.last_routine_id()}"
        if options:
            routines.highlighted = next((i for i, o in enumerate(options) if o.id == last), 0)
        yield Header()
        yield Static(columns, id="columns", markup=False)
        yield routines
        yield Static(id="about", markup=False)
        yield Static(DISCLAIMER, id="disclaimer")
        yield Static(self._reminder_text(), id="reminder-line", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self._warn_about_broken()
        self.show_about()
        self.show_reminders()

    def _listing(self) -> tuple[str, list[Option]]:
        """The column titles, and the catalog's routines as options under them."""
        rows = catalog_rows(stretch_app(self).catalog)
        columns, *lines = aligned([COLUMNS, *(cells for _, cells in rows)])
        return columns, [Option(line, id=key) for (key, _), line in zip(rows, lines, strict=True)]

    def fill(self, select: str | None = None) -> None:
        """Show the catalog's routines again (after a reload), keeping the highlighted one
        (or highlighting ``select``)."""
        routines = self.query_one(OptionList)
        was = select or routine_id(routines.highlighted_option)
        columns, options = self._listing()
        self.query_one("#columns", Static).update(columns)
        routines.set_options(options)
        ids = [routine_id(option) for option in options]  # a file just fixed keeps its place
        if options:
            routines.highlighted = ids.index(was) if was in ids else 0
        self._warn_about_broken()
        self.show_about()

    def _warn_about_broken(self) -> None:
        count = len(stretch_app(self).catalog.broken())
        if count:
            self.notify(
                f"{count} routine file{'s' if count > 1 else ''} could not be loaded: "
                "select it to see why.",
                severity="warning",
            )

    def selected(self) -> Routine | BrokenRoutine | None:
        """The highlighted routine, broken or not."""
        option = self.query_one(OptionList).highlighted_option
        wanted = routine_id(option)
        if option is None or wanted is None:
            return None
        catalog = stretch_app(self).catalog
        pool = catalog.routines() if str(option.id).startswith("ok:") else catalog.broken()
        return next((r for r in pool if r.id == wanted), None)

    @on(OptionList.OptionHighlighted)
    def show_about(self) -> None:
        """Describe the highlighted routine, or say what is wrong with a broken one."""
        about = self.query_one("#about", Static)
        entry = self.selected()
        if isinstance(entry, BrokenRoutine):
            from stretchtimer.app.screens.problems import errors_title

            problems = "\n".join(str(d) for d in entry.diagnostics)
            about.update(
                f"{errors_title(entry)}: d shows them in full; fix the file, then press ctrl+r"
                f" to read it again.\n{problems}"
            )
            about.set_class(True, "-error")
        elif entry is not None:
            tags = f"  [{', '.join(entry.tags)}]" if entry.tags else ""
            changed = f"\nIt is {changed_note(entry)}." if entry.changed_by else ""
            about.update(f"{entry.description}{tags}{changed}")
            about.set_class(False, "-error")

    @on(OptionList.OptionSelected)
    def _row_chosen(self) -> None:
        self.action_start()

    def action_start(self) -> None:
        """Start the highlighted routine, after the red-flag check."""
        entry = self.selected()
        if isinstance(entry, Routine):
            stretch_app(self).begin_session(entry)
        elif entry is not None:
            self.notify("This routine has errors; fix the file first.", severity="error")

    def action_progress(self) -> None:
        """Streaks, minutes, the calendar and the pain trend."""
        from stretchtimer.app.screens.progress import ProgressScreen

        self.app.push_screen(ProgressScreen())

    def action_reminders(self) -> None:
        """Turn the walk reminders on or off, and change when they come."""
        from stretchtimer.app.screens.reminders import RemindersScreen

        self.app.push_screen(RemindersScreen())

    def action_start_easier(self) -> None:
        """Start the highlighted routine's easier version, for a bad day."""
        from stretchtimer.core.routine_doc import easier_routine

        entry = self.selected()
        if isinstance(entry, Routine):
            stretch_app(self).begin_session(easier_routine(entry))
        else:
            self.action_start()

    def action_details(self) -> None:
        """Show the phases the highlighted routine will run, or a broken one's errors."""
        from stretchtimer.app.screens.details import DetailsScreen
        from stretchtimer.app.screens.problems import ProblemsScreen

        entry = self.selected()
        if isinstance(entry, Routine):
            self.app.push_screen(DetailsScreen(entry))
        elif isinstance(entry, BrokenRoutine):
            self.app.push_screen(ProblemsScreen(entry))

    def action_rescreen(self) -> None:
        """Answer the red-flag questions again."""
        stretch_app(self).screen_again()

    def action_review_answers(self) -> None:
        """Answer every red-flag question again, the remembered ones too."""
        stretch_app(self).screen_again(review=True)

    def action_settings(self) -> None:
        """Open the settings."""
        from stretchtimer.app.screens.settings import SettingsScreen

        self.app.push_screen(SettingsScreen())

    reminders_shown: str | None = None  # the reminder line's text on screen

    def _reminder_text(self) -> str:
        """The reminder line fitted to the terminal's width (less the line's padding)."""
        return stretch_app(self).reminder_status(self.app.size.width - 2)

    def show_reminders(self) -> None:
        """Home's reminder line (the app calls it after each check: once a minute)."""
        line = self.query_one("#reminder-line", Static)
        text = self._reminder_text()
        if text != self.reminders_shown:  # the same words again: nothing to redraw
            self.reminders_shown = text
            line.update(text)
            line.display = bool(text)

    def on_resize(self) -> None:
        """A wider or narrower terminal: the reminder line's longer or shorter form."""
        self.show_reminders()

    def action_reload(self) -> None:
        """Read the routine files again."""
        stretch_app(self).reload_catalog()
        self.fill()

    # -- the person's own routines ----------------------------------------------------------

    def _own(self, what: str) -> Routine | None:
        """The highlighted routine if it is the person's own; else says why not."""
        entry = self.selected()
        if isinstance(entry, Routine) and entry.source != BUILTIN and entry.path is not None:
            return entry
        if isinstance(entry, Routine):
            self.notify(
                f"Built-in routines never change: press c to copy it, then {what} the copy.",
                severity="warning",
            )
        elif entry is not None:
            self.notify("This routine has errors: o opens its file.", severity="warning")
        return None

    def _changed(self, select: str | None = None) -> None:
        """The routine files changed: the app reads them again, and home shows them."""
        self.post_message(CatalogChanged(select))

    def _user_dir(self) -> Path:
        return stretch_app(self).services.routines_dir()

    def action_copy(self) -> None:
        """Copy the highlighted routine into your own (a built-in one never changes)."""
        entry = self.selected()
        if isinstance(entry, Routine):
            self._copy(entry)

    def _copy(self, entry: Routine) -> Path | None:
        """A new routine of the person's, a copy of ``entry``; its file, or None (said why)."""
        from stretchtimer.adapters.routine_writer import copy_text, routine_path, write_new
        from stretchtimer.core.routine_doc import free_id

        taken = {e.id for e in stretch_app(self).catalog.entries}
        new_id = free_id(f"my-{entry.id.removeprefix('my-')}", taken)
        path = routine_path(self._user_dir(), new_id)
        try:
            write_new(
                path, copy_text(entry, stretch_app(self).catalog.exercises, f"{entry.name} (copy)")
            )
        except OSError as error:
            self.notify(f"Could not copy: {error.strerror or error}", severity="error")
            return None
        self._changed(new_id)
        self.notify(f"Copied as '{new_id}': e edits it.", markup=False)
        return path

    def action_new(self) -> None:
        """Create a new routine of your own and edit it."""
        from stretchtimer.adapters.routine_files import load_routine
        from stretchtimer.adapters.routine_writer import routine_path, write_new
        from stretchtimer.core.routine_doc import free_id, template_text

        taken = {e.id for e in stretch_app(self).catalog.entries}
        new_id = free_id("my-routine", taken)
        path = routine_path(self._user_dir(), new_id)
        try:
            write_new(path, template_text("My routine"))
            routine = load_routine(path, stretch_app(self).catalog.exercises)
        except (OSError, RoutineError) as error:
            self.notify(f"Could not create it: {error}", severity="error", markup=False)
            return
        self._changed(new_id)
        self._open_editor(routine)

    def action_edit(self) -> None:
        """Edit the highlighted routine of yours."""
        routine = self._own("edit")
        if routine is not None:
            self._open_editor(routine)

    def _open_editor(self, routine: Routine) -> None:
        from stretchtimer.adapters.routine_writer import ChangedOnDisk, EditedRoutine
        from stretchtimer.app.screens.editor import EditorScreen

        exercises = stretch_app(self).catalog.exercises
        path = routine.path
        assert path is not None
        screen = EditorScreen(
            routine,
            exercises,
            EditedRoutine.open(routine, exercises),
            changed_error=ChangedOnDisk,
            open_in_editor=lambda: self._run_editor(path),
        )
        self.app.push_screen(screen)

    def _run_editor(self, path: Path) -> str | None:
        """Open ``path`` in $VISUAL or $EDITOR with the app suspended; the problem, or None."""
        from stretchtimer.adapters.editor import run_editor

        try:
            with self.app.suspend():
                return run_editor(path)
        except SuspendNotSupported:
            return "The terminal cannot hand over to an editor here."

    def action_open_editor(self) -> None:
        """Open the highlighted routine's file in $VISUAL or $EDITOR (a copy of a built-in)."""
        from stretchtimer.adapters.routine_files import load_routine
        from stretchtimer.app.screens.problems import ProblemsScreen

        entry = self.selected()
        if entry is None:
            return
        path = (
            self._copy(entry)
            if isinstance(entry, Routine) and entry.source == BUILTIN
            else entry.path
        )
        if path is None:
            return
        problem = self._run_editor(path)
        if problem:
            self.notify(problem, severity="error", markup=False)
        self._changed(path.stem)
        try:
            load_routine(path, stretch_app(self).catalog.exercises)
        except RoutineError as error:
            broken = BrokenRoutine(path.stem, path, "user", tuple(error.diagnostics))
            self.app.push_screen(ProblemsScreen(broken))

    def action_rename(self) -> None:
        """Rename the highlighted routine of yours (its id and file name too, if you ask)."""
        from stretchtimer.app.screens.rename import RenameScreen

        routine = self._own("rename")
        if routine is None:
            return
        taken = {e.id for e in stretch_app(self).catalog.entries}

        def renamed(answer: tuple[str, str] | None) -> None:
            if answer is not None:
                self._rename(routine, *answer)

        self.app.push_screen(RenameScreen(routine.name, routine.id, taken), renamed)

    def _rename(self, routine: Routine, name: str, new_id: str) -> None:
        from stretchtimer.adapters.routine_writer import EditedRoutine, move_routine, routine_path

        assert routine.path is not None
        try:
            if name != routine.name:
                store = EditedRoutine.open(routine, stretch_app(self).catalog.exercises)
                store.save(dataclasses.replace(routine, name=name), overwrite=True)
            if new_id != routine.id:
                move_routine(routine.path, routine_path(routine.path.parent, new_id))
                stretch_app(self).services.record_rename(routine.id, new_id)
        except (OSError, RoutineError) as error:
            self.notify(f"Could not rename it: {error}", severity="error", markup=False)
            return
        self._changed(new_id)

    def action_delete(self) -> None:
        """Delete the highlighted routine of yours (asks first)."""
        from stretchtimer.adapters.routine_writer import delete_routine
        from stretchtimer.app.screens.confirm import ConfirmScreen

        routine = self._own("delete")
        if routine is None:
            return
        path = routine.path
        assert path is not None

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                delete_routine(path)
            except OSError as error:
                self.notify(f"Could not delete it: {error.strerror or error}", severity="error")
                return
            self._changed()
            self.notify(f"Deleted '{routine.id}'.", markup=False)

        question = f"Delete your routine '{printable(routine.name)}' ({printable(path.name)})?"
        self.app.push_screen(ConfirmScreen(question), answered)
