"""Load and check routine files and exercise libraries (YAML, version 1).

Files are composed (never constructed) into a YAML node tree that is walked by hand, so every
problem is reported with its line and column, all of a file's problems at once, as a
``RoutineError``. Nothing else escapes for a bad file: not YAML errors, not unreadable files,
not tags such as ``!!python/object``. Aliases are refused (no "billion laughs").
"""

from __future__ import annotations

import contextlib
import dataclasses
import difflib
import re
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Literal, TypeVar

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from stretchtimer.core.durations import format_duration, parse_duration
from stretchtimer.core.errors import Diagnostic, RoutineError
from stretchtimer.core.model import TIMING_FIELDS, Exercise, Kind, Routine, Sides, Step, Timing

MAX_FILE_BYTES = 1024 * 1024
MAX_DURATION = 2 * 3600  # hold, and each of prepare, rest, switch, transition
MAX_REPS = 100
MAX_TOTAL = 4 * 3600
KNOWN_VERSIONS = (1,)
MAX_DIAGNOSTICS = 100  # per file; then a last one says the rest were left out

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Y = "tag:yaml.org,2002:"
_SCALAR_TAGS = frozenset(_Y + t for t in ("str", "int", "float", "bool", "null", "timestamp"))
_CONSTRUCT = SafeConstructor()
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

_INLINE_KEYS = ("name", "instructions", "breathing", "cautions", "kind")
_STEP_KEYS = ("exercise", *_INLINE_KEYS, "sides", *TIMING_FIELDS)
_ROUTINE_KEYS = ("version", "name", "description", "tags", "defaults", "steps")
_LIBRARY_KEYS = ("version", "description", "exercises")
_EXERCISE_KEYS = ("id", *_INLINE_KEYS, "hold", "reps", "sides")

E = TypeVar("E", bound=StrEnum)
Fields = dict[str, tuple[Node, Node]]


class _TooMany(Exception):
    """Raised once a file has ``MAX_DIAGNOSTICS`` problems, to stop looking."""


class _Ctx:
    """The diagnostics of one file, and the nodes not to look at again."""

    def __init__(self, file: str, parsed: ParsedFile | None = None) -> None:
        self.file = file
        self.diagnostics: list[Diagnostic] = list(parsed.diagnostics) if parsed else []
        self.skip: set[int] = parsed.skip if parsed else set()
        self._seen = set(self.diagnostics)

    def at(self, line: int, column: int, message: str) -> None:
        diagnostic = Diagnostic(self.file, line, column, message)
        if diagnostic in self._seen:
            return
        if len(self.diagnostics) >= MAX_DIAGNOSTICS:
            note = f"too many problems; stopped after {MAX_DIAGNOSTICS}"
            self.diagnostics.append(Diagnostic(self.file, line, column, note))
            raise _TooMany
        self._seen.add(diagnostic)
        self.diagnostics.append(diagnostic)

    def error(self, node: Node, message: str) -> None:
        self.at(node.start_mark.line + 1, node.start_mark.column + 1, message)

    def check(self) -> None:
        if self.diagnostics:
            raise RoutineError(self.diagnostics)


@dataclass
class ParsedFile:
    """A file read and composed into YAML nodes, not yet checked against the format."""

    file: str
    text: str = ""
    root: Node | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    skip: set[int] = field(default_factory=set)  # ids of nodes with bad tags, already reported

    @property
    def kind(self) -> Literal["routine", "exercises"]:
        """``exercises`` for a mapping with ``exercises:`` and no ``steps:``, else ``routine``."""
        keys = _keys(self.root)
        return "exercises" if "exercises" in keys and "steps" not in keys else "routine"


def _keys(node: Node | None) -> set[str]:
    if not isinstance(node, MappingNode):
        return set()
    return {k.value for k, _ in node.value if isinstance(k, ScalarNode)}


# --- reading and composing -------------------------------------------------------------


