"""The command line: ``stretchtimer [list|show|validate|run]``.

Only what a command needs is imported, so ``--help`` and ``validate`` stay fast and the app
starts without loading what its first screen does not use.
"""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from stretchtimer import __version__

if TYPE_CHECKING:
    from stretchtimer.core.catalog import Catalog
    from stretchtimer.core.model import Routine

EXIT_OK = 0
EXIT_REFUSED = 1  # the screening did not clear a session
EXIT_ERROR = 2  # bad input: unknown routine, invalid file, bad arguments


def screening_options() -> argparse.ArgumentParser:
    """The options of the red-flag screening, defined once for ``stretchtimer`` and ``run``.

    Not given, an option is left out (``SUPPRESS``) rather than set to its default: a
    subcommand's default would otherwise overwrite what was given before the subcommand.
    """
    options = argparse.ArgumentParser(add_help=False)
    options.add_argument(
        "--rescreen",
        action="store_true",
        default=argparse.SUPPRESS,
        help="ask the red-flag questions again",
    )
    return options


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with a subcommand per verb."""
    screening = screening_options()
    parser = argparse.ArgumentParser(
        prog="stretchtimer",
        description="A stretch-and-movement companion for people with back pain. "
        "Run without a command to open the app. Guidance, not diagnosis.",
        parents=[screening],
    )
    parser.add_argument("--version", action="version", version=f"stretchtimer {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    commands.add_parser("list", help="list the routines with source, steps and total time")

    show = commands.add_parser("show", help="show the phases a routine will run")
    show.add_argument("routine", metavar="ROUTINE", help="an id, a name or a path to a file")

    validate = commands.add_parser("validate", help="check routine and exercise files")
    validate.add_argument("files", metavar="FILE", nargs="+", type=Path)

    run = commands.add_parser(
        "run", help="run a routine (behind the red-flag screening)", parents=[screening]
    )
    run.add_argument("routine", metavar="ROUTINE", help="an id, a name or a path to a file")
    run.add_argument(
        "--plain",
        action="store_true",
        help="no full-screen app: questions on standard input, one line per phase and cue",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    rescreen = getattr(args, "rescreen", False)  # before or after ``run``
    try:
        if args.command == "list":
            return cmd_list()
        if args.command == "show":
            return cmd_show(args.routine)
        if args.command == "validate":
            return cmd_validate(args.files)
        if args.command == "run" and args.plain:
            from stretchtimer.plain.runner import run_plain

            return run_plain(args.routine, rescreen=rescreen)
        routine = args.routine if args.command == "run" else None
        return run_app(routine, rescreen=rescreen)
    except KeyboardInterrupt:
        return 130


def fail(message: str) -> int:
    """Print an error the way the rest of the CLI does and return the error status."""
    print(f"stretchtimer: error: {message}", file=sys.stderr)
    return EXIT_ERROR


def find_routine(ref: str, catalog: Catalog) -> Routine | None:
    """Look up ``ref`` (id, name or path); prints the problem and returns None when it fails."""
    from stretchtimer.core.errors import RoutineError

    try:
        return catalog.find(ref)
    except RoutineError as error:
        for diagnostic in error.diagnostics:
            print(diagnostic, file=sys.stderr)
    except LookupError as error:
        fail(str(error.args[0]) if error.args else str(error))
    return None


def cmd_list() -> int:
    """Print every routine with its source, step count and total time."""
    from stretchtimer.core.catalog import BrokenRoutine
    from stretchtimer.core.durations import format_clock
    from stretchtimer.core.library import load_catalog
    from stretchtimer.core.model import routine_total

    catalog = load_catalog()
    rows = [("ID", "NAME", "SOURCE", "STEPS", "TIME")]
    for entry in catalog.entries:
        if isinstance(entry, BrokenRoutine):
            rows.append((entry.id, "(broken)", entry.source, "-", "-"))
            continue
        source = f"{entry.source}, replaces built-in" if entry.shadows else entry.source
        total = format_clock(routine_total(entry))
        rows.append((entry.id, entry.name, source, str(len(entry.steps)), total))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        print("  ".join(cells).rstrip())
    for broken in catalog.broken():
        for diagnostic in broken.diagnostics:
            print(diagnostic, file=sys.stderr)
    return EXIT_OK


def cmd_show(ref: str) -> int:
    """Print the phases a routine will run, with times and the total."""
    from stretchtimer.core.library import load_catalog
    from stretchtimer.core.timeline import compile_timeline, describe

    routine = find_routine(ref, load_catalog())
    if routine is None:
        return EXIT_ERROR
    print(f"{routine.name} ({routine.source}: {routine.id})")
    for line in describe(compile_timeline(routine)):
        print(line)
    return EXIT_OK


def cmd_validate(files: list[Path]) -> int:
    """Check each file; print every problem; 0 when all are valid, 2 otherwise."""
    from stretchtimer.core.library import load_catalog
    from stretchtimer.core.loader import validate_file

    exercises = load_catalog().exercises
    status = EXIT_OK
    for path in files:
        diagnostics = validate_file(path, exercises)
        for diagnostic in diagnostics:
            print(diagnostic, file=sys.stderr)
        if diagnostics:
            status = EXIT_ERROR
    if status == EXIT_OK:
        print(f"{len(files)} file{'s' if len(files) != 1 else ''} valid")
    return status


def run_app(routine: str | None, *, rescreen: bool) -> int:
    """Open the full-screen app, optionally going straight to a routine."""
    gc.disable()  # until the app's first frame is out (see prepare_process)
    from stretchtimer.app.services import Services  # no Textual: a bad ROUTINE fails fast

    services = Services()
    catalog = services.catalog()
    found = None
    if routine is not None:
        found = find_routine(routine, catalog)
        if found is None:
            return EXIT_ERROR
    from stretchtimer.app.app import create_app, prepare_process

    prepare_process()
    create_app(services, routine=found, rescreen=rescreen, catalog=catalog).run()
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
