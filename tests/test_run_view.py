"""The run screen's widgets: repaint only what changed, lay out only when a size may change."""

from __future__ import annotations

from textual.app import App, ComposeResult

from stretchtimer.app.widgets.run_view import Instructions, NextUp, PhaseText
from stretchtimer.core.session_view import PhaseView

SHORT = "Next: Cat-cow"
LONG = "Next: Knee-to-chest stretch (left), hold 30s, rep 2"


class OneWidget(App[None]):
    CSS = "NextUp { width: 30; }"

    def compose(self) -> ComposeResult:
        yield NextUp(id="next")


async def show(pilot, widget: NextUp, text: str) -> int:
    """Show ``text`` as what comes next; the widget's height once laid out."""
    widget.phase = PhaseView(next_up=text)
    await pilot.pause()
    return widget.size.height


def record_layouts(widget: PhaseText) -> list[bool]:
    """From now on, whether each update of ``widget`` asked for a layout pass."""
    layouts: list[bool] = []
    update = widget.update

    def recording_update(text: str, *, layout: bool = True) -> None:
        layouts.append(layout)
        update(text, layout=layout)

    widget.update = recording_update  # type: ignore[method-assign]
    return layouts


async def test_a_line_that_fits_changes_without_a_layout_pass() -> None:
    app = OneWidget()
    async with app.run_test(size=(40, 10)) as pilot:
        widget = app.query_one(NextUp)
        await show(pilot, widget, SHORT)
        layouts = record_layouts(widget)
        widget.phase = PhaseView(next_up="Next: Plank")
        widget.phase = PhaseView(next_up="Next: Plank")  # unchanged: no repaint at all
        await pilot.pause()
        assert layouts == [False]
        assert "Next: Plank" in str(widget.render())


async def test_text_that_wraps_grows_and_shrinks_the_widget() -> None:
    app = OneWidget()
    async with app.run_test(size=(40, 10)) as pilot:
        widget = app.query_one(NextUp)
        assert await show(pilot, widget, SHORT) == 1
        assert await show(pilot, widget, LONG) == 2
        assert await show(pilot, widget, SHORT) == 1


class InstructionsOnly(App[None]):
    CSS = "Instructions { width: 30; height: 4; }"

    def compose(self) -> ComposeResult:
        yield Instructions(id="instructions")


async def test_instructions_change_without_a_layout_pass() -> None:
    """The CSS sets the height, so no text changes the widget's size."""
    app = InstructionsOnly()
    async with app.run_test(size=(40, 10)) as pilot:
        widget = app.query_one(Instructions)
        widget.phase = PhaseView(instructions=("Lie down.", "Bend your knees."))
        await pilot.pause()
        layouts = record_layouts(widget)
        widget.phase = PhaseView(instructions=("Kneel.", "Round your back."))
        await pilot.pause()
        long = tuple(f"Step number {n} of a long exercise." for n in range(6))
        widget.phase = PhaseView(instructions=long)
        await pilot.pause()
        assert layouts == [False, False]
        assert "Step number 0" in str(widget.render())