def parse_file(path: Path) -> ParsedFile:
    """Read ``path`` (at most 1 MiB of UTF-8) and compose it; problems go to diagnostics."""
    ctx = _Ctx(str(path))
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            ctx.at(1, 1, "cannot read file: not a regular file")
        elif info.st_size > MAX_FILE_BYTES:
            ctx.at(1, 1, _too_large(info.st_size))
        else:
            with path.open("rb") as handle:
                data = handle.read(MAX_FILE_BYTES + 1)
            if len(data) > MAX_FILE_BYTES:
                ctx.at(1, 1, _too_large(None))
            else:
                text = _decode(data, ctx)
                if text is not None:
                    return _compose(text, ctx)
    except OSError as error:
        ctx.at(1, 1, f"cannot read file: {error.strerror or error}")
    return ParsedFile(ctx.file, diagnostics=ctx.diagnostics)


def parse_text(text: str, filename: str) -> ParsedFile:
    """Compose ``text`` as if read from ``filename``."""
    ctx = _Ctx(filename)
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError as error:
        line = text.count("\n", 0, error.start) + 1
        column = error.start - text.rfind("\n", 0, error.start)
        code = _code(text[error.start])
        ctx.at(line, column, f"text contains an invalid character (U+{code})")
        return ParsedFile(filename, diagnostics=ctx.diagnostics)
    if size > MAX_FILE_BYTES:
        ctx.at(1, 1, _too_large(size))
        return ParsedFile(filename, diagnostics=ctx.diagnostics)
    return _compose(text.removeprefix("\ufeff"), ctx)


def _too_large(size: int | None) -> str:
    shown = f"{size:,} bytes" if size is not None else f"more than {MAX_FILE_BYTES:,} bytes"
    return f"file is too large ({shown}); the limit is {MAX_FILE_BYTES:,} bytes (1 MiB)"


def _decode(data: bytes, ctx: _Ctx) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line_start = data.rfind(b"\n", 0, error.start) + 1
        line = data.count(b"\n", 0, error.start) + 1
        column = len(data[line_start : error.start].decode("utf-8", "replace")) + 1
        byte = data[error.start]
        ctx.at(line, column, f"file is not UTF-8 text (invalid byte 0x{byte:02x}); is it binary?")
        return None


def _compose(text: str, ctx: _Ctx) -> ParsedFile:
    parsed = ParsedFile(ctx.file, text, diagnostics=ctx.diagnostics, skip=ctx.skip)
    try:
        parsed.root = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message = f"invalid YAML: {error.problem or error.context}"
        if error.problem == "but found another document":
            message = "invalid YAML: a file holds one document; found a second one ('---')"
        elif error.context and error.context_mark and error.context_mark is not mark:
            line, column = error.context_mark.line + 1, error.context_mark.column + 1
            message += f" ({error.context} started at line {line}, column {column})"
        ctx.at(mark.line + 1 if mark else 1, mark.column + 1 if mark else 1, message)
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        column = error.position - text.rfind("\n", 0, error.position)
        name = "a NUL byte" if error.character in (0, "\0") else "a control character"
        ctx.at(line, column, f"file contains {name} (U+{_code(error.character)}); is it binary?")
    except (yaml.YAMLError, RecursionError, ValueError, TypeError) as error:
        ctx.at(1, 1, f"invalid YAML: {error}")
    if parsed.root is None and not ctx.diagnostics:
        ctx.at(1, 1, "file is empty; expected a routine (version, name, steps)")
    elif parsed.root is not None and ("!" in text or "*" in text or "<<" in text):
        try:  # without these characters there can be no tag, alias or merge key
            _scan(parsed, ctx)
        except _TooMany:
            parsed.root = None
    return parsed


def _code(character: object) -> str:
    return f"{ord(character):04X}" if isinstance(character, str) else f"{int(character):04X}"


