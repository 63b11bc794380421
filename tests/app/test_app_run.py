"""The run screen: keys pressed, the fake clock advanced, what is shown and heard checked."""

from __future__ import annotations

import asyncio

import pytest
from textual.screen import Screen
from textual.widgets import Static

from stretchtimer import paths
from stretchtimer.adapters.routine_files import load_catalog, load_exercise_library
from stretchtimer.adapters.screening_file import load_screening_text
from stretchtimer.adapters.store_sqlite import open_store
from stretchtimer.app.app import create_app
from stretchtimer.app.screens.confirm import ConfirmScreen
from stretchtimer.app.screens.home import HomeScreen
from stretchtimer.app.screens.hurt import HurtScreen
from stretchtimer.app.screens.pain import PainPrompt
from stretchtimer.app.screens.run import RunScreen
from stretchtimer.app.screens.summary import SummaryScreen, summary_lines
from stretchtimer.app.widgets.run_view import Instructions, SessionClock
from stretchtimer.core.cues import Cue
from stretchtimer.core.engine import EngineState, SessionSummary, StepResult
from stretchtimer.core.model import Exercise, Routine, Sides, Step, Timing
from stretchtimer.core.screening import Screening
from stretchtimer.core.session_view import PhaseView
from tests.support.factories import make_routine, make_step
from tests.support.history import recorded_by

LIBRARY = paths.builtin_routines_dir() / "exercises.yaml"
ROUTINE = make_routine(
    make_step("Knee-to-chest stretch", prepare=3, hold=10, reps=2, rest=4, sides=Sides.NONE),
    make_step("Pelvic tilt", prepare=2, hold=5, reps=1, transition=0),
    name="Tiny routine",
)


def pass_screening(services, wall) -> None:
    """A stored pass for today, so the app goes straight to the run screen."""
    screening = Screening(load_screening_text())
    for question in screening.unanswered:
        screening.answer(question.id, False)
    services.screening_store(4).save(screening.record(wall()))


def shown(screen: Screen, selector: str) -> str:
    """The countdown of the clock; the text any other widget paints, as drawn."""
    widget = screen.query_one(selector)
    if isinstance(widget, SessionClock):
        return widget.countdown
    return "\n".join(strip.text.strip() for strip in widget.render_lines(widget.size.region))


async def advance(pilot, clock, seconds: float) -> None:
    clock.advance(seconds)
    pilot.app.screen.tick()
    await pilot.pause()


async def past_the_check_in(pilot, *keys: str) -> None:
    """Answer (or with Enter skip) the pain check-in that comes before a session."""
    await pilot.pause()
    assert isinstance(pilot.app.screen, PainPrompt), pilot.app.screen
    await pilot.press(*(keys or ("enter",)))
    await pilot.pause()


async def start(pilot, services, wall, routine=ROUTINE, *keys: str) -> RunScreen:
    pass_screening(services, wall)
    pilot.app.begin_session(routine)
    await past_the_check_in(pilot, *keys)
    screen = pilot.app.screen
    assert isinstance(screen, RunScreen)
    return screen


async def test_the_screen_shows_now_next_and_the_countdown(services, clock, wall) -> None:
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot, services, wall)
        assert "GET READY" in shown(screen, "#banner")
        assert "Knee-to-chest stretch" in shown(screen, "#banner")
        assert shown(screen, "#clock") == "0:03"
        assert "Next: Knee-to-chest stretch" in shown(screen, "#next")
        await advance(pilot, clock, 1.2)
        assert shown(screen, "#clock") == "0:02"
        await advance(pilot, clock, 1.8)
        assert "HOLD" in shown(screen, "#banner")
        assert "Rep 1 of 2" in shown(screen, "#detail")
        assert "exercise 1/2" in shown(screen, "#detail")
        assert shown(screen, "#clock") == "0:10"
        assert services.players[0].played == [Cue.HOLD]


