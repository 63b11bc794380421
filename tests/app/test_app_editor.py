"""The routine editor through Pilot, at 80x24 and 40x12: each action a person takes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.app import App
from textual.widgets import Input, OptionList, Select, Static

from stretchtimer.adapters.routine_files import load_catalog, load_routine
from stretchtimer.adapters.routine_writer import ChangedOnDisk, EditedRoutine
from stretchtimer.app.messages import CatalogChanged
from stretchtimer.app.screens.editor import EditorScreen
from stretchtimer.app.screens.picker import (
    CustomExerciseScreen,
    EasierPickerScreen,
    PickerScreen,
)
from stretchtimer.core.catalog import Catalog
from stretchtimer.core.model import Sides
from tests.support import BUILTIN_ROUTINES, REPO

BUILTIN = BUILTIN_ROUTINES
SIZES = [(80, 24), (40, 12)]
CSS = REPO / "stretchtimer" / "app" / "stretchtimer.tcss"


class Host(App[None]):
    CSS_PATH = str(CSS)

    def __init__(self, screen: EditorScreen) -> None:
        super().__init__()
        self.editor = screen
        self.saved: list[object] = []
        self.notices: list[str] = []

    def on_mount(self) -> None:
        self.push_screen(self.editor)

    def on_catalog_changed(self, message: CatalogChanged) -> None:
        self.saved.append(message.select)

    def notify(self, message: str, **options) -> None:  # type: ignore[override]
        self.notices.append(message)
        super().notify(message, **options)


@pytest.fixture
def catalog(tmp_path: Path) -> Catalog:
    user = tmp_path / "routines"
    user.mkdir()
    shutil.copy(BUILTIN / "morning-back.yaml", user / "mine.yaml")
    return load_catalog(BUILTIN, user)


def editor_for(catalog: Catalog) -> tuple[Host, EditorScreen, Path]:
    routine = catalog.find("mine")
    assert routine.path is not None
    store = EditedRoutine.open(routine, catalog.exercises)
    screen = EditorScreen(routine, catalog.exercises, store, changed_error=ChangedOnDisk)
    return Host(screen), screen, routine.path


def on_disk(path: Path, catalog: Catalog):
    return load_routine(path, catalog.exercises)


async def type_into(pilot, field_id: str, text: str) -> None:
    field = pilot.app.screen.query_one(f"#{field_id}", Input)
    field.focus()
    field.value = ""
    await pilot.pause()
    await pilot.press(*text)
    await pilot.pause()


async def click(pilot, selector: str) -> None:
    """Click a button, scrolled into view first (at 40x12 the editor scrolls)."""
    pilot.app.screen.query_one(selector).scroll_visible(animate=False)
    await pilot.pause()
    await pilot.click(selector)
    await pilot.pause()


def error_of(screen: EditorScreen, field_id: str) -> str:
    return str(screen.query_one(f"#{field_id}-error", Static).render())


def refusal(app: Host, what: str = "save") -> str:
    """The value Save (or another action) was refused for: the notice's second line."""
    first, _, problem = app.notices[-1].partition("\n")
    assert first == f"Fix the values marked in red before you {what}."
    return problem


def title(screen: EditorScreen) -> str:
    return str(screen.query_one("#editor-title").render())


@pytest.mark.parametrize("size", SIZES)
async def test_change_a_value_updates_the_total_and_saves(catalog: Catalog, size) -> None:
    app, screen, path = editor_for(catalog)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert "4 steps · 10:45" in title(screen)
        await type_into(pilot, "s-hold", "45s")  # the first step: knee-to-chest, both sides
        assert screen.routine.steps[0].timing.hold == 45
        assert "4 steps · 12:15" in title(screen) and "unsaved" in title(screen)
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert on_disk(path, catalog).steps[0].timing.hold == 45
    assert "# on a bad day: shorter and fewer" in path.read_text(encoding="utf-8")
    assert app.saved == ["mine"]  # the editor said the catalog changed


@pytest.mark.parametrize("size", SIZES)
async def test_an_invalid_value_is_explained_in_validates_words_and_save_refused(
    catalog: Catalog, size
) -> None:
    app, screen, path = editor_for(catalog)
    before = path.read_text(encoding="utf-8")
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert not screen.query_one("#s-reps-error").display  # nothing to say yet
        await type_into(pilot, "s-reps", "0")
        assert error_of(screen, "s-reps") == "reps must be between 1 and 100, got 0"
        error = screen.query_one("#s-reps-error")
        error.scroll_visible(animate=False)
        await pilot.pause()
        assert error.display and error.region.height >= 1  # shown beside its field
        await type_into(pilot, "d-hold", "010")
        assert (
            error_of(screen, "d-hold")
            == "invalid hold: YAML reads '010' as an octal number (8); write 10s"
        )
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert refusal(app) == (
            "Defaults, hold: invalid hold: YAML reads '010' as an octal number (8); write 10s"
        )
        await type_into(pilot, "d-hold", "20s")
        await type_into(pilot, "s-reps", "2")
        assert not screen.invalid
    assert path.read_text(encoding="utf-8") == before