def _scan(parsed: ParsedFile, ctx: _Ctx) -> None:
    """Report tags other than plain YAML, and aliases; each node is visited once."""
    seen: set[int] = set()
    aliased = False
    stack: list[Node] = [parsed.root] if parsed.root is not None else []
    while stack:
        node = stack.pop()
        if id(node) in seen:
            aliased = True
            continue
        seen.add(id(node))
        if not _plain_tag(node):
            ctx.skip.add(id(node))
            if node.tag == _Y + "merge":
                ctx.error(node, "merge keys ('<<') are not supported")
            else:
                ctx.error(node, f"unsupported tag '{_short_tag(node.tag)}'; use plain YAML")
        elif isinstance(node, MappingNode):
            stack.extend(n for pair in node.value for n in pair)
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
    if aliased:
        try:
            reported: set[str] = set()  # one problem per anchor: its first alias
            for event in yaml.parse(parsed.text, Loader=_LOADER):
                if isinstance(event, yaml.AliasEvent) and event.anchor not in reported:
                    reported.add(event.anchor)
                    message = f"aliases are not supported (*{event.anchor}); write the value out"
                    ctx.at(event.start_mark.line + 1, event.start_mark.column + 1, message)
        except yaml.YAMLError:  # pragma: no cover - the text composed fine just before
            ctx.at(1, 1, "aliases are not supported")


def _plain_tag(node: Node) -> bool:
    if isinstance(node, MappingNode):
        return node.tag == _Y + "map"
    if isinstance(node, SequenceNode):
        return node.tag == _Y + "seq"
    return node.tag in _SCALAR_TAGS


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix(_Y) if tag.startswith(_Y) else tag


# --- field readers: each reports its own problems and returns None on error -------------


def _clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _describe(node: Node) -> str:
    """A node as shown in a message: ``a list``, ``nothing``, ``'text'``, ``12``."""
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    if node.tag == _Y + "null":
        return "nothing"
    return repr(_clip(node.value)) if node.tag == _Y + "str" else _clip(node.value)


def _suggest(word: str, choices: Iterable[str], n: int = 1) -> str:
    """``; did you mean 'x'?`` with the ``n`` closest choices (ties in order), or ``""``."""
    scored = []
    for choice in sorted(choices) if len(word) <= 100 else ():
        matcher = difflib.SequenceMatcher(None, word, choice)
        if matcher.real_quick_ratio() >= 0.6 and (ratio := matcher.ratio()) >= 0.6:
            scored.append((-ratio, choice))
    close = [choice for _, choice in sorted(scored)[:n]]
    if not close:
        return ""
    quoted = [f"'{c}'" for c in close]
    names = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]
    return f"; did you mean {names}?"


def _fields(ctx: _Ctx, node: Node, where: str, allowed: tuple[str, ...]) -> Fields | None:
    """The keys of a mapping node; reports non-mappings, unknown and duplicate keys."""
    if id(node) in ctx.skip:
        return None
    if not isinstance(node, MappingNode):
        ctx.error(node, f"expected a mapping for {where}, got {_describe(node)}")
        return None
    out: Fields = {}
    first: dict[str, Node] = {}
    for key, value in node.value:
        if id(key) in ctx.skip:
            continue
        if not isinstance(key, ScalarNode):
            ctx.error(key, f"expected a key name in {where}, got {_describe(key)}")
            continue
        name = key.value
        if name in first:
            line = first[name].start_mark.line + 1
            ctx.error(key, f"duplicate key '{_clip(name)}' in {where} (first at line {line})")
            continue
        first[name] = key
        if name not in allowed:
            ctx.error(key, f"unknown key '{_clip(name)}' in {where}{_suggest(name, allowed)}")
            continue
        out[name] = (key, value)
    return out


def _require(ctx: _Ctx, node: Node, fields: Fields, where: str, *names: str) -> bool:
    missing = [name for name in names if name not in fields]
    for name in missing:
        ctx.error(node, f"missing required key '{name}' in {where}")
    return not missing


