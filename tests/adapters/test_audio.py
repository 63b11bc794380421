"""Audio cues and speech: unit tests with fake backends, then real sound captured from ALSA."""

from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
import sys
import threading
import time
import wave
from pathlib import Path

import pytest

from stretchtimer.adapters import audio
from stretchtimer.adapters.audio import (
    BackendError,
    Clip,
    CommandBackend,
    PipedCommandBackend,
    QueuedPlayer,
    make_player,
    scaled,
    wait_for_exit,
)
from stretchtimer.adapters.speech import Speaker, make_speaker
from stretchtimer.core.cues import Cue
from stretchtimer.paths import sounds_dir

REQUIRE_AUDIO = bool(os.environ.get("STRETCHTIMER_REQUIRE_AUDIO"))
ALSA_CONF = Path("/usr/share/alsa/alsa.conf")


def frames(cue: Cue) -> bytes:
    with wave.open(str(sounds_dir() / f"{cue.value}.wav"), "rb") as wav:
        return wav.readframes(wav.getnframes())


class FakeBackend:
    """Records what it plays; can be slow or fail like a machine with no sound device."""

    def __init__(self, name: str, *, delay: float = 0.0, fail: bool = False) -> None:
        self.name = name
        self.delay = delay
        self.fail = fail
        self.played: list[Clip] = []
        self.thread: threading.Thread | None = None

    def play(self, clip: Clip) -> None:
        self.thread = threading.current_thread()
        if self.fail:
            raise BackendError("no device")
        time.sleep(self.delay)
        self.played.append(clip)

    def stop(self) -> None:
        pass


def player(*backends: FakeBackend, **options: object) -> QueuedPlayer:
    return QueuedPlayer(list(backends), sounds_dir(), **options)  # type: ignore[arg-type]


# --- the queued player, with fake backends ---------------------------------------------------


def test_play_never_blocks_the_caller() -> None:
    slow = FakeBackend("slow", delay=0.2)
    cues = player(slow)
    for cue in (Cue.HOLD, Cue.COUNTDOWN, Cue.COUNTDOWN, Cue.REST):
        start = time.perf_counter()
        cues.play(cue)
        assert time.perf_counter() - start < 0.005
    assert cues.wait_idle(5.0)
    assert [clip.cue for clip in slow.played] == [Cue.HOLD, Cue.COUNTDOWN, Cue.COUNTDOWN, Cue.REST]
    assert slow.thread is not threading.current_thread()
    assert slow.played[0].frames == frames(Cue.HOLD)
    cues.close()


