"""The alert when reminders fall due: start now, snooze 5/10/15, or skip. After an emergency
answer in this sitting it offers no walk: only the emergency advice.

One alert is made per sitting and shown again for each reminder (``show``): its widgets are
made once, so the alerts of a day leave nothing behind (Textual keeps each widget's drawn lines
alive after the widget is gone, until 1,024 newer widgets push them out: Textual issue #6665).
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Static

from stretchtimer.core.safe_text import printable
from stretchtimer.core.schedule import MAX_SNOOZES, SNOOZE_CHOICES


def alert_text(names: list[str], snoozes: int) -> str:
    """ "Time to move: Walk break (snoozed 1 of 3)"."""
    what = " and ".join(printable(name) for name in names)
    shown = f" (snoozed {snoozes} of {MAX_SNOOZES})" if snoozes else ""
    return f"Time to move: {what}{shown}"


class ReminderAlert(ModalScreen[str]):
    """Dismisses with ``start``, ``snooze5``/``snooze10``/``snooze15``, ``skip`` or (the
    emergency form) ``close``. Both forms are composed once; ``show`` says which is seen."""

    # Its own rules, parsed when first shown (stretchtimer.tcss's header says why).
    SCOPED_CSS = False
    DEFAULT_CSS = """
    ReminderAlert { align: center middle; }
    .reminder-alert { max-width: 100%; max-height: 100%; }
    #alert-advice { height: auto; max-height: 50vh; }
    #snooze-buttons { width: auto; height: auto; margin-top: 1; }
    .reminder-alert Button { min-width: 0; width: auto; }
    #snooze-buttons Button, #snooze-label { margin-right: 1; width: auto; }
    """

    BINDINGS = [
        Binding("s", "choose('start')", "Start now"),
        Binding("5", "choose('snooze5')", "Snooze 5"),
        Binding("z,1", "choose('snooze10')", "Snooze 10"),
        Binding("f", "choose('snooze15')", "Snooze 15"),
        Binding("k,escape", "choose('skip')", "Skip"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.names: list[str] = []
        self.snoozes = 0
        self.can_snooze = True
        self.emergency: str | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="reminder-alert"):
            with VerticalScroll(id="alert-advice", classes="-emergency-only"):
                yield Static(id="advice", markup=False)  # long advice scrolls at 40x12
            yield Static(id="question", classes="-walk-only", markup=False)
            with Horizontal(id="dialog-buttons"):
                yield Button(
                    "Start now (s)",
                    id="alert-start",
                    name="start",
                    variant="primary",
                    compact=True,
                    classes="-walk-only",
                )
                yield Button(
                    "Skip (k)", id="alert-skip", name="skip", compact=True, classes="-walk-only"
                )
                yield Button(
                    "Close (k)",
                    id="alert-close",
                    name="close",
                    variant="error",
                    compact=True,
                    classes="-emergency-only",
                )
            with Horizontal(id="snooze-buttons", classes="-walk-only"):
                yield Static("Snooze", id="snooze-label")
                for minutes, key in zip(SNOOZE_CHOICES, "5zf", strict=True):
                    label, name = f"{minutes}m ({key})", f"snooze{minutes}"
                    yield Button(label, id=f"alert-{name}", name=name, compact=True)

    def on_mount(self) -> None:
        self._fill()

    def show(
        self,
        names: list[str],
        *,
        snoozes: int = 0,
        can_snooze: bool = True,
        emergency: str | None = None,
    ) -> None:
        """What the next alert says (before it is pushed): the walks due, how often they were
        snoozed and whether they can be again; or, after an emergency, only its advice."""
        self.names, self.snoozes, self.can_snooze = names, snoozes, can_snooze
        self.emergency = emergency
        if self.is_mounted:
            self._fill()

    def _fill(self) -> None:
        """Show this alert's text and its form's widgets; its first choice takes the focus
        (the advice in the emergency form, so the arrows scroll it; k or esc closes it)."""
        emergency = self.emergency is not None
        self.query_one("#dialog").set_class(emergency, "-emergency")
        for widget in self.query(".-walk-only"):
            widget.display = not emergency
        for widget in self.query(".-emergency-only"):
            widget.display = emergency
        for button in self.query_one("#snooze-buttons").query(Button):
            button.disabled = not self.can_snooze
        first: Widget
        if self.emergency is not None:
            self.query_one("#advice", Static).update(self.emergency)
            first = self.query_one("#alert-advice")
            first.scroll_home(animate=False)
        else:
            self.query_one("#question", Static).update(alert_text(self.names, self.snoozes))
            first = self.query_one("#alert-start")
        first.focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.action_choose(event.button.name or "skip")

    def action_choose(self, choice: str) -> None:
        """Answer the alert."""
        if self.emergency is not None:
            if choice in ("skip", "close"):  # no walk to start or put off: only closing
                self.dismiss("close")
        elif choice.startswith("snooze") and not self.can_snooze:
            self.notify(f"Snoozed {MAX_SNOOZES} times already: start or skip.", markup=False)
        else:
            self.dismiss(choice)
