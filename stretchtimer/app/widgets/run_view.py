"""Widgets of the run screen, each bound to the screen's ``view`` (a RunView).

The view changes every second (the countdown), so each widget repaints only when what it
shows changed, and asks for a layout pass only when its size may change: a line that fits
the width before and after a change keeps its size.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.progress_bar import ProgressBar as BarRenderable
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.widgets import Digits, Label, Static

from stretchtimer.core.session_view import RunView


class ViewText(Static):
    """A line or block of text computed from the view, repainted only when it changes."""

    view: reactive[RunView] = reactive(RunView, always_update=True, repaint=False)
    fixed_height = False  # True when the CSS gives the widget a fixed height

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: str | None = None

    def text_for(self, view: RunView) -> str:
        """The text to show for ``view``."""
        raise NotImplementedError

    def watch_view(self, view: RunView) -> None:
        text = self.text_for(view)
        if text == self._shown:
            return
        resize = not (self.fixed_height or (self._one_line(self._shown) and self._one_line(text)))
        self._shown = text
        self.update(text, layout=resize)

    def _one_line(self, text: str | None) -> bool:
        """Whether ``text`` surely fits on one line (then a change needs no layout pass)."""
        return text is not None and "\n" not in text and cell_len(text) <= self.content_size.width


class PhaseBanner(ViewText):
    """What to do now: the phase and the exercise, in large type."""

    fixed_height = True

    def text_for(self, view: RunView) -> str:
        label = "PAUSED" if view.paused else view.phase_label.upper()
        return f"{label} · {view.exercise_name}"

    def watch_view(self, view: RunView) -> None:
        super().watch_view(view)
        classes = f"-{view.phase_kind}" + (" -paused" if view.paused else "")
        if classes != " ".join(sorted(self.classes)):
            self.set_classes(classes)


class PhaseDetail(ViewText):
    """Rep x of y, the side, and which exercise of the routine this is."""

    def text_for(self, view: RunView) -> str:
        return " · ".join(part for part in (view.detail, view.step) if part)


class Instructions(ViewText):
    """The exercise's numbered instructions and its breathing cue."""

    def text_for(self, view: RunView) -> str:
        lines = [f"{n}. {text}" for n, text in enumerate(view.instructions, start=1)]
        if view.breathing:
            lines.append(f"[i]Breathing:[/i] {view.breathing}")
        return "\n".join(lines)


class NextUp(ViewText):
    """What comes next."""

    def text_for(self, view: RunView) -> str:
        return view.next_up


class Countdown(Digits):
    """The big countdown of the current phase."""

    view: reactive[RunView] = reactive(RunView, always_update=True, repaint=False)

    def watch_view(self, view: RunView) -> None:
        if view.countdown != self.value:
            self.update(view.countdown)
        self.set_class(view.paused, "-paused")


class RoutineProgress(Horizontal):
    """A progress bar for the whole routine, with the time left.

    Not Textual's ProgressBar: that runs its own 1 Hz timer (for an ETA not shown here), a
    second wake-up and repaint every second, out of step with the countdown.
    """

    view: reactive[RunView] = reactive(RunView, always_update=True, repaint=False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._steps: int | None = None
        self._time_left: str | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="bar")
        yield Label(id="time-left")

    def watch_view(self, view: RunView) -> None:
        if not self.children:
            return
        bar = self.query_one("#bar", Static)
        steps = round(view.progress * max(bar.size.width, 1) * 2)  # what half a cell shows
        if steps != self._steps:
            self._steps = steps
            bar.update(BarRenderable(total=1.0, completed=view.progress), layout=False)
        time_left = f"{view.time_left} left"
        if time_left != self._time_left:
            resize = self._time_left is None or len(time_left) != len(self._time_left)
            self._time_left = time_left
            self.query_one("#time-left", Label).update(time_left, layout=resize)
