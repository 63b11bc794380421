"""Start-up, quitting and peak memory: the real command against the minimal Textual app.

Each round launches every screen of :data:`SCREENS` once, each followed by the reference
(``bench/reference/minimal.py``: Header, a Static, Footer), A B A B ... The first frame is
the first synchronized-output frame that shows the screen's text; exit time runs from
ctrl+q to the process's exit; peak RSS is VmHWM after a short settle.

To measure a new screen, add one line to :data:`SCREENS`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.drive import Launch, app_command, env_for, launch_and_quit, reference_command
from bench.env import Sandbox, sandbox
from bench.registry import Figure, Options, ratio_at_most, ref_plus, scenario
from bench.stats import median

REFERENCE_READY = "Reference ready"  # bench/reference/minimal.py


@dataclass(frozen=True)
class Screen:
    """A screen the app can open at launch: how to get there and the text that shows it."""

    name: str
    command: Callable[[Sandbox, Path], list[str]]  # (sandbox, a routine file) -> argv
    ready: str
    screened: bool = False  # store a passed screening first
    goal: float | None = 1.15  # at most this times the minimal app's first frame


SCREENS = [
    Screen("home", lambda sb, routine: app_command(), "Walk break"),
    Screen("screening", lambda sb, routine: app_command("run", str(routine)), "red-flag check"),
    Screen("run", lambda sb, routine: app_command("run", str(routine)), "GET READY", True, None),
]


def _launch(options: Options, screen: Screen | None) -> Launch:
    with sandbox() as sb:
        routine = sb.write_routine(
            "startup", [{"exercise": "plank", "hold": 30, "reps": 1}], prepare=1
        )
        env = env_for(sb, options)
        if screen is None:
            return launch_and_quit(reference_command("minimal"), env, REFERENCE_READY)
        if screen.screened:
            sb.pass_screening()
        # The run screen settles past its first cue (1 s in): the sound device is open.
        settle = 1.6 if screen.name == "run" else 1.0
        return launch_and_quit(screen.command(sb, routine), env, screen.ready, settle)


@scenario("startup", "first frame, exit time and peak RSS vs a minimal Textual app", minutes=2.0)
def startup(options: Options) -> list[Figure]:
    """Launch every screen and the reference in turn, ``options.runs`` rounds."""
    results: dict[str, list[tuple[Launch, Launch]]] = {s.name: [] for s in SCREENS}
    for round_ in range(options.runs):
        for screen in SCREENS:
            app = _launch(options, screen)
            ref = _launch(options, None)
            results[screen.name].append((app, ref))
            options.log(
                f"startup {round_ + 1}/{options.runs} {screen.name}: "
                f"{app.first_frame * 1000:.0f} ms vs {ref.first_frame * 1000:.0f} ms"
            )
    figures: list[Figure] = []
    for screen in SCREENS:
        pairs = results[screen.name]
        first = [a.first_frame * 1000 for a, _ in pairs]
        first_ref = [r.first_frame * 1000 for _, r in pairs]
        figures.append(
            Figure(
                f"start-up: {screen.name} screen, launch to first frame",
                median(first),
                "ms",
                median(first_ref),
                ratio_at_most(screen.goal) if screen.goal else None,
                samples=tuple(first),
            )
        )
    home = results[SCREENS[0].name]
    exits = [a.exit * 1000 for a, _ in home]
    figures.append(
        Figure(
            "quit: home screen, ctrl+q to exit",
            median(exits),
            "ms",
            median([r.exit * 1000 for _, r in home]),
            ref_plus(50, "ms"),
            samples=tuple(exits),
        )
    )
    for name, label in (("home", "home screen"), ("run", "run screen, sound open")):
        pairs = results[name]
        figures.append(
            Figure(
                f"memory: peak RSS, {label}",
                median([a.peak_rss for a, _ in pairs]),
                "MB",
                median([r.peak_rss for _, r in pairs]),
                ratio_at_most(1.2),
            )
        )
    return figures
