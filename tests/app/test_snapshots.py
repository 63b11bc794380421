"""Snapshots of the key screens (pytest-textual-snapshot); update with --snapshot-update."""

from __future__ import annotations

import pytest

from stretchtimer.app.app import create_app
from tests.app.test_app_reminders import later, started
from tests.app.test_app_run import pass_screening, past_the_check_in
from tests.support.cli_helpers import QUESTIONS


@pytest.fixture(autouse=True)
def paris(monkeypatch) -> None:
    """The reminders' zone (the local one) as the fake wall clock's, on every machine."""
    monkeypatch.setenv("TZ", "Europe/Paris")


def run_screen_at_a_hold(services, clock, wall):
    async def run_before(pilot) -> None:
        pass_screening(services, wall)
        app = pilot.app
        app.begin_session(app.catalog.find("morning-back"))
        await past_the_check_in(pilot)
        clock.advance(12.4)  # 5 s to get ready, then 7.4 s into the first 30 s hold
        app.screen.tick()
        await pilot.pause()

    return run_before


def test_run_screen_80x24(snap_compare, services, clock, wall) -> None:
    app = create_app(services)
    assert snap_compare(
        app, terminal_size=(80, 24), run_before=run_screen_at_a_hold(services, clock, wall)
    )


def test_run_screen_40x12(snap_compare, services, clock, wall) -> None:
    app = create_app(services)
    assert snap_compare(
        app, terminal_size=(40, 12), run_before=run_screen_at_a_hold(services, clock, wall)
    )


def test_run_screen_light_theme(snap_compare, services, clock, wall) -> None:
    services.settings_path.parent.mkdir(parents=True)
    services.settings_path.write_text("theme: textual-light\n")
    app = create_app(services)
    assert snap_compare(
        app, terminal_size=(80, 24), run_before=run_screen_at_a_hold(services, clock, wall)
    )


def test_home_screen(snap_compare, services) -> None:
    assert snap_compare(create_app(services), terminal_size=(80, 24), run_before=started)


def test_home_screen_40x12(snap_compare, services, clock, wall) -> None:
    async def run_before(pilot) -> None:
        await started(pilot)
        await later(pilot, services, clock, 47)  # 09:17, the first walk at 10:00

    assert snap_compare(create_app(services), terminal_size=(40, 12), run_before=run_before)


@pytest.mark.parametrize("size", [(80, 24), (40, 12)])
def test_reminder_alert(snap_compare, services, clock, wall, size) -> None:
    async def run_before(pilot) -> None:
        await started(pilot)
        await later(pilot, services, clock, 90)  # 10:00: the first walk is due

    assert snap_compare(create_app(services), terminal_size=size, run_before=run_before)


def test_screening_screen_see_a_doctor(snap_compare, services) -> None:
    async def run_before(pilot) -> None:
        pilot.app.begin_session(pilot.app.catalog.find("spasm-relief"))
        await pilot.pause()
        await pilot.press("y", *"n" * (QUESTIONS - 1))

    assert snap_compare(create_app(services), terminal_size=(80, 24), run_before=run_before)


def test_screening_screen_see_a_doctor_40x12(snap_compare, services) -> None:
    """The clearance and Back one above the other, both labelled, Back focused."""

    async def run_before(pilot) -> None:
        pilot.app.begin_session(pilot.app.catalog.find("spasm-relief"))
        await pilot.pause()
        screen = pilot.app.screen
        for number, qid in enumerate(screen.screening.answers):
            for _ in range(3):  # at 40x12 a key may first bring the question into view
                await pilot.press("y" if number == 0 else "n")
                await pilot.pause()
                if screen.screening.answers[qid] is not None:
                    break
        await pilot.pause()

    assert snap_compare(create_app(services), terminal_size=(40, 12), run_before=run_before)


