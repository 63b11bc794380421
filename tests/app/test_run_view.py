"""The run screen's widgets: repaint only what changed, lay out only when a size may change."""

from __future__ import annotations

from rich.cells import cached_cell_len
from textual.app import App, ComposeResult
from textual.strip import Strip
from textual.widget import Widget

from stretchtimer.app.widgets.run_view import (
    Instructions,
    NextUp,
    PhaseBanner,
    PhaseText,
    SessionClock,
    digit_rows,
)
from stretchtimer.core.session_view import PhaseView, TimingView

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


def painted_text(widget: Widget) -> list[str]:
    return [strip.text.rstrip() for strip in widget.render_lines(widget.size.region)]


async def test_instructions_are_numbered_wrapped_and_change_without_a_layout_pass() -> None:
    """The CSS sets the height, so no text changes the widget's size."""
    app = InstructionsOnly()
    async with app.run_test(size=(40, 10)) as pilot:
        widget = app.query_one(Instructions)
        widget.phase = PhaseView(instructions=("Lie down.", "Bend your knees."))
        await pilot.pause()
        assert painted_text(widget) == ["1. Lie down.", "2. Bend your knees.", "", ""]
        layouts: list[bool] = []
        refresh = widget.refresh

        def recording_refresh(*regions: object, layout: bool = False, **options: bool) -> Widget:
            layouts.append(layout)
            return refresh(*regions, layout=layout, **options)  # type: ignore[arg-type]

        widget.refresh = recording_refresh  # type: ignore[method-assign]
        widget.phase = PhaseView(
            instructions=("Kneel on all fours, hands under shoulders.",), breathing="Slowly."
        )
        widget.phase = PhaseView(
            instructions=("Kneel on all fours, hands under shoulders.",), breathing="Slowly."
        )  # unchanged: no repaint
        await pilot.pause()
        assert layouts == [False]
        assert painted_text(widget) == [
            "1. Kneel on all fours, hands",
            "under shoulders.",
            "Breathing: Slowly.",
            "",
        ]
        breathing = widget.render_lines(widget.size.region)[2]
        assert [seg.style.italic for seg in breathing if seg.text.strip()] == [True, None]


async def test_a_caution_is_a_bold_labelled_line_in_the_warning_colour() -> None:
    """Readable without colour (its label), and in the stylesheet's colour where there is."""
    app = InstructionsOnly()
    app.CSS = InstructionsOnly.CSS + "Instructions > .instructions--caution { color: #ff8000; }"
    async with app.run_test(size=(40, 10)) as pilot:
        widget = app.query_one(Instructions)
        widget.phase = PhaseView(instructions=("Lie down.",), cautions=("Stop if it hurts.",))
        await pilot.pause()
        assert painted_text(widget)[:2] == ["1. Lie down.", "⚠ Caution: Stop if it hurts."]
        caution = [seg for seg in widget.render_line(1) if seg.text.strip()]
        assert caution[0].text == "⚠ Caution:" and caution[0].style.bold
        assert {seg.style.color.name for seg in caution} == {"#ff8000"}


async def test_lines_that_do_not_fit_end_on_a_hint_and_page() -> None:
    app = InstructionsOnly()
    async with app.run_test(size=(40, 10)) as pilot:
        widget = app.query_one(Instructions)
        steps = ("One.", "Two.", "Three.", "Four.", "Five.")
        widget.phase = PhaseView(instructions=steps, breathing="Slowly.")
        await pilot.pause()
        assert painted_text(widget) == ["1. One.", "2. Two.", "3. Three.", "▼ more (pgdn)"]
        widget.scroll_page(1)
        await pilot.pause()
        assert painted_text(widget) == [
            "4. Four.",
            "5. Five.",
            "Breathing: Slowly.",
            "▲ back to the start (pgup)",
        ]
        widget.scroll_page(-1)
        await pilot.pause()
        assert painted_text(widget)[0] == "1. One."
        widget.scroll_page(1)
        widget.phase = PhaseView(instructions=steps[::-1])  # another exercise: from its start
        await pilot.pause()
        assert painted_text(widget) == ["1. Five.", "2. Four.", "3. Three.", "▼ more (pgdn)"]


BANDS = {"hold": "#008000", "rest": "#808000", "paused": "#404040"}


class BannerOnly(App[None]):
    CSS = "PhaseBanner { width: 30; height: 3; text-align: center; }\n" + "\n".join(
        f"PhaseBanner > .phase-banner--{kind} {{ background: {colour}; }}"
        for kind, colour in BANDS.items()
    )

    def compose(self) -> ComposeResult:
        yield PhaseBanner(id="banner")


def painted(widget: PhaseBanner | SessionClock) -> list[Strip]:
    return widget.render_lines(widget.size.region)


def backgrounds(strips: list[Strip]) -> set[str]:
    return {segment.style.bgcolor.name for strip in strips for segment in strip if segment.style}


