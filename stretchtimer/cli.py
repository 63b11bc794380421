"""The command line: ``stretchtimer [list|show|validate|run]``.

Only what a command needs is imported, so ``--help`` and ``validate`` stay fast and the app
starts without loading what its first screen does not use.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

from stretchtimer import __version__, tuning
from stretchtimer.console import discard_output, find_routine, say
from stretchtimer.exits import EXIT_ERROR, EXIT_OK

if TYPE_CHECKING:
    from stretchtimer.compose import Root
    from stretchtimer.core.reminders import Reminder


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
    parser.add_argument(
        "--debug",
        action="store_true",
        help="log in detail (the log is in the user's state folder; STRETCHTIMER_LOG=debug too)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    commands.add_parser("list", help="list the routines with source, steps and total time")

    show = commands.add_parser("show", help="show the phases a routine will run")
    show.add_argument("routine", metavar="ROUTINE", help="an id, a name or a path to a file")
    show.add_argument("--easier", action="store_true", help="the easier version, for a bad day")

    validate = commands.add_parser("validate", help="check routine and exercise files")
    validate.add_argument("files", metavar="FILE", nargs="+", type=Path)

    from stretchtimer.cli_history import add_commands as add_history_commands

    add_history_commands(commands)

    run = commands.add_parser(
        "run", help="run a routine (behind the red-flag screening)", parents=[screening]
    )
    run.add_argument("routine", metavar="ROUTINE", help="an id, a name or a path to a file")
    run.add_argument(
        "--plain",
        action="store_true",
        help="no full-screen app: questions on standard input, one line per phase and cue",
    )
    run.add_argument(
        "--review-answers",
        action="store_true",
        help="with --plain: ask every red-flag question again, the remembered ones too "
        "(in the app: r on the red-flag check)",
    )
    run.add_argument(
        "--pain",
        action="store_true",
        help="with --plain: ask the pain check-ins even when standard input is not a terminal",
    )
    run.add_argument(
        "--easier",
        action="store_true",
        help="easier today: each step's easier variant, else shorter holds and a rep fewer",
    )
    run.add_argument(
        "--verbose",
        action="store_true",
        help="with --plain: a line for every cue, the countdown's seconds too",
    )
    add_remind_parser(commands)
    add_routine_commands(commands)
    return parser


def add_remind_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``stretchtimer remind``: the walk reminders (settings on the command line win)."""
    remind = commands.add_parser("remind", help="call you to walk through the working day")
    remind.add_argument(
        "--plain",
        action="store_true",
        help="lines on standard output, answers on standard input (s, z, z5, z15, k, p)",
    )
    remind.add_argument("--every", metavar="TIME", help="the interval: 50m, 1h, 90s")
    remind.add_argument("--hours", metavar="RANGES", help="working hours: 08:00-12:30,13:30-17:30")
    remind.add_argument("--days", metavar="DAYS", help="working days: mon-fri, mon,wed, all")
    remind.add_argument("--at", metavar=":MM", help="align to the clock: :50, hour or none")
    remind.add_argument("--routine", metavar="ROUTINE", help="the routine each reminder offers")