def bracketed_routine():
    """A routine whose own text looks like Textual markup, as a user may write it."""
    plank = Exercise(
        id="plank",
        name="Plank [knees down]",
        instructions=("Hold [b]still[/b], hips level.", "Stop if [/] it hurts."),
        breathing="Breathe [slowly]",
    )
    steps = (
        Step(exercise=plank, timing=Timing(2, 3, 1, 0, 0, 0)),
        make_step("Bridge [/]", prepare=2, hold=3, reps=1, transition=0),
    )
    return Routine(id="brackets", name="Core [easy] [/i]", steps=steps)


async def test_a_routine_s_own_text_shows_as_written_never_as_markup(services, clock, wall):
    """Brackets in names and instructions are the user's text: shown, never parsed (a stray
    ``[/]`` used to stop the app with a markup error)."""
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot, services, wall, bracketed_routine())
        assert "Core [easy] [/i]" in shown(screen, "#routine-name")
        assert "GET READY · Plank [knees down]" in shown(screen, "#banner")
        instructions = shown(screen, "#instructions")
        assert "1. Hold [b]still[/b], hips level." in instructions
        assert "2. Stop if [/] it hurts." in instructions
        assert "Breathing: Breathe [slowly]" in instructions
        assert "Next: Plank [knees down], hold 3s" in shown(screen, "#next")
        await advance(pilot, clock, 5.0)
        assert "Next: Bridge [/], hold 3s" in shown(screen, "#next")
        for _ in range(12):
            if not isinstance(app.screen, RunScreen):
                break
            await advance(pilot, clock, 1.0)
        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        assert "Core [easy] [/i]" in shown(summary, "#summary-title")
        steps = shown(summary, "#summary-steps")
        assert "Plank [knees down]" in steps and "Bridge [/]" in steps


async def test_each_exercise_s_instructions_are_shown_wrapped_in_its_turn(services, clock, wall):
    """A new exercise shows its own instructions, wrapped to the width."""
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        bridge = Exercise(
            id="bridge",
            name="Bridge",
            instructions=("Lie on your back, knees bent.", "Lift your hips slowly, then lower."),
            breathing="Breathe out as you lift.",
        )
        routine = bracketed_routine()
        routine = Routine(
            id="two", name="Two", steps=(routine.steps[0], Step(bridge, routine.steps[0].timing))
        )
        screen = await start(pilot, services, wall, routine)
        await pilot.pause()
        await advance(pilot, clock, 5.0)  # the plank's prepare and hold are over: the bridge
        assert "exercise 2/2" in shown(screen, "#detail")
        assert shown(screen, "#instructions").splitlines()[:3] == [
            "1. Lie on your back, knees bent.",
            "2. Lift your hips slowly, then lower.",
            "Breathing: Breathe out as you lift.",
        ]


async def test_a_cue_starts_once_the_frame_showing_its_moment_is_out(services, clock, wall):
    """Started before, the player's thread would take the GIL in the middle of the redraw."""
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot, services, wall)
        player = services.players[0]
        happened: list[str] = []
        display, play = app._display, player.play

        def note_frame(*args, **kwargs) -> None:
            happened.append("frame")
            display(*args, **kwargs)

        def note_cue(cue: Cue) -> None:
            happened.append(f"cue {cue.value}")
            play(cue)

        app._display = note_frame  # type: ignore[method-assign]
        player.play = note_cue  # type: ignore[method-assign]
        clock.advance(3.0)  # the hold begins
        screen.tick()
        assert player.played == []
        await pilot.pause()
        assert happened[:2] == ["frame", "cue hold"]
        assert player.played == [Cue.HOLD]


async def test_the_player_is_made_once_drawn_before_the_first_cue(services, clock, wall) -> None:
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot, services, wall)
        await pilot.pause()
        assert len(services.players) == 1 and services.players[0].played == []
        await advance(pilot, clock, 3.0)
        assert services.players[0].played == [Cue.HOLD]
        assert screen.player is services.players[0]  # the same one, not a second