@pytest.mark.parametrize("size", SIZES)
async def test_add_from_the_picker_shows_how_and_adds_a_step(catalog: Catalog, size) -> None:
    app, screen, path = editor_for(catalog)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+n")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        await pilot.press(*"bridge")
        await pilot.pause()
        about = str(picker.query_one("#picker-about", Static).render())
        assert "1. " in about and "Breathing:" in about and "Caution:" in about
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert [s.exercise.id for s in screen.routine.steps][1] == "bridge"  # after the first
        assert "5 steps" in title(screen)
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert [s.exercise.id for s in on_disk(path, catalog).steps][1] == "bridge"


@pytest.mark.parametrize("size", SIZES)
async def test_add_a_custom_exercise(catalog: Catalog, size) -> None:
    app, screen, path = editor_for(catalog)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert isinstance(app.screen, CustomExerciseScreen)
        await pilot.press("ctrl+s")  # no name yet
        await pilot.pause()
        error = str(app.screen.query_one("#custom-name-error", Static).render())
        assert error == "'name' must not be empty"
        await pilot.press(*"Neck roll")
        app.screen.query_one("#custom-instructions").focus()
        await pilot.press(*"Sit tall.", "enter", *"Roll slowly.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen and "5 steps" in title(screen)
        await pilot.press("ctrl+s")
        await pilot.pause()
    step = on_disk(path, catalog).steps[1]
    assert (step.exercise.name, step.exercise.instructions) == (
        "Neck roll",
        ("Sit tall.", "Roll slowly."),
    )


@pytest.mark.parametrize("size", SIZES)
async def test_remove_and_reorder_by_keys_and_buttons_then_undo(catalog: Catalog, size) -> None:
    app, screen, path = editor_for(catalog)
    ids = lambda: [s.exercise.id for s in screen.routine.steps]  # noqa: E731
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        first = ids()
        await pilot.press("ctrl+down")
        await pilot.pause()
        assert ids() == [first[1], first[0], *first[2:]]
        assert screen.query_one("#editor-steps", OptionList).highlighted == 1
        await click(pilot, "#b-up")
        await pilot.pause()
        assert ids() == first
        await pilot.press("ctrl+x")
        await pilot.pause()
        assert ids() == first[1:] and "3 steps" in title(screen)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert ids() == first
        await click(pilot, "#b-remove")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert [s.exercise.id for s in on_disk(path, catalog).steps] == first[1:]


@pytest.mark.parametrize("size", SIZES)
async def test_easier_fields(catalog: Catalog, size) -> None:
    app, screen, path = editor_for(catalog)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert screen.query_one("#e-hold", Input).value == "15s"
        await type_into(pilot, "e-hold", "40s")
        assert error_of(screen, "e-hold") == "the easier hold (40s) is longer than the step's (30s)"
        await type_into(pilot, "e-hold", "")
        await type_into(pilot, "e-exercise", "pelvic-tlt")
        assert (
            error_of(screen, "e-exercise")
            == "unknown exercise 'pelvic-tlt'; did you mean 'pelvic-tilt'?"
        )
        await type_into(pilot, "e-exercise", "pelvic-tilt")
        assert not screen.invalid
        await pilot.press("ctrl+s")
        await pilot.pause()
    easier = on_disk(path, catalog).steps[0].easier
    assert easier is not None and easier.exercise.id == "pelvic-tilt"
    assert (easier.timing.reps, easier.sides) == (2, Sides.BOTH)


@pytest.mark.parametrize("size", SIZES)
async def test_leaving_with_unsaved_changes_asks(catalog: Catalog, size) -> None:
    app, screen, path = editor_for(catalog)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await type_into(pilot, "name", "Renamed")
        await pilot.press("escape")
        await pilot.pause()
        assert "Leave without saving" in str(app.screen.query_one("#question", Static).render())
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert app.screen is not screen
    assert on_disk(path, catalog).name == "Morning back mobility"


@pytest.mark.parametrize("size", SIZES)
async def test_a_file_changed_on_disk_offers_reload_or_overwrite(catalog: Catalog, size) -> None:
    app, screen, path = editor_for(catalog)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await type_into(pilot, "name", "Mine")
        path.write_text(path.read_text().replace("Morning back mobility", "Theirs"))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "changed on disk" in str(app.screen.query_one("#question", Static).render())
        await pilot.click("#choice-reload")
        await pilot.pause()
        assert screen.routine.name == "Theirs" and not screen.dirty
        assert screen.query_one("#name", Input).value == "Theirs"


@pytest.mark.parametrize("size", SIZES)
async def test_a_default_that_makes_a_variant_longer_than_its_step_says_so(
    catalog: Catalog, size
) -> None:
    app, screen, _path = editor_for(catalog)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("down")  # not needed: the first step is highlighted
        steps = screen.query_one("#editor-steps", OptionList)
        steps.highlighted = 2  # cat-cow: the default hold (20s), easier 15s
        await pilot.pause()
        await type_into(pilot, "d-hold", "12s")
        assert error_of(screen, "e-hold") == "the easier hold (15s) is longer than the step's (12s)"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert refusal(app) == (
            "Step 3 (Cat-cow stretch), Easier hold: "
            "the easier hold (15s) is longer than the step's (12s)"
        )


@pytest.mark.parametrize("size", SIZES)
async def test_an_invalid_value_is_kept_when_moving_to_another_step(catalog: Catalog, size) -> None:
    app, screen, path = editor_for(catalog)
    before = path.read_text(encoding="utf-8")
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        steps = screen.query_one("#editor-steps", OptionList)
        steps.highlighted = 1
        await pilot.pause()
        name = screen.routine.steps[1].exercise.name
        await type_into(pilot, "s-reps", "0")
        await type_into(pilot, "e-hold", "5 minutes")
        steps.highlighted = 2  # to another step: what was typed on step 2 is not lost
        await pilot.pause()
        assert screen.query_one("#s-reps", Input).value != "0"
        assert not error_of(screen, "s-reps")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert refusal(app) == f"Step 2 ({name}), Reps: reps must be between 1 and 100, got 0"
        steps.highlighted = 1  # back: shown again with its error
        await pilot.pause()
        assert screen.query_one("#s-reps", Input).value == "0"
        assert error_of(screen, "s-reps") == "reps must be between 1 and 100, got 0"
        assert screen.query_one("#e-hold", Input).value == "5 minutes"
        assert error_of(screen, "e-hold").startswith("invalid hold: expected a duration")
        await type_into(pilot, "s-reps", "2")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert refusal(app).startswith(f"Step 2 ({name}), Easier hold: invalid hold")
        await type_into(pilot, "e-hold", "10s")
        await type_into(pilot, "e-reps", "1")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not screen.dirty
    assert path.read_text(encoding="utf-8") != before
    step = on_disk(path, catalog).steps[1]
    assert step.timing.reps == 2 and step.easier is not None
    assert (step.easier.timing.hold, step.easier.timing.reps) == (10, 1)


@pytest.mark.parametrize("size", SIZES)
async def test_the_step_line_and_total_follow_a_value_in_the_same_turn(
    catalog: Catalog, size
) -> None:
    """Drawn in the keystroke's frame: the value is read as it changes, not from a message
    handled a turn later (which drew the field first and the total in a second frame)."""
    app, screen, _path = editor_for(catalog)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        field = screen.query_one("#s-hold", Input)
        field.value = "45s"  # no pause: nothing else has run yet
        assert screen.routine.steps[0].timing.hold == 45
        assert "4 steps · 12:15" in title(screen)
        line = screen.query_one("#editor-steps", OptionList).get_option_at_index(0).prompt
        assert "45s" in str(line)
        field.value = "4x"
        assert error_of(screen, "s-hold").startswith("invalid hold")


@pytest.mark.parametrize("size", SIZES)
async def test_tags_are_edited_and_checked_in_validates_words(catalog: Catalog, size) -> None:
    app, screen, path = editor_for(catalog)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await type_into(pilot, "tags", "morning,,gentle")
        assert error_of(screen, "tags") == "an item of 'tags' is empty"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert refusal(app) == "Tags: an item of 'tags' is empty"
        await type_into(pilot, "tags", "morning, gentle")
        assert screen.routine.tags == ("morning", "gentle") and "unsaved" in title(screen)
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert on_disk(path, catalog).tags == ("morning", "gentle")
    assert "# on a bad day: shorter and fewer" in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("size", SIZES)
async def test_the_easier_exercise_is_chosen_from_the_library(catalog: Catalog, size) -> None:
    app, screen, path = editor_for(catalog)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await type_into(pilot, "e-exercise", "pelvic")
        await pilot.press("enter")  # enter in the field: the library, searched for "pelvic"
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, EasierPickerScreen)
        assert picker.query_one("#picker-search", Input).value == "pelvic"
        assert "Pelvic tilt" in str(
            picker.query_one("#picker-list", OptionList).get_option_at_index(0).prompt
        )
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert screen.query_one("#e-exercise", Input).value == "pelvic-tilt"
        easier = screen.routine.steps[0].easier
        assert easier is not None and easier.exercise.id == "pelvic-tilt"
        await click(pilot, "#b-easier")  # the button: the whole library
        assert isinstance(app.screen, EasierPickerScreen)
        assert app.screen.query_one("#picker-search", Input).value == ""
        await pilot.press("escape")
        await pilot.pause()
        assert screen.routine.steps[0].easier == easier  # nothing chosen: as it was
        sides = screen.query_one("#e-sides", Select)
        sides.value = "left"  # on a bad day, one side only
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
    easier = on_disk(path, catalog).steps[0].easier
    assert easier is not None
    assert (easier.exercise.id, easier.sides, easier.timing.hold) == ("pelvic-tilt", Sides.LEFT, 15)


