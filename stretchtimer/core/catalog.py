"""The catalog: every exercise by id and every routine, built-in and the user's.

Plain data, with no YAML behind it: ``core.library`` reads the files into a catalog, and a
catalog kept from an earlier launch (``adapters.cache``) is used as it is.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from stretchtimer import paths
from stretchtimer.core.errors import Diagnostic, RoutineError
from stretchtimer.core.model import Exercise, Routine

BUILTIN = "built-in"
USER = "user"
ROUTINE_SUFFIXES = (".yaml", ".yml")


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
        by_name = {entry_name(e).casefold(): e for e in reversed(ordered)}
        entry = next((e for e in ordered if e.id == ref), None) or by_name.get(ref.casefold())
        if isinstance(entry, BrokenRoutine):
            raise RoutineError(list(entry.diagnostics))
        if entry is not None:
            return entry
        if Path(ref).suffix in ROUTINE_SUFFIXES or "/" in ref or "\\" in ref:
            from stretchtimer.core.loader import load_routine  # PyYAML: only for a file

            path = Path(ref).expanduser()
            if not path.is_file():
                raise LookupError(f"no routine file '{ref}'")
            return load_routine(path, self.exercises, source=USER)
        choices = [e.id for e in self.entries] + [entry_name(e) for e in self.entries]
        close = difflib.get_close_matches(ref, choices, n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        raise LookupError(f"unknown routine '{ref}'{hint}")


def entry_name(entry: Routine | BrokenRoutine) -> str:
    """The name a catalog entry is listed under: a routine's name, a broken file's id."""
    return entry.name if isinstance(entry, Routine) else entry.id


def changed_note(routine: Routine) -> str:
    """What the user's exercises changed in a built-in routine, or ``""``.

    ``changed by your exercise 'a' (in place of the built-in one)``.
    """
    ids = routine.changed_by
    if not ids:
        return ""
    quoted = [f"'{ex_id}'" for ex_id in ids]
    names = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]
    plural = "s" if len(ids) > 1 else ""
    return f"changed by your exercise{plural} {names} (in place of the built-in one{plural})"


def catalog_files(
    builtin_dir: Path | None = None, user_dir: Path | None = None
) -> list[tuple[str, Path]]:
    """Every file the catalog is read from, with its source: the built-in ones first.

    The folders default to those of ``stretchtimer.paths``; in each, the ``*.yaml`` and
    ``*.yml`` files directly inside, sorted. A missing or unreadable folder has none.
    """
    folders = (
        (BUILTIN, builtin_dir or paths.builtin_routines_dir()),
        (USER, user_dir or paths.user_routines_dir()),
    )
    return [(source, path) for source, folder in folders for path in _yaml_files(folder)]


def _yaml_files(folder: Path) -> list[Path]:
    try:
        return sorted(
            path
            for path in folder.iterdir()
            if path.suffix in ROUTINE_SUFFIXES and not path.name.startswith(".")
        )
    except OSError:
        return []