def test_screening_screen_emergency(snap_compare, services) -> None:
    async def run_before(pilot) -> None:
        pilot.app.begin_session(pilot.app.catalog.find("spasm-relief"))
        await pilot.pause()
        await pilot.press("n", "n", "y")

    assert snap_compare(create_app(services), terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("size", [(80, 24), (40, 12)])
def test_screening_screen_emergency_from_a_new_sign(snap_compare, services, size) -> None:
    """Saddle numbness (a sign of cauda equina the guide leaves out) is an emergency."""

    async def run_before(pilot) -> None:
        pilot.app.begin_session(pilot.app.catalog.find("spasm-relief"))
        await pilot.pause()
        screen = pilot.app.screen
        for qid in ("severe-pain", "numbness-weakness", "bowel-bladder", "saddle-numbness"):
            for _ in range(3):  # at 40x12 a key may first bring the question into view
                await pilot.press("y" if qid == "saddle-numbness" else "n")
                await pilot.pause()
                if screen.screening.answers[qid] is not None:
                    break

    assert snap_compare(create_app(services), terminal_size=size, run_before=run_before)


def test_settings_screen_80x24(snap_compare, services) -> None:
    assert snap_compare(create_app(services), terminal_size=(80, 24), press=["comma"])


def test_settings_screen_40x12(snap_compare, services) -> None:
    assert snap_compare(create_app(services), terminal_size=(40, 12), press=["comma"])


@pytest.mark.parametrize("size", [(80, 24), (40, 12)])
@pytest.mark.parametrize("view", ["cleared-sign", "remembered-list"])
def test_screening_screen_a_days_short_screening(snap_compare, services, wall, size, view) -> None:
    """The questions about the past remembered (listed after the questions, r to review), a
    doctor's clearance beside the sign it cleared."""
    from tests.app.test_app_screening_remembered import kept_yesterday

    kept_yesterday(services, wall, yes={"numbness-weakness"}, cleared=True)

    async def run_before(pilot) -> None:
        pilot.app.begin_session(pilot.app.catalog.find("spasm-relief"))
        await pilot.pause()
        screen = pilot.app.screen
        if view == "cleared-sign":
            screen.query_one("#q-numbness-weakness").focus()
        else:
            screen.query_one("#remembered").scroll_visible(top=True, animate=False)
        await pilot.pause()

    assert snap_compare(create_app(services), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", [(80, 24), (40, 12)])
def test_screening_screen_reviewing(snap_compare, services, wall, size) -> None:
    from tests.app.test_app_screening_remembered import kept_yesterday

    kept_yesterday(services, wall)

    async def run_before(pilot) -> None:
        pilot.app.begin_session(pilot.app.catalog.find("spasm-relief"))
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        pilot.app.screen.query_one("#remembered").scroll_visible(top=True, animate=False)
        await pilot.pause()

    assert snap_compare(create_app(services), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", [(80, 24), (40, 12)])
def test_reminders_screen(snap_compare, services, size) -> None:
    async def run_before(pilot) -> None:
        await started(pilot)
        await pilot.press("w")
        await pilot.pause()
        pilot.app.screen.query_one("#r0-every").focus()  # a wrong interval: its problem shown
        await pilot.press("end", "backspace", "backspace", "0")
        await pilot.pause()

    assert snap_compare(create_app(services), terminal_size=size, run_before=run_before)


def at_the_check_in(services, wall):
    async def run_before(pilot) -> None:
        pass_screening(services, wall)
        pilot.app.begin_session(pilot.app.catalog.find("morning-back"))
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", [(80, 24), (40, 12)])
def test_pain_check_in_before_a_session(snap_compare, services, wall, size) -> None:
    app = create_app(services)
    assert snap_compare(app, terminal_size=size, run_before=at_the_check_in(services, wall))


def tiny_session(pilot, services, wall):
    from tests.app.test_app_run import ROUTINE, start

    return start(pilot, services, wall, ROUTINE, "2")


def test_summary_with_the_advice_when_pain_is_worse(snap_compare, services, clock, wall):
    """At 80x24 (at 40x12 the scroll bar's thumb was drawn one of two ways: flaky)."""

    async def run_before(pilot) -> None:
        await to_the_summary(pilot, services, clock, wall)
        await pilot.press("9")
        await pilot.pause()

    assert snap_compare(create_app(services), terminal_size=(80, 24), run_before=run_before)


def test_summary_asking_the_pain_after_40x12(snap_compare, services, clock, wall) -> None:
    async def run_before(pilot) -> None:
        await to_the_summary(pilot, services, clock, wall)

    assert snap_compare(create_app(services), terminal_size=(40, 12), run_before=run_before)


async def to_the_summary(pilot, services, clock, wall) -> None:
    await tiny_session(pilot, services, wall)
    clock.advance(100)  # the whole routine
    pilot.app.screen.tick()
    await pilot.pause()


@pytest.mark.parametrize("size", [(80, 24), (40, 12)])
def test_this_hurts_question(snap_compare, services, clock, wall, size) -> None:
    async def run_before(pilot) -> None:
        await tiny_session(pilot, services, wall)
        await pilot.press("h")
        await pilot.pause()

    assert snap_compare(create_app(services), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", [(80, 24), (40, 12)])
def test_this_hurts_in_one_leg(snap_compare, services, clock, wall, size) -> None:
    async def run_before(pilot) -> None:
        await tiny_session(pilot, services, wall)
        await pilot.press("h")
        await pilot.pause()
        await pilot.press("6", "l")
        await pilot.pause()

    assert snap_compare(create_app(services), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", [(80, 24), (40, 12)])
def test_this_hurts_with_an_emergency_sign(snap_compare, services, clock, wall, size) -> None:
    async def run_before(pilot) -> None:
        await tiny_session(pilot, services, wall)
        await pilot.press("h")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        await pilot.pause()

    assert snap_compare(create_app(services), terminal_size=size, run_before=run_before)
