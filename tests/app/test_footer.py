"""The screens' footer: Textual's, rebuilt only when the keys it shows change."""

from __future__ import annotations

import gc

import pytest

from stretchtimer.app.app import create_app
from stretchtimer.app.screens.screening import ScreeningScreen
from stretchtimer.app.widgets.footer import Footer
from tests.support.factories import make_routine, make_step

ROUTINE = make_routine(make_step("Pelvic tilt", prepare=1, hold=2, reps=1), name="Tiny routine")


def footer_keys_alive() -> int:
    """How many of Textual's footer keys exist, attached or not (garbage collected first)."""
    gc.collect()
    return sum(type(o).__name__ == "FooterKey" for o in gc.get_objects())


def keys_in_footer(screen: ScreeningScreen) -> set[str]:
    return {str(key.key) for key in screen.query_one(Footer).children if hasattr(key, "key")}


@pytest.mark.parametrize("size", [(80, 24), (40, 12)])
async def test_answering_the_screening_leaves_no_footer_keys_behind(services, size) -> None:
    """Each answer and each move of the focus changed the screen's bindings, and Textual's
    footer made its keys anew each time, keeping the old ones alive (Textual issue #6666):
    some 110 for twelve answers, in the memory of the session that followed."""
    app = create_app(services, routine=ROUTINE, reminders=False)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ScreeningScreen)
        shown_at_first = footer_keys_alive()
        for _ in range(3 * len(screen.text.questions)):
            if not screen.screening.unanswered:
                break
            await pilot.press("n")
            await pilot.pause()
        assert not screen.screening.unanswered
        await pilot.pause()
        assert footer_keys_alive() <= shown_at_first + 6  # once more, as y and n went


@pytest.mark.parametrize("size", [(80, 24), (40, 12)])
async def test_the_footer_still_shows_a_change_of_keys(services, size) -> None:
    """Yes and No leave the footer once every question is answered."""
    app = create_app(services, routine=ROUTINE, reminders=False)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ScreeningScreen)
        assert {"y", "n", "escape"} <= keys_in_footer(screen)
        while screen.screening.unanswered:
            await pilot.press("n")
            await pilot.pause()
        await pilot.pause()
        assert "y" not in keys_in_footer(screen) and "n" not in keys_in_footer(screen)
        assert "escape" in keys_in_footer(screen)
