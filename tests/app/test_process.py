"""The interpreter tuning (stretchtimer.tuning): applied by the command, one switch turns it off."""

from __future__ import annotations

import gc
import subprocess
import sys

import pytest

import stretchtimer.app.app as app_module
from stretchtimer import cli, tuning
from stretchtimer.app.app import create_app


def run_command(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, bool]]:
    """Run ``stretchtimer`` with a recording app: whether the collector ran at each step."""
    calls: list[tuple[str, bool]] = []

    class RecordingApp:
        return_code = 0

        def __init__(self, when_drawn) -> None:  # type: ignore[no-untyped-def]
            calls.append(("made", gc.isenabled()))
            self.when_drawn = when_drawn

        def run(self) -> None:
            calls.append(("run", gc.isenabled()))
            self.when_drawn()  # the first frame is out
            calls.append(("drawn", gc.isenabled()))

    monkeypatch.setattr(
        app_module, "create_app", lambda *args, when_drawn, **kwargs: RecordingApp(when_drawn)
    )
    try:
        assert cli.main([]) == 0
    finally:
        gc.enable()
        gc.unfreeze()
    return calls


def test_the_collector_is_off_from_the_imports_to_the_first_frame(monkeypatch) -> None:
    monkeypatch.delenv(tuning.SWITCH, raising=False)
    assert run_command(monkeypatch) == [("made", False), ("run", False), ("drawn", True)]


def test_the_switch_turns_the_tuning_off(monkeypatch) -> None:
    monkeypatch.setenv(tuning.SWITCH, "1")
    assert run_command(monkeypatch) == [("made", True), ("run", True), ("drawn", True)]


@pytest.mark.parametrize(("value", "tuned"), [("", True), ("0", True), ("1", False)])
def test_the_switch_s_values(value: str, tuned: bool) -> None:
    assert tuning.enabled({tuning.SWITCH: value}) is tuned
    assert tuning.enabled({}) is True


def test_the_tuned_command_freezes_what_is_loaded_and_the_switch_does_not() -> None:
    code = (
        "import gc\n"
        "from stretchtimer import tuning\n"
        "tuning.before_run()\n"
        "print(gc.get_freeze_count() > 0)\n"
    )
    for environ, frozen in (({}, "True"), ({tuning.SWITCH: "1"}, "False")):
        out = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={"PATH": "/usr/bin:/bin", **environ},
        )
        assert out.stdout.split() == [frozen]


async def test_an_app_turns_the_collector_on_once_its_first_frame_is_out(services) -> None:
    drawn: list[bool] = []  # whether the collector ran, at each frame
    gc.disable()
    try:
        app = create_app(services, when_drawn=gc.enable)
        display = app._display

        def recording_display(screen, renderable) -> None:  # type: ignore[no-untyped-def]
            drawn.append(gc.isenabled())
            display(screen, renderable)

        app._display = recording_display  # type: ignore[method-assign]
        async with app.run_test() as pilot:
            await pilot.pause()
            assert gc.isenabled()
    finally:
        gc.enable()
    assert drawn[0] is False  # the first frame made with the collector off
