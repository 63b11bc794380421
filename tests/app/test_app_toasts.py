"""Notices (Textual's toasts) never hide the buttons a person must press, at any size."""

from __future__ import annotations

import pytest
from textual.widget import Widget
from textual.widgets import Button

from stretchtimer.app.app import create_app
from stretchtimer.app.screens.confirm import ConfirmScreen
from tests.app.test_app_reminders import started
from tests.app.test_app_screening import screen_text

BAD_SETTINGS = (
    "volume: 7\ncountdown_seconds: 99\nscreening_reset_hour: 30\n"
    "weekly_goal_minutes: -1\nspoken_cues: maybe\n"
)


def toasts_shown(app) -> list[Widget]:
    """The notices on the screen (Textual's toasts, queried by their CSS type: the class is
    not public)."""
    return list(app.screen.query("Toast"))


def cells_under_toasts(app) -> set[tuple[int, int]]:
    """The cells of the screen where a notice is drawn, on top of everything else."""
    width, height = app.size
    toasts = toasts_shown(app)
    return {
        (x, y)
        for y in range(height)
        for x in range(width)
        if app.screen.get_widget_at(x, y)[0] in toasts
    }


def covered(app, button: Button) -> bool:
    """Whether a notice is drawn over any part of ``button``."""
    region = button.region
    return any(region.contains(x, y) for x, y in cells_under_toasts(app))


@pytest.mark.parametrize("size", [(80, 24), (40, 12)])
async def test_a_notice_leaves_the_confirm_dialogs_buttons_in_sight(services, size) -> None:
    """ "Not saved" on the Reminders screen, then esc: Yes and No are not behind the notice."""
    app = create_app(services)
    async with app.run_test(size=size, notifications=True) as pilot:
        await started(pilot)
        await pilot.press("w")
        await pilot.pause()
        app.screen.query_one("#r0-every").focus()
        await pilot.press("end", "backspace", "backspace", "0", "ctrl+s")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert toasts_shown(app)
        for button in app.screen.query(Button):
            assert not covered(app, button), button.id


@pytest.mark.parametrize("size", [(80, 24), (40, 12)])
async def test_several_notices_take_a_third_of_the_screen_at_most(services, size) -> None:
    """Five wrong settings, five notices at once: they do not fill the screen."""
    services.settings_path.parent.mkdir(parents=True)
    services.settings_path.write_text(BAD_SETTINGS)
    app = create_app(services)
    async with app.run_test(size=size, notifications=True) as pilot:
        await started(pilot)
        await pilot.pause()
        assert len(toasts_shown(app)) == 5
        rows = {y for _, y in cells_under_toasts(app)}
        assert 0 < len(rows) <= size[1] // 3, sorted(rows)
        assert "spoken_cues" in screen_text(app)  # the newest in sight
