"""Home, details and settings, driven with Pilot."""

from __future__ import annotations

from conftest import RecordingSpeaker
from textual.widgets import DataTable, Static, Switch

from stretchtimer.app.app import create_app
from stretchtimer.app.screens.details import DetailsScreen
from stretchtimer.app.screens.home import HomeScreen
from stretchtimer.app.screens.screening import ScreeningScreen
from stretchtimer.app.screens.settings import SettingsScreen


def rows(screen: HomeScreen) -> list[list[str]]:
    table = screen.query_one(DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def test_home_lists_routines_with_steps_time_and_the_broken_ones(services) -> None:
    services.user_dir.mkdir(parents=True)
    (services.user_dir / "broken.yaml").write_text("version: 1\nname: B\nsteps: []\n")
    (services.user_dir / "core.yaml").write_text(
        "version: 1\nname: My core\nsteps:\n  - exercise: plank\n    hold: 20s\n    reps: 2\n"
    )
    app = create_app(services)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, HomeScreen)
        table = rows(screen)
        names = [row[0] for row in table]
        assert "Morning back mobility" in names and "Walk break" in names
        assert table[names.index("My core")][:3] == ["My core", "user (replaces built-in)", "1"]
        assert "Core strength" not in names
        assert table[-1][:4] == ["⚠ broken", "user", "-", "broken"]
        screen.query_one(DataTable).move_cursor(row=len(table) - 1)
        await pilot.pause()
        about = str(screen.query_one("#about", Static).render())
        assert "broken.yaml:3:8: error:" in about
        await pilot.press("enter")
        assert isinstance(app.screen, HomeScreen)  # a broken routine never starts


async def test_enter_starts_behind_the_screening_and_d_shows_details(services) -> None:
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("d")
        assert isinstance(app.screen, DetailsScreen)
        body = str(app.screen.query_one("#details-body", Static).render())
        assert "Get ready" in body and body.strip().splitlines()[-1].startswith("Total ")
        await pilot.press("escape")
        await pilot.press("enter")
        assert isinstance(app.screen, ScreeningScreen)


async def test_q_quits(services) -> None:
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_the_command_palette_offers_the_screens_keys(services) -> None:
    app = create_app(services)
    async with app.run_test(size=(80, 24)):
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for title in ("Start", "Details", "Screen again", "Settings", "Quit"):
            assert title in titles


async def test_settings_save_at_once_and_grey_out_spoken_cues(services) -> None:
    services.speaker_factory = lambda: RecordingSpeaker(False, "espeak-ng is not installed")
    app = create_app(services)
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.press("comma")
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        assert screen.query_one("#spoken", Switch).disabled
        reason = str(screen.query_one(".reason", Static).render())
        assert "espeak-ng is not installed" in reason
        await pilot.click("#sound")
        assert app.settings.muted
        await app.workers.wait_for_complete()
    assert "muted: true" in services.settings_path.read_text()
