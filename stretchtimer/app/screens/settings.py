"""Settings: sound, volume, the last-seconds beeps, spoken cues and how long a screening lasts."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Label, Select, Static, Switch

VOLUMES = [(f"{level}%", level / 100) for level in (20, 40, 60, 80, 100)]
COUNTDOWNS = [("off", 0)] + [(f"last {n} s", n) for n in (1, 2, 3, 4, 5)]
HOURS = [(f"until {hour:02d}:00", hour) for hour in range(24)]


class SettingsScreen(Screen[None]):
    """Change settings; each change is saved at once."""

    BINDINGS = [Binding("escape,q", "close", "Back")]

    def compose(self) -> ComposeResult:
        settings = self.app.settings
        speaker = self.app.services.speaker_factory()
        volume = min(VOLUMES, key=lambda item: abs(item[1] - settings.volume))[1]
        yield Header()
        with VerticalScroll(id="settings"):
            with Horizontal(classes="setting"):
                yield Label("Sound on")
                yield Switch(not settings.muted, id="sound")
            with Horizontal(classes="setting"):
                yield Label("Volume")
                yield Select(VOLUMES, value=volume, allow_blank=False, id="volume")
            with Horizontal(classes="setting"):
                yield Label("Beep the last seconds of a hold")
                yield Select(
                    COUNTDOWNS, value=settings.countdown_seconds, allow_blank=False, id="countdown"
                )
            with Horizontal(classes="setting"):
                yield Label("Spoken cues")
                yield Switch(
                    settings.spoken_cues and speaker.available,
                    id="spoken",
                    disabled=not speaker.available,
                )
            if not speaker.available:
                yield Static(f"Spoken cues are unavailable: {speaker.reason}", classes="reason")
            with Horizontal(classes="setting"):
                yield Label("Remember a passed screening")
                yield Select(
                    HOURS, value=settings.screening_reset_hour, allow_blank=False, id="reset"
                )
        yield Footer()

    @on(Switch.Changed, "#sound")
    def _sound(self, event: Switch.Changed) -> None:
        self.app.update_settings(muted=not event.value)

    @on(Switch.Changed, "#spoken")
    def _spoken(self, event: Switch.Changed) -> None:
        self.app.update_settings(spoken_cues=event.value)

    @on(Select.Changed, "#volume")
    def _volume(self, event: Select.Changed) -> None:
        self.app.update_settings(volume=event.value)

    @on(Select.Changed, "#countdown")
    def _countdown(self, event: Select.Changed) -> None:
        self.app.update_settings(countdown_seconds=event.value)

    @on(Select.Changed, "#reset")
    def _reset(self, event: Select.Changed) -> None:
        self.app.update_settings(screening_reset_hour=event.value)

    def action_close(self) -> None:
        """Back to the routines."""
        self.dismiss()