def add_routine_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``new``, ``edit`` and ``export`` (in ``cli_routines``)."""
    new = commands.add_parser("new", help="create a routine of your own and print its path")
    new.add_argument("id", metavar="ID", help="its id (the file name): lower-case-words")
    new.add_argument("--from", dest="source", metavar="ROUTINE", help="a copy of ROUTINE")
    new.add_argument("--force", action="store_true", help="replace a routine with this id")
    edit = commands.add_parser("edit", help="open a routine of yours in $VISUAL or $EDITOR")
    edit.add_argument("routine", metavar="ROUTINE", help="an id, a name or a path to a file")
    export = commands.add_parser("export", help="print a routine's YAML, ready to share")
    export.add_argument("routine", metavar="ROUTINE", help="an id, a name or a path to a file")


# What the parser gives for no arguments at all: the app on its home screen.
NO_ARGUMENTS = {"debug": False, "command": None}


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    """The command line's arguments. With none (the app, the command run most, every day)
    the parser is not built: its thirteen parsers cost each launch some 5 ms before the first
    frame (docs/performance.md). ``tests/cli/test_cli.py`` checks that both say the same."""
    if not argv:
        return argparse.Namespace(**NO_ARGUMENTS)
    return build_parser().parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status.

    A closed output (``stretchtimer show ROUTINE | head -1``) ends any command quietly, as
    it ends a Unix tool; a signal that ends the process gives 128 plus its number.
    """
    args = parse_arguments(sys.argv[1:] if argv is None else list(argv))
    try:
        status = run_command(args)
    except BrokenPipeError:
        return closed_output()
    except KeyboardInterrupt as interrupted:  # Ctrl+C, or SIGTERM and SIGHUP in plain mode
        from stretchtimer.adapters.signals import Interrupted

        stopped = Interrupted.of(interrupted)
        with suppress(OSError):  # a terminal that hung up (SIGHUP): nobody there to tell
            # on a line of its own: a question may be waiting for its answer on this one
            print(f"\nStopped ({stopped.describe()}).", file=sys.stderr)
        status = stopped.exit_status
    return flushed(status)


def flushed(status: int) -> int:
    """``status``, once what is left for standard output is written: here, so that an output
    nobody reads any more is found while it can be handled, as a closed pipe (the status
    SIGPIPE gives) or a terminal that hung up (what is left goes nowhere)."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        return closed_output()
    except OSError:
        discard_output()
    return status


def closed_output() -> int:
    """Stop writing to a standard output nobody reads any more; the status a shell reports
    for a tool SIGPIPE ended."""
    from stretchtimer.adapters.signals import SIGPIPE_STATUS

    discard_output()
    return SIGPIPE_STATUS


def run_command(args: argparse.Namespace) -> int:
    """Run the command ``args`` name on the process's one root; returns the exit status."""
    when_drawn = None
    if args.command is None or (args.command == "run" and not args.plain):
        when_drawn = tuning.before_imports()  # the collector off until the first frame is out
    from stretchtimer.compose import build_root, start_logging  # no Textual: fails fast

    root = build_root()
    start_logging(root, debug=args.debug)
    rescreen = getattr(args, "rescreen", False)  # given before or after ``run``
    if args.command == "list":
        return cmd_list(root)
    if args.command == "show":
        return cmd_show(root, args.routine, easier=args.easier)
    if args.command in ("new", "edit", "export"):
        from stretchtimer import cli_routines

        if args.command == "new":
            return cli_routines.cmd_new(root, args.id, args.source, force=args.force)
        if args.command == "edit":
            return cli_routines.cmd_edit(root, args.routine)
        return cli_routines.cmd_export(root, args.routine)
    if args.command == "validate":
        return cmd_validate(root, args.files)
    if args.command in ("history", "stats", "pain"):
        from stretchtimer.cli_history import run as run_history

        return run_history(root, args)
    if args.command == "run" and args.review_answers and not args.plain:
        say(
            "stretchtimer: error: --review-answers goes with --plain; in the app, press r "
            "on the red-flag check",
            error=True,
        )
        return EXIT_ERROR
    if args.command == "run" and args.plain:
        from stretchtimer.plain.runner import run_plain

        return run_plain(
            root,
            args.routine,
            rescreen=rescreen,
            review=args.review_answers,
            verbose=args.verbose,
            pain=args.pain,
            easier=args.easier,
        )
    if args.command == "remind":
        return cmd_remind(root, args)
    routine = args.routine if args.command == "run" else None
    easier = getattr(args, "easier", False)
    return run_app(root, routine, rescreen=rescreen, when_drawn=when_drawn, easier=easier)


