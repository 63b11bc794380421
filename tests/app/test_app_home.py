"""Home, details and settings, driven with Pilot."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from textual import events
from textual.widgets import OptionList, Static, Switch

from stretchtimer.app.app import create_app
from stretchtimer.app.screens.details import DetailsScreen
from stretchtimer.app.screens.home import HomeScreen
from stretchtimer.app.screens.run import RunScreen
from stretchtimer.app.screens.screening import ScreeningScreen
from stretchtimer.app.screens.settings import SettingsScreen
from tests.app.test_app_run import past_the_check_in
from tests.support.fakes import RecordingSpeaker


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
        assert table[names.index("• My core")][:4] == [
            "• My core",
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
        assert str(screen.query_one(OptionList).highlighted_option.prompt).startswith("• Fixed")


BROKEN_KEYS = [f"unknown_key_number_{n}" for n in range(1, 13)]


def write_badly_broken_routine(services) -> None:
    """A routine file with a dozen errors, more than home's few lines can show."""
    services.user_dir.mkdir(parents=True)
    keys = "".join(f"{key}: 1\n" for key in BROKEN_KEYS)
    (services.user_dir / "zz-broken.yaml").write_text(f"version: 1\nname: Z\n{keys}steps: []\n")


@pytest.mark.parametrize("size", [(80, 24), (40, 12)])
async def test_d_on_a_broken_routine_shows_every_error_in_full_and_scrolls(services, size) -> None:
    from textual.containers import VerticalScroll

    from stretchtimer.app.screens.problems import ProblemsScreen

    write_badly_broken_routine(services)
    app = create_app(services)
    async with app.run_test(size=size) as pilot:
        await pilot.press("end")
        about = str(app.screen.query_one("#about", Static).render())
        assert about.startswith("13 errors in zz-broken.yaml: d shows them in full")
        await pilot.press("d")
        screen = app.screen
        assert isinstance(screen, ProblemsScreen)
        body = str(screen.query_one("#problems-body", Static).render())
        for key in BROKEN_KEYS:  # each error whole, however narrow the screen (wrapped)
            assert f"unknown key '{key}'" in body.replace("\n", " ").replace("  ", " ")
        assert "steps must" in body or "at least one step" in body
        scroll = screen.query_one("#problems-scroll", VerticalScroll)
        assert scroll.max_scroll_y > 0  # more than fits: it scrolls
        await pilot.press("end")
        await pilot.pause()
        assert scroll.scroll_y == scroll.max_scroll_y
        await pilot.press("d")
        assert isinstance(app.screen, HomeScreen)


def remember_sessions(services, *routine_ids: str) -> None:
    """History entries for sessions of ``routine_ids``, the last one the latest."""
    from stretchtimer.core.history import HistoryEntry

    start = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)
    services.history_path.parent.mkdir(parents=True, exist_ok=True)
    lines = [
        HistoryEntry(start + timedelta(days=n), rid, rid, True, 60.0, 3, 3, "completed").to_json()
        + "\n"
        for n, rid in enumerate(routine_ids)
    ]
    services.history_path.write_text("".join(lines))


def remember_in_store(services, *routine_ids: str) -> None:
    """Sessions of ``routine_ids`` in the history store (as the app now writes them)."""
    opened = services.open_history()
    start = datetime(2026, 11, 28, 7, 0, tzinfo=UTC)
    for n, rid in enumerate(routine_ids):
        sid = opened.store.start_session(rid, rid, start + timedelta(days=n))
        opened.store.end_session(sid, start + timedelta(days=n, minutes=5), "completed")
    opened.store.close()


@pytest.mark.parametrize("size", [(80, 24), (40, 12)])
async def test_the_routine_last_run_is_highlighted_at_launch(services, size) -> None:
    remember_sessions(services, "core", "walk-break")
    app = create_app(services)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        routines = app.screen.query_one(OptionList)
        assert routines.highlighted_option.id == "ok:walk-break"
        top = routines.scroll_offset.y  # and in view, however short the list
        assert top <= routines.highlighted < top + routines.scrollable_content_region.height
        started = []
        app.begin_session = started.append  # type: ignore[method-assign]
        await pilot.press("enter")
        assert [routine.id for routine in started] == ["walk-break"]
    remember_in_store(services, "walk-break", "no-longer-here")  # its file since removed
    app = create_app(services)
    async with app.run_test(size=size):
        assert app.screen.query_one(OptionList).highlighted == 0


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
        assert "• Abc [easy] [/]" in names
        app.screen.query_one(OptionList).highlighted = names.index("• Abc [easy] [/]")
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


