"""Home's own-routine actions through Pilot, at 80x24 and 40x12: copy, new, rename, delete
(asked first), edit, and the refusals on a built-in routine."""

from __future__ import annotations

import json

import pytest
from textual.widgets import Input, OptionList, Static

from stretchtimer.app.app import create_app
from stretchtimer.app.screens.editor import EditorScreen
from stretchtimer.app.screens.home import HomeScreen
from tests.support import BUILTIN_ROUTINES

SIZES = [(80, 24), (40, 12)]
BUILTIN = BUILTIN_ROUTINES


def highlighted_id(screen: HomeScreen) -> str:
    option = screen.query_one(OptionList).highlighted_option
    assert option is not None and option.id is not None
    return option.id.partition(":")[2]


async def highlight(pilot, routine_id: str) -> None:
    routines = pilot.app.screen.query_one(OptionList)
    ids = [str(option.id).partition(":")[2] for option in routines.options]
    routines.highlighted = ids.index(routine_id)
    await pilot.pause()


def recording(services):
    app = create_app(services)
    app.notices = []  # type: ignore[attr-defined]
    original = app.notify

    def notify(message, **options):
        app.notices.append(str(message))  # type: ignore[attr-defined]
        return original(message, **options)

    app.notify = notify  # type: ignore[method-assign]
    return app


@pytest.mark.parametrize("size", SIZES)
async def test_copy_a_builtin_makes_your_own_and_leaves_it_alone(services, size) -> None:
    app = recording(services)
    before = (BUILTIN / "core.yaml").read_text(encoding="utf-8")
    async with app.run_test(size=size) as pilot:
        await highlight(pilot, "core")
        await pilot.press("c")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HomeScreen)
        assert highlighted_id(screen) == "my-core"
        prompt = str(screen.query_one(OptionList).highlighted_option.prompt)
        assert prompt.startswith("• Core strength (copy)")  # marked as the person's own
    assert (services.user_dir / "my-core.yaml").is_file()
    assert (BUILTIN / "core.yaml").read_text(encoding="utf-8") == before


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("key", ["e", "m", "x"])
async def test_a_builtin_is_never_edited_renamed_or_deleted(services, size, key: str) -> None:
    app = recording(services)
    async with app.run_test(size=size) as pilot:
        await highlight(pilot, "morning-back")
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert any(n.startswith("Built-in routines never change") for n in app.notices)
    assert not services.user_dir.exists() or not any(services.user_dir.iterdir())


@pytest.mark.parametrize("size", SIZES)
async def test_delete_asks_first(services, size) -> None:
    services.user_dir.mkdir(parents=True)
    mine = services.user_dir / "mine.yaml"
    mine.write_text("version: 1\nname: Mine\nsteps:\n  - exercise: plank\n")
    app = recording(services)
    async with app.run_test(size=size) as pilot:
        await highlight(pilot, "mine")
        await pilot.press("x")
        await pilot.pause()
        assert "Delete your routine 'Mine'" in str(
            app.screen.query_one("#question", Static).render()
        )
        await pilot.press("n")
        await pilot.pause()
        assert mine.exists()
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert not mine.exists()
        ids = [str(o.id) for o in app.screen.query_one(OptionList).options]
        assert "ok:mine" not in ids


@pytest.mark.parametrize("size", SIZES)
async def test_rename_name_and_id_and_history_still_finds_it(services, size) -> None:
    services.user_dir.mkdir(parents=True)
    (services.user_dir / "mine.yaml").write_text(
        "# my notes\nversion: 1\nname: Mine\nsteps:\n  - exercise: plank\n"
    )
    services.history_path.parent.mkdir(parents=True)
    services.history_path.write_text(
        json.dumps(
            {
                "finished_at": "2026-01-01T08:00:00+00:00",
                "routine_id": "mine",
                "routine_name": "Mine",
                "completed": True,
                "active_seconds": 60.0,
                "holds_done": 3,
                "holds_total": 3,
                "ended": "completed",
            }
        )
        + "\n"
    )
    app = recording(services)
    async with app.run_test(size=size) as pilot:
        assert highlighted_id(app.screen) == "mine"  # the one last run
        await pilot.press("m")
        await pilot.pause()
        name = app.screen.query_one("#rename-name", Input)
        name.value = ""
        await pilot.press(*"Evenings")
        app.screen.query_one("#rename-id", Input).value = "core"
        await pilot.press("enter")
        await pilot.pause()
        error = str(app.screen.query_one("#rename-id-error", Static).render())
        assert error == "a routine 'core' already exists"
        app.screen.query_one("#rename-id", Input).value = "evenings"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and highlighted_id(app.screen) == "evenings"
    path = services.user_dir / "evenings.yaml"
    assert not (services.user_dir / "mine.yaml").exists()
    assert path.read_text().startswith("# my notes\n") and "name: Evenings" in path.read_text()
    assert services.last_routine_id() == "evenings"  # the history's "mine" is this one


@pytest.mark.parametrize("size", SIZES)
async def test_rename_enter_on_cancel_cancels_and_errors_follow_the_typing(services, size) -> None:
    services.user_dir.mkdir(parents=True)
    (services.user_dir / "mine.yaml").write_text(
        "version: 1\nname: Mine\nsteps:\n  - exercise: plank\n"
    )
    app = recording(services)
    async with app.run_test(size=size) as pilot:
        await highlight(pilot, "mine")
        await pilot.press("m")
        await pilot.pause()
        app.screen.query_one("#rename-id", Input).value = ""
        await pilot.pause()
        error = app.screen.query_one("#rename-id-error", Static)
        assert "must be lower-case words" in str(error.render())  # said as it is typed
        app.screen.query_one("#rename-id", Input).value = "evenings"
        await pilot.pause()
        assert str(error.render()) == ""  # no error left from the value before
        app.screen.query_one("#rename-cancel").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and highlighted_id(app.screen) == "mine"
    assert (services.user_dir / "mine.yaml").is_file()
    assert not (services.user_dir / "evenings.yaml").exists()


@pytest.mark.parametrize("size", SIZES)
async def test_new_opens_the_editor_and_edit_opens_it_for_your_own(services, size) -> None:
    app = recording(services)
    async with app.run_test(size=size) as pilot:
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)
        assert app.screen.routine.id == "my-routine"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and highlighted_id(app.screen) == "my-routine"
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)
    assert (services.user_dir / "my-routine.yaml").is_file()


async def test_home_footer_fits_at_40x12(services) -> None:
    app = recording(services)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one("Footer")
        keys = [str(k.render()).split() for k in footer.query("FooterKey")]
        assert keys == [["⏎", "Start"], ["d", "Details"], ["e", "Edit"], ["^p", "palette"]]
        assert sum(k.region.width for k in footer.query("FooterKey")) <= 40
