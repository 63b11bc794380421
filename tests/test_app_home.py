"""Home, details and settings, driven with Pilot."""

from __future__ import annotations

import re

from conftest import RecordingSpeaker
from textual import events
from textual.widgets import OptionList, Static, Switch

from stretchtimer.app.app import create_app
from stretchtimer.app.screens.details import DetailsScreen
from stretchtimer.app.screens.home import HomeScreen
from stretchtimer.app.screens.screening import ScreeningScreen
from stretchtimer.app.screens.settings import SettingsScreen


def rows(screen: HomeScreen) -> list[list[str]]:
    """The routines as shown: each option's line split into its columns."""
    options = screen.query_one(OptionList).options
    return [re.split(r"\s{2,}", str(option.prompt).strip()) for option in options]


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
        assert table[names.index("My core")][:4] == [
            "My core",
            "1",
            "0:55",
            "user (replaces built-in)",
        ]
        assert "Core strength" not in names
        assert table[-1][:4] == ["⚠ broken", "-", "broken", "user"]
        columns = str(screen.query_one("#columns", Static).render())
        assert re.split(r"\s{2,}", columns.strip()) == ["Routine", "Steps", "Time", "Source"]
        await pilot.press("end")
        await pilot.pause()
        about = str(screen.query_one("#about", Static).render())
        assert "broken.yaml:3:8: error:" in about and "ctrl+r" in about
        await pilot.press("enter")
        assert isinstance(app.screen, HomeScreen)  # a broken routine never starts
        (services.user_dir / "broken.yaml").write_text(  # fixed while the app is open
            "version: 1\nname: Fixed\nsteps:\n  - exercise: plank\n"
        )
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert str(screen.query_one(OptionList).highlighted_option.prompt).startswith("Fixed")


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


async def test_a_routine_named_with_brackets_is_listed_and_detailed_as_written(services) -> None:
    """The name is the user's text, not markup: ``[/]`` would stop the details screen."""
    services.user_dir.mkdir(parents=True)
    (services.user_dir / "mine.yaml").write_text(
        "version: 1\nname: 'Abc [easy] [/]'\nsteps:\n  - exercise: walking\n"
    )
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        names = [row[0] for row in rows(app.screen)]
        assert "Abc [easy] [/]" in names
        app.screen.query_one(OptionList).highlighted = names.index("Abc [easy] [/]")
        await pilot.press("d")
        assert isinstance(app.screen, DetailsScreen)
        title = str(app.screen.query_one("#details-title", Static).render())
        assert title == "Abc [easy] [/]"


async def test_the_details_offer_their_own_keys_and_enter_starts_that_routine(services) -> None:
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "d")
        details = app.screen
        assert isinstance(details, DetailsScreen)
        keys = " ".join(str(key.render()) for key in details.query("FooterKey"))
        assert "Start" in keys and "Close" in keys and "Settings" not in keys
        started = []
        app.begin_session = started.append  # type: ignore[method-assign]
        await pilot.press("enter")
        await pilot.pause()
        assert started == [details.routine] and details.routine.id == "ice-heat"
        assert isinstance(app.screen, HomeScreen)  # the details closed


async def test_keys_typed_ahead_start_the_routine_they_moved_to(services) -> None:
    """Down, down, enter arriving together (a fast typist, a slow machine) start the third."""
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        started = []
        app.begin_session = started.append  # type: ignore[method-assign]
        for key in ("down", "down", "enter"):  # as the driver posts them: all at once
            app.post_message(events.Key(key, None))
        await pilot.pause()
        third = app.screen.query_one(OptionList).get_option_at_index(2).id
        assert [f"ok:{routine.id}" for routine in started] == [third]


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


async def test_reload_reads_new_files_and_keeps_the_highlighted_routine(services) -> None:
    app = create_app(services)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        await pilot.press("down", "down")
        highlighted = screen.selected()
        services.user_dir.mkdir(parents=True)
        (services.user_dir / "aaa.yaml").write_text(
            "version: 1\nname: Aaa first\nsteps:\n  - exercise: plank\n"
        )
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert "Aaa first" in [row[0] for row in rows(screen)]
        assert screen.selected() == highlighted


async def test_a_short_terminal_hides_the_header_from_the_first_frame(services) -> None:
    from textual.widgets import Header

    app = create_app(services)
    async with app.run_test(size=(60, 12)):
        assert app.screen.has_class("-short")
        assert not app.screen.query_one(Header).display


async def test_a_narrow_terminal_keeps_one_line_per_routine(services) -> None:
    app = create_app(services)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        routines = app.screen.query_one(OptionList)
        assert routines.option_count == 5
        assert routines.virtual_size.height == routines.option_count  # cut short, not wrapped


def test_breakpoint_classes_are_chosen_as_textual_chooses_them() -> None:
    from stretchtimer.app.screens.sized import breakpoint_class

    breakpoints = [(0, "-short"), (20, "-tall")]
    assert breakpoint_class(19, breakpoints) == "-short"
    assert breakpoint_class(20, breakpoints) == "-tall"
    assert breakpoint_class(5, [(10, "-big")]) is None
    assert breakpoint_class(5, None) is None


def test_columns_line_up_in_terminal_cells() -> None:
    from rich.cells import cell_len

    from stretchtimer.app.screens.home import aligned

    header = ("Routine", "Steps", "Time", "Source")
    wide = aligned([header, ("背中のストレッチ", "3", "9:05", "custom")])
    assert cell_len(wide[0]) == cell_len(wide[1])
    source_column = cell_len(wide[1][: wide[1].index("custom")])
    assert source_column == wide[0].index("Source")
    assert cell_len(wide[1][: wide[1].index("9:05") + 4]) == wide[0].index("Time") + 4

    narrow = aligned([header, ("Walk", "12", "15:30", "built-in")])
    assert narrow[0].startswith("Routine  Steps   Time") and narrow[1].startswith(
        "Walk        12  15:30"
    )


def shown_lines(widget) -> list[str]:
    """The text of each line ``widget`` renders, as the terminal gets it."""
    return [
        "".join(segment.text for segment in widget.render_line(y))
        for y in range(widget.size.height)
    ]


async def test_home_escapes_a_file_name_and_says_which_routine_a_user_exercise_changed(
    services,
) -> None:
    """Textual writes control characters in a widget's text to the terminal as they are."""
    services.user_dir.mkdir(parents=True)
    (services.user_dir / "x\x1b]0;PWNED\x07\x9b2J.yaml").write_text("version: 1\n")
    (services.user_dir / "mine.yaml").write_text(
        "version: 1\nexercises:\n  - id: ice-or-heat\n    name: Heat pad\n    hold: 30m\n"
    )
    app = create_app(services)
    for size in ((80, 24), (40, 12)):
        async with app.run_test(size=size) as pilot:
            screen = app.screen
            await pilot.press("end")
            await pilot.pause()
            for widget in (screen.query_one(OptionList), screen.query_one("#about", Static)):
                text = "\n".join(shown_lines(widget))
                assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]", text), text
            assert "⚠ x\\x1b]0;PWNED\\x07\\x9b2J" in rows(screen)[-1][0]
        app = create_app(services)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        ice_heat = next(row for row in rows(screen) if row[0] == "Ice or heat")
        assert ice_heat[3] == "built-in (changed)"
        options = screen.query_one(OptionList)
        options.highlighted = [
            str(o.prompt).startswith("Ice or heat") for o in options.options
        ].index(True)
        await pilot.pause()
        about = str(screen.query_one("#about", Static).render())
        assert (
            "It is changed by your exercise 'ice-or-heat' (in place of the built-in one)." in about
        )