class PreparingBackend(FakeBackend):
    """A backend with the optional ``prepare`` hook (as the command players have)."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.prepared: list[tuple[Cue, bytes]] = []

    def prepare(self, clip: Clip) -> None:
        self.prepared.append((clip.cue, clip.frames))


def test_every_player_shares_the_sounds_read_and_scaled_once(tmp_path, monkeypatch) -> None:
    """A player is made for each session: reading and scaling every sound again for each
    left the process larger after every session (the soak's growth: docs/performance.md)."""
    folder = tmp_path / "sounds"
    shutil.copytree(sounds_dir(), folder)
    opened: list[str] = []
    open_wav = wave.open

    def counted(path: str, mode: str) -> wave.Wave_read:
        opened.append(Path(path).name)
        return open_wav(path, mode)

    monkeypatch.setattr(wave, "open", counted)
    backends = [PreparingBackend("aplay") for _ in range(3)]
    for backend in backends:  # sessions one after another, then one at another volume
        cues = QueuedPlayer([backend], folder, volume=0.5 if backend is not backends[2] else 1.0)
        cues.play(Cue.HOLD)
        assert cues.wait_idle(5.0)
        cues.close()
    assert sorted(opened) == sorted(f"{cue.value}.wav" for cue in Cue)  # each once
    first, second, loud = (dict(backend.prepared) for backend in backends)
    assert all(first[cue] is second[cue] for cue in Cue)  # the same bytes, not made again
    assert first[Cue.HOLD] == scaled(frames(Cue.HOLD), 0.5)
    assert loud[Cue.HOLD] == frames(Cue.HOLD)
    assert backends[1].played[0] is backends[0].played[0]


def test_backends_are_found_and_sounds_made_on_the_worker_before_any_cue() -> None:
    found_on: list[threading.Thread] = []
    backend = PreparingBackend("aplay")

    def find() -> list[FakeBackend]:
        found_on.append(threading.current_thread())
        return [backend]

    cues = QueuedPlayer(find, sounds_dir(), volume=0.5)  # type: ignore[arg-type]
    assert cues.name == "aplay"  # waits for the worker to have found it
    assert found_on and found_on[0] is not threading.current_thread()
    assert [cue for cue, _ in backend.prepared] == list(Cue)  # every sound, before any play
    assert dict(backend.prepared)[Cue.HOLD] == scaled(frames(Cue.HOLD), 0.5)
    cues.play(Cue.HOLD)
    assert cues.wait_idle(5.0)
    assert backend.played[0].frames == scaled(frames(Cue.HOLD), 0.5)
    cues.close()


def test_the_command_backend_writes_its_files_ahead() -> None:
    backend = CommandBackend("aplay", ["true"])
    clip = Clip(Cue.REST, frames(Cue.REST), 1, 2, 44100)
    backend.prepare(clip)
    path = backend._file(clip)
    assert path.exists()
    with wave.open(str(path), "rb") as wav:
        assert wav.readframes(wav.getnframes()) == clip.frames


def test_failing_backends_fall_back_with_exactly_one_notice() -> None:
    notices: list[str] = []
    broken, also_broken, bell = (
        FakeBackend("simpleaudio", fail=True),
        FakeBackend("aplay", fail=True),
        FakeBackend("bell"),
    )
    cues = player(broken, also_broken, bell, on_notice=notices.append)
    for cue in (Cue.HOLD, Cue.SWITCH, Cue.REST):
        cues.play(cue)
    assert cues.wait_idle(5.0)
    assert cues.name == "bell"
    assert [clip.cue for clip in bell.played] == [Cue.HOLD, Cue.SWITCH, Cue.REST]  # none lost
    assert notices == ["No sound device found: cues will use the terminal bell."]
    bell.fail = True  # and then the bell breaks too: silent, but no second notice
    cues.play(Cue.HOLD)
    assert cues.wait_idle(5.0)
    assert cues.name == "silent"
    assert len(notices) == 1
    cues.close()


def test_everything_failing_ends_silent_with_a_notice() -> None:
    notices: list[str] = []
    cues = player(FakeBackend("aplay", fail=True), on_notice=notices.append)
    cues.play(Cue.HOLD)
    cues.play(Cue.REST)
    assert cues.wait_idle(5.0)
    assert (cues.name, notices) == ("silent", ["No sound device found: cues will be silent."])
    cues.close()


def test_falling_back_to_another_real_player_needs_no_notice() -> None:
    notices: list[str] = []
    aplay = FakeBackend("aplay")
    cues = player(FakeBackend("simpleaudio", fail=True), aplay, on_notice=notices.append)
    cues.play(Cue.HOLD)
    assert cues.wait_idle(5.0)
    assert (cues.name, len(aplay.played), notices) == ("aplay", 1, [])
    cues.close()


def test_muted_plays_nothing_until_unmuted() -> None:
    backend = FakeBackend("fake")
    cues = player(backend, muted=True)
    cues.play(Cue.HOLD)
    cues.play(Cue.REST)
    assert cues.wait_idle(5.0)
    assert backend.played == []
    cues.muted = False
    cues.play(Cue.SWITCH)
    assert cues.wait_idle(5.0)
    assert [clip.cue for clip in backend.played] == [Cue.SWITCH]
    cues.close()


def test_volume_scales_the_samples_and_can_change_at_run_time() -> None:
    backend = FakeBackend("fake")
    cues = player(backend, volume=0.5)
    cues.play(Cue.HOLD)
    assert cues.wait_idle(5.0)
    cues.volume = 0.0  # nothing at all
    cues.play(Cue.HOLD)
    assert cues.wait_idle(5.0)
    cues.volume = 1.0
    cues.play(Cue.HOLD)
    assert cues.wait_idle(5.0)
    half, full = backend.played
    assert full.frames == frames(Cue.HOLD)
    assert half.frames == scaled(full.frames, 0.5) != full.frames
    cues.close()


def test_scaled_halves_each_sample() -> None:
    raw = b"".join(v.to_bytes(2, "little", signed=True) for v in (0, 1000, -1000, 32767, -32768))
    quieter = scaled(raw, 0.5)
    values = [int.from_bytes(quieter[i : i + 2], "little", signed=True) for i in range(0, 10, 2)]
    assert values == [0, 500, -500, 16383, -16384]


def test_late_cues_are_dropped_not_played_late() -> None:
    slow = FakeBackend("slow", delay=0.3)
    cues = player(slow, max_delay=0.1)
    cues.play(Cue.HOLD)
    cues.play(Cue.COUNTDOWN)  # waits 0.3 s behind HOLD: too late to mean anything
    assert cues.wait_idle(5.0)
    assert [clip.cue for clip in slow.played] == [Cue.HOLD]
    cues.close()


def test_close_ends_the_worker_and_later_cues_are_ignored() -> None:
    backend = FakeBackend("fake")
    cues = player(backend)
    cues.close()
    cues.play(Cue.HOLD)
    assert cues.wait_idle(1.0)
    assert backend.played == []


def test_command_backend_fails_on_non_zero_exit() -> None:
    clip = Clip(Cue.COUNTDOWN, frames(Cue.COUNTDOWN), 1, 2, 44100)
    CommandBackend(
        "ok", [sys.executable, "-c", "import sys, wave; wave.open(sys.argv[1]).close()"]
    ).play(clip)
    with pytest.raises(BackendError):
        CommandBackend("broken", [sys.executable, "-c", "raise SystemExit(1)"]).play(clip)


def test_waiting_for_a_player_returns_its_status_and_gives_up_on_a_hung_one() -> None:
    def start(code: str) -> subprocess.Popen[bytes]:
        return subprocess.Popen([sys.executable, "-c", code])

    assert wait_for_exit(start("pass"), 10) == 0
    assert wait_for_exit(start("raise SystemExit(3)"), 10) == 3
    hung = start("import time; time.sleep(30)")
    began = time.monotonic()
    with pytest.raises(subprocess.TimeoutExpired):
        wait_for_exit(hung, 0.2)
    assert time.monotonic() - began < 5
    hung.kill()
    hung.wait()


def test_a_hung_player_is_killed_and_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(audio, "wait_for_exit", lambda process, _: wait_for_exit(process, 0.2))
    clip = Clip(Cue.COUNTDOWN, frames(Cue.COUNTDOWN), 1, 2, 44100)
    backend = CommandBackend("hangs", [sys.executable, "-c", "import time; time.sleep(30)"])
    with pytest.raises(BackendError, match="hung"):
        backend.play(clip)
    assert backend._process is not None and backend._process.poll() is not None


# A stand-in for ``aplay -q -``: notes its pid when started, then saves what its stdin brings.
FAKE_PIPED_PLAYER = """
import os, pathlib, sys
out = pathlib.Path(sys.argv[1])
(out / f"{os.getpid()}.started").touch()
data = sys.stdin.buffer.read()
(out / f"{os.getpid()}.wav").write_bytes(data)
"""


def piped(tmp_path: Path, code: str = FAKE_PIPED_PLAYER) -> PipedCommandBackend:
    return PipedCommandBackend("aplay", [sys.executable, "-c", code, str(tmp_path)])


def test_the_piped_player_is_started_ahead_and_only_fed_at_the_cue(tmp_path: Path) -> None:
    clip = Clip(Cue.HALFWAY, frames(Cue.HALFWAY), 1, 2, 44100)
    backend = piped(tmp_path)
    backend.prepare(clip)  # when the cue player starts, long before the first cue
    ahead = backend._spare
    assert ahead is not None and ahead.poll() is None  # started, waiting for a sound
    began = time.monotonic()
    backend.play(clip)
    assert time.monotonic() - began >= clip.seconds  # the next player waits for the sound
    with wave.open(str(tmp_path / f"{ahead.pid}.wav"), "rb") as wav:  # played by that one
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, 44100)
        assert wav.readframes(wav.getnframes()) == clip.frames
    following = backend._spare
    assert following is not None and following.pid != ahead.pid  # the next one, ahead again
    backend.stop()  # close() ends the one waiting, which plays nothing
    assert following.wait(5) != 0
    assert not (tmp_path / f"{following.pid}.wav").exists()
    backend.play(clip)  # stopped: nothing more starts
    assert backend._spare is None


