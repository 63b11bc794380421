"""The cue sounds: one short WAV per cue, easy to tell apart, made by a deterministic script."""

from __future__ import annotations

import itertools
import subprocess
import sys
import wave
from array import array
from pathlib import Path

import pytest

from stretchtimer.core.cues import Cue
from stretchtimer.paths import sounds_dir
from tests.support import REPO

SCRIPT = REPO / "scripts" / "make_sounds.py"
RATE = 44100


def samples(cue: Cue) -> array[int]:
    with wave.open(str(sounds_dir() / f"{cue.value}.wav"), "rb") as wav:
        frames = wav.readframes(wav.getnframes())
    values = array("h", frames)
    if sys.byteorder == "big":
        values.byteswap()
    return values


def signature(values: array[int]) -> tuple[float, list[float]]:
    """Duration in seconds and the pitch (Hz, from zero crossings) in each quarter of it."""
    quarter = len(values) // 4
    pitches = []
    for start in range(0, 4 * quarter, quarter):
        part = values[start : start + quarter]
        crossings = sum(1 for a, b in itertools.pairwise(part) if (a < 0) != (b < 0))
        pitches.append(crossings / 2 / (quarter / RATE))
    return len(values) / RATE, pitches


def test_every_cue_has_exactly_one_sound() -> None:
    assert {path.stem for path in sounds_dir().glob("*.wav")} == {cue.value for cue in Cue}


@pytest.mark.parametrize("cue", list(Cue))
def test_sound_format_and_length(cue: Cue) -> None:
    with wave.open(str(sounds_dir() / f"{cue.value}.wav"), "rb") as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, RATE)
        seconds = wav.getnframes() / RATE
    assert 0.03 <= seconds <= (0.9 if cue is Cue.ROUTINE_END else 0.4)


@pytest.mark.parametrize("cue", list(Cue))
def test_sound_is_clearly_audible_without_clipping_or_clicks(cue: Cue) -> None:
    values = samples(cue)
    peak = max(abs(v) for v in values)
    assert 0.3 * 32767 < peak < 0.95 * 32767
    assert abs(values[0]) < 300 and abs(values[-1]) < 300  # faded in and out


def test_sounds_can_be_told_apart() -> None:
    """Every pair differs in length by 50 ms or in pitch by 15% somewhere along the sound."""
    signatures = {cue: signature(samples(cue)) for cue in Cue}
    for a, b in itertools.combinations(Cue, 2):
        (length_a, pitch_a), (length_b, pitch_b) = signatures[a], signatures[b]
        differs_in_pitch = any(
            max(x, y) > 1.15 * min(x, y) for x, y in zip(pitch_a, pitch_b, strict=True)
        )
        assert abs(length_a - length_b) >= 0.05 or differs_in_pitch, (a, b)


def test_script_reproduces_the_committed_sounds(tmp_path: Path) -> None:
    subprocess.run([sys.executable, str(SCRIPT), str(tmp_path)], check=True, capture_output=True)
    made = sorted(path.name for path in tmp_path.iterdir())
    assert made == sorted(f"{cue.value}.wav" for cue in Cue)
    for name in made:
        assert (tmp_path / name).read_bytes() == (sounds_dir() / name).read_bytes(), name
