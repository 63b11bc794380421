"""The routine and exercise files: found in their folders and read (capped at 1 MiB).

The rules, the building and every diagnostic are the core's (``core/yaml_source.py``,
``core/loader.py``, ``core/library.py``); this only finds files and moves their bytes.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from stretchtimer import paths
from stretchtimer.adapters.files import FileTooLarge, read_capped
from stretchtimer.core.catalog import BUILTIN, ROUTINE_SUFFIXES, USER, Catalog
from stretchtimer.core.errors import Diagnostic, RoutineError
from stretchtimer.core.model import Exercise, Routine

if TYPE_CHECKING:
    from stretchtimer.core.yaml_source import ParsedFile


def read_document(path: Path) -> ParsedFile:
    """Read ``path`` (at most 1 MiB) and compose it; problems go to its diagnostics."""
    # PyYAML with it, here: a launch that finds its catalog kept (adapters.cache) needs none
    from stretchtimer.core.yaml_source import MAX_FILE_BYTES, file_problem, parse_bytes, too_large

    try:
        data = read_capped(path, MAX_FILE_BYTES)
    except FileTooLarge as error:
        return file_problem(str(path), too_large(error.size or MAX_FILE_BYTES + 1))
    except OSError as error:
        return file_problem(str(path), f"cannot read file: {error.strerror or error}")
    return parse_bytes(data, str(path))


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


def load_catalog(builtin_dir: Path | None = None, user_dir: Path | None = None) -> Catalog:
    """Load every routine and exercise (folders default to those of ``stretchtimer.paths``)."""
    from stretchtimer.core.library import build_catalog

    files = catalog_files(builtin_dir, user_dir)
    parsed = [(source, path, read_document(path)) for source, path in files]
    return build_catalog(parsed, open_routine)


def open_routine(ref: str, exercises: Mapping[str, Exercise]) -> Routine:
    """The routine in the file ``ref`` names (a user's); raises ``LookupError`` when there is
    no such file and ``RoutineError`` when it is broken."""
    path = Path(ref).expanduser()
    if not path.is_file():
        raise LookupError(f"no routine file '{ref}'")
    return load_routine(path, exercises, source=USER)


def load_exercise_library(path: Path) -> dict[str, Exercise]:
    """The exercises of a library file, by id; raises ``RoutineError``."""
    from stretchtimer.core.loader import build_library

    exercises, diagnostics = build_library(read_document(path))
    if diagnostics:
        raise RoutineError(diagnostics)
    return exercises


def load_routine(path: Path, exercises: Mapping[str, Exercise], *, source: str = USER) -> Routine:
    """The routine in ``path`` (its id is the file stem); raises ``RoutineError``."""
    from stretchtimer.core.loader import build_routine

    parsed = read_document(path)
    return build_routine(parsed, exercises, routine_id=path.stem, source=source, path=path)


def validate_file(path: Path, exercises: Mapping[str, Exercise]) -> list[Diagnostic]:
    """Every problem of a routine or exercise library file (by its top-level key); [] if valid."""
    from stretchtimer.core.loader import validate

    return validate(read_document(path), exercises, path)