async def test_cues_sound_in_order_through_a_whole_routine(services, clock, wall) -> None:
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot, services, wall)
        for _ in range(60):  # one second at a time to the end
            if not isinstance(app.screen, RunScreen):
                break
            await advance(pilot, clock, 1.0)
        assert isinstance(app.screen, SummaryScreen)
        played = services.players[0].played
        assert played[0] is Cue.HOLD
        assert played.count(Cue.HOLD) == 3
        assert played.count(Cue.REST) == 1
        assert played.count(Cue.COUNTDOWN) == 9
        assert Cue.EXERCISE_END in played
        assert played[-1] is Cue.ROUTINE_END
        assert screen.engine.state.value == "finished"
        text = str(app.screen.query_one("#summary-title", Static).render())
        assert "complete" in text


async def test_pause_freezes_time_and_resume_continues(services, clock, wall) -> None:
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot, services, wall)
        await pilot.press("space")
        assert "PAUSED" in shown(screen, "#banner")
        await advance(pilot, clock, 30)
        assert shown(screen, "#clock") == "0:03"
        await pilot.press("space")
        await advance(pilot, clock, 1.5)
        assert shown(screen, "#clock") == "0:02"


async def test_the_footer_offers_pause_or_resume_and_every_key_fits(services, wall) -> None:
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, services, wall)
        footer = " ".join(str(w.render()) for w in app.screen.query("FooterKey"))
        assert "Pause" in footer and "Resume" not in footer
        keys = {str(key.render()).strip(): key for key in app.screen.query("FooterKey")}
        stop, palette = keys["q Stop"], keys["^p palette"]
        assert stop.region.width >= len(" q Stop ") and stop.region.right <= palette.region.x
        await pilot.press("space")
        await pilot.pause()
        footer = " ".join(str(w.render()) for w in app.screen.query("FooterKey"))
        assert "Resume" in footer and "Pause" not in footer


async def test_pause_and_resume_do_only_what_they_say_from_the_palette_too(services, wall) -> None:
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot, services, wall)

        def offered() -> set[str]:
            titles = {command.title for command in app.get_system_commands(screen)}
            return titles & {"Pause", "Resume", "Mute", "Unmute"}

        assert offered() == {"Pause", "Mute"}
        screen.action_resume()  # running already: stays running, not paused
        assert screen.engine.state is EngineState.RUNNING
        screen.action_pause()
        screen.action_pause()  # paused already: stays paused
        assert screen.engine.state is EngineState.PAUSED
        await pilot.press("m")
        assert offered() == {"Resume", "Unmute"}
        screen.action_resume()
        assert screen.engine.state is EngineState.RUNNING


async def test_skip_and_back(services, clock, wall) -> None:
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot, services, wall)
        await pilot.press("n")
        assert "HOLD" in shown(screen, "#banner")
        await pilot.press("right")
        assert "REST" in shown(screen, "#banner")
        await advance(pilot, clock, 3)
        await pilot.press("p")  # more than 2 s in: back to the start of the rest
        assert "REST" in shown(screen, "#banner")
        assert shown(screen, "#clock") == "0:04"
        await pilot.press("left")  # at the start: back to the hold before
        assert "HOLD" in shown(screen, "#banner")
        assert shown(screen, "#clock") == "0:10"


async def test_mute_silences_this_session_only_and_says_so(services, clock, wall) -> None:
    """m is for now (a call, someone asleep): the next session sounds again, and the settings
    file is not touched; a lasting choice is made in the settings."""
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot, services, wall)
        await advance(pilot, clock, 3)
        said = []
        app.notify = lambda message, **_: said.append(message)  # type: ignore[method-assign]
        await pilot.press("m")
        assert said == ["Sound off for this session"]
        await advance(pilot, clock, 10)
        assert services.players[0].played == [Cue.HOLD]
        keys = " ".join(str(key.render()) for key in app.screen.query("FooterKey"))
        assert "m Unmute" in keys
        assert not app.settings.muted
        await pilot.press("m")
        await pilot.pause()
        assert "m Mute" in " ".join(str(key.render()) for key in app.screen.query("FooterKey"))
        await pilot.press("m")  # muted again: and so the rest of this session
        screen.handle(screen.engine.stop())
        await pilot.pause()
        await start(pilot, services, wall)  # the next session
        await pilot.pause()
        assert services.players[-1] is not services.players[0]
        assert not services.players[-1].muted
        await app.workers.wait_for_complete()
    assert not services.settings_path.exists()