async def test_the_total_is_in_sight_at_40_columns_whatever_the_name(catalog: Catalog) -> None:
    app, screen, _path = editor_for(catalog)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        await type_into(pilot, "name", "A routine with a rather long name indeed")
        await type_into(pilot, "s-hold", "45s")
        shown = screen.query_one("#editor-title").region
        seen = str(title(screen))[: shown.width - 2]  # what fits, less the padding
        assert "4 steps · 12:15 · unsaved" in seen


async def layouts_until_still(pilot, press: str | None = None) -> int:
    """Press ``press`` (if any), then pause until a pause passes with the screen not laid out
    again: how many times it was laid out. What the screen asked to run after a refresh (a
    scroll) has run too, however slow the machine (one or two pauses were not always enough
    with the cores busy)."""
    screen = pilot.app.screen
    laid_out: list[object] = []
    screen.screen_layout_refresh_signal.subscribe(screen, laid_out.append, immediate=True)
    try:
        if press is not None:
            await pilot.press(press)
        for _ in range(100):
            before = len(laid_out)
            await pilot.pause(0.02)
            if len(laid_out) == before:
                return len(laid_out)
        raise AssertionError("the screen never stopped laying out")
    finally:
        screen.screen_layout_refresh_signal.unsubscribe(screen)