@pytest.mark.parametrize(
    "hang",
    [
        "import sys, time; sys.stdin.buffer.read(); time.sleep(30)",  # after the sound
        "import time; time.sleep(30)",  # reading nothing: the WAV fills the pipe
    ],
)
def test_the_piped_player_fails_on_non_zero_exit_or_a_hang(tmp_path, hang: str) -> None:
    clip = Clip(Cue.COUNTDOWN, frames(Cue.COUNTDOWN), 1, 2, 44100)
    with pytest.raises(BackendError, match="status 1"):  # no device: exits before reading
        piped(tmp_path, "raise SystemExit(1)").play(clip)
    long = Clip(Cue.ROUTINE_END, frames(Cue.ROUTINE_END) * 2, 1, 2, 44100)  # > a pipe's 64 kB
    hangs = piped(tmp_path, hang)
    hangs.grace = 0.3
    began = time.monotonic()
    with pytest.raises(BackendError, match="hung"):
        hangs.play(long)
    assert time.monotonic() - began < long.seconds + 5
    assert hangs._process is not None and hangs._process.poll() is not None


def waiting_on_its_stdin(process: subprocess.Popen[bytes], timeout: float = 5.0) -> bool:
    """Wait until ``process`` blocks reading a pipe (its kernel wait channel says so)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if "pipe" in Path(f"/proc/{process.pid}/wchan").read_text():
            return True
        time.sleep(0.01)
    return False


@pytest.mark.audio
def test_a_waiting_aplay_ends_at_once_when_the_player_closes(tmp_path, monkeypatch) -> None:
    """aplay, blocked reading its stdin, sits out SIGTERM: the one waiting for the next sound
    must still end when the app closes the player, not linger until the app exits."""
    need(bool(shutil.which("aplay")) and Path("/proc/self/wchan").exists(), "aplay, /proc")
    out = tmp_path / "captured"
    out.mkdir()
    conf = tmp_path / "asound.conf"
    conf.write_text(f'pcm.!default {{ type file slave.pcm "null" file "{out}/play" }}\n')
    monkeypatch.setenv("ALSA_CONFIG_PATH", f"{ALSA_CONF}:{conf}")
    backend = PipedCommandBackend("aplay", [str(shutil.which("aplay")), "-q", "-"])
    backend.prepare(Clip(Cue.HOLD, frames(Cue.HOLD), 1, 2, 44100))
    waiting = backend._spare
    assert waiting is not None and waiting_on_its_stdin(waiting)
    backend.stop()
    assert waiting.poll() is not None  # ended and reaped
    assert list(out.iterdir()) == []  # having played nothing


class FakeLibasound:
    """Records the libasound calls made through ctypes; ``snd_pcm_open`` returns ``opened``."""

    def __init__(self, opened: int) -> None:
        self.opened = opened
        self.calls: list[tuple[str, tuple[object, ...]]] = []

    def __getattr__(self, name: str):
        def call(*args: object) -> int:
            self.calls.append((name, args))
            return self.opened if name == "snd_pcm_open" else 0

        return call


@pytest.mark.parametrize(("opened", "closed"), [(0, True), (-16, False)])  # -16: busy
def test_alsa_is_made_ready_for_simpleaudio_without_playing(monkeypatch, opened, closed) -> None:
    alsa = FakeLibasound(opened)
    monkeypatch.setattr(audio, "_ALSA_HANDLER", [])
    monkeypatch.setattr(audio.sys, "platform", "linux")
    monkeypatch.setattr(ctypes, "CDLL", lambda name: alsa)
    audio._prepare_alsa()
    names = [name for name, _ in alsa.calls]
    assert names[:3] == ["snd_lib_error_set_handler", "snd_config_update", "snd_pcm_open"]
    _, (_, device, stream, mode) = alsa.calls[2]
    assert (device, stream, mode) == (b"default", 0, 1)  # playback; a busy device: no waiting
    assert ("snd_pcm_close" in names) is closed
    assert len(names) == 3 + closed  # nothing written: nothing played
    audio._prepare_alsa()  # once per process
    assert len(alsa.calls) == 3 + closed


# --- choosing a backend -----------------------------------------------------------------------


@pytest.fixture
def machine(monkeypatch: pytest.MonkeyPatch):
    """Pretend the machine has the given players: machine(simpleaudio=True, commands={"aplay"})."""
    monkeypatch.delenv("STRETCHTIMER_AUDIO", raising=False)

    def have(*, simpleaudio: bool = False, commands: set[str] = frozenset()) -> None:
        monkeypatch.setattr(audio, "_has_simpleaudio", lambda: simpleaudio)
        monkeypatch.setattr(
            audio.shutil, "which", lambda name: f"/usr/bin/{name}" if name in commands else None
        )

    return have


def ring() -> None:
    pass


@pytest.mark.parametrize(
    ("simpleaudio", "commands", "bell", "expected"),
    [
        (True, {"aplay", "paplay"}, ring, "simpleaudio"),
        (False, {"aplay", "paplay"}, ring, "aplay"),
        (False, {"paplay"}, ring, "paplay"),
        (False, {"afplay"}, ring, "afplay"),
        (False, set(), ring, "bell"),
        (False, set(), None, "silent"),
    ],
)
def test_the_best_backend_is_chosen(machine, simpleaudio, commands, bell, expected) -> None:
    machine(simpleaudio=simpleaudio, commands=commands)
    cues = make_player(bell=bell)
    assert cues.name == expected
    cues.close()


def test_prefer_and_the_environment_variable_start_the_order_later(machine, monkeypatch) -> None:
    machine(simpleaudio=True, commands={"aplay"})
    assert make_player(prefer="aplay").name == "aplay"
    assert make_player(prefer="bell", bell=ring).name == "bell"
    monkeypatch.setenv("STRETCHTIMER_AUDIO", "silent")
    assert make_player(bell=ring).name == "silent"
    assert make_player(prefer="simpleaudio").name == "simpleaudio"  # the argument wins
    monkeypatch.setenv("STRETCHTIMER_AUDIO", "loud")  # a typo must not stop the app
    assert make_player().name == "simpleaudio"
    with pytest.raises(ValueError, match="unknown audio backend"):
        make_player(prefer="loud")


def test_a_wanted_player_missing_from_the_path_is_said_once(tmp_path, monkeypatch) -> None:
    """STRETCHTIMER_AUDIO=aplay on a machine without aplay (nor any other player): silent,
    and said so at the first cue, once."""
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: no aplay, paplay, afplay
    monkeypatch.setenv("STRETCHTIMER_AUDIO", "aplay")
    notices: list[str] = []
    cues = make_player(on_notice=notices.append)
    assert cues.name == "silent" and notices == []  # nothing said before a cue
    for cue in (Cue.HOLD, Cue.REST):
        cues.play(cue)
    assert cues.wait_idle(5.0)
    assert notices == ["aplay was not found: cues will be silent."]
    cues.close()


@pytest.mark.parametrize(
    ("wanted", "found", "said"),
    [
        ("simpleaudio", ["simpleaudio", "bell"], None),
        ("simpleaudio", ["paplay", "bell"], None),  # the best the machine has, as promised
        ("simpleaudio", ["bell"], "No sound player found: cues will use the terminal bell."),
        ("simpleaudio", [], "No sound player found: cues will be silent."),
        ("aplay", ["paplay"], "aplay was not found: cues will play through paplay."),
        ("aplay", ["bell"], "aplay was not found: cues will use the terminal bell."),
        ("bell", ["bell"], None),
        ("silent", [], None),
    ],
)
def test_a_machine_with_less_than_asked_for_is_told(wanted, found, said) -> None:
    assert audio.shortfall(wanted, found) == said


def test_a_muted_player_keeps_the_shortfall_until_a_cue_is_heard(machine) -> None:
    machine(commands=set())
    notices: list[str] = []
    cues = make_player(bell=ring, muted=True, on_notice=notices.append)
    cues.play(Cue.HOLD)
    assert cues.wait_idle(5.0) and notices == []
    cues.muted = False
    cues.play(Cue.HOLD)
    cues.play(Cue.REST)
    assert cues.wait_idle(5.0)
    assert notices == ["No sound player found: cues will use the terminal bell."]
    cues.close()


# --- real sound, captured from ALSA into files -----------------------------------------------

PLAY = """
import sys
from stretchtimer.adapters.audio import make_player
from stretchtimer.core.cues import Cue
backend, volume, *cues = sys.argv[1:]
notices = []
player = make_player(prefer=backend, volume=float(volume), on_notice=notices.append)
player.max_delay = 60.0  # the capture device is unclocked: the test checks what, not when
assert player.name == backend, player.name
for cue in cues:
    player.play(Cue(cue))
