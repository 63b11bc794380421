"""The sound player process: simpleaudio plays apart from the app, so that its crash (a
segmentation fault) ends only the player, which starts again at the next cue.

The crashes are real: a stand-in ``simpleaudio`` (put first on the player's ``PYTHONPATH``)
records each sound it is given and, when told to, kills its own process with SIGSEGV in the
middle of one; and the real simpleaudio's player is killed with ``os.kill`` while the sound
goes to ALSA's capture device.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from stretchtimer.adapters import audio
from stretchtimer.adapters.audio import ContainedBackend, QueuedPlayer
from stretchtimer.core.cues import Cue
from stretchtimer.paths import sounds_dir
from tests.adapters.test_audio import (
    SEQUENCE,
    FakeBackend,
    assert_sound,
    capture,
    frames,
    need,
    simpleaudio_importable,
)
from tests.support import REPO
from tests.support.cli_helpers import QUICK, env_for

# A stand-in for simpleaudio: each sound's cue-sized length goes into $FAKE_SA_LOG; a file
# $FAKE_SA_LOG.crash makes the next sound kill the process with SIGSEGV (and is used up, unless
# it says "always"); libasound-like chatter goes to standard error.
FAKE_SIMPLEAUDIO = """
import os, signal, sys

class PlayObject:
    def wait_done(self):
        pass

    def stop(self):
        pass

def play_buffer(frames, channels, width, rate):
    log = os.environ["FAKE_SA_LOG"]
    crash = log + ".crash"
    if os.path.exists(crash):
        with open(crash) as f:
            always = f.read() == "always"
        if not always:
            os.remove(crash)
        sys.stderr.write("ALSA lib pcm.c:2664:(snd_pcm_open_noupdate) Unknown PCM default\\n")
        sys.stderr.flush()
        os.kill(os.getpid(), signal.SIGSEGV)
    with open(log, "a") as f:
        f.write(f"{len(frames)}\\n")
    return PlayObject()
"""


@pytest.fixture
def fake_simpleaudio(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The stand-in simpleaudio for every player process started; returns its log's path."""
    package = tmp_path / "fake" / "simpleaudio"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(FAKE_SIMPLEAUDIO)
    log = tmp_path / "played.log"
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(package.parent), str(REPO)]))
    monkeypatch.setenv("FAKE_SA_LOG", str(log))
    return log


def played(log: Path) -> list[int]:
    """The length of each sound the stand-in was given, in order."""
    return [int(line) for line in log.read_text().split()] if log.exists() else []


def crash_next(log: Path, *, always: bool = False) -> None:
    Path(f"{log}.crash").write_text("always" if always else "once")


def lengths(*cues: Cue) -> list[int]:
    return [len(frames(cue)) for cue in cues]


def contained(**options: object) -> tuple[QueuedPlayer, ContainedBackend]:
    backend = ContainedBackend()
    cues = QueuedPlayer([backend], sounds_dir(), max_delay=60.0, **options)  # type: ignore[arg-type]
    return cues, backend


def test_a_crash_while_playing_loses_that_cue_only(fake_simpleaudio, audio_log) -> None:
    notices: list[str] = []
    cues, backend = contained(on_notice=notices.append)
    cues.play(Cue.HOLD)
    assert cues.wait_idle(20.0)
    first = backend.pid
    crash_next(fake_simpleaudio)
    for cue in (Cue.REST, Cue.SWITCH, Cue.HOLD):
        cues.play(cue)
    assert cues.wait_idle(20.0)
    assert played(fake_simpleaudio) == lengths(Cue.HOLD, Cue.SWITCH, Cue.HOLD)
    assert backend.pid not in (None, first)  # a new player
    assert cues.name == "simpleaudio" and notices == []  # nothing to tell the person
    said = audio_log.text
    assert "sound player killed by SIGSEGV; a new one starts" in said
    assert "ALSA lib" in said  # its standard error, in the log
    cues.close()
    assert backend.pid is None


