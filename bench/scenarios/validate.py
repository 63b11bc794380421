"""Loading: ``stretchtimer validate`` of 1,000 routine files, against the CLI's bare start-up.

The files are valid routines of several shapes (library exercises, inline exercises, text
durations, sides), written once; the reference is ``stretchtimer --version``, the floor any
command pays (the interpreter and the CLI), measured A B A B ...
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import yaml

from bench.drive import app_command, env_for
from bench.env import EXERCISES, Sandbox, sandbox
from bench.registry import Figure, Options, at_most, scenario
from bench.stats import alternate, median

FILES = 1000


def write_files(sb: Sandbox, count: int) -> list[Path]:
    """``count`` valid routine files of varied shapes."""
    folder = sb.root / "many"
    folder.mkdir()
    paths = []
    for i in range(count):
        steps = []
        for j in range(1 + i % 5):
            if (i + j) % 4 == 3:
                steps.append(
                    {
                        "name": f"Inline move {j}",
                        "instructions": ["Stand tall.", "Move slowly.", "Breathe out."],
                        "hold": f"{10 + j}s",
                        "sides": "both",
                    }
                )
            else:
                steps.append({"exercise": EXERCISES[(i + j) % len(EXERCISES)], "reps": 1 + j % 3})
        routine = {
            "version": 1,
            "name": f"Routine number {i}",
            "description": "A generated routine for the loading benchmark.",
            "tags": ["bench", f"group-{i % 7}"],
            "defaults": {"prepare": "5s", "rest": 10, "transition": "1m"},
            "steps": steps,
        }
        path = folder / f"routine-{i:04d}.yaml"
        path.write_text(yaml.safe_dump(routine, sort_keys=False))
        paths.append(path)
    return paths


@scenario("validate", f"stretchtimer validate of {FILES} routine files", minutes=0.5)
def validate(options: Options) -> list[Figure]:
    """Time ``validate`` of every file at once, ``options.runs`` times."""
    with sandbox() as sb:
        files = [str(p) for p in write_files(sb, FILES)]
        env = env_for(sb, options)

        def run(*args: str) -> float:
            began = time.monotonic()
            done = subprocess.run(app_command(*args), env=env, capture_output=True, text=True)
            took = time.monotonic() - began
            if done.returncode != 0:
                raise RuntimeError(f"stretchtimer {args[0]} failed: {done.stderr[-500:]}")
            return took * 1000

        app, ref = alternate(
            lambda: run("validate", *files), lambda: run("--version"), options.runs
        )
    return [
        Figure(
            f"loading: validate {FILES} files",
            median(app),
            "ms",
            median(ref),
            at_most(2000, "ms"),
            note="ref: stretchtimer --version",
            samples=tuple(app),
        ),
    ]
