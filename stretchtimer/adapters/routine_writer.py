"""Routine files written back: ruamel.yaml's round trip, atomically, through symlinks.

The core builds a routine's structure (``core.routine_doc``); this writes it. Editing a file
the person wrote keeps their comments, key order and the way they wrote a value that did not
change. PyYAML (YAML 1.1) stays the reader, so any string it would read as something else
(``yes``, ``on``, ``13:30``, ``010``) is written quoted.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import os
import stat
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from stretchtimer.adapters.files import read_capped, write_atomic
from stretchtimer.core.durations import parse_duration
from stretchtimer.core.loader import load_routine_text
from stretchtimer.core.model import TIMING_FIELDS, Exercise, Routine
from stretchtimer.core.routine_doc import Implied, routine_document

_STR_TAG = "tag:yaml.org,2002:str"
_RESOLVER = yaml.resolver.Resolver()
_DURATIONS = frozenset(TIMING_FIELDS) - {"reps"}


class ChangedOnDisk(Exception):
    """The file changed since it was opened: saving now would lose the other version."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} changed on disk since it was opened")
        self.path = path


def _yaml() -> YAML:
    handler = YAML(typ="rt")
    handler.indent(mapping=2, sequence=4, offset=2)
    handler.width = 96
    handler.preserve_quotes = True
    return handler


def _misread(text: str) -> bool:
    """True when PyYAML would read ``text``, written plain, as something other than it."""
    return _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) != _STR_TAG