assert player.wait_idle(30.0), "cues still playing"
assert player.name == backend and not notices, (player.name, notices)
player.close()
"""

SAY = """
import sys
from stretchtimer.adapters.speech import make_speaker
speaker = make_speaker()
assert speaker.available, speaker.reason
speaker.say(sys.argv[1])
assert speaker.wait_idle(30.0), "still speaking"
speaker.close()
"""

SEQUENCE = [
    Cue.HOLD,
    Cue.HALFWAY,
    Cue.COUNTDOWN,
    Cue.COUNTDOWN,
    Cue.SWITCH,
    Cue.REST,
    Cue.EXERCISE_END,
    Cue.ROUTINE_END,
]


def need(available: bool, what: str) -> None:
    """Skip when ``what`` is missing, unless STRETCHTIMER_REQUIRE_AUDIO says it must be here."""
    if not ALSA_CONF.is_file():
        available, what = False, f"{ALSA_CONF} (libasound2)"
    if not available:
        if REQUIRE_AUDIO:
            pytest.fail(f"{what} is missing but STRETCHTIMER_REQUIRE_AUDIO is set")
        pytest.skip(f"{what} is not available")


def simpleaudio_importable() -> bool:
    try:
        import simpleaudio  # noqa: F401
    except ImportError:
        return False
    return True


def run_with_alsa(tmp_path: Path, pcm: str, code: str, *args: str) -> subprocess.CompletedProcess:
    """Run ``code`` in a fresh Python whose ALSA default device is ``pcm`` (a config block)."""
    conf = tmp_path / "asound.conf"
    conf.write_text(pcm)
    env = {
        **os.environ,
        "ALSA_CONFIG_PATH": f"{ALSA_CONF}:{conf}",
        "PULSE_SERVER": "unix:/nonexistent",  # a desktop's sound server must not take the sound
    }
    env.pop("STRETCHTIMER_AUDIO", None)
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def capture(tmp_path: Path, code: str, *args: str) -> list[bytes]:
    """Run ``code`` with ALSA output written to files; return each sound opened, in order."""
    out = tmp_path / "captured"
    out.mkdir()
    pcm = (
        'pcm.!default {\n  type file\n  slave.pcm "null"\n'
        f'  file "{out}/play"\n  format "raw"\n  truncate false\n}}\n'
    )
    result = run_with_alsa(tmp_path, pcm, code, *args)
    assert result.returncode == 0, result.stderr
    # the file device names them play, play.0001, play.0002, ... in the order they were opened
    files = sorted(out.iterdir(), key=lambda path: int(path.suffix[1:] or 0))
    return [path.read_bytes() for path in files]


def assert_sound(captured: bytes, expected: bytes) -> None:
    """The captured sound is the expected samples, then at most some silence to fill a period."""
    assert len(captured) >= len(expected)
    assert captured[: len(expected)] == expected
    padding = captured[len(expected) :]
    assert padding.count(0) == len(padding) and len(padding) < 44100


@pytest.mark.audio
@pytest.mark.parametrize("volume", [1.0, 0.5])
@pytest.mark.parametrize("backend", ["simpleaudio", "aplay"])
def test_cues_really_reach_the_sound_device(tmp_path: Path, backend: str, volume: float) -> None:
    need(
        simpleaudio_importable() if backend == "simpleaudio" else bool(shutil.which("aplay")),
        backend,
    )
    sounds = capture(tmp_path, PLAY, backend, str(volume), *SEQUENCE)
    assert len(sounds) == len(SEQUENCE)
    for cue, sound in zip(SEQUENCE, sounds, strict=True):
        expected = frames(cue) if volume == 1.0 else scaled(frames(cue), volume)
        assert_sound(sound, expected)


@pytest.mark.audio
def test_no_sound_device_falls_back_to_the_bell_quietly(tmp_path: Path) -> None:
    need(simpleaudio_importable() and bool(shutil.which("aplay")), "simpleaudio and aplay")
    code = """