async def test_stop_asks_first(services, clock, wall) -> None:
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot, services, wall)
        await pilot.press("q")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert app.screen is screen
        assert screen.engine.state.value == "running"
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        steps = str(app.screen.query_one("#summary-steps", Static).render())
        assert "not done" in steps  # stopped in the first exercise: none was done
        await app.workers.wait_for_complete()
        await pilot.press("enter")
        assert isinstance(app.screen, HomeScreen)
    entries = recorded_by(services)
    assert entries[-1]["completed"] is False


async def test_this_hurts_stops_at_once_with_the_guides_advice(services, clock, wall) -> None:
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot, services, wall)
        await advance(pilot, clock, 4)
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HurtScreen)
        assert screen.engine.state.value == "stopped"
        text = " ".join(str(w.render()) for w in app.screen.query(Static))
        assert "Avoid any movements that cause pain" in text
        assert "see a doctor" in text.lower()
        assert "emergency" in text


async def test_spoken_cues_say_the_exercise_and_switch_sides(services, clock, wall) -> None:
    routine = make_routine(make_step("Hamstring stretch", hold=5, reps=1, sides=Sides.BOTH))
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        app.update_settings(spoken_cues=True)
        await start(pilot, services, wall, routine)
        for _ in range(20):
            if not isinstance(app.screen, RunScreen):
                break
            await advance(pilot, clock, 1.0)
    said = services.speaker.said
    assert said[0] == "Hamstring stretch"
    assert "Switch sides" in said
    assert said.count("1") == 2


async def test_small_terminal_keeps_the_essentials(services, clock, wall) -> None:
    app = create_app(services)
    async with app.run_test(size=(40, 12)) as pilot:
        screen = await start(pilot, services, wall)
        for selector in ("#banner", "#clock", "#next"):
            widget = screen.query_one(selector)
            assert widget.display and widget.region.height > 0, selector
            assert widget.region.bottom <= 11, selector
        assert not screen.query_one("#instructions").display


def visible_footer(screen: Screen) -> str:
    """The footer's keys as drawn on the screen's last line, left to right (a key cut off at
    the right edge is not drawn whole, so it is not in the text)."""
    width, height = screen.size
    drawn = []
    for x in range(width):
        widget, _ = screen.get_widget_at(x, height - 1)
        if type(widget).__name__ == "FooterKey" and widget not in drawn:
            drawn.append(widget)
    return "  ".join(str(key.render()).strip() for key in drawn if key.region.right <= width)


@pytest.mark.parametrize("size", [(80, 24), (60, 15), (40, 12)])
async def test_the_safety_keys_are_shown_at_every_size(services, wall, size) -> None:
    """The safety keys, "this hurts" and Stop, are the footer's first: at 40 columns it is
    cut after them (Stop was last, and cut)."""
    app = create_app(services)
    async with app.run_test(size=size) as pilot:
        screen = await start(pilot, services, wall)
        assert visible_footer(screen).startswith("h This hurts  q Stop")
        await pilot.press("space")  # paused: Resume is longer than Pause
        await pilot.pause()
        assert visible_footer(screen).startswith("h This hurts  q Stop")


def instruction_lines(screen: Screen) -> list[str]:
    """The instructions' lines as the widget paints them (``shown`` crops its padding)."""
    widget = screen.query_one("#instructions")
    return [widget.render_line(y).text.rstrip() for y in range(widget.content_size.height)]


LONG = Exercise(
    id="long",
    name="Long one",
    instructions=tuple(
        f"Step {n}: {'move slowly and gently, ' * 3}then hold." for n in range(1, 8)
    ),
    breathing="Breathe deeply while stretching; it helps your muscles relax.",
    cautions=("Avoid any movements that cause pain or make your spasms worse.",),
)


def long_routine() -> Routine:
    timing = Timing(prepare=5, hold=20, reps=2, rest=5, switch=0, transition=5)
    return Routine(
        id="long", name="Long", steps=(Step(LONG, timing), make_step("Pelvic tilt", reps=1))
    )