def cmd_remind(root: Root, args: argparse.Namespace) -> int:
    """The reminders: plain mode, or the app opened on its Reminders screen with the
    reminders on for this run (the command line's settings too) if the file has them off."""
    from stretchtimer.plain.remind import run_remind_plain, this_run

    if args.routine and find_routine(args.routine, root.catalog()) is None:
        return EXIT_ERROR  # said now, not when the person stands up for the walk
    if args.plain:
        return run_remind_plain(root, args)
    try:
        adjust = this_run(args)
    except ValueError as error:
        say(f"stretchtimer: error: {error}", error=True)
        return EXIT_ERROR
    return run_app(root, None, rescreen=getattr(args, "rescreen", False), remind=adjust)


def cmd_list(root: Root) -> int:
    """Print every routine with its source, step count and total time."""
    from stretchtimer.core.catalog import BrokenRoutine, changed_note
    from stretchtimer.core.durations import format_clock
    from stretchtimer.core.model import routine_total
    from stretchtimer.core.safe_text import printable

    catalog = root.catalog()
    rows: list[tuple[str, ...]] = [("ID", "NAME", "SOURCE", "STEPS", "TIME")]
    for entry in catalog.entries:
        if isinstance(entry, BrokenRoutine):
            rows.append((printable(entry.id), "(broken)", entry.source, "-", "-"))
            continue
        source = f"{entry.source}, replaces built-in" if entry.shadows else entry.source
        source += ", changed" if entry.changed_by else ""
        total = format_clock(routine_total(entry))
        cells = (entry.id, entry.name, source, str(len(entry.steps)), total)
        rows.append(tuple(printable(cell) for cell in cells))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        padded = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        say("  ".join(padded).rstrip())
    for routine in catalog.routines():
        if routine.changed_by:
            say(f"{routine.id}: {changed_note(routine)}")
    for broken in catalog.broken():
        for diagnostic in broken.diagnostics:
            say(diagnostic, error=True)
    return EXIT_OK


def cmd_show(root: Root, ref: str, *, easier: bool = False) -> int:
    """Print the exercises' cautions, then the phases a routine will run with times and the
    total (of its easier version with ``easier``)."""
    from stretchtimer.core.routine_doc import easier_routine
    from stretchtimer.core.timeline import compile_timeline, describe, describe_cautions

    routine = find_routine(ref, root.catalog())
    if routine is None:
        return EXIT_ERROR
    if easier:
        routine = easier_routine(routine)
    version = ", the easier version" if easier else ""
    say(f"{routine.name} ({routine.source}: {routine.id}{version})")
    timeline = compile_timeline(routine)
    for line in [*describe_cautions(timeline), *describe(timeline)]:
        say(line)
    return EXIT_OK


def cmd_validate(root: Root, files: list[Path]) -> int:
    """Check each file; print every problem; 0 when all are valid, 2 otherwise."""
    from stretchtimer.adapters.routine_files import validate_file

    exercises = root.catalog().exercises
    status = EXIT_OK
    for path in files:
        diagnostics = validate_file(path, exercises)
        for diagnostic in diagnostics:
            say(diagnostic, error=True)
        if diagnostics:
            status = EXIT_ERROR
    if status == EXIT_OK:
        print(f"{len(files)} file{'s' if len(files) != 1 else ''} valid")
    return status


def run_app(
    root: Root,
    routine: str | None,
    *,
    rescreen: bool,
    when_drawn: Callable[[], None] | None = None,
    easier: bool = False,
    remind: Callable[[list[Reminder]], list[Reminder]] | None = None,
) -> int:
    """Open the full-screen app, optionally going straight to a routine (or, with
    ``remind``, to the Reminders screen)."""
    catalog = root.catalog()
    found = None
    if routine is not None:
        found = find_routine(routine, catalog)
        if found is None:
            return EXIT_ERROR
        if easier:
            from stretchtimer.core.routine_doc import easier_routine

            found = easier_routine(found)
    from stretchtimer.app.app import create_app

    app = create_app(
        root,
        routine=found,
        rescreen=rescreen,
        catalog=catalog,
        when_drawn=when_drawn,
        remind=remind,
    )
    tuning.before_run()
    app.run()
    return app.return_code or EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
