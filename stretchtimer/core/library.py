"""Building the catalog: the built-in routines and exercises, plus the user's own.

Every ``*.yaml``/``*.yml`` file of the built-in folder and then of the user's folder, read
once by ``adapters/routine_files.py``, comes here parsed. Exercise libraries (top-level
``exercises:``) are merged first, the user's entries replacing built-in ones with the same
id; then the routines are built against that merged library. A user routine with a built-in
routine's id replaces it. A built-in routine that uses an exercise the user replaced says so
(``Routine.changed_by``). A file with problems becomes a ``BrokenRoutine`` and never hides
the others; in a broken exercise library only the bad entries are left out.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from stretchtimer.core.catalog import (
    BUILTIN,
    USER,
    BrokenRoutine,
    Catalog,
    RoutineOpener,
    entry_name,
)
from stretchtimer.core.errors import Diagnostic, RoutineError
from stretchtimer.core.loader import build_library, build_routine
from stretchtimer.core.model import Exercise, Routine
from stretchtimer.core.yaml_source import ParsedFile


def build_catalog(
    parsed: list[tuple[str, Path, ParsedFile]], opener: RoutineOpener | None = None
) -> Catalog:
    """The catalog of every file given as (source, path, its parsed text), built-in ones first.

    ``opener`` loads a routine file named on the command line (``Catalog.find``).
    """
    exercises: dict[str, Exercise] = {}
    origin: dict[str, str] = {}  # the source of each exercise, by id
    replaced: set[str] = set()  # built-in exercises the user's libraries replaced
    found: dict[str, Routine | BrokenRoutine] = {}
    for source, path, document in parsed:
        if document.kind == "exercises":
            valid, diagnostics = build_library(document)
            if source == USER:
                replaced |= {ex_id for ex_id in valid if origin.get(ex_id) == BUILTIN}
            exercises.update(valid)
            origin.update(dict.fromkeys(valid, source))
            if diagnostics:
                found[f"{source}:{path}"] = BrokenRoutine(
                    path.stem, path, source, tuple(diagnostics)
                )
    for source, path, document in parsed:
        if document.kind == "routine":
            entry = _routine(document, exercises, source, path)
            if isinstance(entry, Routine) and source == BUILTIN:
                entry = _mark_changed(entry, {ex_id: exercises[ex_id] for ex_id in replaced})
            _add(found, entry)
    entries = sorted(
        found.values(), key=lambda e: (e.source != BUILTIN, entry_name(e).casefold(), e.id)
    )
    return Catalog(exercises, entries, opener)


def _routine(
    document: ParsedFile, exercises: dict[str, Exercise], source: str, path: Path
) -> Routine | BrokenRoutine:
    try:
        return build_routine(document, exercises, routine_id=path.stem, source=source, path=path)
    except RoutineError as error:
        return BrokenRoutine(path.stem, path, source, tuple(error.diagnostics))


def _mark_changed(routine: Routine, replacements: dict[str, Exercise]) -> Routine:
    """``routine`` with ``changed_by`` naming the steps' exercises found in ``replacements``.

    An inline exercise of the same id is the routine's own, so only the very object counts.
    """
    changed = {
        step.exercise.id
        for step in routine.steps
        if replacements.get(step.exercise.id) is step.exercise
    }
    return dataclasses.replace(routine, changed_by=tuple(sorted(changed))) if changed else routine


def _add(found: dict[str, Routine | BrokenRoutine], entry: Routine | BrokenRoutine) -> None:
    """Add a routine; a user's replaces a built-in one, a second file with one id is broken."""
    previous = found.get(entry.id)
    if previous is None:
        found[entry.id] = entry
    elif previous.source == BUILTIN and entry.source == USER:
        if isinstance(entry, Routine):
            entry = dataclasses.replace(entry, shadows=True)
        found[entry.id] = entry
    else:
        assert entry.path is not None
        message = f"another file already defines routine '{entry.id}': {previous.path}"
        diagnostic = Diagnostic(str(entry.path), 1, 1, message)
        found[f"{entry.source}:{entry.path}"] = BrokenRoutine(
            entry.id, entry.path, entry.source, (diagnostic,)
        )