def _scalar(ctx: _Ctx, node: Node, key: str, what: str) -> ScalarNode | None:
    if id(node) in ctx.skip:
        return None
    if isinstance(node, ScalarNode) and node.tag != _Y + "null":
        return node
    ctx.error(node, f"'{key}' must be {what}, got {_describe(node)}")
    return None


def _text(ctx: _Ctx, node: Node, key: str, *, empty_ok: bool = True) -> str | None:
    scalar = _scalar(ctx, node, key, "text")
    if scalar is None:
        return None
    text = str(scalar.value).strip()
    if not text and not empty_ok:
        ctx.error(node, f"'{key}' must not be empty")
        return None
    return text


def _texts(ctx: _Ctx, node: Node, key: str) -> tuple[str, ...] | None:
    """A list of texts; a single text is a list of one."""
    if not isinstance(node, SequenceNode) or id(node) in ctx.skip:
        text = _scalar(ctx, node, key, "a list of texts")
        return None if text is None else (str(text.value).strip(),)
    items: list[str] = []
    for item in node.value:
        if id(item) in ctx.skip:
            continue
        if not isinstance(item, ScalarNode) or item.tag == _Y + "null":
            ctx.error(item, f"each item of '{key}' must be text, got {_describe(item)}")
        elif not str(item.value).strip():
            ctx.error(item, f"an item of '{key}' is empty")
        else:
            items.append(str(item.value).strip())
    return tuple(items) if len(items) == len(node.value) else None


def _choice(ctx: _Ctx, node: Node, key: str, enum: type[E]) -> E | None:
    known = ", ".join(enum)
    scalar = _scalar(ctx, node, key, f"one of {known}")
    if scalar is None:
        return None
    word = str(scalar.value).strip().lower()
    try:
        return enum(word)
    except ValueError:
        hint = _suggest(word, list(enum)) or f"; expected one of {known}"
        ctx.error(node, f"unknown {key} '{_clip(scalar.value)}'{hint}")
        return None


def _value(scalar: ScalarNode) -> object:
    """A scalar as int, float or bool when YAML reads it so, else its text."""
    tag = scalar.tag.removeprefix(_Y)
    try:
        if tag == "int":
            return _CONSTRUCT.construct_yaml_int(scalar)
        if tag == "float":
            return _CONSTRUCT.construct_yaml_float(scalar)
        if tag == "bool":
            return _CONSTRUCT.construct_yaml_bool(scalar)
    except (ValueError, KeyError, TypeError):
        pass  # for example `!!int abc`, or an int of more than 4300 digits
    return str(scalar.value)


def _duration(ctx: _Ctx, node: Node, key: str) -> int | None:
    """A duration of up to 2 h; only ``hold`` must be at least 1 s, the others may be 0."""
    scalar = _scalar(ctx, node, key, "a duration such as 20s or 1m30s")
    if scalar is None:
        return None
    value = _value(scalar)
    if isinstance(value, bool):
        value = str(scalar.value)
    try:
        seconds = parse_duration(value, allow_zero=key != "hold")
    except ValueError as error:
        ctx.error(node, f"invalid {key}: {error}")
        return None
    if seconds > MAX_DURATION:
        shown, limit = format_duration(seconds), format_duration(MAX_DURATION)
        ctx.error(node, f"{key} is too long ({shown}); the limit is {limit}")
        return None
    return seconds


def _reps(ctx: _Ctx, node: Node, key: str = "reps") -> int | None:
    scalar = _scalar(ctx, node, key, "a whole number")
    if scalar is None:
        return None
    value = _value(scalar)
    if isinstance(value, bool) or not isinstance(value, int):
        ctx.error(node, f"'{key}' must be a whole number, got {_describe(scalar)}")
        return None
    if not 1 <= value <= MAX_REPS:
        ctx.error(node, f"{key} must be between 1 and {MAX_REPS}, got {value}")
        return None
    return value


