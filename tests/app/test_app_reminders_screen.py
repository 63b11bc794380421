"""The Reminders screen: each reminder changed without editing the file, checked with the
file's own rules, saved with the person's comments kept, and in use at once."""

from __future__ import annotations

import textwrap
from zoneinfo import ZoneInfo

import pytest
import yaml
from textual.widgets import Input, Static

from stretchtimer.app.app import create_app
from stretchtimer.app.screens.confirm import ConfirmScreen
from stretchtimer.app.screens.home import HomeScreen
from stretchtimer.app.screens.reminder_alert import ReminderAlert
from stretchtimer.app.screens.reminders import RemindersScreen
from stretchtimer.core.reminders_yaml import parse_reminders
from tests.app.test_app_reminders import later, line, started

SIZES = [(80, 24), (40, 12)]
COMMENTED = textwrap.dedent(
    """\
    # my reminders: keep this comment
    version: 1
    reminders:
      - id: walk
        enabled: true  # the hourly walk
        routine: walk-break
        every: 60m
        days: mon-fri
        hours: ["09:00-18:00"]
        align: none
    """
)


pytestmark = pytest.mark.usefixtures("paris")  # the reminders' zone: +01:00 in November


@pytest.fixture
def commented(root):
    """A real reminders file with the person's comments."""
    path = root.reminders_path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(COMMENTED)
    return path


async def open_screen(pilot) -> RemindersScreen:
    await started(pilot)
    await pilot.press("w")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, RemindersScreen)
    return screen


async def type_into(pilot, field: str, text: str) -> None:
    widget = pilot.app.screen.query_one(f"#{field}", Input)
    widget.focus()
    widget.value = text
    await pilot.pause()


def shown(app, field: str) -> str:
    error = app.screen.query_one(f"#{field}-error", Static)
    return str(error.render()) if error.display else ""


@pytest.mark.parametrize("size", SIZES)
async def test_change_the_interval_and_save_keeps_the_comments_and_moves_home(
    root, clock, morning, commented, size
) -> None:
    app = create_app(root)
    async with app.run_test(size=size) as pilot:
        screen = await open_screen(pilot)
        for widget in screen.query("Input, Switch, Select"):
            screen.scroll_to_widget(widget, animate=False)
            await pilot.pause()
            assert widget.region.x >= 0 and widget.region.right <= size[0]
        await type_into(pilot, "r0-every", "30m")
        assert screen.dirty
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        assert not screen.dirty
        await pilot.press("escape")  # saved: no question
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert line(app) == "Next walk 10:00, in 30 min"  # the running reminders follow
    text = commented.read_text()
    assert "# my reminders: keep this comment" in text and "# the hourly walk" in text
    assert yaml.safe_load(text)["reminders"][0]["every"] == "30m"


async def test_two_reminders_several_ranges_and_a_days_own_hours(root, morning) -> None:
    """The second reminder edited, the first kept as written; a day with its own hours in
    the file keeps them (and the screen says so)."""
    path = root.reminders_path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        COMMENTED
        + "  - id: stretch  # every two hours\n    routine: walk-break\n    every: 2h\n"
        + '    hours_by_day:\n      fri: ["09:00-13:00"]\n'
    )
    app = create_app(root)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_screen(pilot)
        note = str(screen.query_one(".reminder-note", Static).render())
        assert note == "Kept from the file: fri 09:00-13:00"
        await type_into(pilot, "r1-hours", "09:00-12:30, 13:30-18:00")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
    text = path.read_text()
    assert "# every two hours" in text and "# the hourly walk" in text
    first, second = yaml.safe_load(text)["reminders"]
    assert first["hours"] == ["09:00-18:00"] and first["every"] == "60m"
    assert second["hours"] == ["09:00-12:30", "13:30-18:00"]  # several ranges a day
    assert second["hours_by_day"] == {"fri": ["09:00-13:00"]}


