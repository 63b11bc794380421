"""Audio cues: play a short WAV per :class:`Cue` without ever blocking the caller.

``make_player()`` returns at once; its daemon worker thread then picks the best backend the
machine has, in this order: simpleaudio (when installed; it plays in a player process of its
own, so that a crash in it never ends the app: see :class:`ContainedBackend`), a system player
(``aplay -q``, ``paplay``, ``afplay``), the terminal bell (when a ``bell`` callback is given),
silent; and makes every cue's sound at the player's volume, so the first cue finds it ready.
``play()`` only puts the cue on a queue; the worker plays the cues one after another. Nothing
opens a sound device before the player is made (then, on Linux, simpleaudio's player process
opens ALSA's default device once and closes it at once, so that its first open is quick: see
``_prepare_alsa``; ``aplay`` is started one sound ahead and waits, its device open, for the
next sound: see :class:`PipedCommandBackend`). A cue that waited longer than ``max_delay``
seconds in the queue (``core.cues.CUE_QUEUE_LIMIT`` by default: the rule and why it is not
the run screen's ``CUE_MOMENT_PASSED`` are there) is dropped rather than played late.

If a backend fails while playing (no sound device: simpleaudio raises, aplay exits non-zero),
the worker falls back to the next one and calls ``on_notice`` once with a plain sentence. So it
does, at the first cue, when the machine has less than was asked for: no sound player at all
(the bell, or silence), or not the one ``STRETCHTIMER_AUDIO`` names.
``bell`` and ``on_notice`` are called on the worker thread: from a Textual app pass
thread-safe callables (for example wrapped with ``app.call_from_thread``).

Set ``STRETCHTIMER_AUDIO`` to ``simpleaudio``, ``aplay``, ``paplay``, ``afplay``, ``bell`` or
``silent`` to start the order at that backend (a ``prefer`` argument wins over it).
"""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import io
import logging
import os
import queue
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import wave
from array import array
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, Protocol

from stretchtimer.core.cues import CUE_QUEUE_LIMIT, Cue
from stretchtimer.paths import sounds_dir

log = logging.getLogger(__name__)

ORDER = ("simpleaudio", "aplay", "paplay", "afplay", "bell", "silent")
_COMMANDS = {"aplay": ["aplay", "-q"], "paplay": ["paplay"], "afplay": ["afplay"]}
_PIPED = {"aplay": "-"}  # players started ahead, reading the WAV from stdin (this argument)


class CuePlayer(Protocol):
    """Plays cues; ``play`` returns at once, whatever the backend does."""

    volume: float  # 0.0 .. 1.0, may change at any time
    muted: bool  # may change at any time

    @property
    def name(self) -> str:
        """The backend in use: simpleaudio, aplay, paplay, afplay, bell or silent."""
        ...

    def play(self, cue: Cue) -> None: ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class Clip:
    """One cue's sound, ready to play: raw frames plus the format they are in."""

    cue: Cue
    frames: bytes
    channels: int
    sample_width: int
    rate: int

    @property
    def seconds(self) -> float:
        return len(self.frames) / (self.channels * self.sample_width * self.rate)


class BackendError(Exception):
    """A backend could not play a clip (no device, player missing or failed)."""


class CueLost(Exception):
    """A backend lost this clip (its player process died playing it) but plays the next."""


class Backend(Protocol):
    """Something that plays a clip on the worker thread and returns when it is done."""

    name: str

    def play(self, clip: Clip) -> None: ...

    def stop(self) -> None: ...


def scaled(frames: bytes, volume: float) -> bytes:
    """16-bit little-endian samples scaled by ``volume`` (0..1).

    Sample by sample from a generator, not through a list: a list of a second's samples as
    Python ints would take some 1.5 MB for a moment, and the process's peak memory with it.
    """
    samples = array("h", frames)
    if sys.byteorder == "big":
        samples.byteswap()
    samples = array("h", (int(s * volume) for s in samples))
    if sys.byteorder == "big":
        samples.byteswap()
    return samples.tobytes()


