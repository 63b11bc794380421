"""The sound device missing, busy or gone in the middle of a session: the session goes on with
the next backend or silently and says so once (a notice, a line in plain mode, a log line);
a device that comes back is used again at the next session. Injected failing backends, and
real ALSA devices (one that points nowhere; one whose file goes away mid-session)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from stretchtimer.adapters import audio
from stretchtimer.adapters.audio import make_player
from stretchtimer.core.cues import Cue
from tests.adapters.test_audio import (
    FakeBackend,
    need,
    player,
    run_with_alsa,
    simpleaudio_importable,
)
from tests.support.cli_helpers import QUESTIONS, QUICK, env_for

GONE_BELL = "The sound device stopped working: cues will use the terminal bell."


def test_a_device_gone_mid_session_is_said_once_and_the_bell_takes_over(audio_log) -> None:
    notices: list[str] = []
    device = FakeBackend("simpleaudio")
    aplay, bell = FakeBackend("aplay", fail=True), FakeBackend("bell")
    cues = player(device, aplay, bell, on_notice=notices.append)
    cues.play(Cue.HOLD)
    assert cues.wait_idle(5.0)
    device.fail = True  # unplugged
    for cue in (Cue.REST, Cue.SWITCH, Cue.HOLD):
        cues.play(cue)
    assert cues.wait_idle(5.0)
    assert [clip.cue for clip in device.played] == [Cue.HOLD]
    assert [clip.cue for clip in bell.played] == [Cue.REST, Cue.SWITCH, Cue.HOLD]  # none lost
    assert notices == [GONE_BELL]
    assert "simpleaudio could not play (no device)" in audio_log.text
    assert f"sound: {GONE_BELL}" in audio_log.text
    cues.close()


def test_a_device_that_comes_back_is_used_at_the_next_session(monkeypatch) -> None:
    plugged = [False]
    made: list[FakeBackend] = []

    def backends(bell, start) -> list[FakeBackend]:
        made[:] = [FakeBackend("simpleaudio", fail=not plugged[0]), FakeBackend("bell")]
        return made[:]

    monkeypatch.setattr(audio, "_backends", backends)
    monkeypatch.delenv("STRETCHTIMER_AUDIO")
    notices: list[str] = []
    first = make_player(bell=lambda: None, on_notice=notices.append)
    first.play(Cue.HOLD)
    assert first.wait_idle(5.0)  # type: ignore[attr-defined]
    assert first.name == "bell"
    assert notices == ["No sound device found: cues will use the terminal bell."]
    first.close()
    plugged[0] = True
    second = make_player(bell=lambda: None, on_notice=notices.append)
    second.play(Cue.HOLD)
    assert second.wait_idle(5.0)  # type: ignore[attr-defined]
    assert second.name == "simpleaudio"
    assert [clip.cue for clip in made[0].played] == [Cue.HOLD]
    assert len(notices) == 1  # nothing more to say
    second.close()


@pytest.mark.audio
def test_a_real_device_that_goes_and_comes_back(tmp_path: Path) -> None:
    need(simpleaudio_importable() and bool(shutil.which("aplay")), "simpleaudio and aplay")
    device = tmp_path / "device"
    device.mkdir()
    pcm = (
        'pcm.!default {\n  type file\n  slave.pcm "null"\n'
        f'  file "{device}/play"\n  format "raw"\n  truncate false\n}}\n'
    )
    code = """
import os, shutil, sys
from stretchtimer.adapters.audio import make_player
from stretchtimer.core.cues import Cue
device = sys.argv[1]
def player():
    made = make_player(prefer="simpleaudio", bell=lambda: print("BELL"), on_notice=print)
    made.max_delay = 60.0
    return made
def play(cues, *sounds):
    for cue in sounds:
        cues.play(cue)
    assert cues.wait_idle(30.0)
first = player()
play(first, Cue.HOLD)
print(first.name, len(os.listdir(device)))
shutil.rmtree(device)  # gone in the middle of the session
play(first, Cue.REST, Cue.SWITCH)
print(first.name)
first.close()
os.mkdir(device)  # back before the next session
second = player()
play(second, Cue.HOLD)
print(second.name, len(os.listdir(device)))
second.close()
"""
    result = run_with_alsa(tmp_path, pcm, code, str(device))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "simpleaudio 1",
        "BELL",
        GONE_BELL,
        "BELL",
        "bell",
        "simpleaudio 1",
    ]
    assert "ALSA lib" not in result.stderr


@pytest.mark.audio
def test_plain_mode_without_a_device_says_so_in_one_line_and_the_log(tmp_path: Path) -> None:
    need(simpleaudio_importable(), "simpleaudio")
    home = tmp_path / "home"
    conf = tmp_path / "asound.conf"
    conf.write_text('pcm.!default { type hw card "nosuchcard" }\n')
    env = env_for(home)
    env.update(
        STRETCHTIMER_AUDIO="simpleaudio",
        ALSA_CONFIG_PATH=f"/usr/share/alsa/alsa.conf:{conf}",
        PULSE_SERVER="unix:/nonexistent",
    )
    result = subprocess.run(
        [sys.executable, "-m", "stretchtimer", "run", str(QUICK), "--plain"],
        input="n\n" * QUESTIONS,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    said = [line for line in result.stdout.splitlines() if "sound device" in line]
    assert said == ["No sound device found: cues will be silent."]
    assert "Complete: 4 of 4 holds" in result.stdout
    assert "ALSA lib" not in result.stderr + result.stdout
    log = (home / "state" / "stretchtimer" / "stretchtimer.log").read_text()
    assert "sound: No sound device found: cues will be silent." in log
