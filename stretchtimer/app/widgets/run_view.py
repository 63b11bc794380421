"""Widgets of the run screen, each bound to one of the screen's two views.

What to do now and next is bound to the screen's ``phase`` (a PhaseView), which changes at a
phase boundary; the clock (countdown and progress) is bound to its ``timing`` (a TimingView),
which changes every second. So a second's tick touches one widget, and each widget repaints
only when what it shows changed, asking for a layout pass only when its size may change: a
line that fits the width before and after a change keeps its size.
"""

from __future__ import annotations

from rich.align import Align
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.progress_bar import ProgressBar as BarRenderable
from rich.segment import Segment
from textual.content import Content
from textual.reactive import reactive
from textual.renderables.digits import Digits as DigitsRenderable
from textual.widget import Widget
from textual.widgets import Static

from stretchtimer.core.session_view import PhaseView, TimingView


class PhaseText(Static):
    """A line or block of text computed from the phase view, repainted only when it changes.

    A layout pass (a reflow of the whole screen, milliseconds) only when the new text may
    change the widget's size: never when the CSS sets its height (``sized_by_css``), else
    when the new text wraps to another number of lines than the widget has.
    """

    phase: reactive[PhaseView] = reactive(PhaseView, repaint=False)
    sized_by_css = False  # True when the CSS sets the height (``3``, ``1fr``), not the text

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: str | None = None

    def text_for(self, phase: PhaseView) -> str:
        """The text to show for ``phase``."""
        raise NotImplementedError

    def watch_phase(self, phase: PhaseView) -> None:
        text = self.text_for(phase)
        if text == self._shown:
            return
        layout = self._needs_layout(self._shown, text)
        self._shown = text
        self.update(text, layout=layout)

    def _needs_layout(self, old: str | None, new: str) -> bool:
        width, height = self.content_size
        if old is None or not width:
            return True
        return not self.sized_by_css and _lines(new, width) != height


def _lines(text: str, width: int) -> int:
    """How many lines ``text`` (markup) wraps to at ``width``."""
    if "\n" not in text and cell_len(text) <= width:
        return 1  # the common case, without parsing
    return len(Content.from_markup(text).wrap(width))


class PhaseBanner(PhaseText):
    """What to do now: the phase and the exercise, in large type."""

    sized_by_css = True

    def text_for(self, phase: PhaseView) -> str:
        label = "PAUSED" if phase.paused else phase.phase_label.upper()
        return f"{label} · {phase.exercise_name}"

    def watch_phase(self, phase: PhaseView) -> None:
        super().watch_phase(phase)
        classes = f"-{phase.phase_kind}" + (" -paused" if phase.paused else "")
        if classes != " ".join(sorted(self.classes)):
            self.set_classes(classes)


class PhaseDetail(PhaseText):
    """Rep x of y, the side, and which exercise of the routine this is."""

    def text_for(self, phase: PhaseView) -> str:
        return " · ".join(part for part in (phase.detail, phase.step) if part)


class Instructions(PhaseText):
    """The exercise's numbered instructions and its breathing cue."""

    sized_by_css = True

    def text_for(self, phase: PhaseView) -> str:
        lines = [f"{n}. {text}" for n, text in enumerate(phase.instructions, start=1)]
        if phase.breathing:
            lines.append(f"[i]Breathing:[/i] {phase.breathing}")
        return "\n".join(lines)


class NextUp(PhaseText):
    """What comes next."""

    def text_for(self, phase: PhaseView) -> str:
        return phase.next_up


class BarLine:
    """One line: a progress bar across the width, then a label (a Rich renderable)."""

    def __init__(self, progress: float, label: str) -> None:
        self.progress = progress
        self.label = f" {label}"

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(1, options.max_width - cell_len(self.label))
        yield from BarRenderable(total=1.0, completed=self.progress, width=width).__rich_console__(
            console, options.update_width(width)
        )
        yield Segment(self.label)


class SessionClock(Widget):
    """The session's clock: the phase's countdown in large digits and, under it, the
    routine's progress bar with the time left.

    One widget, so that the second's tick repaints one widget as a bare Digits countdown
    does, and only when what it shows changed (the digits, half a cell of the bar, the time
    left): a tick for a cue between two seconds repaints nothing.
    """

    timing: reactive[TimingView] = reactive(TimingView, repaint=False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: tuple[str, int, str] | None = None

    @property
    def countdown(self) -> str:
        """The countdown as shown (``m:ss``)."""
        return self.timing.countdown

    def watch_timing(self, timing: TimingView) -> None:
        if timing.paused != self.has_class("-paused"):
            self.set_class(timing.paused, "-paused")
        halves = round(timing.progress * max(self.content_size.width, 1) * 2)
        shown = (timing.countdown, halves, timing.time_left)
        if shown != self._shown:
            self._shown = shown
            self.refresh()

    def render(self) -> RenderResult:
        timing = self.timing
        return Group(
            Align.center(DigitsRenderable(timing.countdown, self.rich_style)),
            "",
            BarLine(timing.progress, f"{timing.time_left} left"),
        )