def _timing(ctx: _Ctx, fields: Fields, keys: Iterable[str]) -> dict[str, int] | None:
    """The timing values among ``fields``; None if any of them is bad."""
    values: dict[str, int] = {}
    for key in keys:
        if key in fields:
            read = _reps if key == "reps" else _duration
            value = read(ctx, fields[key][1], key)
            if value is not None:
                values[key] = value
    return values if all(key in values for key in keys if key in fields) else None


def _version(ctx: _Ctx, root: Node, fields: Fields, where: str) -> bool:
    """False when the version is present but not supported (then nothing else is checked)."""
    if not _require(ctx, root, fields, where, "version"):
        return True
    node = fields["version"][1]
    scalar = _scalar(ctx, node, "version", "a number")
    if scalar is None:
        return False
    value = _value(scalar)
    if type(value) is int and value in KNOWN_VERSIONS:
        return True
    known = ", ".join(str(v) for v in KNOWN_VERSIONS)
    ctx.error(node, f"unsupported version {_describe(scalar)}; known versions: {known}")
    return False


def slugify(name: str) -> str:
    """The id of an inline exercise: lower case, words joined by dashes."""
    return re.sub(r"[\W_]+", "-", name.casefold()).strip("-") or "exercise"


# --- exercises -------------------------------------------------------------------------


def _exercise(ctx: _Ctx, fields: Fields, ex_id: str | None, name: str | None) -> Exercise | None:
    """An exercise from the keys shared by library entries and inline steps."""
    instructions = (
        _texts(ctx, fields["instructions"][1], "instructions") if "instructions" in fields else ()
    )
    cautions = _texts(ctx, fields["cautions"][1], "cautions") if "cautions" in fields else ()
    breathing = _text(ctx, fields["breathing"][1], "breathing") if "breathing" in fields else ""
    kind = _choice(ctx, fields["kind"][1], "kind", Kind) if "kind" in fields else Kind.STRETCH
    sides = _choice(ctx, fields["sides"][1], "sides", Sides) if "sides" in fields else None
    timing = _timing(ctx, fields, ("hold", "reps"))
    values = (ex_id, name, instructions, cautions, breathing, kind, timing)
    if any(value is None for value in values) or ("sides" in fields and sides is None):
        return None
    assert ex_id and name and instructions is not None and cautions is not None
    assert breathing is not None and kind is not None and timing is not None
    hold, reps = timing.get("hold"), timing.get("reps")
    return Exercise(ex_id, name, kind, instructions, breathing, cautions, hold, reps, sides)


def _library_entry(ctx: _Ctx, node: Node, first_line: dict[str, int]) -> Exercise | None:
    """One entry of a library; ``first_line`` maps the ids seen so far to their lines."""
    fields = _fields(ctx, node, "exercise", _EXERCISE_KEYS)
    if fields is None:
        return None
    _require(ctx, node, fields, "exercise", "id", "name")
    id_node = fields["id"][1] if "id" in fields else None
    ex_id = _text(ctx, id_node, "id", empty_ok=False) if id_node is not None else None
    if id_node is not None and ex_id is not None:
        if not _SLUG.fullmatch(ex_id):
            hint = slugify(ex_id)
            message = f"exercise id '{_clip(ex_id)}' must be lower-case words joined by dashes"
            ctx.error(id_node, f"{message}, like '{hint}'")
            ex_id = None
        elif ex_id in first_line:
            line = first_line[ex_id]
            ctx.error(id_node, f"duplicate exercise id '{ex_id}' (first at line {line})")
            ex_id = None
        else:
            first_line[ex_id] = id_node.start_mark.line + 1
    name = _text(ctx, fields["name"][1], "name", empty_ok=False) if "name" in fields else None
    return _exercise(ctx, fields, ex_id, name)


def build_library(parsed: ParsedFile) -> tuple[dict[str, Exercise], list[Diagnostic]]:
    """The valid exercises of a parsed library file, and the problems (with the rest)."""
    ctx = _Ctx(parsed.file, parsed)
    exercises: dict[str, Exercise] = {}
    with contextlib.suppress(_TooMany):
        _library(ctx, parsed.root, exercises)
    return exercises, sorted(ctx.diagnostics)


