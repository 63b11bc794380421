"""The command line's routine files: ``new``, ``edit`` and ``export``.

The routine's structure comes from the core (``core.routine_doc``), the writing from
``adapters.routine_files``; this asks and prints.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from stretchtimer.adapters.editor import run_editor
from stretchtimer.adapters.routine_writer import copy_text
from stretchtimer.console import fail, find_routine, say
from stretchtimer.core.catalog import BUILTIN, Catalog
from stretchtimer.core.model import Routine
from stretchtimer.exits import EXIT_ERROR, EXIT_OK

if TYPE_CHECKING:
    from stretchtimer.compose import Root


def user_path(root: Root, routine_id: str) -> Path:
    """Where the person's routine ``routine_id`` is kept."""
    return root.routines_dir() / f"{routine_id}.yaml"


def cmd_new(root: Root, routine_id: str, source: str | None, *, force: bool) -> int:
    """``stretchtimer new ID [--from ROUTINE]``: a copy or a commented template."""
    from stretchtimer.adapters.routine_writer import save_text
    from stretchtimer.core.routine_doc import id_problem, template_text

    problem = id_problem(routine_id)
    if problem:
        return fail(problem)
    catalog = root.catalog()
    path = user_path(root, routine_id)
    taken = {entry.id for entry in catalog.entries}
    if not force and (routine_id in taken or path.exists()):
        return fail(f"a routine '{routine_id}' already exists; use --force to replace it")
    if source is None:
        text = template_text(routine_id.replace("-", " ").capitalize())
    else:
        original = find_routine(source, catalog)
        if original is None:
            return EXIT_ERROR
        text = copy_text(original, catalog.exercises, f"{original.name} (my copy)")
    try:
        save_text(path, text)
    except OSError as error:
        return fail(f"cannot write {path}: {error.strerror or error}")
    say(path)
    return EXIT_OK


def _own_copy(root: Root, routine: Routine, catalog: Catalog, out: TextIO) -> Path | None:
    """A user file for ``routine``: its own, or a new copy of a built-in (said so)."""
    from stretchtimer.adapters.routine_writer import save_text
    from stretchtimer.core.routine_doc import free_id

    if routine.source != BUILTIN and routine.path is not None:
        return routine.path
    taken = {entry.id for entry in catalog.entries}
    new_id = free_id(f"my-{routine.id}", taken)
    path = user_path(root, new_id)
    while path.exists():  # a file the catalog did not list (a hidden or unreadable one)
        taken.add(new_id)
        new_id = free_id(f"my-{routine.id}", taken)
        path = user_path(root, new_id)
    save_text(path, copy_text(routine, catalog.exercises, f"{routine.name} (my copy)"))
    say(f"'{routine.id}' is built in and never changes: editing a copy, {path}")
    out.flush()
    return path


def cmd_edit(root: Root, ref: str, *, ask: Callable[[str], str] | None = None) -> int:
    """``stretchtimer edit ROUTINE``: open it in the editor, validate on return, offer to
    edit again while it has problems."""
    from stretchtimer.adapters.routine_files import validate_file

    ask = ask or _ask
    catalog = root.catalog()
    routine = find_routine(ref, catalog)
    if routine is None:
        return EXIT_ERROR
    try:
        path = _own_copy(root, routine, catalog, sys.stdout)
    except OSError as error:
        return fail(f"cannot copy '{routine.id}': {error.strerror or error}")
    assert path is not None
    while True:
        problem = run_editor(path)
        if problem:
            return fail(problem)
        diagnostics = validate_file(path, catalog.exercises)
        if not diagnostics:
            say(f"{path}: valid")
            return EXIT_OK
        for diagnostic in diagnostics:
            say(diagnostic, error=True)
        if ask("Edit again? [Y/n] ").strip().lower() not in ("", "y", "yes"):
            say(f"{path} kept as it is, with the problems above", error=True)
            return EXIT_ERROR


def _ask(prompt: str) -> str:
    """A line from standard input; "n" at its end (no one to answer)."""
    print(prompt, end="", flush=True)
    line = sys.stdin.readline()
    if not line:
        print(flush=True)
    return line if line else "n"


def cmd_export(root: Root, ref: str) -> int:
    """``stretchtimer export ROUTINE``: its YAML, the person's own exercises written inline so
    it validates on another machine."""
    from stretchtimer.adapters.routine_writer import dump_routine, source_text
    from stretchtimer.core.routine_doc import routine_document

    catalog = root.catalog()
    routine = find_routine(ref, catalog)
    if routine is None:
        return EXIT_ERROR
    shipped = root.builtin_exercises()
    text = dump_routine(routine_document(routine, shipped), source_text(routine))
    sys.stdout.write(text)
    return EXIT_OK
