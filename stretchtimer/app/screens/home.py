"""Home: the routines (built-in and the user's), the broken ones with their error."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from stretchtimer.core.advice import DISCLAIMER
from stretchtimer.core.durations import format_clock
from stretchtimer.core.library import BrokenRoutine
from stretchtimer.core.loader import routine_total
from stretchtimer.core.model import Routine


class HomeScreen(Screen[None]):
    """Pick a routine: start it, see its details, screen again, change settings or quit."""

    VERTICAL_BREAKPOINTS = [(0, "-short"), (20, "-tall")]
    BINDINGS = [
        Binding("enter,s", "start", "Start", key_display="⏎", priority=True),
        Binding("d", "details", "Details"),
        Binding("r", "rescreen", "Screen again"),
        Binding("comma", "settings", "Settings", key_display=","),
        Binding("ctrl+r", "reload", "Reload routines", show=False),
        Binding("q", "app.quit", "Quit"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home"):
            yield DataTable(id="routines", cursor_type="row", zebra_stripes=True)
            yield Static(id="about")
            yield Static(DISCLAIMER, id="disclaimer")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Routine", "Source", "Steps", "Time")
        self.fill()

    def fill(self) -> None:
        """Show the catalog's routines, the broken ones last."""
        table = self.query_one(DataTable)
        table.clear()
        catalog = self.app.catalog
        for routine in catalog.routines():
            source = f"{routine.source} (replaces built-in)" if routine.shadows else routine.source
            table.add_row(
                routine.name,
                source,
                str(len(routine.steps)),
                format_clock(routine_total(routine)),
                key=f"ok:{routine.id}",
            )
        for broken in catalog.broken():
            table.add_row(f"⚠ {broken.id}", broken.source, "-", "broken", key=f"bad:{broken.id}")
        if catalog.broken():
            count = len(catalog.broken())
            self.notify(
                f"{count} routine file{'s' if count > 1 else ''} could not be loaded: "
                "select it to see why.",
                severity="warning",
            )
        self.show_about()

    def selected(self) -> Routine | BrokenRoutine | None:
        """The highlighted routine, broken or not."""
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or ""
        kind, _, routine_id = key.partition(":")
        catalog = self.app.catalog
        pool = catalog.routines() if kind == "ok" else catalog.broken()
        return next((r for r in pool if r.id == routine_id), None)

    @on(DataTable.RowHighlighted)
    def show_about(self) -> None:
        """Describe the highlighted routine, or say what is wrong with a broken one."""
        about = self.query_one("#about", Static)
        entry = self.selected()
        if isinstance(entry, BrokenRoutine):
            about.update("\n".join(str(d) for d in entry.diagnostics))
            about.set_class(True, "-error")
        elif entry is not None:
            tags = f"  [{', '.join(entry.tags)}]" if entry.tags else ""
            about.update(f"{entry.description}{tags}")
            about.set_class(False, "-error")

    @on(DataTable.RowSelected)
    def _row_chosen(self) -> None:
        self.action_start()

    def action_start(self) -> None:
        """Start the highlighted routine (behind the screening)."""
        entry = self.selected()
        if isinstance(entry, Routine):
            self.app.begin_session(entry)
        elif entry is not None:
            self.notify("This routine has errors; fix the file first.", severity="error")

    def action_details(self) -> None:
        """Show the phases the highlighted routine will run."""
        from stretchtimer.app.screens.details import DetailsScreen

        entry = self.selected()
        if isinstance(entry, Routine):
            self.app.push_screen(DetailsScreen(entry))

    def action_rescreen(self) -> None:
        """Answer the red-flag questions again."""
        from stretchtimer.app.screens.screening import ScreeningScreen

        app = self.app
        if app.emergency_in_sitting:
            app.push_screen(ScreeningScreen(app.services.screening_text(), emergency=True))
            return
        app.services.screening_store(app.settings.screening_reset_hour).forget()
        app.push_screen(ScreeningScreen(app.services.screening_text(), start_label="Done"))

    def action_settings(self) -> None:
        """Open the settings."""
        from stretchtimer.app.screens.settings import SettingsScreen

        self.app.push_screen(SettingsScreen())

    def action_reload(self) -> None:
        """Read the routine files again."""
        self.app.reload_catalog()
        self.fill()
