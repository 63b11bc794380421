"""Generate the cue sounds: one short WAV per cue (16-bit mono, 44100 Hz) in ``sounds/``.

    python scripts/make_sounds.py [OUT_DIR]

Each cue has its own shape, so that someone lying on the floor with eyes closed can tell them
apart: a soft bell for a hold, a short high tick for the countdown, a double blip at halfway,
a high-low "ding-dong" to switch sides, a slow low fall to rest, a rising pair when an exercise
ends and a three-note chime when the routine is done. Uses the standard library only; the
output is the same bytes on every run.
"""

from __future__ import annotations

import math
import struct
import sys
import wave
from pathlib import Path

RATE = 44100
PEAK = 0.5  # of full scale: leaves headroom and keeps every cue about as loud
FADE_IN = 0.005  # seconds; a short ramp at both ends avoids clicks
FADE_OUT = 0.015


def tone(
    freq: float, seconds: float, *, to_freq: float | None = None, decay: float = 0.0
) -> list[float]:
    """A tone (a sine plus a quieter octave, for a bell-like colour), optionally gliding to
    ``to_freq`` and dying away exponentially (``decay`` per second), faded in and out."""
    count = round(seconds * RATE)
    end = freq if to_freq is None else to_freq
    samples = []
    phase = 0.0
    for i in range(count):
        t = i / RATE
        f = freq + (end - freq) * i / count
        phase += 2 * math.pi * f / RATE
        value = math.sin(phase) + 0.3 * math.sin(2 * phase)
        value *= math.exp(-decay * t) * min(1.0, t / FADE_IN, (count - i) / (FADE_OUT * RATE))
        samples.append(value / 1.3)
    return samples


def silence(seconds: float) -> list[float]:
    """A gap between notes."""
    return [0.0] * round(seconds * RATE)


def overlay(*parts: tuple[float, list[float]]) -> list[float]:
    """Mix notes that start at the given offsets (seconds), letting each ring on."""
    length = max(round(start * RATE) + len(notes) for start, notes in parts)
    mix = [0.0] * length
    for start, notes in parts:
        first = round(start * RATE)
        for i, value in enumerate(notes):
            mix[first + i] += value
    top = max(abs(v) for v in mix)
    return [v / top for v in mix] if top > 1.0 else mix


SOUNDS: dict[str, list[float]] = {
    # A hold starts: one soft mid bell.
    "hold": tone(660, 0.30, decay=6),
    # The last seconds of a hold: a short, high tick.
    "countdown": tone(1760, 0.05, decay=20),
    # Halfway through a long hold: two quick blips.
    "halfway": tone(988, 0.08) + silence(0.06) + tone(988, 0.08),
    # Switch sides: high then low, like a "ding-dong".
    "switch": tone(784, 0.15, decay=4) + tone(587, 0.22, decay=6),
    # Rest: a slow, low glide downwards.
    "rest": tone(440, 0.38, to_freq=294, decay=2),
    # The last hold of an exercise ends: a rising pair.
    "exercise-end": tone(523, 0.12) + silence(0.04) + tone(784, 0.22, decay=5),
    # The routine is done: a three-note chime, C-E-G, each ringing on.
    "routine-end": overlay(
        (0.0, tone(523, 0.5, decay=5)),
        (0.18, tone(659, 0.5, decay=5)),
        (0.36, tone(784, 0.5, decay=5)),
    ),
}


def write_wav(path: Path, samples: list[float]) -> None:
    """Write ``samples`` (-1..1) as a 16-bit mono WAV at ``RATE``."""
    frames = b"".join(struct.pack("<h", round(v * PEAK * 32767)) for v in samples)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(frames)


def main(argv: list[str]) -> None:
    """Write every cue sound into the folder given, or the checkout's ``sounds/``."""
    out = Path(argv[0]) if argv else Path(__file__).resolve().parent.parent / "sounds"
    out.mkdir(parents=True, exist_ok=True)
    for name, samples in SOUNDS.items():
        write_wav(out / f"{name}.wav", samples)
        print(f"{out / name}.wav  {len(samples) / RATE:.2f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
