"""Start-up, quitting and peak memory: the real command against the minimal Textual app.

Each round launches every screen of :data:`SCREENS` once, each followed by the reference
(``bench/reference/minimal.py``: Header, a Static, Footer), A B A B ..., for twice as many
rounds as the other scenarios' pairs: launches are the noisiest thing measured here, and a
ratio is the median of the pairs' own ratios. The first frame is the first
synchronized-output frame that shows the screen's text; exit time runs from ctrl+q to the
process's exit; peak RSS is VmHWM after a short settle.

Each screen keeps one sandbox for all its rounds, as a person keeps one home: the app's
files are unchanged from launch to launch, so what it made of them at the first launch is
kept (``adapters/cache.py``) and every measured launch but the "first launch" rows finds it.
Those rows empty the cache folder before each launch: the first launch after installing the
app or changing a routine.

A screen with a goal is also drawn by a third launch in each round: the minimal app showing
the text that screen showed on its first frame (``bench/reference/text.py``). Against the
minimal app it says what drawing that much text costs Textual by itself; against it the
app's own cost is what remains: its imports, its widgets, its styles.

To measure a new screen, add one line to :data:`SCREENS`.
"""

from __future__ import annotations

import contextlib
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from bench.drive import Launch, app_command, env_for, launch_and_quit, reference_command
from bench.env import Sandbox, sandbox
from bench.registry import Figure, Options, ratio_at_most, ref_plus, scenario
from bench.stats import median

REFERENCE_READY = "Reference ready"  # bench/reference/minimal.py
ROUTINE = "startup"  # the user's routine the sandboxes hold
SETTLED = 2.1  # seconds after which the cache keeps what is made of a file (adapters/cache.py)


@dataclass(frozen=True)
class Screen:
    """A screen the app can open at launch: how to get there and the text that shows it."""

    name: str
    args: tuple[str, ...]  # stretchtimer ARGS
    ready: str
    screened: bool = False  # store a passed screening first
    goal: float | None = 1.15  # at most this times the minimal app's first frame
    cold: bool = False  # empty the cache folder before every launch
    untuned: bool = False  # with STRETCHTIMER_NO_TUNING=1: what stretchtimer/tuning.py buys


SCREENS = [
    Screen("home screen", (), "Walk break"),
    Screen("screening screen", ("run", ROUTINE), "red-flag check"),
    # a pass on record: the first frame is the pain check-in before the session
    Screen("run screen", ("run", ROUTINE), "Pain now, 0-10", screened=True, goal=None),
    Screen("home screen, untuned", (), "Walk break", goal=None, untuned=True),
    Screen("home screen, first launch", (), "Walk break", goal=None, cold=True),
    Screen(
        "screening screen, first launch", ("run", ROUTINE), "red-flag check", goal=None, cold=True
    ),
]


def write_routine(sb: Sandbox) -> None:
    """The user's routine :data:`ROUTINE` that ``run ROUTINE`` launches."""
    sb.write_routine(ROUTINE, [{"exercise": "plank", "hold": 30, "reps": 1}], prepare=1)


def _prepared(sb: Sandbox, screen: Screen) -> Sandbox:
    """``sb`` with the routine written (and the screening passed if the screen needs it)."""
    write_routine(sb)
    if screen.screened:
        sb.pass_screening()
    return sb


def _text_file(sb: Sandbox) -> Path:
    """Where a sandbox keeps the text its screen showed, for ``bench/reference/text.py``."""
    return sb.root / "first-frame.txt"


def _keep_text(sb: Sandbox, launch: Launch) -> None:
    """Keep the text between the header and the footer of ``launch``'s first frame."""
    lines = [line.rstrip() for line in launch.text.splitlines() if line.strip()]
    _text_file(sb).write_text("\n".join(lines[1:-1]), encoding="utf-8")


def _launch_text(options: Options, sb: Sandbox, screen: Screen) -> Launch:
    """The minimal app drawing the text ``screen`` showed (kept in ``sb`` by _keep_text)."""
    command = reference_command("text", str(_text_file(sb)))
    return launch_and_quit(command, env_for(sb, options), screen.ready)


