"""The benchmarks' surroundings: a throw-away home, routines of short phases, a busy core.

Every run gets its own config and data folders (``XDG_CONFIG_HOME``, ``XDG_DATA_HOME``) in a
temporary directory, never the user's. Sound goes through ALSA into files, as
``/work/shared/tools/alsa-capture`` does, so the real players run on a machine with no card.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from stretchtimer.core.timeline import Timeline

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
PYTHON = sys.executable  # the venv's interpreter: the harness runs in it
STRETCHTIMER = str(Path(PYTHON).parent / "stretchtimer")
REFERENCE = BENCH / "reference"
ALSA_BASE = Path("/usr/share/alsa/alsa.conf")

# Exercises of the built-in library, used in turn by the generated routines.
EXERCISES = ("knee-to-chest", "pelvic-tilt", "cat-cow", "bridge", "hamstring-stretch", "plank")


@dataclass
class Sandbox:
    """A temporary home for one benchmark: config, data, routines and captured sound."""

    root: Path
    audio: str = "simpleaudio"  # STRETCHTIMER_AUDIO; sound is captured into files
    extra_env: dict[str, str] = field(default_factory=dict)

    @property
    def config(self) -> Path:
        return self.root / "config"

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def cache(self) -> Path:
        return self.root / "cache"

    @property
    def routines(self) -> Path:
        """The user's routines folder, where ``write_routine`` puts its files."""
        return self.config / "stretchtimer" / "routines"

    @property
    def sound_dir(self) -> Path:
        return self.root / "sound"

    @property
    def screening_file(self) -> Path:
        """Where the app keeps the last red-flag screening (``pass_screening`` writes it)."""
        return self.data / "stretchtimer" / "screening.json"

    def env(self, **extra: str) -> dict[str, str]:
        """The environment for a command run in this sandbox."""
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TMUX", "TEXTUAL"))}
        env.update(
            HOME=str(self.root),
            XDG_CONFIG_HOME=str(self.config),
            XDG_DATA_HOME=str(self.data),
            XDG_CACHE_HOME=str(self.cache),
            TERM="xterm-256color",
            COLORTERM="truecolor",
            LANG="C.UTF-8",
            STRETCHTIMER_AUDIO=self.audio,
        )
        if ALSA_BASE.exists():
            env["ALSA_CONFIG_PATH"] = f"{ALSA_BASE}:{self._alsa_conf()}"
        env.update(self.extra_env)
        env.update(extra)
        return env

    def _alsa_conf(self) -> Path:
        """ALSA's default output written to files in ``sound/`` (the null device, unclocked)."""
        conf = self.root / "alsa-capture.conf"
        if not conf.exists():
            self.sound_dir.mkdir(parents=True, exist_ok=True)
            conf.write_text(
                'pcm.!default {\n  type file\n  slave.pcm "null"\n'
                f'  file "{self.sound_dir / "play"}"\n  format "raw"\n  truncate false\n}}\n'
            )
        return conf

    def sounds_played(self) -> int:
        """How many sounds reached the (captured) sound device."""
        return len(list(self.sound_dir.glob("play*"))) if self.sound_dir.exists() else 0

    def pass_screening(self) -> None:
        """Store a passed red-flag screening for today, so ``run ROUTINE`` starts at once."""
        from stretchtimer.adapters.screening_file import ScreeningFile, load_screening_text
        from stretchtimer.core.screening import Screening

        screening = Screening(load_screening_text())
        for question in screening.unanswered:
            screening.answer(question.id, False)
        store = ScreeningFile(self.screening_file)
        store.save(screening.record(datetime.now().astimezone()))

    def write_settings(self, **values: Any) -> None:
        """The user's settings file with ``values`` (the rest stay at their defaults)."""
        path = self.config / "stretchtimer" / "settings.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(values, sort_keys=False))

    def write_routine(self, name: str, steps: list[dict[str, Any]], **defaults: Any) -> Path:
        """A routine ``name`` of ``steps`` (durations in whole seconds), one of the user's own.

        It goes in the user's routines folder, so the app runs it by its id, as a person does
        (``stretchtimer run NAME``); the path returned is its file.
        """
        path = self.routines / f"{name}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        routine = {"version": 1, "name": name.replace("-", " ").capitalize(), "steps": steps}
        if defaults:
            routine["defaults"] = defaults
        path.write_text(yaml.safe_dump(routine, sort_keys=False))
        return path

    def short_phases(self, name: str, seconds: float) -> Path:
        """A routine of short phases (1 to 4 s, every kind, with cues) lasting >= ``seconds``.

        Steps cycle through the exercises with holds of 2, 3 and 4 s, two reps on both sides,
        so every kind of phase and cue comes up, and the banner changes at every boundary.
        """
        per_step = (
            1 + 2 * (2 * 3 + 1) + 1 + 1
        )  # prepare, 2 sides x (2 holds + rest), switch, transition
        steps = []
        total = 0
        i = 0
        while total < seconds + 1:  # the last step has no transition
            hold = 2 + i % 3
            steps.append(
                {
                    "exercise": EXERCISES[i % len(EXERCISES)],
                    "hold": hold,
                    "reps": 2,
                    "sides": "both",
                }
            )
            total += per_step + 4 * (hold - 3)
            i += 1
        return self.write_routine(
            name, steps, prepare=1, rest=1, switch=1, transition=1, hold=3, reps=2
        )


@contextlib.contextmanager
def sandbox(audio: str = "simpleaudio", **extra_env: str) -> Iterator[Sandbox]:
    """A fresh :class:`Sandbox`, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="stretchtimer-bench-") as root:
        yield Sandbox(Path(root), audio=audio, extra_env=dict(extra_env))


@contextlib.contextmanager
def busy_core(enabled: bool = True) -> Iterator[None]:
    """Keep one core fully busy (a spinning process) for the duration of the block."""
    if not enabled:
        yield
        return
    spinner = subprocess.Popen(
        [PYTHON, "-c", "while True: pass"], stdin=subprocess.DEVNULL, start_new_session=True
    )
    try:
        yield
    finally:
        spinner.send_signal(signal.SIGKILL)
        spinner.wait()


def timeline_of(path: Path, countdown: int = 3) -> Timeline:
    """The compiled timeline of a routine file, as the app will run it (default settings)."""
    from stretchtimer.adapters.routine_files import load_catalog, load_routine
    from stretchtimer.core.timeline import compile_timeline

    exercises = load_catalog(user_dir=path.parent / "no-user-routines").exercises
    routine = load_routine(path, exercises)
    return compile_timeline(routine, countdown=countdown)
