"""A closed screen's drawn lines are let go (``app/closed_screens.py``, Textual #6665)."""

from __future__ import annotations

import gc

import pytest
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.strip import Strip
from textual.widgets import Static

from stretchtimer.app.closed_screens import drop_lines_of_closed_screens


class Pane(Screen[None]):
    """Forty lines that say whose they are, in a scroll."""

    def __init__(self, mark: str) -> None:
        super().__init__()
        self.mark = mark

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            for n in range(40):
                yield Static(f"{self.mark} line {n}")


class Demo(App[None]):
    def __init__(self, *, dropping: bool = True) -> None:
        super().__init__()
        self.dropping = dropping

    def on_mount(self) -> None:
        if self.dropping:
            drop_lines_of_closed_screens(self)


def lines_of(mark: str) -> int:
    """The drawn lines still alive that show ``mark``."""
    gc.collect()
    return sum(1 for o in gc.get_objects() if isinstance(o, Strip) and mark in o.text)


@pytest.mark.parametrize("size", [(80, 24), (40, 12)])
async def test_a_popped_or_switched_screen_leaves_no_drawn_lines(size) -> None:
    app = Demo()
    async with app.run_test(size=size) as pilot:
        app.push_screen(Pane("popped"))
        await pilot.pause()
        assert lines_of("popped") > 0  # drawn: the headless driver renders
        app.pop_screen()
        await pilot.pause()
        assert lines_of("popped") == 0
        app.push_screen(Pane("switched"))
        await pilot.pause()
        app.switch_screen(Pane("shown"))
        await pilot.pause()
        assert lines_of("switched") == 0
        assert lines_of("shown") > 0


async def test_a_covered_or_installed_screen_keeps_its_lines() -> None:
    """Only a screen gone for good is refreshed: one under another, or installed (shown
    again later), is left as it is, and shows at once when it is back."""
    app = Demo()
    async with app.run_test(size=(80, 24)) as pilot:
        kept = Pane("kept")
        app.install_screen(kept, "kept")
        app.push_screen("kept")
        await pilot.pause()
        drawn = lines_of("kept")
        app.push_screen(Pane("over"))
        await pilot.pause()
        assert lines_of("kept") == drawn  # covered
        app.pop_screen()
        await pilot.pause()
        app.pop_screen()
        await pilot.pause()
        assert lines_of("kept") == drawn  # installed


async def test_without_it_textual_keeps_the_lines_of_a_closed_screen() -> None:
    """What Textual #6665 does (so the test above tests something): when Textual fixes it,
    this fails, and ``app/closed_screens.py`` can go."""
    app = Demo(dropping=False)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(Pane("closed"))
        await pilot.pause()
        app.pop_screen()
        await pilot.pause()
        assert lines_of("closed") > 0