async def test_instructions_that_do_not_fit_say_so_and_page_with_the_keys(services, wall):
    """At 80x24 a long exercise's last steps, breathing cue and caution do not fit: the last
    line says so, and page down / page up move through them."""
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot, services, wall, long_routine())
        lines = instruction_lines(screen)
        assert lines[0].startswith("1. Step 1:")
        assert lines[-1] == "▼ more (pgdn)"
        assert "Breathing:" not in "\n".join(lines)
        await pilot.press("pagedown")
        lines = instruction_lines(screen)
        assert lines[-3:] == [
            "Breathing: Breathe deeply while stretching; it helps your muscles relax.",
            "⚠ Caution: Avoid any movements that cause pain or make your spasms worse.",
            "▲ back to the start (pgup)",
        ]
        assert any(line.startswith("7. Step 7:") for line in lines)
        await pilot.press("pagedown")  # at the end already: stays
        assert instruction_lines(screen) == lines
        await pilot.press("pageup")
        assert instruction_lines(screen)[0].startswith("1. Step 1:")
        await pilot.press("pagedown", "n", "n", "n", "n", "n")  # the next exercise
        assert "Pelvic tilt" in shown(screen, "#banner")
        assert "1. Knee" not in instruction_lines(screen)[0]
        assert not any(line.startswith(("▼", "▲")) for line in instruction_lines(screen))


async def test_the_page_keys_do_nothing_when_the_instructions_are_hidden(services, wall):
    """At 40x12 the instructions are hidden (no width): paging them stopped the app with a
    ValueError from wrapping to a width of 0."""
    app = create_app(services)
    async with app.run_test(size=(40, 12)) as pilot:
        screen = await start(pilot, services, wall, long_routine())
        assert not screen.query_one("#instructions").display
        await pilot.press("pagedown", "pageup", "pagedown")
        assert app.screen is screen and app.is_running
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert instruction_lines(screen)[-1] == "▼ more (pgdn)"


async def test_the_cautions_show_under_the_instructions_as_a_warning(services, wall):
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot, services, wall, routine=load_catalog().find("morning-back"))
        lines = instruction_lines(screen)
        assert "⚠ Caution: Avoid any movements that cause pain or make your spasms worse." in lines
        assert "⚠ Caution: Listen to your body and don't push too hard." in lines
        widget = screen.query_one(Instructions)
        for exercise in load_exercise_library(LIBRARY).values():  # each built-in fits at 80x24
            widget.phase = PhaseView(
                instructions=exercise.instructions,
                breathing=exercise.breathing,
                cautions=exercise.cautions,
            )
            lines = instruction_lines(screen)
            assert not lines[-1].startswith("▼"), exercise.id
            assert any(line.startswith("⚠ Caution:") for line in lines), exercise.id


async def test_a_rest_and_getting_ready_say_which_rep_comes_next(services, clock, wall):
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot, services, wall)
        assert "Rep 1 of 2 next" in shown(screen, "#detail")
        await advance(pilot, clock, 3)
        assert "HOLD" in shown(screen, "#banner")
        assert "Rep 1 of 2 ·" in shown(screen, "#detail") and "next" not in shown(screen, "#detail")
        await advance(pilot, clock, 10)
        assert "REST" in shown(screen, "#banner")
        assert "Rep 2 of 2 next" in shown(screen, "#detail")


async def test_skipping_to_the_end_finishes_with_the_skipped_parts_marked(services, clock, wall):
    """Skipping past the last phase is the end of the routine, not a stop: the summary says
    what was done and what was skipped (it said "Session stopped", every exercise not done)."""
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot, services, wall)
        await advance(pilot, clock, 3 + 10)  # the first hold is done
        while isinstance(app.screen, RunScreen):
            await pilot.press("n")
        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        assert screen.engine.state is EngineState.FINISHED
        assert shown(summary, "#summary-title").splitlines()[0] == (
            "Routine finished, some parts skipped"
        )
        steps = shown(summary, "#summary-steps").splitlines()
        assert steps[0].endswith("◐ 1 of 2 holds, 1 skipped")
        assert steps[1].endswith("» skipped")
        await app.workers.wait_for_complete()
    entry = recorded_by(services)[-1]
    assert entry["completed"] is False and entry["holds_done"] == 1