def _library(ctx: _Ctx, root: Node | None, exercises: dict[str, Exercise]) -> None:
    where = "exercise library"
    if "steps" in _keys(root):
        assert root is not None
        ctx.error(root, "this is a routine (it has 'steps:'), not an exercise library")
        return
    fields = _fields(ctx, root, where, _LIBRARY_KEYS) if root is not None else None
    if root is None or fields is None or not _version(ctx, root, fields, where):
        return
    if "description" in fields:
        _text(ctx, fields["description"][1], "description")
    node = fields["exercises"][1] if _require(ctx, root, fields, where, "exercises") else None
    if isinstance(node, SequenceNode):
        first_line: dict[str, int] = {}
        for item in node.value:
            exercise = _library_entry(ctx, item, first_line)
            if exercise is not None:
                exercises[exercise.id] = exercise
    elif node is not None and id(node) not in ctx.skip:
        ctx.error(node, f"'exercises' must be a list, got {_describe(node)}")


# --- routines --------------------------------------------------------------------------


def _step(
    ctx: _Ctx, node: Node, exercises: Mapping[str, Exercise], defaults: Mapping[str, int]
) -> Step | None:
    fields = _fields(ctx, node, "step", _STEP_KEYS)
    if fields is None:
        return None
    own = _timing(ctx, fields, TIMING_FIELDS)
    sides = _choice(ctx, fields["sides"][1], "sides", Sides) if "sides" in fields else None
    ok = own is not None and ("sides" not in fields or sides is not None)
    exercise: Exercise | None = None
    if "exercise" in fields and "name" in fields:
        ctx.error(
            fields["name"][0],
            "a step has 'exercise' or 'name' (an inline exercise), not both",
        )
    elif "exercise" in fields:
        for key in _INLINE_KEYS[1:]:
            if key in fields:
                ctx.error(
                    fields[key][0],
                    f"'{key}' is only for an inline exercise (with 'name'), not with 'exercise'",
                )
                ok = False
        ref = _text(ctx, fields["exercise"][1], "exercise", empty_ok=False)
        exercise = exercises.get(ref) if ref is not None else None
        if ref is not None and exercise is None:
            hint = _suggest(ref, exercises, n=3)
            ctx.error(fields["exercise"][1], f"unknown exercise '{_clip(ref)}'{hint}")
    elif "name" in fields:
        name = _text(ctx, fields["name"][1], "name", empty_ok=False)
        exercise = _exercise(ctx, fields, slugify(name or ""), name)
    else:
        ctx.error(
            node,
            "a step needs 'exercise' (a library id) or 'name' (an inline exercise)",
        )
    if exercise is None or own is None or not ok:
        return None
    return Step(exercise, _resolve(own, exercise, defaults), sides or exercise.sides or Sides.NONE)


def _resolve(own: Mapping[str, int], exercise: Exercise, defaults: Mapping[str, int]) -> Timing:
    """Each timing field: the step's, else the exercise's, else the routine's, else Timing()."""
    values = dict(defaults)
    for key in ("hold", "reps"):
        if getattr(exercise, key) is not None:
            values[key] = getattr(exercise, key)
    return Timing(**(values | dict(own)))


def build_routine(
    parsed: ParsedFile,
    exercises: Mapping[str, Exercise],
    *,
    routine_id: str,
    source: str = "user",
    path: Path | None = None,
) -> Routine:
    """The routine of a parsed file; raises ``RoutineError`` with every problem found."""
    ctx = _Ctx(parsed.file, parsed)
    try:
        return _routine(
            ctx, parsed, exercises, Routine(routine_id, "", (), source=source, path=path)
        )
    except _TooMany:
        raise RoutineError(ctx.diagnostics) from None