async def settle(pilot) -> None:
    """Wait until the screen has stopped laying out."""
    await layouts_until_still(pilot)


async def layouts_of(pilot, *keys: str) -> list[int]:
    """How many times the screen was laid out for each key pressed (after the key, until it
    stops laying out)."""
    return [await layouts_until_still(pilot, key) for key in keys]


async def test_a_keystroke_that_makes_a_value_invalid_or_valid_lays_out_once(
    catalog: Catalog,
) -> None:
    """The explanation's line under the focused field keeps its room while the value is
    valid: its coming and going changed the form's height, which Textual lays out a second
    time (a widget resized in a layout asks for another)."""
    app, screen, _path = editor_for(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen.query_one("#s-rest", Input).focus()
        await settle(pilot)  # the layout the focus asked for (its line's room) is done
        await pilot.press("5")  # replaces the 10s selected on focus: valid
        await settle(pilot)
        body = screen.query_one("#editor-body")
        height = body.virtual_size.height
        # empty (explained), 5 (valid), empty, 5
        assert await layouts_of(pilot, "backspace", "5", "backspace", "5") == [1, 1, 1, 1]
        await pilot.press("backspace")
        await settle(pilot)
        assert error_of(screen, "s-rest").startswith("'rest' must be a duration")
        assert body.virtual_size.height == height


@pytest.mark.parametrize("size", SIZES)
async def test_the_focused_fields_explanation_line_is_in_sight_and_kept_while_invalid(
    catalog: Catalog, size
) -> None:
    app, screen, _path = editor_for(catalog)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        line = screen.query_one("#s-reps-error")
        assert not line.display  # nothing to say, not focused: no room taken
        await pilot.pause()
        screen.query_one("#s-reps", Input).focus()
        await settle(pilot)
        body = screen.query_one("#editor-body")
        assert line.display and not error_of(screen, "s-reps")  # its room, empty
        assert body.region.contains_region(line.region)  # in sight with its field
        await type_into(pilot, "s-reps", "0")
        await settle(pilot)
        assert error_of(screen, "s-reps") == "reps must be between 1 and 100, got 0"
        assert body.region.contains_region(line.region)  # two lines at 40 columns
        screen.query_one("#s-rest", Input).focus()
        await pilot.pause()
        assert line.display  # still wrong: still explained
        await type_into(pilot, "s-reps", "2")
        first = screen.routine.steps[0]
        await click(pilot, "#b-down")  # a button: the room stays (the click lands)
        assert line.display and screen.routine.steps[1] == first
        screen.query_one("#s-rest", Input).focus()
        await pilot.pause()
        assert not line.display  # valid, and another field taken: the room goes with it
        assert screen.query_one("#s-rest-error").display
