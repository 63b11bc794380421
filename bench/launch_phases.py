"""Where a launch's time goes, in-process: imports, building the app, its first frame.

    python -m bench.launch_phases [--rounds N] [--size 100x30] [--env KEY=VALUE ...]

Launches, in the harness's terminal (``bench/term.py``) and sandboxes as the "startup"
scenario does, the minimal app (``bench/reference/minimal.py``), ``stretchtimer`` (home) and
``stretchtimer run startup`` (the screening screen), in turn, ``N`` rounds, each launch
timing its own phases on the monotonic clock, the harness's too, and quitting on its first
frame; prints the median of each phase. No profiler: its overhead would swamp what it
measures. A diagnostic for docs/performance.md, not a scenario: the figures with goals are
``python -m bench --only startup``.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from bench.env import PYTHON, Sandbox, sandbox
from bench.scenarios.startup import ROUTINE, SETTLED, write_routine
from bench.stats import median
from bench.term import PtyProcess

REFERENCE = Path(__file__).resolve().parent / "reference" / "minimal.py"

# Run in the launched process: note the time after each phase, quit on the first frame.
CHILD = """
import sys, time
marks = {"start": time.monotonic()}
target, out = sys.argv[1], sys.argv[2]
if target == "reference":
    sys.path.insert(0, sys.argv[3])
    from minimal import Minimal
    marks["imported"] = time.monotonic()
    app = Minimal()
else:
    from stretchtimer import tuning
    when_drawn = tuning.before_imports()  # as the command does (stretchtimer.cli)
    from stretchtimer.compose import Root
    from stretchtimer.cli import find_routine
    services = Root()
    catalog = services.catalog()
    routine = find_routine(target, catalog) if target != "home" else None
    from stretchtimer.app.app import create_app
    marks["imported"] = time.monotonic()
    app = create_app(
        services, routine=routine, rescreen=True, catalog=catalog, when_drawn=when_drawn
    )
    tuning.before_run()
marks["built"] = time.monotonic()
from textual.app import App
display = App._display
def first_frame(self, screen, renderable):
    display(self, screen, renderable)
    if "frame" not in marks:
        marks["frame"] = time.monotonic()
        self.exit()
App._display = first_frame
app.run()
import json
open(out, "w").write(json.dumps(marks))
"""

PHASES = (
    ("launched", "start", "exec to the first line (interpreter)"),
    ("start", "imported", "imports (and the catalog)"),
    ("imported", "built", "app made"),
    ("built", "frame", "App.run to first frame"),
    ("launched", "frame", "launch to first frame"),
)


def launch(target: str, sb: Sandbox, size: str, env: list[str]) -> dict[str, float]:
    """One launch in the harness's terminal (``env``: extra KEY=VALUE); its marks."""
    out = sb.root / "marks.json"
    child = sb.root / "child.py"
    child.write_text(CHILD)
    cols, rows = (int(n) for n in size.split("x"))
    argv = [PYTHON, str(child), target, str(out), str(REFERENCE.parent)]
    extra = dict(pair.split("=", 1) for pair in env)
    with PtyProcess(argv, sb.env(**extra), cols, rows, keep_frames=False) as proc:
        proc.wait_exit(20)
        launched = proc.launched
    marks = json.loads(out.read_text()) if out.exists() else {}
    out.unlink(missing_ok=True)
    return {**marks, "launched": launched} if marks else {}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--size", default="100x30")
    parser.add_argument(
        "--env", action="append", default=[], metavar="KEY=VALUE", help="set in the launch"
    )
    args = parser.parse_args()
    targets = {"minimal app": "reference", "home": "home", "screening": ROUTINE}
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in targets}
    with sandbox() as sb, sandbox() as ref:
        write_routine(sb)
        time.sleep(SETTLED)  # old enough for the start-up cache to keep it
        for target in targets.values():  # the first launch fills the cache
            launch(target, ref if target == "reference" else sb, args.size, args.env)
        for _ in range(args.rounds):
            for name, target in targets.items():
                home = ref if target == "reference" else sb
                if marks := launch(target, home, args.size, args.env):
                    runs[name].append(marks)
    print(f"{'ms, median of ' + str(args.rounds):38}" + "".join(f"{n:>14}" for n in targets))
    for begin, end, label in PHASES:
        cells = [median([(m[end] - m[begin]) * 1000 for m in runs[n]]) for n in targets]
        print(f"{label:38}" + "".join(f"{c:14.1f}" for c in cells))


if __name__ == "__main__":
    main()
