"""The sound player process: plays cues through simpleaudio, apart from the app.

simpleaudio has open reports of segmentation faults; played in here, one kills only this
process, and the app (``audio.ContainedBackend``) starts another at the next cue. Started with
``python -m stretchtimer.adapters.sound_process``, in a session of its own (so the terminal's
Ctrl+C and hang-up reach only the app, which closes it); it ends when its standard input does.

The protocol, on its standard input and output, one ASCII line per message:

- it says ``ready`` once simpleaudio is loaded, or ``error REASON`` and exits;
- ``load CUE CHANNELS SAMPLE_WIDTH RATE LENGTH``, then LENGTH bytes of frames: keep a sound
  (no answer);
- ``play CUE``: answer ``playing`` at once, then ``done`` when it has played, or ``error
  REASON`` (no device, a device another program holds).

Whatever it writes on standard error (libasound's messages among them) goes to the app's log,
never to the terminal.
"""

from __future__ import annotations

import sys
from typing import BinaryIO

from stretchtimer.adapters.audio import BackendError, Clip, SimpleaudioBackend, import_simpleaudio
from stretchtimer.core.cues import Cue


def serve(commands: BinaryIO, answers: BinaryIO) -> int:
    """Answer the app's messages until its pipe closes; the exit status."""

    def say(line: str) -> None:
        answers.write(line.encode("ascii", "replace") + b"\n")
        answers.flush()

    module = import_simpleaudio()
    if module is None:
        say("error simpleaudio is not installed")
        return 1
    backend = SimpleaudioBackend(module)
    clips: dict[str, Clip] = {}
    say("ready")
    while line := commands.readline():
        verb, *words = line.decode("ascii").split()
        if verb == "load":
            cue, channels, width, rate, length = words
            frames = commands.read(int(length))
            clips[cue] = Clip(Cue(cue), frames, int(channels), int(width), int(rate))
        elif verb == "play":
            say("playing")
            try:
                backend.play(clips[words[0]])
            except BackendError as error:
                say(f"error {' '.join(str(error).split()) or 'no sound device'}")
            else:
                say("done")
    return 0


def main() -> int:
    return serve(sys.stdin.buffer, sys.stdout.buffer)


if __name__ == "__main__":
    sys.exit(main())
