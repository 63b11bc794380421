"""Widgets of the run screen, each bound to one of the screen's two views.

What to do now and next is bound to the screen's ``phase`` (a PhaseView), which changes at a
phase boundary; the clock (countdown and progress) is bound to its ``timing`` (a TimingView),
which changes every second. So a second's tick touches one widget, and each widget repaints
only when what it shows changed, asking for a layout pass only when its size may change: a
line that fits the width before and after a change keeps its size.

A routine's text is the user's: it is shown as plain text (``Content``), never read as
markup, so ``Plank [knees down]`` shows as written. The banner and the clock paint their
lines themselves (Textual's line API) with colours from the stylesheet's component classes:
a new phase repaints the banner without restyling it, and the clock's second costs a few
strings rather than a pass of Rich's renderers.
"""

from __future__ import annotations

from functools import lru_cache

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.content import Content
from textual.reactive import reactive
from textual.renderables.digits import Digits as DigitsRenderable
from textual.strip import Strip
from textual.style import Style as VisualStyle
from textual.widget import Widget
from textual.widgets import Static

from stretchtimer.core.session_view import PhaseView, TimingView


class PhaseText(Static):
    """A line or block of text computed from the phase view, repainted only when it changes.

    A layout pass (a reflow of the whole screen, milliseconds) only when the new text may
    change the widget's size: when it wraps to another number of lines than the widget has.
    """

    phase: reactive[PhaseView] = reactive(PhaseView, repaint=False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: Content | None = None

    def content_for(self, phase: PhaseView) -> Content:
        """What to show for ``phase``."""
        raise NotImplementedError

    def watch_phase(self, phase: PhaseView) -> None:
        content = self.content_for(phase)
        if self._shown is not None and content.plain == self._shown.plain:
            return
        layout = self._needs_layout(self._shown, content)
        self._shown = content
        self.update(content, layout=layout)

    def _needs_layout(self, old: Content | None, new: Content) -> bool:
        width, height = self.content_size
        if old is None or not width:
            return True
        return _lines(new, width) != height


def _lines(content: Content, width: int) -> int:
    """How many lines ``content`` wraps to at ``width``."""
    if "\n" not in content.plain and content.cell_length <= width:
        return 1  # the common case, without wrapping
    return len(content.wrap(width))


class PhaseDetail(PhaseText):
    """Rep x of y, the side, and which exercise of the routine this is."""

    def content_for(self, phase: PhaseView) -> Content:
        return Content(" · ".join(part for part in (phase.detail, phase.step) if part))


Texts = tuple[tuple[str, ...], str, tuple[str, ...]]  # instructions, breathing cue, cautions


class Instructions(Widget):
    """The exercise's numbered instructions, its breathing cue and its cautions, wrapped to the
    width; when they do not all fit, the last line says more follow and the screen's page
    keys (:meth:`scroll_page`) move through them a page at a time.

    Wrapping a few sentences takes about a millisecond, the largest part of the frame that
    shows a new exercise (a transition). So the wrapped lines are kept per text, width and
    style (:func:`wrapped_instructions`): a frame that shows them again only copies lines.
    The CSS sets the height, so a new text never needs a layout pass.
    """

    COMPONENT_CLASSES = {"instructions--caution", "instructions--more"}

    phase: reactive[PhaseView] = reactive(PhaseView, repaint=False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: Texts = ((), "", ())
        self._top = 0  # the first line shown, when they do not all fit

    def watch_phase(self, phase: PhaseView) -> None:
        shown = (phase.instructions, phase.breathing, phase.cautions)
        if shown != self._shown:
            self._shown = shown
            self._top = 0
            self.refresh()

    def _lines(self) -> tuple[Strip, ...]:
        """The lines at the widget's width: none while hidden (no width to wrap to)."""
        width = self.content_size.width
        if not width:
            return ()
        caution = self.get_component_rich_style("instructions--caution")
        return wrapped_instructions(self._shown, width, self.get_visual_style(), caution)

    def _window(self, count: int) -> tuple[int, int] | None:
        """The first line shown and how many, with the hint under them; ``None`` when all
        ``count`` lines fit."""
        height = self.content_size.height
        if count <= height or height < 2:
            return None
        page = height - 1
        return min(self._top, count - page), page

    def scroll_page(self, pages: int) -> None:
        """Show the next (``1``) or previous (``-1``) page of lines, when they do not fit."""
        window = self._window(len(self._lines()))
        if window is not None:
            top, page = window
            self._top = min(max(top + pages * page, 0), len(self._lines()) - page)
            self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.content_size.width
        style = self.get_visual_style()  # kept by Textual until a restyle
        lines = self._lines()
        window = self._window(len(lines))
        if window is not None:
            top, page = window
            if y == page:
                return self._hint(more=top + page < len(lines), width=width)
            y += top
        return lines[y] if y < len(lines) else Strip.blank(width, style.rich_style)

    def _hint(self, *, more: bool, width: int) -> Strip:
        text = "▼ more (pgdn)" if more else "▲ back to the start (pgup)"
        style = self.get_component_rich_style("instructions--more")
        return Strip([Segment(text, style)]).adjust_cell_length(width, style)


@lru_cache(maxsize=64)
def wrapped_instructions(
    texts: Texts, width: int, style: VisualStyle, caution: Style
) -> tuple[Strip, ...]:
    """Numbered instructions, "*Breathing:* ...", then a "**Caution:** ..." line for each
    caution in ``caution``'s colours, wrapped to ``width``: one strip a line."""
    instructions, breathing, cautions = texts
    lines = [Content(f"{n}. {text}") for n, text in enumerate(instructions, start=1)]
    if breathing:
        lines.append(Content.assemble(("Breathing:", "italic"), " ", breathing))
    warning = VisualStyle.from_rich_style(caution)
    lines.extend(
        Content.assemble(("⚠ Caution:", "bold"), " ", text).stylize(warning) for text in cautions
    )
    rich_style = style.rich_style
    return tuple(
        Strip(line.render_segments(style)).adjust_cell_length(width, rich_style)
        for line in Content("\n").join(lines).wrap(width)
    )


class NextUp(PhaseText):
    """What comes next."""

    def content_for(self, phase: PhaseView) -> Content:
        return Content(phase.next_up)


class PhaseBanner(Widget):
    """What to do now: the phase and the exercise on a band coloured by the phase's kind.

    The colours are the stylesheet's (``.phase-banner--hold`` and the rest), read as component
    styles, which Textual keeps until the theme changes: a new phase repaints the band, where
    changing the widget's class would restyle it first (more than the repaint costs).
    """

    COMPONENT_CLASSES = {
        "phase-banner--prepare",
        "phase-banner--hold",
        "phase-banner--rest",
        "phase-banner--switch",
        "phase-banner--transition",
        "phase-banner--paused",
    }

    phase: reactive[PhaseView] = reactive(PhaseView, repaint=False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown = ("", "phase-banner--prepare")

    def watch_phase(self, phase: PhaseView) -> None:
        label = "PAUSED" if phase.paused else phase.phase_label.upper()
        kind = "paused" if phase.paused else phase.phase_kind or "prepare"
        shown = (f"{label} · {phase.exercise_name}", f"phase-banner--{kind}")
        if shown != self._shown:
            self._shown = shown
            self.refresh()

    def render_line(self, y: int) -> Strip:
        text, component = self._shown
        style = self.get_component_rich_style(component)
        width, height = self.content_size
        if y != (height - 1) // 2:
            return Strip.blank(width, style)
        if cell_len(text) > width:
            text = set_cell_size(text, max(width - 1, 0)) + "…"
        pad = width - cell_len(text)
        left = pad // 2 if self.styles.text_align == "center" else min(pad, 1)
        return Strip([Segment(" " * left + text + " " * (pad - left), style)], width)


class SessionClock(Widget):
    """The session's clock: the phase's countdown in large digits and, under it, the
    routine's progress bar with the time left.

    One widget, so that the second's tick repaints one widget as a bare Digits countdown
    does, and only when what it shows changed (the digits, half a cell of the bar, the time
    left): a tick for a cue between two seconds repaints nothing. Its five lines are painted
    as strings: the digits in Textual's 3x3 font, a blank line, the bar and the time left.
    """

    COMPONENT_CLASSES = {"session-clock--bar"}

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
        shown = (timing.countdown, self._halves(timing.progress), timing.time_left)
        if shown != self._shown:
            self._shown = shown
            self.refresh()

    def _halves(self, progress: float) -> int:
        """How many half cells of the bar are filled."""
        cells = self._bar_width()
        return min(round(progress * cells * 2), cells * 2)

    def _bar_width(self) -> int:
        return max(self.content_size.width - len(self._label()), 1)

    def _label(self) -> str:
        return f" {self.timing.time_left} left"

    def render_line(self, y: int) -> Strip:
        width = self.content_size.width
        style = self.get_visual_style().rich_style  # kept by Textual until a restyle
        if y < 3:
            return _centered(digit_rows(self.timing.countdown, style.bold)[y], width, style)
        if y == 4:
            bar = self._bar(style, self.get_component_rich_style("session-clock--bar"))
            return _fitted([*bar, Segment(self._label(), style)], width, style)
        return Strip.blank(width, style)

    def _bar(self, base: Style, colours: Style) -> list[Segment]:
        """The bar, in half cells on ``base``'s background: done in the colour of
        ``colours``, the rest in the colour of its background."""
        width = self._bar_width()
        full, half = divmod(self._halves(self.timing.progress), 2)
        done = base + Style(color=colours.color, bold=False)
        left = base + Style(color=colours.bgcolor, bold=False)
        segments = [Segment("━" * full + "╸" * half, done)]
        rest = width - full - half
        if rest:
            start = "╺" if full and not half else "━"
            segments.append(Segment(start + "━" * (rest - 1), left))
        return segments


@lru_cache(maxsize=128)
def digit_rows(text: str, bold: bool | None) -> tuple[str, str, str]:
    """``text`` in Textual's 3x3 font (as the Digits widget draws it): three rows."""
    segments = DigitsRenderable(text).render(Style(bold=bold))
    texts = (segment.text for segment in segments if isinstance(segment, Segment))
    top, middle, bottom = (text for text in texts if text != "\n")
    return top, middle, bottom


# The clock's lines hold only characters one cell wide (digits, the 3x3 font's and the bar's
# box-drawing characters, the time left), so their widths are their lengths: measured with
# Rich's cell_len instead, each new second's strings would go into its global cache of
# 4,096 (the largest part of the memory a long session grows by, until the cache is full).


def _centered(text: str, width: int, style: Style) -> Strip:
    """``text`` in the middle of ``width`` cells."""
    pad = max(width - len(text), 0)
    return _fitted([Segment(" " * (pad // 2) + text + " " * (pad - pad // 2), style)], width, style)


def _fitted(segments: list[Segment], width: int, style: Style) -> Strip:
    """A line of one-cell characters exactly ``width`` cells long."""
    if sum(len(segment.text) for segment in segments) == width:
        return Strip(segments, width)
    return Strip(segments).adjust_cell_length(width, style)  # too narrow a terminal
