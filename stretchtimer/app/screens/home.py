"""Home: the routines (built-in and the user's), the broken ones with their error; the one
last run is highlighted at launch."""

from __future__ import annotations

from rich.cells import cell_len
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from stretchtimer.app.commands import RoutineCommands
from stretchtimer.app.screens.sized import SizedScreen
from stretchtimer.core.advice import DISCLAIMER
from stretchtimer.core.catalog import BrokenRoutine, Catalog, changed_note
from stretchtimer.core.durations import format_clock
from stretchtimer.core.model import Routine, routine_total
from stretchtimer.core.safe_text import printable

# Source last: on a narrow terminal the end of each row is cut, and it matters least.
COLUMNS = ("Routine", "Steps", "Time", "Source")
NUMBERS = frozenset({1, 2})  # the columns aligned right


def catalog_rows(catalog: Catalog) -> list[tuple[str, tuple[str, str, str, str]]]:
    """One row of cells per routine, keyed ``ok:ID``, then one per broken file, ``bad:ID``."""
    rows = []
    for routine in catalog.routines():
        source = f"{routine.source} (replaces built-in)" if routine.shadows else routine.source
        source += " (changed)" if routine.changed_by else ""
        total = format_clock(routine_total(routine))
        rows.append((f"ok:{routine.id}", (routine.name, str(len(routine.steps)), total, source)))
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

    VERTICAL_BREAKPOINTS = [(0, "-short"), (20, "-tall")]
    BINDINGS = [
        # Not a priority binding: enter then waits its turn behind the arrows typed before it
        # (the list's own enter selects, and selecting starts), so it starts what they chose.
        Binding("enter,s", "start", "Start", key_display="⏎"),
        Binding("d", "details", "Details"),
        Binding("r", "rescreen", "Screen again"),
        Binding("comma", "settings", "Settings", key_display=","),
        Binding("ctrl+r", "reload", "Reload routines", show=False),
        Binding("q", "app.quit", "Quit", tooltip="Close stretchtimer"),
    ]
    COMMANDS = {RoutineCommands}  # the routines by name in the command palette

    def compose(self) -> ComposeResult:
        # An OptionList filled here, not in on_mount, so the first frame shows the routines;
        # a DataTable would cost some 30 ms more before that frame (docs/performance.md).
        columns, options = self._listing()
        routines = OptionList(*options, id="routines", markup=False, compact=True)
        last = f"ok:{self.app.services.last_routine_id()}"
        if options:
            routines.highlighted = next((i for i, o in enumerate(options) if o.id == last), 0)
        yield Header()
        yield Static(columns, id="columns", markup=False)
        yield routines
        yield Static(id="about", markup=False)
        yield Static(DISCLAIMER, id="disclaimer")
        yield Static(self.app.reminder_status(), id="reminder-line", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self._warn_about_broken()
        self.show_about()
        self.show_reminders(self.app.reminder_status())

    def _listing(self) -> tuple[str, list[Option]]:
        """The column titles, and the catalog's routines as options under them."""
        rows = catalog_rows(self.app.catalog)
        columns, *lines = aligned([COLUMNS, *(cells for _, cells in rows)])
        return columns, [Option(line, id=key) for (key, _), line in zip(rows, lines, strict=True)]

    def fill(self) -> None:
        """Show the catalog's routines again (after a reload), keeping the highlighted one."""
        routines = self.query_one(OptionList)
        was = routine_id(routines.highlighted_option)
        columns, options = self._listing()
        self.query_one("#columns", Static).update(columns)
        routines.set_options(options)
        ids = [routine_id(option) for option in options]  # a file just fixed keeps its place
        if options:
            routines.highlighted = ids.index(was) if was in ids else 0
        self._warn_about_broken()
        self.show_about()

    def _warn_about_broken(self) -> None:
        count = len(self.app.catalog.broken())
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
        catalog = self.app.catalog
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
            self.app.begin_session(entry)
        elif entry is not None:
            self.notify("This routine has errors; fix the file first.", severity="error")

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
        self.app.screen_again()

    def action_settings(self) -> None:
        """Open the settings."""
        from stretchtimer.app.screens.settings import SettingsScreen

        self.app.push_screen(SettingsScreen())

    def show_reminders(self, text: str) -> None:
        """Home's reminder line (the app calls it after each check: once a minute)."""
        line = self.query_one("#reminder-line", Static)
        line.update(text)
        line.display = bool(text)

    def action_reload(self) -> None:
        """Read the routine files again."""
        self.app.reload_catalog()
        self.fill()