@pytest.mark.parametrize("size", SIZES)
async def test_turn_a_reminder_off(root, clock, morning, commented, size) -> None:
    app = create_app(root)
    async with app.run_test(size=size) as pilot:
        screen = await open_screen(pilot)
        await pilot.press("space")  # the first switch has the focus
        await pilot.pause()
        assert str(screen.query_one("#r0-state", Static).render()).strip() == "off"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert line(app) == "No reminder is on"
        await later(pilot, root, clock, 90)
        assert isinstance(app.screen, HomeScreen)  # no alert from a reminder turned off
    assert yaml.safe_load(commented.read_text())["reminders"][0]["enabled"] is False


@pytest.mark.parametrize("size", SIZES)
async def test_an_invalid_value_is_explained_in_the_files_words_and_not_saved(
    root, morning, commented, size
) -> None:
    before = commented.read_text()
    _, problems = parse_reminders(
        before.replace("every: 60m", "every: 0").replace("days: mon-fri", "days: mon-fry"),
        "f",
        ZoneInfo("Europe/Paris"),
    )
    file_words = sorted(p.message for p in problems)
    app = create_app(root)
    async with app.run_test(size=size) as pilot:
        screen = await open_screen(pilot)
        await type_into(pilot, "r0-every", "0")
        await type_into(pilot, "r0-days", "mon-fry")
        assert sorted([shown(app, "r0-every"), shown(app, "r0-days")]) == file_words
        error = screen.query_one("#r0-every-error")
        assert error.region.height and error.region.right <= size[0]
        await type_into(pilot, "r0-hours", "18:00-09:00")
        assert shown(app, "r0-hours") == "'hours': '18:00-09:00' ends before it starts"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, RemindersScreen)
    assert commented.read_text() == before  # refused


@pytest.mark.parametrize("size", SIZES)
async def test_leaving_with_unsaved_changes_asks_first(root, morning, commented, size) -> None:
    before = commented.read_text()
    app = create_app(root)
    async with app.run_test(size=size) as pilot:
        await open_screen(pilot)
        await type_into(pilot, "r0-align", ":50")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # stay
        await pilot.pause()
        assert isinstance(app.screen, RemindersScreen)
        assert app.screen.query_one("#r0-align", Input).value == ":50"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")  # leave without saving
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert commented.read_text() == before


@pytest.mark.parametrize("size", SIZES)
async def test_a_broken_file_is_shown_with_its_place_and_never_overwritten(
    root, morning, size
) -> None:
    path = root.reminders_path
    path.parent.mkdir(parents=True, exist_ok=True)
    broken = COMMENTED.replace("every: 60m", "every: 25:00")
    path.write_text(broken)
    app = create_app(root)
    async with app.run_test(size=size) as pilot:
        screen = await open_screen(pilot)
        error = str(screen.query_one("#reminders-error", Static).render())
        assert f"{path}:7:12: error: 'every'" in error.replace("\n", "")
        assert not screen.query(Input)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert path.read_text() == broken


async def test_the_alert_waits_behind_unsaved_changes_and_comes_when_the_screen_closes(
    root, clock, morning, commented
) -> None:
    app = create_app(root)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot)
        await type_into(pilot, "r0-align", "hour")
        await later(pilot, root, clock, 60)  # 10:30: the walk is due
        assert isinstance(app.screen, RemindersScreen)  # it waits: changes not saved
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)  # a dialog: it still waits
        await pilot.press("y")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ReminderAlert)


async def test_the_alert_comes_over_the_screen_without_changes(
    root, clock, morning, commented
) -> None:
    app = create_app(root)
    async with app.run_test(size=(40, 12)) as pilot:
        await open_screen(pilot)
        await later(pilot, root, clock, 60)
        await pilot.pause()
        assert isinstance(app.screen, ReminderAlert)


async def test_the_screen_is_in_the_command_palette(root, morning) -> None:
    app = create_app(root)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Reminders" in titles