def _launch(options: Options, sb: Sandbox, screen: Screen | None) -> Launch:
    untuned = screen is not None and screen.untuned
    env = env_for(sb, options, **({"STRETCHTIMER_NO_TUNING": "1"} if untuned else {}))
    if screen is None:
        return launch_and_quit(reference_command("minimal"), env, REFERENCE_READY)
    if screen.cold:
        shutil.rmtree(sb.cache, ignore_errors=True)
    # The run screen settles past its first cue (1 s in): the sound device is open.
    running = screen.name == "run screen"
    settle = 1.6 if running else 1.0
    return launch_and_quit(app_command(*screen.args), env, screen.ready, settle, in_session=running)


@scenario("startup", "first frame, exit time and peak RSS vs a minimal Textual app", minutes=5.3)
def startup(options: Options) -> list[Figure]:
    """Launch every screen and the reference in turn, ``2 * options.runs`` rounds."""
    rounds = 2 * options.runs
    results: dict[str, list[tuple[Launch, Launch]]] = {s.name: [] for s in SCREENS}
    texts: dict[str, list[Launch]] = {s.name: [] for s in SCREENS if s.goal}
    with contextlib.ExitStack() as stack:
        homes = {s.name: _prepared(stack.enter_context(sandbox()), s) for s in SCREENS}
        reference_home = stack.enter_context(sandbox())
        time.sleep(SETTLED)  # the routine files old enough to be kept
        for screen in SCREENS:  # a first launch each, which keeps what it made
            first = _launch(options, homes[screen.name], screen)
            if screen.name in texts:
                _keep_text(homes[screen.name], first)
        for round_ in range(rounds):
            for screen in SCREENS:
                app = _launch(options, homes[screen.name], screen)
                ref = _launch(options, reference_home, None)
                results[screen.name].append((app, ref))
                if screen.name in texts:
                    texts[screen.name].append(_launch_text(options, homes[screen.name], screen))
                options.log(
                    f"startup {round_ + 1}/{rounds} {screen.name}: "
                    f"{app.first_frame * 1000:.0f} ms vs {ref.first_frame * 1000:.0f} ms"
                )
    figures = [_first_frame(screen, results[screen.name]) for screen in SCREENS]
    for name, drawn in texts.items():
        figures += _text_cost(name, results[name], drawn)
    for name, goal in (("home screen", ref_plus(50, "ms")), ("home screen, untuned", None)):
        home = results[name]
        exits = [a.exit * 1000 for a, _ in home]
        figures.append(
            Figure(
                f"quit: {name}, ctrl+q to exit",
                median(exits),
                "ms",
                median([r.exit * 1000 for _, r in home]),
                goal,
                samples=tuple(exits),
            )
        )
    for name, label in (("home screen", "home screen"), ("run screen", "run screen, sound open")):
        pairs = results[name]
        figures.append(
            Figure(
                f"memory: peak RSS, {label}",
                median([a.peak_rss for a, _ in pairs]),
                "MB",
                median([r.peak_rss for _, r in pairs]),
                ratio_at_most(1.2),
                pair_ratios=tuple(a.peak_rss / r.peak_rss for a, r in pairs),
            )
        )
    return figures


def _first_frame(screen: Screen, pairs: list[tuple[Launch, Launch]]) -> Figure:
    first = [a.first_frame * 1000 for a, _ in pairs]
    return Figure(
        f"start-up: {screen.name}, launch to first frame",
        median(first),
        "ms",
        median([r.first_frame * 1000 for _, r in pairs]),
        ratio_at_most(screen.goal) if screen.goal else None,
        samples=tuple(first),
        pair_ratios=tuple(a.first_frame / r.first_frame for a, r in pairs),
    )


def _text_cost(name: str, pairs: list[tuple[Launch, Launch]], texts: list[Launch]) -> list[Figure]:
    """What a screen's text costs the minimal app, and what the app adds to that."""
    rounds = list(zip(pairs, texts, strict=True))
    drawn = [t.first_frame * 1000 for t in texts]
    return [
        Figure(
            f"start-up: {name}'s text drawn by the minimal app",
            median(drawn),
            "ms",
            median([r.first_frame * 1000 for _, r in pairs]),
            note="ref: the minimal app; what drawing that much text costs Textual",
            samples=tuple(drawn),
            pair_ratios=tuple(t.first_frame / r.first_frame for (_, r), t in rounds),
        ),
        Figure(
            f"start-up: {name} against its text drawn by the minimal app",
            median([a.first_frame * 1000 for a, _ in pairs]),
            "ms",
            median(drawn),
            note="what the app adds: imports, widgets, styles",
            pair_ratios=tuple(a.first_frame / t.first_frame for (a, _), t in rounds),
        ),
    ]
