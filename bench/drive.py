"""Driving the real ``stretchtimer`` command (and the references) in the harness's terminal."""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.env import PYTHON, REFERENCE, STRETCHTIMER, Sandbox
from bench.inproc import crash_file
from bench.registry import Options
from bench.term import Frame, PtyProcess

QUIT = b"\x11"  # ctrl+q: the App's own quit binding, the same in the app and the references
QUIT_QUESTION = "Stop this session and quit?"  # what ctrl+q asks during a session
SESSION_STARTED = "GET READY"  # the run screen's banner as a session begins

# The run screen's banner: "HOLD · Knee-to-chest stretch" (see app/widgets/run_view.py).
_BANNER = re.compile(
    r"^\s*(GET READY|HOLD|MOVE|APPLY|REST|SWITCH SIDES|NEXT EXERCISE|PAUSED) · (.+?)\s*$",
    re.MULTILINE,
)
_DIGIT_GLYPHS = set("━┃┏┓┗┛╸╺╹╻┣┫┳┻╋╭╮╯╰─│╴╶╵╷├┤")


def env_for(sandbox: Sandbox, options: Options, **extra: str) -> dict[str, str]:
    """The sandbox's environment, running the app from ``options.pythonpath`` if given."""
    if options.pythonpath:  # absolute: the app may start in another folder
        entries = (str(Path(e).resolve()) for e in options.pythonpath.split(os.pathsep) if e)
        extra.setdefault("PYTHONPATH", os.pathsep.join(entries))
    return sandbox.env(**extra)


def app_command(*args: str) -> list[str]:
    """The real command: ``stretchtimer ARGS``."""
    return [STRETCHTIMER, *args]


def run_command(routine: Path, *args: str) -> list[str]:
    """``stretchtimer run ID ARGS`` for a routine written by ``Sandbox.write_routine``."""
    return app_command("run", routine.stem, *args)


def reference_command(name: str, *args: str) -> list[str]:
    """A reference app of ``bench/reference/``."""
    return [PYTHON, str(REFERENCE / f"{name}.py"), *args]


def banner(frame: Frame) -> str | None:
    """The run screen's phase banner drawn by this frame, if it draws it."""
    found = _BANNER.search(frame.text)
    return f"{found[1]} · {found[2]}" if found else None


def draws_countdown(frame: Frame) -> bool:
    """Whether the frame redraws a ``Digits`` countdown (its middle row holds the colon)."""
    return any(
        " : " in line and _DIGIT_GLYPHS.intersection(line) for line in frame.text.splitlines()
    )


@dataclass
class Launch:
    """One launch: when the first frame came, how long quitting took, the peak memory."""

    first_frame: float  # seconds from launch to the frame showing the expected text
    exit: float  # seconds from the quit key to the process's exit
    peak_rss: float  # MB, VmHWM just before quitting
    text: str = ""  # what that first frame showed, one drawn run per line


def quit_app(proc: PtyProcess, *, in_session: bool = False) -> float:
    """Press ctrl+q (and, ``in_session``, yes to the question it asks first); returns when
    the last key went out."""
    proc.send(QUIT)
    if in_session:
        if proc.wait_for_text(QUIT_QUESTION, timeout=10) is None:
            raise RuntimeError(f"ctrl+q did not ask {QUIT_QUESTION!r}")
        proc.send(b"y")
    return time.monotonic()


def launch_and_quit(
    argv: list[str],
    env: dict[str, str],
    ready: str,
    settle: float = 1.0,
    *,
    in_session: bool = False,
) -> Launch:
    """Launch ``argv``; time the first frame showing ``ready``; settle; quit; time the exit
    (from the last key: during a session, the yes to ctrl+q's question). ``in_session``:
    ``ready`` is the pain check-in before the session, skipped (enter) before settling in
    the session."""
    from bench.proc import peak_rss_mb

    with PtyProcess(argv, env, keep_frames=False) as proc:
        frame = proc.wait_for_text(ready, timeout=30)
        if frame is None:
            raise RuntimeError(f"{argv[-1]}: {ready!r} never appeared")
        if in_session:
            proc.send(b"\r")
            if proc.wait_for_text(SESSION_STARTED, timeout=10) is None:
                raise RuntimeError(f"{argv[-1]}: the session did not start after the check-in")
        proc.drain(settle)
        peak = peak_rss_mb(proc.pid)
        sent = quit_app(proc, in_session=in_session)
        exited = proc.wait_exit(10)
        if exited is None:
            raise RuntimeError(f"{argv[-1]}: did not exit within 10 s of ctrl+q")
        return Launch(frame.at - proc.launched, exited - sent, peak, frame.text)


@dataclass
class RunTrace:
    """What the terminal showed during a run screen session, with arrival times."""

    first: float | None = None  # the first run-screen frame
    countdowns: list[float] = field(default_factory=list)  # frames redrawing the countdown
    banners: list[tuple[float, str]] = field(default_factory=list)  # banner changes
    done: float | None = None  # the summary screen

    def watch(self, frame: Frame) -> None:
        """Feed one frame (use as ``PtyProcess.on_frame``)."""
        if self.done is not None:
            return
        if "routine complete" in frame.text or "Session stopped" in frame.text:
            self.done = frame.at
            return
        shown = banner(frame)
        if shown is not None:
            if self.first is None:
                self.first = frame.at
            if not self.banners or self.banners[-1][1] != shown:
                self.banners.append((frame.at, shown))
        fresh = not self.countdowns or frame.at - self.countdowns[-1] > 0.3
        if self.first is not None and fresh and draws_countdown(frame):
            self.countdowns.append(frame.at)


def _stacks(pid: int) -> str:
    """Every thread's stack of a process that hangs, when py-spy is installed (else nothing)."""
    import shutil
    import subprocess

    spy = shutil.which("py-spy") or shutil.which("py-spy", path=str(Path(PYTHON).parent))
    if spy is None:
        return ""
    dump = subprocess.run([spy, "dump", "-p", str(pid)], capture_output=True, text=True)
    return f"; its threads:\n{dump.stdout or dump.stderr}"


def settled(record: dict) -> float:
    """When an in-process session is past its start: the first second holds the run screen's
    own start-up (its first frame, the player made), measured by "startup", not here."""
    return record["start"] + 1.0


def run_inproc(
    options: Options, sandbox: Sandbox, routine: str, *args: str, timeout: float, **env: str
) -> dict:
    """Run ``bench/inproc.py`` on ``routine`` in the terminal; the record it wrote."""
    import json

    out = sandbox.root / "inproc.json"
    argv = [PYTHON, str(REFERENCE.parent / "inproc.py"), routine, str(out), *args]
    with PtyProcess(argv, env_for(sandbox, options, **env), keep_frames=False) as proc:
        if proc.wait_exit(timeout) is None:
            stacks = _stacks(proc.pid)
            raise RuntimeError(f"inproc.py {' '.join(args)}: no end within {timeout:.0f} s{stacks}")
        if proc.status != 0:
            tail = "".join(line for _, line in proc.lines[-10:])
            crash = crash_file(out)
            dump = crash.read_text() if crash.exists() else ""
            raise RuntimeError(f"inproc.py exited with {proc.status}: {dump or tail}")
    return json.loads(out.read_text())
