"""The command tunes the interpreter once, before the app is made."""

from __future__ import annotations

import subprocess
import sys

import pytest

import stretchtimer.app.app as app_module
from stretchtimer import cli


def test_the_app_runs_in_a_tuned_process(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    class RecordingApp:
        def run(self) -> None:
            calls.append("run")

    monkeypatch.setattr(app_module, "prepare_process", lambda: calls.append("prepare"))
    monkeypatch.setattr(app_module, "create_app", lambda *args, **kwargs: RecordingApp())
    assert cli.main([]) == 0
    assert calls == ["prepare", "run"]


def test_prepare_process_freezes_the_gc_and_shortens_the_switch_interval() -> None:
    code = (
        "import gc, sys\n"
        "from stretchtimer.app.app import prepare_process\n"
        "prepare_process()\n"
        "print(gc.get_freeze_count() > 0, sys.getswitchinterval())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "0.001"]