# --- started with a routine (``stretchtimer run ROUTINE``) -----------------------------------


def built(app, kind: type[Screen]) -> int:
    """How many screens of ``kind`` the app's stack holds."""
    return sum(isinstance(screen, kind) for screen in app.screen_stack)


async def test_run_routine_builds_only_the_screen_shown_then_home(services, clock, wall) -> None:
    pass_screening(services, wall)
    app = create_app(services, routine=ROUTINE)
    async with app.run_test(size=(80, 24)) as pilot:
        await past_the_check_in(pilot)
        assert isinstance(app.screen, RunScreen)
        assert not built(app, HomeScreen)  # home is not built under it
        for _ in range(60):
            if not isinstance(app.screen, RunScreen):
                break
            await advance(pilot, clock, 1.0)
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert built(app, HomeScreen) == 1


async def test_run_routine_refused_at_the_screening_goes_home(services) -> None:
    from stretchtimer.app.screens.screening import ScreeningScreen

    app = create_app(services, routine=ROUTINE)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ScreeningScreen)
        assert not built(app, HomeScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("enter")  # and a routine can be started from there, gated again
        await pilot.pause()
        assert isinstance(app.screen, ScreeningScreen)


async def test_run_routine_passed_at_the_screening_runs_then_goes_home(services, clock) -> None:
    from stretchtimer.app.screens.screening import ScreeningScreen

    app = create_app(services, routine=ROUTINE)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ScreeningScreen)
        for _ in app.screen.text.questions:
            await pilot.press("n")
        await pilot.click("#start")
        await past_the_check_in(pilot)
        assert isinstance(app.screen, RunScreen)
        assert not built(app, HomeScreen)  # not built under the run as the screening closed
        await pilot.press("q", "y")  # stop, and confirm
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert built(app, HomeScreen) == 1


async def test_a_wake_up_already_due_still_ticks(services, clock, wall, monkeypatch) -> None:
    """A deadline reached while the next wake-up is set (a delay of nothing) still wakes it.

    Textual's one-shot timer fell to a division by zero for a delay of 0 and never fired:
    the session stalled for good.
    """
    app = create_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot, services, wall)
        woken: list[float] = []
        monkeypatch.setattr(screen, "tick", lambda: woken.append(clock.now()))
        monkeypatch.setattr(screen.engine, "next_wakeup", lambda: clock.now() - 0.001)
        for _ in range(3):
            screen._schedule()
            await pilot.pause(0.02)
        assert len(woken) == 3


@pytest.mark.parametrize("size", [(80, 24), (40, 12)])
async def test_an_error_at_a_wake_up_ends_the_app_and_keeps_the_session(
    services, clock, wall, monkeypatch, size
) -> None:
    """An error in the session's wake-up is Textual's to handle, as one in a handler is: the
    app ends with it (status 1) and the phases done are kept as interrupted.

    The wake-up runs from asyncio's ``call_later``, whose loop logged the error where no one
    saw it (Textual captures the terminal) and went on: the session stopped for good.
    """
    app = create_app(services)
    with pytest.raises(RuntimeError, match="the engine broke"):
        async with app.run_test(size=size) as pilot:
            screen = await start(pilot, services, wall)
            await advance(pilot, clock, 4.0)  # the prepare phase done, into the first hold

            def broken() -> list:
                raise RuntimeError("the engine broke")

            monkeypatch.setattr(screen.engine, "poll", broken)
            monkeypatch.setattr(screen.engine, "next_wakeup", lambda: clock.now())
            screen._schedule()
            await pilot.pause(0.05)
            await pilot.pause(0.05)
    assert app.return_code == 1
    assert recorded_by(services)[-1]["ended"] == "interrupted"


