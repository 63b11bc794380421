"""The one command: ``python -m bench [--quick] [--only NAME ...] [--soak-minutes N]``.

Runs the registered scenarios, shortest first, and prints one table: each figure, the reference
measured in the same invocation, the ratio (for A/B pairs, the median of each pair's own
ratio), the goal and whether it is met. Results also go to ``bench/results/<timestamp>.json``
(ignored by git).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import sys
import time
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from bench.registry import SCENARIOS, Figure, Options

RESULTS = Path(__file__).resolve().parent / "results"


def build_parser() -> argparse.ArgumentParser:
    """The command line."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a short smoke run (a few minutes)")
    parser.add_argument(
        "--only", action="append", metavar="NAME", help="run only this scenario (repeatable)"
    )
    parser.add_argument("--list", action="store_true", help="list the scenarios and exit")
    parser.add_argument("--runs", type=int, help="A/B pairs per repeated measurement")
    parser.add_argument("--soak-minutes", type=float, help="length of the memory soak run")
    parser.add_argument("--accuracy-minutes", type=float, help="length of each accuracy run")
    parser.add_argument("--cpu-seconds", type=float, help="CPU measuring window per run")
    parser.add_argument(
        "--pythonpath",
        metavar="TREE",
        help=(
            "run the app from another source tree (e.g. a scratch copy with a fix); a list"
            " (TREE:bench/memdiag) puts the memory diagnostic on its path too"
        ),
    )
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    parser.add_argument("--json", type=Path, metavar="FILE", help="where to write the results")
    parser.add_argument("-v", "--verbose", action="store_true", help="show progress")
    return parser


def options_from(args: argparse.Namespace) -> Options:
    """Quick or full defaults, overridden by the flags given."""
    if args.quick:
        options = Options(
            quick=True, runs=3, soak_minutes=1.0, accuracy_minutes=0.5, cpu_seconds=10
        )
    else:
        options = Options()
    changes = {
        "runs": args.runs,
        "soak_minutes": args.soak_minutes,
        "accuracy_minutes": args.accuracy_minutes,
        "cpu_seconds": args.cpu_seconds,
        "pythonpath": args.pythonpath,
    }
    return replace(
        options, verbose=args.verbose, **{k: v for k, v in changes.items() if v is not None}
    )


def _number(value: float | None, unit: str = "") -> str:
    if value is None or math.isnan(value):
        return "-"
    digits = 0 if abs(value) >= 100 else 1 if abs(value) >= 10 else 2
    return f"{value:.{digits}f}{(' ' + unit) if unit else ''}"


def rows(figures: list[Figure]) -> list[tuple[str, ...]]:
    """The table's rows, header first."""
    table = [("figure", "stretchtimer", "reference", "ratio", "goal", "met")]
    for f in figures:
        met = {True: "yes", False: "NO", None: ""}[f.met]
        ratio = "" if math.isnan(f.ratio) else f"{f.ratio:.2f}x"
        if ratio and f.ratio_quartiles:
            ratio += " [{:.2f}–{:.2f}]".format(*f.ratio_quartiles)
        goal = f.goal.text if f.goal else ""
        name = f"{f.name} ({f.note})" if f.note else f.name
        table.append(
            (name, _number(f.value, f.unit), _number(f.reference, f.unit), ratio, goal, met)
        )
    return table


def render(figures: list[Figure], markdown: bool) -> str:
    """The table as aligned text, or as Markdown."""
    table = rows(figures)
    if markdown:
        lines = ["| " + " | ".join(table[0]) + " |", "|" + "---|" * len(table[0])]
        lines += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in table[1:]]
        return "\n".join(lines)
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    return "\n".join(
        "  ".join(
            cell.ljust(w) if i == 0 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in table
    )


def machine() -> dict[str, str]:
    """What the figures were measured on."""
    import os

    import textual

    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpus": str(os.cpu_count()),
        "cpu": model,
        "python": platform.python_version(),
        "textual": textual.__version__,
        "system": platform.platform(),
    }


