"""The alert when reminders fall due: start now, snooze 5/10/15, or skip. After an emergency
answer in this sitting it offers no walk: only the emergency advice."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from stretchtimer.core.safe_text import printable
from stretchtimer.core.schedule import MAX_SNOOZES, SNOOZE_CHOICES


class ReminderAlert(ModalScreen[str]):
    """Dismisses with ``start``, ``snooze5``/``snooze10``/``snooze15``, ``skip`` or (the
    emergency form) ``close``."""

    BINDINGS = [
        Binding("s", "choose('start')", "Start now"),
        Binding("5", "choose('snooze5')", "Snooze 5"),
        Binding("z,1", "choose('snooze10')", "Snooze 10"),
        Binding("f", "choose('snooze15')", "Snooze 15"),
        Binding("k,escape", "choose('skip')", "Skip"),
    ]

    def __init__(
        self,
        names: list[str],
        *,
        snoozes: int = 0,
        can_snooze: bool = True,
        emergency: str | None = None,
    ) -> None:
        super().__init__()
        self.names = names
        self.snoozes = snoozes
        self.can_snooze = can_snooze
        self.emergency = emergency

    def compose(self) -> ComposeResult:
        emergency = "-emergency" if self.emergency is not None else ""
        with Vertical(id="dialog", classes=f"reminder-alert {emergency}"):
            if self.emergency is not None:
                with VerticalScroll(id="alert-advice"):  # long advice scrolls on a small terminal
                    yield Static(self.emergency, id="question", markup=False)
                with Horizontal(id="dialog-buttons"):
                    yield Button(
                        "Close (k)", id="alert-close", name="close", variant="error", compact=True
                    )
                return
            what = " and ".join(printable(name) for name in self.names)
            shown = f" (snoozed {self.snoozes} of {MAX_SNOOZES})" if self.snoozes else ""
            yield Static(f"Time to move: {what}{shown}", id="question", markup=False)
            with Horizontal(id="dialog-buttons"):
                yield Button(
                    "Start now (s)", id="alert-start", name="start", variant="primary", compact=True
                )
                yield Button("Skip (k)", id="alert-skip", name="skip", compact=True)
            with Horizontal(id="snooze-buttons"):
                yield Static("Snooze", id="snooze-label")
                for minutes, key in zip(SNOOZE_CHOICES, "5zf", strict=True):
                    label, name = f"{minutes}m ({key})", f"snooze{minutes}"
                    yield Button(
                        label,
                        id=f"alert-{name}",
                        name=name,
                        disabled=not self.can_snooze,
                        compact=True,
                    )

    def on_mount(self) -> None:
        # The advice first, so the arrows scroll it; k or esc closes it.
        target = "#alert-advice" if self.emergency is not None else "Button"
        self.query(target).first().focus()

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
