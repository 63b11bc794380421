"""The catalog: the built-in routines and exercises, plus the user's own.

Every ``*.yaml``/``*.yml`` file of the built-in folder and then of the user's folder is read
once. Exercise libraries (top-level ``exercises:``) are merged first, the user's entries
replacing built-in ones with the same id; then the routines are built against that merged
library. A user routine with a built-in routine's id replaces it. A file with problems becomes
a ``BrokenRoutine`` and never hides the others; in a broken exercise library only the bad
entries are left out.
"""

from __future__ import annotations

import dataclasses
import difflib
from dataclasses import dataclass
from pathlib import Path

from stretchtimer import paths
from stretchtimer.core.errors import Diagnostic, RoutineError
from stretchtimer.core.loader import build_library, build_routine, load_routine
from stretchtimer.core.model import Exercise, Routine
from stretchtimer.core.yaml_source import ParsedFile, parse_file

BUILTIN = "built-in"
USER = "user"
_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class BrokenRoutine:
    """A file that could not be loaded (a routine, or an exercise library with problems)."""

    id: str
    path: Path
    source: str
    diagnostics: tuple[Diagnostic, ...]


@dataclass
class Catalog:
    """Every exercise by id, and every routine (built-in first, then the user's, by name)."""

    exercises: dict[str, Exercise]
    entries: list[Routine | BrokenRoutine]

    def routines(self) -> list[Routine]:
        """The routines that loaded."""
        return [entry for entry in self.entries if isinstance(entry, Routine)]

    def broken(self) -> list[BrokenRoutine]:
        """The files that did not load."""
        return [entry for entry in self.entries if isinstance(entry, BrokenRoutine)]

    def find(self, ref: str) -> Routine:
        """A routine by id, by name (any case), or by the path of a file (loaded now).

        Raises ``LookupError`` for an unknown routine and ``RoutineError`` for a broken one.
        """
        # Routines before broken files, so a second file with a routine's id does not hide it.
        ordered = self.routines() + self.broken()
        by_name = {_name(e).casefold(): e for e in reversed(ordered)}
        entry = next((e for e in ordered if e.id == ref), None) or by_name.get(ref.casefold())
        if isinstance(entry, BrokenRoutine):
            raise RoutineError(list(entry.diagnostics))
        if entry is not None:
            return entry
        if Path(ref).suffix in _SUFFIXES or "/" in ref or "\\" in ref:
            path = Path(ref).expanduser()
            if not path.is_file():
                raise LookupError(f"no routine file '{ref}'")
            return load_routine(path, self.exercises, source=USER)
        choices = [e.id for e in self.entries] + [_name(e) for e in self.entries]
        close = difflib.get_close_matches(ref, choices, n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        raise LookupError(f"unknown routine '{ref}'{hint}")


def _name(entry: Routine | BrokenRoutine) -> str:
    return entry.name if isinstance(entry, Routine) else entry.id


def _files(folder: Path) -> list[Path]:
    """The YAML files directly in ``folder``, sorted; none when it is missing or unreadable."""
    try:
        return sorted(
            p for p in folder.iterdir() if p.suffix in _SUFFIXES and not p.name.startswith(".")
        )
    except OSError:
        return []


def load_catalog(builtin_dir: Path | None = None, user_dir: Path | None = None) -> Catalog:
    """Load every routine and exercise (folders default to those of ``stretchtimer.paths``)."""
    folders = (
        (BUILTIN, builtin_dir or paths.builtin_routines_dir()),
        (USER, user_dir or paths.user_routines_dir()),
    )
    parsed: list[tuple[str, Path, ParsedFile]] = [
        (source, path, parse_file(path)) for source, folder in folders for path in _files(folder)
    ]
    exercises: dict[str, Exercise] = {}
    found: dict[str, Routine | BrokenRoutine] = {}
    for source, path, document in parsed:
        if document.kind == "exercises":
            valid, diagnostics = build_library(document)
            exercises.update(valid)
            if diagnostics:
                found[f"{source}:{path}"] = BrokenRoutine(
                    path.stem, path, source, tuple(diagnostics)
                )
    for source, path, document in parsed:
        if document.kind == "routine":
            _add(found, _routine(document, exercises, source, path))
    entries = sorted(found.values(), key=lambda e: (e.source != BUILTIN, _name(e).casefold(), e.id))
    return Catalog(exercises, entries)


def _routine(
    document: ParsedFile, exercises: dict[str, Exercise], source: str, path: Path
) -> Routine | BrokenRoutine:
    try:
        return build_routine(document, exercises, routine_id=path.stem, source=source, path=path)
    except RoutineError as error:
        return BrokenRoutine(path.stem, path, source, tuple(error.diagnostics))


def _add(found: dict[str, Routine | BrokenRoutine], entry: Routine | BrokenRoutine) -> None:
    """Add a routine; a user's replaces a built-in one, a second file with one id is broken."""
    previous = found.get(entry.id)
    if previous is None:
        found[entry.id] = entry
    elif previous.source == BUILTIN and entry.source == USER:
        shadows = isinstance(entry, Routine)
        found[entry.id] = dataclasses.replace(entry, shadows=True) if shadows else entry
    else:
        assert entry.path is not None
        message = f"another file already defines routine '{entry.id}': {previous.path}"
        diagnostic = Diagnostic(str(entry.path), 1, 1, message)
        found[f"{entry.source}:{entry.path}"] = BrokenRoutine(
            entry.id, entry.path, entry.source, (diagnostic,)
        )