def _quoted(value: Any) -> Any:
    """``value`` with every string PyYAML would misread quoted, recursively."""
    if isinstance(value, dict):
        return {key: _quoted(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_quoted(item) for item in value]
    if isinstance(value, Implied):
        return Implied(_quoted(value.value))
    if isinstance(value, str) and type(value) is str and _misread(value):
        return DoubleQuotedScalarString(value)
    return value


def _same(old: Any, new: Any, key: object) -> bool:
    """Whether the value written as ``old`` means ``new``; for a duration, ``30`` is ``30s``."""
    both_text = isinstance(old, str) and isinstance(new, str)  # ruamel's str subclasses
    different = isinstance(old, bool) or isinstance(new, bool) or type(old) is not type(new)
    if different and not both_text:
        return key in _DURATIONS and _seconds(old) == _seconds(new) is not None
    if old == new:
        return True
    return key in _DURATIONS and _seconds(old) == _seconds(new) is not None


def _seconds(value: Any) -> int | None:
    try:
        return parse_duration(value, allow_zero=True)
    except ValueError:
        return None


def _explicit(value: Any) -> Any:
    """``value`` without what it implies: what is written into a new file."""
    if isinstance(value, dict):
        return {k: _explicit(v) for k, v in value.items() if not isinstance(v, Implied)}
    if isinstance(value, list):
        return [_explicit(item) for item in value]
    return value.value if isinstance(value, Implied) else value


def _merge(old: Any, new: Any, key: object = None) -> Any:
    """``new`` written over ``old`` in place where their shapes match, so that comments,
    key order, unchanged values and implied keys the person wrote stay; ``new`` itself where
    the shapes differ."""
    if isinstance(new, Implied):
        new = new.value
    if isinstance(old, CommentedMap) and isinstance(new, dict):
        for gone in [name for name in old if name not in new]:
            del old[gone]
        for name, value in new.items():
            if name in old:
                old[name] = _merge(old[name], value, name)
            elif not isinstance(value, Implied):
                old[name] = _explicit(value)
        return old
    if isinstance(old, CommentedSeq) and isinstance(new, list):
        del old[len(new) :]
        for index, value in enumerate(new):
            if index < len(old):
                old[index] = _merge(old[index], value, key)
            else:
                old.append(_explicit(value))
        return old
    if not isinstance(new, dict | list) and _same(old, new, key):
        return old
    return _explicit(new)


def dump_routine(document: Mapping[str, Any], original: str | None = None) -> str:
    """The YAML text of ``document``; written over ``original`` (a file's text) when given."""
    handler = _yaml()
    data: Any = _quoted(dict(document))
    old = None
    if original is not None:
        try:
            old = handler.load(original)
        except Exception:  # the person's broken file: written afresh
            old = None
    data = _merge(old, data) if isinstance(old, CommentedMap) else _explicit(data)
    out = io.StringIO()
    handler.dump(data, out)
    return out.getvalue()


def _fingerprint(data: bytes | None) -> str | None:
    return None if data is None else hashlib.sha256(data).hexdigest()


def _read(path: Path) -> bytes | None:
    try:
        return read_capped(path)
    except FileNotFoundError:
        return None


def save_text(path: Path, text: str) -> Path:
    """Write ``text`` to ``path`` atomically; through a symlink to the file it names,
    keeping the file's permissions. Returns the file written."""
    target = path.resolve() if path.is_symlink() else path
    try:
        mode: int | None = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    write_atomic(target, text, mode=mode)
    return target


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@dataclass
class RoutineFile:
    """A routine file opened for editing: its text as opened, to write over and to notice
    another program's change before saving."""

    path: Path
    text: str | None  # None: a new file
    _seen: str | None = None

    @classmethod
    def open(cls, path: Path) -> RoutineFile:
        """The file at ``path`` as it is now (a missing file is a new one)."""
        data = _read(path)
        text = data.decode("utf-8") if data is not None else None
        return cls(path, text, _fingerprint(data))

    def changed_on_disk(self) -> bool:
        """Whether the file is no longer what was opened (changed, created or removed)."""
        return _fingerprint(_read(self.path)) != self._seen

    def save(
        self,
        document: Mapping[str, Any],
        *,
        overwrite: bool = False,
        check: Callable[[str], object] | None = None,
    ) -> str:
        """Write ``document`` over the file; raises ``ChangedOnDisk`` unless ``overwrite``,
        and whatever ``check`` raises for the text before anything is written.

        Returns the text written, which is then what the file is known to hold.
        """
        if not overwrite and self.changed_on_disk():
            raise ChangedOnDisk(self.path)
        text = dump_routine(document, self.text)
        if check is not None:
            check(text)
        save_text(self.path, text)
        self.text, self._seen = text, _fingerprint(text.encode("utf-8"))
        return text

    def reload(self) -> None:
        """Take the file as it is on disk now."""
        fresh = RoutineFile.open(self.path)
        self.text, self._seen = fresh.text, fresh._seen


@dataclass
class EditedRoutine:
    """A routine of the person's being edited in the app: saved over its file only when what
    would be written reads back (the loader's check), read again from it on request."""

    file: RoutineFile
    exercises: Mapping[str, Exercise]
    routine_id: str

    @classmethod
    def open(cls, routine: Routine, exercises: Mapping[str, Exercise]) -> EditedRoutine:
        assert routine.path is not None
        return cls(RoutineFile.open(routine.path), exercises, routine.id)

    def _load(self, text: str) -> Routine:
        path = self.file.path
        return load_routine_text(
            text, str(path), self.exercises, routine_id=self.routine_id, path=path
        )

    def save(self, routine: Routine, *, overwrite: bool = False) -> None:
        """Write ``routine``; raises ``ChangedOnDisk``, ``RoutineError`` or ``OSError``."""
        document = routine_document(routine, self.exercises)
        self.file.save(document, overwrite=overwrite, check=self._load)

    def changed_on_disk(self) -> bool:
        return self.file.changed_on_disk()

    def reload(self) -> Routine:
        """The routine as its file is now; raises ``RoutineError`` (or ``OSError``)."""
        self.file.reload()
        return self._load(self.file.text or "")


# --- the person's routine files -------------------------------------------------------------


def source_text(routine: Routine) -> str | None:
    """The text of the file ``routine`` was read from (to write over, keeping comments)."""
    if routine.path is None:
        return None
    try:
        return read_capped(routine.path).decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def copy_text(routine: Routine, exercises: Mapping[str, Exercise], name: str) -> str:
    """The YAML of a copy of ``routine`` named ``name``, over its file's text when it has one."""
    renamed = dataclasses.replace(routine, name=name)
    return dump_routine(routine_document(renamed, exercises), source_text(routine))


def routine_path(folder: Path, routine_id: str) -> Path:
    """Where the person's routine ``routine_id`` is kept in ``folder``."""
    return folder / f"{routine_id}.yaml"


def write_new(path: Path, text: str) -> None:
    """Write a new routine file; raises ``FileExistsError`` rather than replace one."""
    if path.exists() or path.is_symlink():
        raise FileExistsError(17, "a routine file with this id exists", str(path))
    save_text(path, text)


def move_routine(path: Path, new_path: Path) -> None:
    """Give a routine file another id (its file name); never over another file."""
    if new_path.exists() or new_path.is_symlink():
        raise FileExistsError(17, "a routine file with this id exists", str(new_path))
    path.rename(new_path)


def delete_routine(path: Path) -> None:
    """Remove the person's routine file (a symlink itself, never what it points to)."""
    path.unlink()