async def test_the_alert_waits_behind_the_routine_editor_with_unsaved_changes(
    root, clock, morning
) -> None:
    from stretchtimer.app.screens.editor import EditorScreen

    app = create_app(root)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        await pilot.press("c")  # a copy of the built-in routine, then edit it
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        editor.query_one("#name", Input).value = "My walk"
        await pilot.pause()
        assert editor.dirty
        await later(pilot, root, clock, 60)
        assert app.screen is editor  # it waits: changes not saved
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ReminderAlert)


def remind_args(**given: str):
    from argparse import Namespace

    options = {"every": None, "at": None, "routine": None, "days": None, "hours": None}
    return Namespace(**{**options, **given})


@pytest.mark.parametrize("size", SIZES)
async def test_remind_opens_on_the_screen_with_the_reminders_on_for_this_run(
    root, clock, morning, commented, size
) -> None:
    """``stretchtimer remind`` (the app factory as the command line calls it): a file with
    the walk off, on for this run only; the file is not changed."""
    from stretchtimer.plain.remind import this_run

    commented.write_text(commented.read_text().replace("enabled: true", "enabled: false"))
    before = commented.read_text()
    app = create_app(root, remind=this_run(remind_args(every="45m")))
    notes: list[str] = []
    async with app.run_test(size=size) as pilot:
        app.notify = lambda message, **kw: notes.append(message)  # type: ignore[method-assign]
        await started(pilot)
        assert isinstance(app.screen, RemindersScreen)
        assert [r.id for r in app.reminders.reminding.on()] == ["walk"]
        state = str(app.screen.query_one("#r0-state", Static).render())
        assert state.strip() == "off (on for this run)"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert line(app) == "Next walk 10:15, in 45 min"
    assert "Reminders on for this run (the file has them off)." in notes
    assert commented.read_text() == before


def test_remind_refuses_a_wrong_setting_before_opening_the_app(tmp_path) -> None:
    from tests.support.cli_helpers import stretchtimer

    done = stretchtimer(tmp_path, "remind", "--every", "0")
    assert done.returncode == 2
    assert done.stderr == "stretchtimer: error: a duration must be at least 1s, got '0'\n"


def test_remind_refuses_an_unknown_routine_before_opening_the_app(tmp_path) -> None:
    from tests.support.cli_helpers import stretchtimer

    done = stretchtimer(tmp_path, "remind", "--routine", "walk-brake")
    assert done.returncode == 2
    assert done.stderr == (
        "stretchtimer: error: unknown routine 'walk-brake'; did you mean 'walk-break'?\n"
    )


@pytest.mark.parametrize("size", SIZES)
async def test_the_screen_says_what_the_command_line_changed_for_this_run(
    root, clock, morning, commented, size
) -> None:
    """``stretchtimer remind --every 45m --days all``: the fields show the file (what Save
    writes), and a line under them what this run uses instead; saved, the line goes."""
    from stretchtimer.plain.remind import this_run

    app = create_app(root, remind=this_run(remind_args(every="45m", days="all")))
    async with app.run_test(size=size) as pilot:
        await started(pilot)
        screen = app.screen
        assert isinstance(screen, RemindersScreen)
        note = screen.query_one("#r0-this-run", Static)
        assert screen.query_one("#r0-every", Input).value == "1h"  # the file's
        assert str(note.render()) == (
            "This run, from the command line: every 45m, days mon-sun. "
            "The fields show the file, which Save writes."
        )
        assert note.display and note.region.height > 0
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        assert str(note.render()) == "" and note.region.height == 0


async def test_remind_with_nothing_changed_adds_no_line(root, clock, morning, commented) -> None:
    from stretchtimer.plain.remind import this_run

    app = create_app(root, remind=this_run(remind_args()))
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        assert str(app.screen.query_one("#r0-this-run", Static).render()) == ""