async def test_the_banner_paints_its_phase_s_band_without_a_restyle() -> None:
    app = BannerOnly()
    async with app.run_test(size=(40, 10)) as pilot:
        banner = app.query_one(PhaseBanner)
        restyled = []
        update_styles = app.update_styles

        def recording_update_styles(node, animate: bool = True) -> None:
            restyled.append(node)
            update_styles(node, animate=animate)

        app.update_styles = recording_update_styles  # type: ignore[method-assign]
        for kind, label, paused in (
            ("hold", "Hold", False),
            ("rest", "Rest", False),
            ("rest", "Rest", True),
        ):
            banner.phase = PhaseView(
                phase_kind=kind, phase_label=label, exercise_name="Cat-cow", paused=paused
            )
            await pilot.pause()
            strips = painted(banner)
            shown = "PAUSED · Cat-cow" if paused else f"{label.upper()} · Cat-cow"
            assert [strip.text.strip() for strip in strips] == ["", shown, ""]
            assert all(strip.cell_length == 30 for strip in strips)
            assert backgrounds(strips) == {BANDS["paused" if paused else kind]}
        assert restyled == []


async def test_a_long_banner_is_cut_with_an_ellipsis() -> None:
    app = BannerOnly()
    async with app.run_test(size=(40, 10)) as pilot:
        banner = app.query_one(PhaseBanner)
        banner.phase = PhaseView(
            phase_kind="hold", phase_label="Hold", exercise_name="Knee-to-chest stretch (long)"
        )
        await pilot.pause()
        middle = painted(banner)[1]
        assert middle.cell_length == 30 and middle.text.endswith("…")
        assert middle.text.startswith("HOLD · Knee-to-chest")


class ClockOnly(App[None]):
    CSS = """
    SessionClock { width: 32; height: 5; text-style: bold; }  /* bold: the heavy font */
    SessionClock > .session-clock--bar { color: #0000ff; background: #ff0000; }
    """

    def compose(self) -> ComposeResult:
        yield SessionClock(id="clock")


def done_halves(bar: Strip) -> int:
    """The half cells of the bar painted in the colour for done."""
    done = "".join(segment.text for segment in bar if segment.style.color.name == "#0000ff")
    return 2 * done.count("━") + done.count("╸")


async def test_the_clock_paints_the_digits_and_a_bar_of_half_cells() -> None:
    app = ClockOnly()
    async with app.run_test(size=(40, 10)) as pilot:
        clock = app.query_one(SessionClock)
        for progress, halves in ((0.0, 0), (0.25, 11), (0.5, 22), (1.0, 44)):  # 22 cells
            clock.timing = TimingView(countdown="0:25", progress=progress, time_left="9:59")
            await pilot.pause()
            lines = painted(clock)
            assert [line.text.strip() for line in lines[:3]] == list(digit_rows("0:25", True))
            assert lines[3].text.strip() == ""
            bar = lines[4]
            assert bar.text.endswith(" 9:59 left") and bar.cell_length == 32
            assert done_halves(bar) == halves
            assert bar.text[:22].replace("╸", "━").replace("╺", "━") == "━" * 22


async def halfway(app: ClockOnly, pilot) -> SessionClock:
    """The app's clock, drawn showing 0:25 with half the routine done and 9:59 left."""
    clock = app.query_one(SessionClock)
    clock.timing = TimingView(countdown="0:25", progress=0.5, time_left="9:59")
    await pilot.pause()
    return clock


async def test_the_clock_repaints_only_when_what_it_shows_changes() -> None:
    app = ClockOnly()
    async with app.run_test(size=(40, 10)) as pilot:
        clock = await halfway(app, pilot)
        refreshed = []
        refresh = clock.refresh
        clock.refresh = lambda *a, **k: (refreshed.append(1), refresh(*a, **k))[1]  # type: ignore[method-assign]
        clock.timing = TimingView(countdown="0:25", progress=0.5001, time_left="9:59")
        assert refreshed == []
        clock.timing = TimingView(countdown="0:24", progress=0.5001, time_left="9:58")
        assert refreshed == [1]


async def test_every_cell_of_the_clock_is_on_the_widget_s_background() -> None:
    """Not on the terminal's own background, which may be another colour than the theme's."""
    app = ClockOnly()
    async with app.run_test(size=(40, 10)) as pilot:
        clock = await halfway(app, pilot)
        expected = clock.get_visual_style().rich_style.bgcolor
        cells = [segment.style.bgcolor for line in painted(clock) for segment in line]
        assert cells and all(bgcolor == expected for bgcolor in cells)


async def test_a_long_session_s_clock_adds_nothing_to_rich_s_text_width_cache() -> None:
    """Each second's digits, bar and time left are new strings: measured with Rich's
    ``cell_len`` they would fill its global cache of 4,096 (memory a long session grows by)."""
    app = ClockOnly()
    async with app.run_test(size=(40, 10)) as pilot:
        clock = await halfway(app, pilot)
        before = cached_cell_len.cache_info().currsize
        for second in range(120):
            left = 600 - second
            clock.timing = TimingView(
                countdown=f"{left // 60}:{left % 60:02}",
                progress=second / 600,
                time_left=f"{left // 60}:{left % 60:02}",
            )
            lines = painted(clock)
            assert all(line.cell_length == 32 for line in lines)
        assert lines[4].text.endswith(" 8:01 left")
        assert cached_cell_len.cache_info().currsize == before


async def test_the_clock_on_a_terminal_too_narrow_for_its_line_still_fits_it() -> None:
    app = ClockOnly()
    app.CSS = "SessionClock { width: 8; height: 5; }"
    async with app.run_test(size=(40, 10)) as pilot:
        clock = app.query_one(SessionClock)
        clock.timing = TimingView(countdown="10:25", progress=0.5, time_left="1:09:59")
        await pilot.pause()
        assert all(line.cell_length == 8 for line in painted(clock))