def _routine(
    ctx: _Ctx, parsed: ParsedFile, exercises: Mapping[str, Exercise], blank: Routine
) -> Routine:
    root = parsed.root
    if root is None:
        raise RoutineError(ctx.diagnostics)
    if parsed.kind == "exercises":
        ctx.error(root, "this is an exercise library (it has 'exercises:'), not a routine")
        ctx.check()
    fields = _fields(ctx, root, "routine", _ROUTINE_KEYS)
    if fields is None or not _version(ctx, root, fields, "routine"):
        raise RoutineError(ctx.diagnostics)
    _require(ctx, root, fields, "routine", "name", "steps")
    get = {key: value for key, (_, value) in fields.items()}
    name = _text(ctx, get["name"], "name", empty_ok=False) if "name" in get else None
    description = _text(ctx, get["description"], "description") if "description" in get else ""
    tags = _texts(ctx, get["tags"], "tags") if "tags" in get else ()
    defaults: dict[str, int] = {}
    if "defaults" in get:
        default_fields = _fields(ctx, get["defaults"], "defaults", TIMING_FIELDS) or {}
        defaults = _timing(ctx, default_fields, TIMING_FIELDS) or {}
    steps: list[Step | None] = []
    node = get.get("steps")
    if isinstance(node, SequenceNode) and not node.value:
        ctx.error(node, "'steps' must list at least one step")
    elif isinstance(node, SequenceNode):
        steps = [_step(ctx, item, exercises, defaults) for item in node.value]
    elif node is not None and id(node) not in ctx.skip:
        ctx.error(node, f"'steps' must be a list, got {_describe(node)}")
    ctx.check()
    routine = dataclasses.replace(
        blank,
        name=name or blank.id,
        steps=tuple(step for step in steps if step is not None),
        description=description or "",
        tags=tags or (),
    )
    total = routine_total(routine)
    if total > MAX_TOTAL:
        shown, limit = format_duration(total), format_duration(MAX_TOTAL)
        ctx.error(
            fields["steps"][0], f"routine is too long ({shown} in total); the limit is {limit}"
        )
        ctx.check()
    return routine


# --- public API --------------------------------------------------------------------------


def routine_total(routine: Routine) -> int:
    """Seconds from start to end: prepare, holds, rests, switches and transitions."""
    total = 0
    for index, step in enumerate(routine.steps):
        timing, sides = step.timing, len(step.side_list)
        total += timing.prepare + (sides - 1) * timing.switch
        total += sides * (timing.reps * timing.hold + (timing.reps - 1) * timing.rest)
        if index < len(routine.steps) - 1:
            total += timing.transition
    return total


def load_exercise_library(path: Path) -> dict[str, Exercise]:
    """The exercises of a library file, by id; raises ``RoutineError``."""
    exercises, diagnostics = build_library(parse_file(path))
    if diagnostics:
        raise RoutineError(diagnostics)
    return exercises


def load_routine(path: Path, exercises: Mapping[str, Exercise], *, source: str = "user") -> Routine:
    """The routine in ``path`` (its id is the file stem); raises ``RoutineError``."""
    return build_routine(
        parse_file(path), exercises, routine_id=path.stem, source=source, path=path
    )


def load_routine_text(
    text: str,
    filename: str,
    exercises: Mapping[str, Exercise],
    *,
    routine_id: str,
    source: str = "user",
    path: Path | None = None,
) -> Routine:
    """The routine in ``text``, reported as ``filename``; raises ``RoutineError``."""
    parsed = parse_text(text, filename)
    return build_routine(parsed, exercises, routine_id=routine_id, source=source, path=path)


def validate_file(path: Path, exercises: Mapping[str, Exercise]) -> list[Diagnostic]:
    """Every problem of a routine or exercise library file (by its top-level key); [] if valid."""
    parsed = parse_file(path)
    if parsed.kind == "exercises":
        return sorted(build_library(parsed)[1])
    try:
        build_routine(parsed, exercises, routine_id=path.stem, path=path)
    except RoutineError as error:
        return list(error.diagnostics)
    return []
