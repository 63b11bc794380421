"""Peak RSS on the paths people take, for several source trees side by side in one run.

``python -m bench.memory_paths --tree main=/tmp/main --tree fix=/tmp/fix [--rounds 3]``:
each round launches, for every tree in turn and then the references, home, a hold with a
pass on record, and a hold reached through the screening (``n`` to every question, then
Start), all at 100x30, and reads ``VmHWM``: home 1 s after it shows (as the "startup"
scenario), a hold 4 s after it starts (as the "cpu" scenario's, less its long window: the
peak is reached within the first seconds). Every launch of a path and tree keeps one
sandbox, as a person keeps one home, after two launches and waits long enough for the
start-up cache (``adapters/cache.py``) to keep what they made: the figures are those of a
later launch (``--cold``: an empty cache folder before each launch, a first launch). Each
tree is byte-compiled first, as the bench does. Medians per tree and path; the references
are the minimal app (home) and the Digits countdown (a hold), as in the bench's scenarios.
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import time
from collections.abc import Callable

from bench.drive import app_command, quit_app, reference_command
from bench.env import Sandbox, sandbox
from bench.proc import peak_rss_mb
from bench.run import compile_app
from bench.scenarios.cpu import _through_screening
from bench.scenarios.startup import ROUTINE, write_routine
from bench.stats import median
from bench.term import PtyProcess

HOLD_SETTLE = 4.0
HOME_SETTLE = 1.0
PATHS = ("home", "hold", "hold through the screening")


def _env(sb: Sandbox, tree: str | None) -> dict[str, str]:
    """``tree`` is PATH, or PATH;KEY=VALUE;... to run it with more in its environment."""
    path, *pairs = (tree or "").split(";")
    extra = dict(pair.split("=", 1) for pair in pairs)
    return sb.env(**({"PYTHONPATH": path} if path else {}), **extra)


def _peak(
    argv: list[str],
    env: dict[str, str],
    ready: Callable[[str], bool],
    settle: float,
    *,
    screening: bool = False,
    in_session: bool = False,
) -> float:
    with PtyProcess(argv, env, keep_frames=False) as proc:
        if screening:
            _through_screening(proc)
        if proc.wait_for(lambda frame: ready(frame.text), 30) is None:
            raise RuntimeError(f"{argv}: never ready")
        proc.drain(settle)
        peak = peak_rss_mb(proc.pid)
        quit_app(proc, in_session=in_session)
        proc.wait_exit(10)
    return peak


def _app(sb: Sandbox, tree: str | None, path: str, cold: bool) -> float:
    if cold:
        shutil.rmtree(sb.cache, ignore_errors=True)
    env = _env(sb, tree)
    if path == "home":
        return _peak(app_command(), env, lambda t: "Walk break" in t, HOME_SETTLE)
    if path == "hold":
        sb.pass_screening()
    else:
        sb.screening_file.unlink(missing_ok=True)
    return _peak(
        app_command("run", ROUTINE),
        env,
        lambda t: "HOLD · Plank" in t,
        HOLD_SETTLE,
        screening=path != "hold",
        in_session=True,
    )


def _reference(sb: Sandbox, path: str) -> float:
    env = sb.env()
    if path == "home":
        return _peak(reference_command("minimal"), env, lambda t: "Reference ready" in t, 1.0)
    from bench.drive import draws_countdown
    from bench.term import Frame  # noqa: F401

    with PtyProcess(reference_command("countdown", "300"), env, keep_frames=False) as proc:
        if proc.wait_for(draws_countdown, 30) is None:
            raise RuntimeError("countdown never drawn")
        proc.drain(HOLD_SETTLE)
        peak = peak_rss_mb(proc.pid)
        quit_app(proc)
        proc.wait_exit(10)
    return peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--tree", action="append", default=[], help="NAME=PATH[;KEY=VALUE...] (repeatable)"
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--cold", action="store_true", help="empty the cache before each launch")
    args = parser.parse_args()
    trees = [tuple(t.split("=", 1)) for t in args.tree] or [("this", "")]
    for _, tree in trees:
        compile_app(tree.split(";")[0] or None)  # as installing it would (bench.run)
    peaks: dict[tuple[str, str], list[float]] = {}
    with contextlib.ExitStack() as stack:
        homes: dict[tuple[str, str], Sandbox] = {}
        for name, _ in trees:
            for path in PATHS:
                sb = homes[name, path] = stack.enter_context(sandbox())
                write_routine(sb)
                if path != "home":
                    sb.write_settings(pain_check_ins=False)  # the hold at once, as "cpu"
        ref = stack.enter_context(sandbox())
        # Two launches first: the first writes the reminders file, the second keeps what it
        # made of it (a file is kept once it is 2 s old).
        for _ in range(2):
            time.sleep(2.1)
            for (name, path), sb in homes.items():
                _app(sb, dict(trees)[name] or None, path, args.cold)
        for round_ in range(args.rounds):
            for path in PATHS:
                for name, tree in trees:
                    peak = _app(homes[name, path], tree or None, path, args.cold)
                    peaks.setdefault((name, path), []).append(peak)
                refname = "minimal" if path == "home" else "countdown"
                peaks.setdefault((refname, path), []).append(_reference(ref, path))
            print(
                f"round {round_ + 1}: "
                + ", ".join(f"{n}/{p} {v[-1]:.1f}" for (n, p), v in peaks.items()),
                flush=True,
            )
    print("\n| path | " + " | ".join(n for n, _ in trees) + " | reference |")
    print("|---|" + "---|" * (len(trees) + 1))
    for path in PATHS:
        refname = "minimal" if path == "home" else "countdown"
        ref_mb = median(peaks[refname, path])
        cells = [
            f"{median(peaks[n, path]):.1f} MB, {median(peaks[n, path]) / ref_mb:.2f}x"
            for n, _ in trees
        ]
        print(f"| {path} | " + " | ".join(cells) + f" | {ref_mb:.1f} MB ({refname}) |")


if __name__ == "__main__":
    main()