def test_a_player_that_keeps_crashing_gives_way_to_the_next_backend(fake_simpleaudio) -> None:
    notices: list[str] = []
    bell = FakeBackend("bell")
    backend = ContainedBackend()
    cues = QueuedPlayer([backend, bell], sounds_dir(), max_delay=60.0, on_notice=notices.append)  # type: ignore[list-item]
    crash_next(fake_simpleaudio, always=True)
    for cue in (Cue.HOLD, Cue.REST, Cue.SWITCH, Cue.HOLD):
        cues.play(cue)
    assert cues.wait_idle(30.0)
    assert played(fake_simpleaudio) == []
    assert [clip.cue for clip in bell.played] == [Cue.SWITCH, Cue.HOLD]  # after 3 crashes
    assert cues.name == "bell"
    assert notices == ["No sound device found: cues will use the terminal bell."]
    cues.close()


def test_a_player_killed_between_cues_is_started_again(fake_simpleaudio) -> None:
    cues, backend = contained()
    cues.play(Cue.HOLD)
    assert cues.wait_idle(20.0)
    os.kill(backend.pid, signal.SIGSEGV)  # type: ignore[arg-type]
    cues.play(Cue.REST)
    assert cues.wait_idle(20.0)
    assert played(fake_simpleaudio) == lengths(Cue.HOLD, Cue.REST)
    cues.close()


def test_a_plain_session_goes_on_when_the_player_crashes(fake_simpleaudio, tmp_path) -> None:
    """The whole command: simpleaudio's player dies at the second sound, the session runs
    to its end, the later cues are played, and nothing of the crash reaches the terminal."""
    crash_next(fake_simpleaudio)  # the first sound's player dies
    env = env_for(tmp_path / "home")
    env.update(STRETCHTIMER_AUDIO="simpleaudio")
    answers = "n\n" * 20
    result = subprocess.run(
        [sys.executable, "-m", "stretchtimer", "run", str(QUICK), "--plain"],
        input=answers,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "Complete: " in result.stdout
    assert "ALSA lib" not in result.stderr + result.stdout
    assert "Segmentation" not in result.stderr
    assert len(played(fake_simpleaudio)) >= 5  # every later cue (some dropped if late)
    log = (tmp_path / "home" / "state" / "stretchtimer" / "stretchtimer.log").read_text()
    assert "sound player killed by SIGSEGV" in log


@pytest.mark.audio
def test_the_real_player_killed_mid_session_and_the_next_cue_still_plays(tmp_path) -> None:
    need(simpleaudio_importable(), "simpleaudio")
    code = """
import os, signal, sys, time
from stretchtimer.adapters.audio import make_player
from stretchtimer.core.cues import Cue
notices = []
player = make_player(prefer="simpleaudio", on_notice=notices.append)
player.max_delay = 60.0
cues = [Cue(cue) for cue in sys.argv[1:]]
for n, cue in enumerate(cues):
    player.play(cue)
    assert player.wait_idle(30.0)
    if n % 2 == 0:
        pid = player._backends[0].pid
        os.kill(pid, signal.SIGSEGV)
        time.sleep(0.05)
assert player.name == "simpleaudio" and not notices, (player.name, notices)
player.close()
"""
    sounds = capture(tmp_path, code, *SEQUENCE)
    assert len(sounds) == len(SEQUENCE)
    for cue, sound in zip(SEQUENCE, sounds, strict=True):
        assert_sound(sound, frames(cue))


def test_the_player_runs_in_a_process_of_its_own(monkeypatch) -> None:
    monkeypatch.setattr(audio, "_has_simpleaudio", lambda: True)
    backends = audio._backends(None, "simpleaudio")
    assert isinstance(backends[0], ContainedBackend)
    assert backends[0].name == "simpleaudio"


def test_a_player_that_hangs_gives_way_to_the_next_backend() -> None:
    """A device gone in the middle of a sound can leave the player waiting for ever."""
    hangs = "import sys, time\nprint('ready', flush=True)\nsys.stdin.readline()\ntime.sleep(60)"
    backend = ContainedBackend([sys.executable, "-c", hangs], grace=0.3)
    bell = FakeBackend("bell")
    notices: list[str] = []
    cues = QueuedPlayer([backend, bell], sounds_dir(), max_delay=60.0, on_notice=notices.append)  # type: ignore[list-item]
    cues.play(Cue.HOLD)
    assert cues.wait_idle(10.0)
    assert cues.name == "bell" and [clip.cue for clip in bell.played] == [Cue.HOLD]
    assert backend.pid is None  # the hung player was ended
    assert notices == ["No sound device found: cues will use the terminal bell."]
    cues.close()
