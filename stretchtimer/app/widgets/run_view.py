"""Widgets of the run screen, each bound to the screen's ``view`` (a RunView)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.widgets import Digits, Label, ProgressBar, Static

from stretchtimer.core.session_view import RunView


class PhaseBanner(Static):
    """What to do now: the phase and the exercise, in large type."""

    view: reactive[RunView] = reactive(RunView, always_update=True)

    def watch_view(self, view: RunView) -> None:
        label = "PAUSED" if view.paused else view.phase_label.upper()
        self.update(f"{label} · {view.exercise_name}")
        self.set_classes(f"-{view.phase_kind}" + (" -paused" if view.paused else ""))


class PhaseDetail(Static):
    """Rep x of y, the side, and which exercise of the routine this is."""

    view: reactive[RunView] = reactive(RunView, always_update=True)

    def watch_view(self, view: RunView) -> None:
        self.update(" · ".join(part for part in (view.detail, view.step) if part))


class Countdown(Digits):
    """The big countdown of the current phase."""

    view: reactive[RunView] = reactive(RunView, always_update=True)

    def watch_view(self, view: RunView) -> None:
        self.update(view.countdown)
        self.set_class(view.paused, "-paused")


class Instructions(Static):
    """The exercise's numbered instructions and its breathing cue."""

    view: reactive[RunView] = reactive(RunView, always_update=True)

    def watch_view(self, view: RunView) -> None:
        lines = [f"{n}. {text}" for n, text in enumerate(view.instructions, start=1)]
        if view.breathing:
            lines.append(f"[i]Breathing:[/i] {view.breathing}")
        self.update("\n".join(lines))


class RoutineProgress(Horizontal):
    """A progress bar for the whole routine, with the time left."""

    view: reactive[RunView] = reactive(RunView, always_update=True)

    def compose(self) -> ComposeResult:
        yield ProgressBar(total=1.0, show_percentage=False, show_eta=False)
        yield Label(id="time-left")

    def watch_view(self, view: RunView) -> None:
        if not self.children:
            return
        self.query_one(ProgressBar).update(progress=view.progress)
        self.query_one("#time-left", Label).update(f"{view.time_left} left")


class NextUp(Static):
    """What comes next."""

    view: reactive[RunView] = reactive(RunView, always_update=True)

    def watch_view(self, view: RunView) -> None:
        self.update(view.next_up)