_ALSA_HANDLER: list[object] = []  # keeps the callback alive: libasound holds a pointer to it


_SND_PCM_STREAM_PLAYBACK = 0
_SND_PCM_NONBLOCK = 1  # a device another program holds must not make the open wait


def _prepare_alsa() -> None:
    """Stop libasound printing errors (say, "cannot find card '0'") over the terminal UI, and
    do now, on the player's thread, what would make simpleaudio's first open slow.

    simpleaudio holds the GIL while it opens the device, and the process's first open reads
    ALSA's configuration and loads its plugins: 4 to 12 ms on a machine with PulseAudio's
    ALSA plugins, a stall of the event loop at the session's first cue (docs/performance.md).
    Here the configuration is read and the default device opened and closed at once, through
    ctypes, which releases the GIL: the loop never waits, and simpleaudio's opens then take
    well under a millisecond. Nothing is played; a device that is busy is left alone.
    ``ctypes`` is imported here, not with the module: simpleaudio plays in the player process
    (``adapters.sound_process``), and the app's process, which only talks to it, never needs
    ctypes (0.3 MB of its memory, docs/performance.md).
    """
    if _ALSA_HANDLER or not sys.platform.startswith("linux"):
        return
    import ctypes

    handler_type = ctypes.CFUNCTYPE(
        None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p
    )
    _ALSA_HANDLER.append(handler_type(lambda *_: None))
    with contextlib.suppress(OSError, AttributeError):
        alsa = ctypes.CDLL("libasound.so.2")
        alsa.snd_lib_error_set_handler(_ALSA_HANDLER[0])
        alsa.snd_config_update()
        pcm = ctypes.c_void_p()
        opened = alsa.snd_pcm_open(
            ctypes.byref(pcm), b"default", _SND_PCM_STREAM_PLAYBACK, _SND_PCM_NONBLOCK
        )
        if opened == 0:
            alsa.snd_pcm_close(pcm)


class SimpleaudioBackend:
    """Plays the frames through simpleaudio (ALSA, CoreAudio or WinMM)."""

    name = "simpleaudio"

    def __init__(self, module: ModuleType) -> None:
        self._sa = module
        self._playing: Any = None  # simpleaudio's PlayObject (the module is untyped)
        _prepare_alsa()

    def play(self, clip: Clip) -> None:
        try:
            self._playing = self._sa.play_buffer(
                clip.frames, clip.channels, clip.sample_width, clip.rate
            )
        except Exception as error:
            raise BackendError(str(error)) from error
        # The worker thread waits, never the caller: asleep for the clip's length, then
        # wait_done() (which polls every 50 ms, each time taking the GIL from the UI).
        time.sleep(clip.seconds)
        self._playing.wait_done()

    def stop(self) -> None:
        if self._playing is not None:
            self._playing.stop()


def wav_bytes(clip: Clip) -> bytes:
    """The clip as a WAV file's bytes (header and frames), for a system player."""
    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(clip.channels)
        wav.setsampwidth(clip.sample_width)
        wav.setframerate(clip.rate)
        wav.writeframes(clip.frames)
    return out.getvalue()


