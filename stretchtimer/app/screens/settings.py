"""Settings: sound, volume, the last-seconds beeps, spoken cues, how long a screening lasts
and the theme."""

from __future__ import annotations

from collections.abc import Sequence

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Header, Label, Select, Static, Switch

from stretchtimer.app.app import stretch_app
from stretchtimer.app.screens.sized import SizedScreen
from stretchtimer.app.widgets.footer import Footer

VOLUMES = [(f"{level}%", level / 100) for level in (20, 40, 60, 80, 100)]
COUNTDOWNS = [("off", 0)] + [(f"last {n} s", n) for n in (1, 2, 3, 4, 5)]
HOURS = [(f"until {hour:02d}:00", hour) for hour in range(24)]


NARROW = 66  # columns: below this each list goes under its label, and draws no border


def said(on: bool) -> str:
    """A switch's state in words."""
    return "on" if on else "off"


class SettingsScreen(SizedScreen[None]):
    """Change settings; each change is saved at once."""

    # Its own rules, parsed when first shown (stretchtimer.tcss's header says why).
    SCOPED_CSS = False
    DEFAULT_CSS = """
    #settings-title { text-style: bold; color: $text-primary; padding: 0 1; }
    #settings { padding: 0 2; }
    .setting { height: auto; }
    .setting Label { width: 34; padding-top: 1; }
    .setting Select { width: 24; }
    .setting .said { width: auto; padding: 1 1 0 1; }
    .reason { color: $text-muted; margin-bottom: 1; }
    /* Narrow: a switch beside its label, a list under its label and as wide as the screen. */
    SettingsScreen.-narrow #settings { padding: 0 1; }
    SettingsScreen.-narrow .setting { margin-bottom: 1; }
    SettingsScreen.-narrow .setting Label { width: 1fr; }
    SettingsScreen.-narrow .choice { layout: vertical; }
    SettingsScreen.-narrow .choice Label { padding-top: 0; }
    SettingsScreen.-narrow .choice Select { width: 1fr; }
    """

    BINDINGS = [Binding("escape,q", "close", "Back")]
    AUTO_FOCUS = "#sound"  # the first setting, not the scrolling list around it (as Reminders)
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (NARROW, "-wide")]

    def compose(self) -> ComposeResult:
        settings = stretch_app(self).settings
        speaker = stretch_app(self).services.speaker_factory()
        speaker.close()  # asked only whether speech works: its thread ends now
        volume = min(VOLUMES, key=lambda item: abs(item[1] - settings.volume))[1]
        themes = [(name, name) for name in sorted(self.app.available_themes)]
        yield Header()
        yield Static("Settings", id="settings-title")
        with VerticalScroll(id="settings"):
            with Horizontal(classes="setting"):
                yield Label("Sound on")
                yield Switch(not settings.muted, id="sound")
                yield Static(said(not settings.muted), id="sound-said", classes="said")
            yield self.choice("Volume", VOLUMES, volume, "volume")
            beeps = settings.countdown_seconds
            yield self.choice("Beep the last seconds of a hold", COUNTDOWNS, beeps, "countdown")
            with Horizontal(classes="setting"):
                yield Label("Spoken cues")
                spoken = settings.spoken_cues and speaker.available
                yield Switch(spoken, id="spoken", disabled=not speaker.available)
                yield Static(said(spoken), id="spoken-said", classes="said")
            if not speaker.available:
                yield Static(f"Spoken cues are unavailable: {speaker.reason}", classes="reason")
            yield self.choice(
                "Remember a passed screening", HOURS, settings.screening_reset_hour, "reset"
            )
            yield self.choice("Theme", themes, self.app.theme, "theme")
        yield Footer()

    def choice(
        self, label: str, options: Sequence[tuple[str, object]], value: object, name: str
    ) -> Horizontal:
        """A labelled list to pick one value from."""
        narrow = self.has_class("-narrow")
        select = Select(options, value=value, allow_blank=False, id=name, compact=narrow)
        return Horizontal(Label(label), select, classes="setting choice")

    def on_resize(self, event: events.Resize) -> None:
        """Lists lose their border on a narrow terminal, and get it back on a wide one."""
        for select in self.query(Select):
            select.compact = event.size.width < NARROW

    @on(Switch.Changed)
    def _say(self, event: Switch.Changed) -> None:
        """On or off in words too: a switch shows it by colour alone."""
        self.query_one(f"#{event.switch.id}-said", Static).update(said(event.value))

    @on(Switch.Changed, "#sound")
    def _sound(self, event: Switch.Changed) -> None:
        stretch_app(self).update_settings(muted=not event.value)

    @on(Switch.Changed, "#spoken")
    def _spoken(self, event: Switch.Changed) -> None:
        stretch_app(self).update_settings(spoken_cues=event.value)

    @on(Select.Changed, "#volume")
    def _volume(self, event: Select.Changed) -> None:
        stretch_app(self).update_settings(volume=event.value)

    @on(Select.Changed, "#countdown")
    def _countdown(self, event: Select.Changed) -> None:
        stretch_app(self).update_settings(countdown_seconds=event.value)

    @on(Select.Changed, "#reset")
    def _reset(self, event: Select.Changed) -> None:
        stretch_app(self).update_settings(screening_reset_hour=event.value)

    @on(Select.Changed, "#theme")
    def _theme(self, event: Select.Changed) -> None:
        self.app.theme = str(event.value)  # saved by the app, as from the command palette

    def action_close(self) -> None:
        """Back to the routines."""
        self.dismiss()