def compile_app(pythonpath: str | None) -> Path:
    """Byte-compile the app under test, as installing it would.

    Its dependencies were compiled when pip installed them, but an editable install (or a
    ``--pythonpath`` tree) is compiled only when imported, and not even then under
    ``PYTHONDONTWRITEBYTECODE``: every launch would compile the app's modules again and
    charge it for work an installed app never does.
    """
    import compileall
    import importlib.util

    trees = [Path(entry) for entry in (pythonpath or "").split(os.pathsep) if entry]
    package = next((t / "stretchtimer" for t in trees if (t / "stretchtimer").is_dir()), None)
    if package is None:  # the installed app (the path may hold only bench/memdiag)
        spec = importlib.util.find_spec("stretchtimer")
        assert spec is not None and spec.origin is not None, "stretchtimer is not installed"
        package = Path(spec.origin).parent
    compileall.compile_dir(package, quiet=1)
    return package


def main(argv: list[str] | None = None) -> int:
    """Run the scenarios; 0 when they ran (goals missed or not: this never gates anything)."""
    import bench.scenarios  # noqa: F401  (registers the scenarios)

    args = build_parser().parse_args(argv)
    if args.list:
        for entry in SCENARIOS.values():
            print(f"{entry.name:<10} ~{entry.minutes:g} min  {entry.help}")
        return 0
    unknown = set(args.only or ()) - set(SCENARIOS)
    if unknown:
        print(f"unknown scenario(s): {', '.join(sorted(unknown))}; see --list", file=sys.stderr)
        return 2
    options = options_from(args)
    chosen = [e for e in SCENARIOS.values() if not args.only or e.name in args.only]
    chosen.sort(key=lambda e: e.minutes)  # the short ones first: figures come early
    started = datetime.now().astimezone()
    info = machine()
    print(
        f"stretchtimer benchmarks, {started:%Y-%m-%d %H:%M}, {'quick' if options.quick else 'full'}"
        f" run; {info['cpus']} x {info['cpu']}, Python {info['python']}, Textual {info['textual']}",
        file=sys.stderr,
    )
    print(f"app under test: {compile_app(options.pythonpath)} (byte-compiled)", file=sys.stderr)
    figures: list[Figure] = []
    for entry in chosen:
        print(f"- {entry.name}: {entry.help}", file=sys.stderr, flush=True)
        began = time.monotonic()
        try:
            got = entry.run(options)
        except Exception as error:  # one broken scenario must not lose the others' figures
            print(f"  {entry.name} failed: {error!r}", file=sys.stderr)
            continue
        figures += got
        print(render(got, markdown=False), file=sys.stderr)
        print(f"  ({time.monotonic() - began:.0f} s)", file=sys.stderr, flush=True)
    print()
    print(render(figures, markdown=args.markdown))
    out = args.json or RESULTS / f"{started:%Y%m%d-%H%M%S}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps(
            {
                "date": started.isoformat(timespec="seconds"),
                "command": "python -m bench "
                + " ".join(argv if argv is not None else sys.argv[1:]),
                "machine": info,
                "options": {k: v for k, v in vars(options).items()},
                "figures": [
                    {
                        "name": f.name,
                        "value": f.value,
                        "unit": f.unit,
                        "reference": f.reference,
                        "ratio": None if math.isnan(f.ratio) else f.ratio,
                        "ratio_quartiles": f.ratio_quartiles,
                        "goal": f.goal.text if f.goal else None,
                        "met": f.met,
                        "note": f.note,
                        "samples": list(f.samples),
                        "pair_ratios": list(f.pair_ratios),
                    }
                    for f in figures
                ],
            },
            indent=2,
        )
    )
    print(f"\nresults: {out}", file=sys.stderr)
    return 0