class CommandBackend:
    """Plays a WAV file with a system player such as ``paplay``; a non-zero exit is a failure."""

    def __init__(self, name: str, argv: list[str]) -> None:
        self.name = name
        self._argv = argv
        self._dir: tempfile.TemporaryDirectory[str] | None = None  # removed at exit
        self._files: dict[Cue, tuple[Clip, Path]] = {}
        self._process: subprocess.Popen[bytes] | None = None

    def _file(self, clip: Clip) -> Path:
        """A WAV file holding the clip as heard (volume applied), written once per clip."""
        written = self._files.get(clip.cue)
        if written is not None and written[0] is clip:
            return written[1]
        if self._dir is None:
            self._dir = tempfile.TemporaryDirectory(prefix="stretchtimer-")
        path = Path(self._dir.name) / f"{clip.cue.value}.wav"
        path.write_bytes(wav_bytes(clip))
        self._files[clip.cue] = (clip, path)
        return path

    def prepare(self, clip: Clip) -> None:
        """Write the clip's file ahead of its first play."""
        self._file(clip)

    def play(self, clip: Clip) -> None:
        try:
            path = self._file(clip)
            process = self._process = start_player(
                [*self._argv, str(path)], stdin=subprocess.DEVNULL
            )
            code = wait_for_exit(process, clip.seconds + 5.0)
        except OSError as error:
            raise BackendError(str(error)) from error
        except subprocess.TimeoutExpired as error:
            process.kill()
            process.wait()
            raise BackendError(f"{self.name} hung") from error
        if code > 0:  # negative: stopped by close()
            raise BackendError(f"{self.name} exited with status {code}")

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()


class PipedCommandBackend:
    """Plays a WAV through a system player that reads it from its standard input (``aplay -q
    -``), started one sound ahead.

    Starting a player is the costly part of a cue (the process, its libraries, ALSA's
    configuration and the device's open: some 1.6 ms of CPU out of 2.4 for ``aplay``, on a
    machine whose other core runs the UI's loop). So the next player is started once the
    previous sound has had its time, and waits, its device open, for a WAV on its standard
    input; a cue then only writes the WAV into the pipe and waits for the player to exit.
    Each sound is still its own player, which ends with the sound (no mixing, no stream held
    in an underrun between cues).
    """

    def __init__(self, name: str, argv: list[str]) -> None:
        self.name = name
        self._argv = argv  # ends with the argument that makes the player read its stdin
        self._wavs: dict[Cue, tuple[Clip, bytes]] = {}
        self._lock = threading.Lock()  # the spare is started on the worker, stopped by close()
        self._spare: subprocess.Popen[bytes] | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._stopped = False
        self.grace = 5.0  # seconds beyond the sound's length before the player counts as hung

    def _wav(self, clip: Clip) -> bytes:
        """The clip's WAV bytes, made once per clip."""
        made = self._wavs.get(clip.cue)
        if made is None or made[0] is not clip:
            made = self._wavs[clip.cue] = (clip, wav_bytes(clip))
        return made[1]

    def _start_spare(self) -> None:
        """Start the player for the next sound, unless one is waiting or the backend stopped."""
        with self._lock:
            if self._spare is None and not self._stopped:
                self._spare = start_player(self._argv, stdin=subprocess.PIPE)

    def prepare(self, clip: Clip) -> None:
        """Make the clip's WAV, and start the first player, ahead of the first cue."""
        self._wav(clip)
        with contextlib.suppress(OSError):  # reported by the first play
            self._start_spare()

    def play(self, clip: Clip) -> None:
        began = time.monotonic()
        try:
            self._start_spare()
            with self._lock:
                process, self._spare = self._spare, None
            if process is None:  # stopped
                return
            self._process = process
            code = self._feed(process, self._wav(clip), clip.seconds + self.grace)
        except OSError as error:
            raise BackendError(str(error)) from error
        except subprocess.TimeoutExpired as error:
            if process is not None:  # always: only a running process times out
                process.kill()
                process.wait()
            raise BackendError(f"{self.name} hung") from error
        if code > 0:  # negative: stopped by close()
            raise BackendError(f"{self.name} exited with status {code}")
        # A device that is not clocked takes the sound at once: the next player still starts
        # only once the sound has had its time, as it would on a sound card.
        time.sleep(max(0.0, clip.seconds - (time.monotonic() - began)))
        with contextlib.suppress(OSError):  # reported by the next play
            self._start_spare()

    @staticmethod
    def _feed(process: subprocess.Popen[bytes], wav: bytes, timeout: float) -> int:
        """Write ``wav`` into the player's stdin and close it, then wait for the player's exit
        status, all within ``timeout`` seconds (a player that stops reading is hung too:
        a WAV can be larger than the pipe holds). Raises ``subprocess.TimeoutExpired``."""
        assert process.stdin is not None
        deadline = time.monotonic() + timeout
        with process.stdin as pipe:
            fd = pipe.fileno()
            os.set_blocking(fd, False)
            left = memoryview(wav)
            while left:
                _, ready, _ = select.select([], [fd], [], max(0.0, deadline - time.monotonic()))
                if not ready:
                    raise subprocess.TimeoutExpired(process.args, timeout)
                try:
                    left = left[os.write(fd, left) :]
                except BrokenPipeError:  # the player has gone (no device): its status says why
                    break
        return wait_for_exit(process, max(0.0, deadline - time.monotonic()))

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            spare, self._spare = self._spare, None
        if spare is not None:  # has played nothing; aplay sits out SIGTERM in its read
            spare.kill()
            spare.wait()
            if spare.stdin is not None:
                spare.stdin.close()
        playing = self._process
        if playing is not None and playing.poll() is None:
            playing.terminate()


