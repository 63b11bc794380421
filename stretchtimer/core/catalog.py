"""The catalog: every exercise by id and every routine, built-in and the user's.

Plain data, with no YAML behind it: ``core.library`` builds it from the files
``adapters.routine_files`` reads, and a catalog kept from an earlier launch
(``adapters.cache``) is used as it is.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from stretchtimer.core.errors import Diagnostic, RoutineError
from stretchtimer.core.model import Exercise, Routine

BUILTIN = "built-in"
USER = "user"
ROUTINE_SUFFIXES = (".yaml", ".yml")

RoutineOpener = Callable[[str, Mapping[str, Exercise]], Routine]
"""Loads the routine file a reference names, against the exercises; raises ``LookupError``
for no such file and ``RoutineError`` for a broken one."""


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
    opener: RoutineOpener | None = field(default=None, compare=False, repr=False)

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
            if self.opener is None:
                raise LookupError(f"no routine file '{ref}'")
            return self.opener(ref, self.exercises)
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