from stretchtimer.adapters.audio import make_player
from stretchtimer.core.cues import Cue
player = make_player(prefer="simpleaudio", bell=lambda: print("BELL"), on_notice=print)
player.play(Cue.HOLD)
player.play(Cue.REST)
assert player.wait_idle(30.0)
print(player.name)
"""
    result = run_with_alsa(tmp_path, 'pcm.!default { type hw card "nosuchcard" }\n', code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "BELL",
        "No sound device found: cues will use the terminal bell.",
        "BELL",
        "bell",
    ]
    assert "ALSA lib" not in result.stderr  # libasound must not print over the terminal UI


# --- speech -----------------------------------------------------------------------------------


def test_speaker_without_a_speech_command_says_why(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: no espeak-ng, no say
    speaker = make_speaker()
    assert not speaker.available
    assert ("say" if sys.platform == "darwin" else "espeak-ng") in speaker.reason
    speaker.say("Hold")  # harmless
    speaker.close()


def test_a_newer_text_replaces_the_one_waiting(tmp_path: Path) -> None:
    log = tmp_path / "said.txt"
    slow = (
        f"import sys, time; open({str(log)!r}, 'a').write(sys.stdin.read() + '\\n'); time.sleep(1)"
    )
    speaker = Speaker([sys.executable, "-c", slow])
    start = time.perf_counter()
    speaker.say("one")
    assert time.perf_counter() - start < 0.005
    deadline = time.monotonic() + 10
    while not log.exists() and time.monotonic() < deadline:  # "one" is being said
        time.sleep(0.01)
    speaker.say("two")
    speaker.say("three")
    assert speaker.wait_idle(10.0)
    assert log.read_text().split() == ["one", "three"]
    speaker.close()


@pytest.mark.audio
def test_speech_really_reaches_the_sound_device(tmp_path: Path) -> None:
    espeak = shutil.which("espeak-ng")
    need(espeak is not None, "espeak-ng")
    assert espeak is not None
    text = "Switch sides"
    sounds = capture(tmp_path, SAY, text)
    reference = tmp_path / "reference.wav"
    subprocess.run([espeak, "-s", "150", "-w", str(reference), text], check=True)
    with wave.open(str(reference), "rb") as wav:
        expected = wav.readframes(wav.getnframes())
    assert len(expected) > 22050  # about a second of speech, not a click
    assert_sound(b"".join(sounds), expected)  # espeak-ng may open the device more than once