def test_the_summary_says_done_partly_done_skipped_or_not_done() -> None:
    summary = SessionSummary(
        "r",
        "R",
        (
            StepResult(0, "Bridge", 3, 3, skipped=False),
            StepResult(1, "Plank", 1, 3, skipped=True),
            StepResult(2, "Cat-cow", 0, 3, skipped=True),  # never reached
            StepResult(3, "Cat-camel", 0, 2, skipped=True, holds_skipped=2),
            StepResult(4, "Plank", 1, 3, skipped=True, holds_skipped=1),
        ),
        active_seconds=60.0,
        completed=False,
        started_at=0.0,
        ended_at=60.0,
    )
    lines = summary_lines(summary)
    assert lines[0] == "Bridge     ✓ done"  # the marks in a column after the longest name
    assert [line.split(maxsplit=1)[1].strip() for line in lines] == [
        "✓ done",
        "◐ 1 of 3 holds",
        "– not done",
        "» skipped",
        "◐ 1 of 3 holds, 1 skipped",
    ]


EASIER_ROUTINE = make_routine(
    Step(
        Exercise("knee-to-chest", "Knee-to-chest stretch"),
        Timing(3, 30, 3, 4, 2, 2),
        Sides.NONE,
        easier=Step(Exercise("pelvic-tilt", "Pelvic tilt"), Timing(3, 10, 1, 4, 2, 2)),
    ),
    make_step("Cat-cow stretch", prepare=2, hold=30, reps=3, transition=0),
    name="Bad day",
)


@pytest.mark.parametrize("size", [(80, 24), (40, 12)])
async def test_easier_today_from_the_run_screen_runs_the_variants(services, clock, wall, size):
    app = create_app(services)
    async with app.run_test(size=size) as pilot:
        screen = await start(pilot, services, wall, EASIER_ROUTINE)
        await pilot.press("e")
        await pilot.pause()
        assert str(screen.query_one("#routine-name", Static).render()) == "Bad day (easier today)"
        await advance(pilot, clock, 3)
        assert "Pelvic tilt" in shown(screen, "#detail") + shown(screen, "#banner")
        await pilot.press("e")  # once is enough: it stays the easier version
        await advance(pilot, clock, 10 + 2 + 2)  # the variant's hold, the next step's prepare
        assert screen.engine.phase.exercise.name == "Cat-cow stretch"
        assert screen.engine.phase.reps == 2  # no variant: a rep fewer, two thirds of 30 s
        assert screen.engine.phase.duration == 20
        for _ in range(60):  # one second at a time to the end
            if not isinstance(app.screen, RunScreen):
                break
            await advance(pilot, clock, 1.0)
        assert isinstance(app.screen, SummaryScreen), (screen.engine.state, screen.engine.phase)
        assert "Bad day (the easier version)" in shown(app.screen, "#summary-title")
    (session,) = open_store(services.history_db_path).store.sessions()  # type: ignore[union-attr]
    assert session.easier is True and session.ended == "completed"


async def test_E_on_home_starts_the_easier_version(services, wall) -> None:
    app = create_app(services)
    pass_screening(services, wall)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("E")
        await past_the_check_in(pilot)
        screen = app.screen
        assert isinstance(screen, RunScreen) and screen.timeline.routine.easier
        assert str(screen.query_one("#routine-name", Static).render()).endswith("(easier today)")


async def test_a_hold_on_a_short_terminal_leaves_the_event_loop_idle(services, wall) -> None:
    """At 60x15 the instructions are hidden: nothing may ask the event loop again and again
    while a hold waits for its next second (a busy loop once did, unseen at 100x30)."""
    app = create_app(services)
    async with app.run_test(size=(60, 15)) as pilot:
        await start(pilot, services, wall)
        await pilot.pause()
        loop = asyncio.get_running_loop()
        call_soon = loop.call_soon
        turns: list[object] = []

        def counting_call_soon(callback, *args, **kwargs):  # type: ignore[no-untyped-def]
            turns.append(callback)
            return call_soon(callback, *args, **kwargs)

        loop.call_soon = counting_call_soon  # type: ignore[method-assign]
        try:
            await asyncio.sleep(0.1)  # the fake clock stands still: nothing is due
        finally:
            del loop.call_soon
        assert len(turns) < 20, turns[:5]