async def test_the_details_show_the_exercises_cautions_first(services) -> None:
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        names = [row[0] for row in rows(app.screen)]
        app.screen.query_one(OptionList).highlighted = names.index("Core strength")
        await pilot.press("d")
        body = str(app.screen.query_one("#details-body", Static).render()).splitlines()
        assert body[:8] == [
            "Cautions (Cat-cow stretch, Knee-to-chest stretch):",
            "  - Avoid any movements that cause pain or make your spasms worse.",
            "  - Listen to your body and don't push too hard.",
            "Cautions (Plank, Bridge, Back extension):",
            "  - Warm up before exercising and cool down afterward to prevent muscle strains.",
            "  - Avoid any movements that cause pain or make your spasms worse.",
            "  - Listen to your body and don't push too hard.",
            "",
        ]
        assert body[8].lstrip().startswith("0:00  Get ready")


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


async def test_the_palette_offers_quit_once_and_each_help_says_more_than_the_title(
    services,
) -> None:
    app = create_app(services)
    async with app.run_test(size=(80, 24)):
        commands = list(app.get_system_commands(app.screen))
        titles = [command.title for command in commands]
        assert titles.count("Quit") == 1
        helps = {command.title: command.help for command in commands}
        assert helps["Details"] == (
            "Show the phases the highlighted routine will run, or a broken one's errors (key: d)"
        )
        assert helps["Quit"] == "Close stretchtimer (key: q)"
        for title, help_text in helps.items():
            assert not help_text.startswith(f"{title} ("), help_text


async def palette_hits(pilot, query: str) -> list[tuple[str, str]]:
    """Open the command palette, type ``query``: each hit's prompt and help lines."""
    from textual.command import CommandList, CommandPalette

    await pilot.press("ctrl+p")
    assert isinstance(pilot.app.screen, CommandPalette)
    await pilot.press(*query)
    results = pilot.app.screen.query_one(CommandList)
    for _ in range(50):  # the palette gathers its hits in a worker
        await pilot.pause(0.02)
        if results.option_count:
            break
    await pilot.pause(0.2)  # and then any stragglers
    return [
        tuple(str(option.prompt).split("\n", 1))  # type: ignore[misc]
        for option in results.options
    ]


async def test_the_palette_finds_a_routine_by_name_and_starts_it_behind_the_screening(
    services,
) -> None:
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        hits = await palette_hits(pilot, "walk")
        assert hits[0][0] == "Walk break"
        assert hits[0][1].startswith("Start this routine (")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ScreeningScreen)  # never straight to the run
        for _ in app.screen.text.questions:
            await pilot.press("n")
        await pilot.click("#start")
        await past_the_check_in(pilot)
        assert isinstance(app.screen, RunScreen)
        assert app.screen.timeline.routine.id == "walk-break"


async def test_the_palette_shows_a_routine_named_like_markup_as_written(services) -> None:
    services.user_dir.mkdir(parents=True)
    (services.user_dir / "mine.yaml").write_text(
        "version: 1\nname: 'Abc [b]easy[/b] [/]'\ndescription: '[red]x'\n"
        "steps:\n  - exercise: walking\n"
    )
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        hits = await palette_hits(pilot, "abc")
        assert hits[0][0] == "Abc [b]easy[/b] [/]"
        assert hits[0][1].endswith(": [red]x")


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
        said = screen.query_one("#sound-said", Static)
        assert str(said.render()) == "on"  # in words too: a switch shows it by colour alone
        assert screen.focused is screen.query_one("#sound", Switch)  # space turns it off
        assert str(screen.query_one("#spoken-said", Static).render()) == "off"
        await pilot.click("#sound")
        assert app.settings.muted
        assert str(said.render()) == "off"
        await app.workers.wait_for_complete()
    assert "muted: true" in services.settings_path.read_text()


@pytest.mark.parametrize("size", [(80, 24), (40, 12)])
async def test_settings_have_a_title_fit_the_width_and_change_the_theme(services, size) -> None:
    from textual.widgets import Label, Select

    services.speaker_factory = lambda: RecordingSpeaker(False, "espeak-ng is not installed")
    app = create_app(services)
    async with app.run_test(size=size) as pilot:
        await pilot.press("comma")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        assert str(screen.query_one("#settings-title", Static).render()) == "Settings"
        width = size[0]
        controls = [*screen.query(Select), *screen.query(Switch)]
        assert len(controls) == 6
        for widget in [*controls, *screen.query(Label)]:  # nothing cut at the right edge
            assert widget.region.width > 0 and widget.region.right <= width, widget
        theme = screen.query_one("#theme", Select)
        assert theme.value == "textual-dark"
        theme.focus()
        await pilot.press("enter", "down", "enter")  # the next theme in the list
        await pilot.pause()
        assert app.theme == theme.value == "textual-light" == app.settings.theme
        await app.workers.wait_for_complete()
    assert "theme: textual-light" in services.settings_path.read_text()


async def test_settings_follow_the_terminal_made_narrow_and_wide_again(services) -> None:
    from textual.widgets import Select

    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("comma")
        screen = app.screen
        volume = screen.query_one("#volume", Select)
        assert not volume.compact and volume.region.height == 3
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        assert volume.compact and volume.region.right <= 40
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert not volume.compact and volume.region.height == 3


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
        assert "• Aaa first" in [row[0] for row in rows(screen)]
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
