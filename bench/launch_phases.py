"""Where a launch's time goes, in-process: imports, building the app, its first frame.

    python -m bench.launch_phases [--rounds N] [--size 80x24] [--routine ID]

Launches, in a tmux window of its own, the minimal app (``bench/reference/minimal.py``),
``stretchtimer`` (home) and ``stretchtimer run ROUTINE`` (the screening screen), in turn,
``N`` rounds, each launch timing its own phases on its monotonic clock and quitting on its
first frame; prints the median of each phase. No profiler: its overhead would swamp what
it measures. The app reads the real config and cache folders (run it once to fill them).
A diagnostic for docs/performance.md, not a scenario: the figures with goals are
``python -m bench --only startup``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.stats import median

REFERENCE = Path(__file__).resolve().parent / "reference" / "minimal.py"

# Run in the launched process: note the time after each phase, quit on the first frame.
CHILD = """
import sys, time, json
marks = {"start": time.monotonic()}
target, out = sys.argv[1], sys.argv[2]
if target == "reference":
    sys.path.insert(0, sys.argv[3])
    from minimal import Minimal
    marks["imported"] = time.monotonic()
    app = Minimal()
else:
    from stretchtimer.app.services import Services
    from stretchtimer.cli import find_routine
    services = Services()
    catalog = services.catalog()
    routine = find_routine(target, catalog) if target != "home" else None
    from stretchtimer.app.app import create_app, prepare_process
    marks["imported"] = time.monotonic()
    prepare_process()
    app = create_app(services, routine=routine, rescreen=True, catalog=catalog)
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
open(out, "w").write(json.dumps(marks))
"""

PHASES = (
    ("start", "imported", "imports (and the catalog)"),
    ("imported", "built", "app made"),
    ("built", "frame", "App.run to first frame"),
    ("start", "frame", "interpreter up to first frame"),
)


def launch(target: str, size: str, env: list[str]) -> dict[str, float]:
    """One launch in a detached tmux session (``env``: its extra KEY=VALUE); its marks."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "marks.json"
        child = Path(folder) / "child.py"
        child.write_text(CHILD)
        width, height = size.split("x")
        command = f"{sys.executable} {child} {target} {out} {REFERENCE.parent} 2>/dev/null"
        name = f"phases-{time.monotonic_ns()}"
        subprocess.run(
            ["tmux", "new-session", "-d", "-s", name, "-x", width, "-y", height]
            + [arg for pair in env for arg in ("-e", pair)]
            + [command],
            check=True,
        )
        deadline = time.monotonic() + 20
        while not out.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)
        time.sleep(0.2)
        return json.loads(out.read_text()) if out.exists() else {}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--size", default="80x24")
    parser.add_argument("--routine", default="morning-back", help="the screening's routine")
    parser.add_argument(
        "--env", action="append", default=[], metavar="KEY=VALUE", help="set in the launch"
    )
    args = parser.parse_args()
    targets = {"minimal app": "reference", "home": "home", "screening": args.routine}
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in targets}
    for _ in range(args.rounds):
        for name, target in targets.items():
            if marks := launch(target, args.size, args.env):
                runs[name].append(marks)
    print(f"{'ms, median of ' + str(args.rounds):32}" + "".join(f"{n:>14}" for n in targets))
    for begin, end, label in PHASES:
        cells = [median([(m[end] - m[begin]) * 1000 for m in runs[n]]) for n in targets]
        print(f"{label:32}" + "".join(f"{c:14.1f}" for c in cells))


if __name__ == "__main__":
    main()
