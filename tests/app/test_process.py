"""The command tunes the interpreter once, before the app is made."""

from __future__ import annotations

import gc
import subprocess
import sys

import pytest

import stretchtimer.app.app as app_module
from stretchtimer import cli
from stretchtimer.app.app import create_app


def test_the_app_runs_in_a_tuned_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tuned before the app is made; the collector off from before the command's imports
    (the app turns it on once drawn: the next test)."""
    calls: list[tuple[str, bool]] = []

    class RecordingApp:
        return_code = 0

        def run(self) -> None:
            calls.append(("run", gc.isenabled()))

    def prepare() -> None:
        calls.append(("prepare", gc.isenabled()))

    monkeypatch.setattr(app_module, "prepare_process", prepare)
    monkeypatch.setattr(app_module, "create_app", lambda *args, **kwargs: RecordingApp())
    try:
        assert cli.main([]) == 0
    finally:
        gc.enable()
    assert calls == [("prepare", False), ("run", False)]


async def test_an_app_made_with_the_collector_off_turns_it_on_once_drawn(services) -> None:
    drawn: list[bool] = []  # whether the collector ran, at each frame
    gc.disable()
    try:
        app = create_app(services)
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


async def test_an_app_made_with_the_collector_on_leaves_it_alone(services) -> None:
    """Turned off by someone else after the app was made (a run screen's hold, a test): the
    app's first frame must not turn it on."""
    app = create_app(services)
    gc.disable()
    try:
        async with app.run_test() as pilot:
            await pilot.pause()
            assert not gc.isenabled()
    finally:
        gc.enable()


def test_prepare_process_freezes_the_gc_and_shortens_the_switch_interval() -> None:
    code = (
        "import gc, sys\n"
        "from stretchtimer.app.app import prepare_process\n"
        "prepare_process()\n"
        "print(gc.get_freeze_count() > 0, sys.getswitchinterval())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "0.001"]