def start_player(argv: list[str], stdin: int) -> subprocess.Popen[bytes]:
    """Start a sound player, its output thrown away.

    Popen's own vfork and exec, which release the GIL while the child starts; not
    posix_spawn (which close_fds=False allows): os.posix_spawn holds the GIL until the child
    has exec'd, a 1.5 ms pause of the UI's thread (docs/performance.md).
    """
    return subprocess.Popen(argv, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_for_exit(process: subprocess.Popen[bytes], timeout: float) -> int:
    """Wait for ``process`` to exit, at most ``timeout`` seconds; its exit status.

    On Linux one blocking wait on a pidfd; elsewhere Popen's wait, which polls (waking, and
    taking the GIL, every few milliseconds). Raises ``subprocess.TimeoutExpired``.
    """
    try:
        pidfd = os.pidfd_open(process.pid)
    except (AttributeError, OSError):  # not Linux, or a kernel before 5.3
        return process.wait(timeout)
    try:
        exited, _, _ = select.select([pidfd], [], [], timeout)
    finally:
        os.close(pidfd)
    if not exited:
        raise subprocess.TimeoutExpired(process.args, timeout)
    return process.wait()


PLAYER_MODULE = "stretchtimer.adapters.sound_process"
CRASHES_IN_A_ROW = 3  # a player that dies this often without a sound played is given up


class ContainedBackend:
    """Plays through simpleaudio in a player process of its own (``adapters.sound_process``),
    so that a crash in simpleaudio (a segmentation fault) ends only that process.

    The process is started lazily, on the worker thread, at the first ``prepare`` or
    ``play``, and is sent each cue's sound once; a cue then costs a line on its pipe and the
    wait for its answers (``playing``, then ``done``), on the worker thread, never the
    caller's. A player found dead before it took a cue is started again for that cue; one
    that died playing it loses that cue (:class:`CueLost`, logged) and is started again at
    the next. One that dies :data:`CRASHES_IN_A_ROW` times in a row, hangs, or says the device
    cannot play (no device, one that is busy) is a :class:`BackendError`: the queue goes on
    with the next backend. What the player writes on its standard error goes to the log,
    never to the terminal.
    """

    name = "simpleaudio"

    def __init__(self, argv: list[str] | None = None, *, grace: float = 5.0) -> None:
        self._argv = argv or [sys.executable, "-m", PLAYER_MODULE]
        self.grace = grace  # seconds beyond a sound's length before the player counts as hung
        self._lock = threading.Lock()  # the process is started on the worker, ended by stop()
        self._process: subprocess.Popen[bytes] | None = None
        self._sent: dict[Cue, Clip] = {}  # the sounds the running process holds
        self._unread = b""  # what it has said beyond the lines read
        self._crashes = 0
        self._stopped = False
        self._unprepared = False  # preparing failed once: the cues start the player

    @property
    def pid(self) -> int | None:
        """The running player's process id (None when none runs)."""
        process = self._process
        return process.pid if process is not None and process.poll() is None else None

    def prepare(self, clip: Clip) -> None:
        """Start the player and send it ``clip`` ahead of the first cue (a failure is logged
        here, said by the first play, and ends the preparing)."""
        if self._unprepared:
            return
        try:
            process = self._running()
            if process is not None:
                self._send(process, clip)
        except (OSError, BackendError) as error:
            log.info("sound player not ready: %s", error)
            self._unprepared = True
            self._ended()

    def play(self, clip: Clip) -> None:
        for _ in range(2):  # a player found dead before it took the cue: a new one, once
            try:
                process = self._running()
            except OSError as error:  # could not be started at all
                raise BackendError(f"the sound player could not start: {error}") from error
            if process is None:  # stopped
                return
            started, answer = self._play_on(process, clip)
            if self._stopped:
                return
            if answer == "done":
                self._crashes = 0
                return
            if answer.startswith("error "):
                raise BackendError(answer.removeprefix("error "))
            if answer == "hung":  # a device gone in the middle of a sound: the next backend
                raise BackendError("the sound player hung")
            self._died(answer)
            if started:  # it died playing: this cue is lost, the next starts a new player
                raise CueLost(answer)
        raise CueLost("the sound player died twice before it could play")

    def _play_on(self, process: subprocess.Popen[bytes], clip: Clip) -> tuple[bool, str]:
        """Have ``process`` play ``clip``: whether it started to, and how it ended (``done``,
        ``error REASON``, ``hung``, or how the process died)."""
        started = False
        try:
            self._send(process, clip)
            self._write(process, f"play {clip.cue.value}\n".encode())
            answer = self._answer(process, self.grace)
            if answer != "playing":
                return started, answer
            started = True
            return started, self._answer(process, clip.seconds + self.grace)
        except TimeoutError:
            self._ended()
            return started, "hung"
        except (OSError, ValueError):  # a broken pipe: it died (or stop() closed it)
            return started, exit_reason(process)

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
        self._ended()

    # -- the process ------------------------------------------------------------------------

    def _running(self) -> subprocess.Popen[bytes] | None:
        """The player process, started (and waited for) if none runs; None once stopped."""
        dead = self._process
        if dead is not None and dead.poll() is not None:  # died since the last cue
            log.warning("sound player %s; a new one starts", exit_reason(dead))
            self._ended()
        with self._lock:
            if self._stopped:
                return None
            if self._process is not None:
                return self._process
            self._sent.clear()
            self._unread = b""
            process = self._process = subprocess.Popen(
                self._argv,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                start_new_session=True,  # the terminal's Ctrl+C and hang-up are the app's
            )
        threading.Thread(
            target=_log_lines, args=(process,), name="sound-player-log", daemon=True
        ).start()
        answer = self._answer(process, 10.0 + self.grace)
        if answer != "ready":
            self._ended()
            raise BackendError(answer.removeprefix("error "))
        return process

    def _send(self, process: subprocess.Popen[bytes], clip: Clip) -> None:
        """Give the player ``clip`` unless it holds it already (a new volume makes new clips)."""
        if self._sent.get(clip.cue) is clip:
            return
        header = (
            f"load {clip.cue.value} {clip.channels} {clip.sample_width} {clip.rate} "
            f"{len(clip.frames)}\n"
        )
        self._write(process, header.encode() + clip.frames)
        self._sent[clip.cue] = clip

    def _write(self, process: subprocess.Popen[bytes], data: bytes) -> None:
        """Write ``data`` to the player within ``grace`` seconds (a hung player stops
        reading, and a sound is larger than a pipe holds). Raises ``TimeoutError``."""
        assert process.stdin is not None
        fd = process.stdin.fileno()
        os.set_blocking(fd, False)
        deadline = time.monotonic() + self.grace
        left = memoryview(data)
        while left:
            _, ready, _ = select.select([], [fd], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                raise TimeoutError("the sound player stopped reading")
            left = left[os.write(fd, left) :]

    def _answer(self, process: subprocess.Popen[bytes], timeout: float) -> str:
        """The player's next line; how it ended if it died, ``hung`` if nothing came in time."""
        assert process.stdout is not None
        fd = process.stdout.fileno()  # read with os.read: a buffered readline could take two
        deadline = time.monotonic() + timeout  # lines, and select would not see the second
        while b"\n" not in self._unread:
            ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                self._ended()
                return "hung"
            chunk = os.read(fd, 4096)
            if not chunk:
                return exit_reason(process)
            self._unread += chunk
        line, _, self._unread = self._unread.partition(b"\n")
        return line.decode("ascii", "replace").strip()

    def _died(self, how: str) -> None:
        """The player died: log it, and start another next time (or give up, raising)."""
        self._ended()
        self._crashes += 1
        log.warning("sound player %s; a new one starts", how)
        if self._crashes >= CRASHES_IN_A_ROW:
            raise BackendError(f"the sound player died {self._crashes} times in a row")

    def _ended(self) -> None:
        """End the player process, if one runs, and forget it."""
        with self._lock:
            process, self._process = self._process, None
        if process is None:
            return
        if process.poll() is None:
            process.kill()
        process.wait()
        for pipe in (process.stdin, process.stdout):
            if pipe is not None:
                with contextlib.suppress(OSError):
                    pipe.close()


def exit_reason(process: subprocess.Popen[bytes]) -> str:
    """How a player process ended: ``killed by SIGSEGV``, ``exited with status 1``."""
    try:
        code = process.wait(timeout=1.0)
    except subprocess.TimeoutExpired:
        return "closed its pipe"
    if code < 0:
        with contextlib.suppress(ValueError):
            return f"killed by {signal.Signals(-code).name}"
    return f"exited with status {code}"


def _log_lines(process: subprocess.Popen[bytes]) -> None:
    """Write what the player says on its standard error to the log, until it ends."""
    assert process.stderr is not None
    with process.stderr as lines:
        for line in lines:
            text = line.decode("utf-8", "replace").rstrip()
            if text:
                log.warning("sound player: %s", text)


class BellBackend:
    """Rings the terminal bell for every cue."""

    name = "bell"

    def __init__(self, bell: Callable[[], None]) -> None:
        self._bell = bell

    def play(self, clip: Clip) -> None:
        try:
            self._bell()
        except Exception as error:
            raise BackendError(str(error)) from error

    def stop(self) -> None:
        pass


class Sounds:
    """The cue sounds of one folder, each read once and made once at each volume asked for.

    Every player of the process shares them (:func:`sounds_in`): a player is made for each
    session, and one that read and scaled every sound again left the process larger after
    each session (the memory allocator keeps part of what such large short-lived buffers
    used; see docs/performance.md). Safe to use from several players' threads at once.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._lock = threading.Lock()
        self._read: dict[Cue, Clip] = {}
        self._at_volume: dict[tuple[Cue, float], Clip] = {}  # a few volumes in a sitting

    def clip(self, cue: Cue, volume: float) -> Clip:
        """``cue``'s sound at ``volume`` (0..1). Raises what reading the file raises
        (``OSError``, ``EOFError``, ``wave.Error``), and again at the next call."""
        with self._lock:
            clip = self._read.get(cue)
            if clip is None:
                with wave.open(str(self.folder / f"{cue.value}.wav"), "rb") as wav:
                    frames = wav.readframes(wav.getnframes())
                    clip = Clip(
                        cue, frames, wav.getnchannels(), wav.getsampwidth(), wav.getframerate()
                    )
                self._read[cue] = clip
            if volume == 1.0 or clip.sample_width != 2:
                return clip
            quieter = self._at_volume.get((cue, volume))
            if quieter is None:
                quieter = Clip(
                    cue, scaled(clip.frames, volume), clip.channels, clip.sample_width, clip.rate
                )
                self._at_volume[cue, volume] = quieter
            return quieter


@functools.cache
def sounds_in(folder: Path) -> Sounds:
    """The process's one :class:`Sounds` for ``folder``."""
    return Sounds(folder)


class QueuedPlayer:
    """A :class:`CuePlayer` over a list of backends, tried in order, on one worker thread.

    ``backends`` may be a function that finds them: it then runs on the worker thread (imports,
    loading libraries), never on the caller's.
    """

    def __init__(
        self,
        backends: list[Backend] | Callable[[], list[Backend]],
        sounds: Path,
        *,
        volume: float = 1.0,
        muted: bool = False,
        on_notice: Callable[[str], None] | None = None,
        max_delay: float = CUE_QUEUE_LIMIT,
        wanted: str = ORDER[0],
    ) -> None:
        self.volume = volume
        self.muted = muted
        self.max_delay = max_delay
        self._find = backends if callable(backends) else (lambda: list(backends))
        self._backends: list[Backend] = []
        self._ready = threading.Event()  # set once the backends are found and the clips made
        self._on_notice = on_notice
        self._noticed = False
        self._heard = False  # a sound player has played a cue (a device that then goes is "gone")
        self._wanted = wanted  # the backend the order started at
        self._shortfall: str | None = None  # said at the first cue: see shortfall()
        self._sounds = sounds_in(sounds)  # read once in the process, shared by every player
        self._queue: queue.SimpleQueue[tuple[Cue, float] | None] = queue.SimpleQueue()
        self._pending = 0  # cues queued or playing; read by wait_idle()
        self._idle = threading.Condition()
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="cue-player", daemon=True)
        self._thread.start()

    @property
    def name(self) -> str:
        """The backend in use (waits for the worker to have found them, at most 5 s)."""
        self._ready.wait(timeout=5.0)
        return self._backends[0].name if self._backends else "silent"

    def play(self, cue: Cue) -> None:
        """Queue ``cue`` and return at once."""
        if self.muted or self._closed:
            return
        with self._idle:
            self._pending += 1
        self._queue.put((cue, time.monotonic()))

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Block until every queued cue has been played (for tests and scripts, not the UI)."""
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout)

    def close(self) -> None:
        """Stop the sound playing now, drop queued cues and end the worker thread."""
        if self._closed:
            return
        self._closed = True
        self._queue.put(None)
        if self._backends:
            self._backends[0].stop()
        self._thread.join(timeout=1.0)

    def _run(self) -> None:
        try:
            self._backends = self._find()
            self._shortfall = shortfall(self._wanted, [backend.name for backend in self._backends])
            self._prepare()
        finally:
            self._ready.set()
        while (item := self._queue.get()) is not None:
            cue, queued_at = item
            try:
                late = time.monotonic() - queued_at > self.max_delay
                silent = self.muted or self._closed or self.volume <= 0
                if not silent and self._shortfall is not None:
                    self._notice(self._shortfall)
                if not (late or silent or not self._backends):
                    self._play(cue)
            finally:
                with self._idle:
                    self._pending -= 1
                    self._idle.notify_all()

    def _play(self, cue: Cue) -> None:
        try:
            clip = self._clip(cue)
        except (OSError, EOFError, wave.Error) as error:
            self._notice(f"The sound for {cue.value!r} could not be read ({error}).")
            return
        failed = False
        while self._backends:
            backend = self._backends[0]
            try:
                backend.play(clip)
            except CueLost:  # logged by the backend, which plays the next cue
                break
            except Exception as error:  # a BackendError, or a bug in a backend: the next one
                log.warning("sound: %s could not play (%s)", backend.name, error)
                failed = True
                self._backends.pop(0)
            else:
                self._heard = self._heard or backend.name != "bell"
                break
        if failed and self.name in ("bell", "silent"):
            self._notice(no_device(heard=self._heard, then=self.name))

    def _prepare(self) -> None:
        """Make every cue's sound at the current volume now, not at its first play."""
        if not self._backends or self._backends[0].name == "bell":
            return
        prepare = getattr(self._backends[0], "prepare", None)
        for cue in Cue:
            with contextlib.suppress(OSError, EOFError, wave.Error):  # reported when played
                clip = self._clip(cue)
                if prepare is not None:
                    prepare(clip)

    def _clip(self, cue: Cue) -> Clip:
        """The cue's sound at the current volume."""
        return self._sounds.clip(cue, max(0.0, min(1.0, self.volume)))

    def _notice(self, sentence: str) -> None:
        log.warning("sound: %s", sentence)
        if self._noticed or self._on_notice is None:
            return
        self._noticed = True
        with contextlib.suppress(Exception):
            self._on_notice(sentence)


def no_device(*, heard: bool, then: str) -> str:
    """What to tell a person when the sound players failed and the cues now go to ``then``
    (``bell`` or ``silent``): a device that played earlier in the session stopped working,
    else none was found."""
    what = "The sound device stopped working" if heard else "No sound device found"
    return f"{what}: cues will {'use the terminal bell' if then == 'bell' else 'be silent'}."


def shortfall(wanted: str, found: list[str]) -> str | None:
    """What to tell a person whose machine has less than ``wanted`` (the backend the order
    starts at), given the backends ``found``, best first; None when nothing is missing.

    The bell and silence need no word when they were asked for; a sound player other than the
    one asked for (``STRETCHTIMER_AUDIO=aplay``, no ``aplay``) does.
    """
    best = found[0] if found else "silent"
    if best == wanted:
        return None
    then = {"bell": "use the terminal bell", "silent": "be silent"}.get(
        best, f"play through {best}"
    )
    if wanted != ORDER[0]:
        return f"{wanted} was not found: cues will {then}."
    if best in ("bell", "silent"):
        return f"No sound player found: cues will {then}."
    return None


def import_simpleaudio() -> ModuleType | None:
    """simpleaudio, or None when it is not installed (or its C part does not load)."""
    try:
        import simpleaudio
    except ImportError:
        return None
    return simpleaudio


def _has_simpleaudio() -> bool:
    """Whether simpleaudio is installed (found, not loaded: it plays in the player process)."""
    return importlib.util.find_spec("simpleaudio") is not None


def _backends(bell: Callable[[], None] | None, start: str) -> list[Backend]:
    """Every backend this machine has, best first, beginning at ``start`` in :data:`ORDER`."""
    found: list[Backend] = []
    for name in ORDER[ORDER.index(start) :]:
        if name == "simpleaudio":
            if _has_simpleaudio():
                found.append(ContainedBackend())
        elif name in _COMMANDS:
            path = shutil.which(_COMMANDS[name][0])
            if path is not None:
                argv = [path, *_COMMANDS[name][1:]]
                if name in _PIPED:
                    found.append(PipedCommandBackend(name, [*argv, _PIPED[name]]))
                else:
                    found.append(CommandBackend(name, argv))
        elif name == "bell" and bell is not None:
            found.append(BellBackend(bell))
    return found


def make_player(
    sounds: Path | None = None,
    *,
    volume: float = 1.0,
    muted: bool = False,
    bell: Callable[[], None] | None = None,
    on_notice: Callable[[str], None] | None = None,
    prefer: str | None = None,
) -> CuePlayer:
    """The best cue player this machine has (see the module docstring for the order)."""
    start = prefer or os.environ.get("STRETCHTIMER_AUDIO", "").strip().lower() or ORDER[0]
    if start not in ORDER:
        if prefer is not None:
            raise ValueError(f"unknown audio backend {prefer!r}; choose from {', '.join(ORDER)}")
        start = ORDER[0]  # a mistyped environment variable must not stop the app
    return QueuedPlayer(
        lambda: _backends(bell, start),
        sounds or sounds_dir(),
        volume=volume,
        muted=muted,
        on_notice=on_notice,
        wanted=start,
    )
