"""Reading YAML for the loader: size and encoding checks, composing (never constructing)
nodes, refusing aliases and unsafe tags, and readers for typed fields that report each
problem at its line and column.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal, SupportsInt, TypeVar, cast

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from stretchtimer.core.durations import format_duration, parse_duration
from stretchtimer.core.errors import Diagnostic, RoutineError, clip, suggest
from stretchtimer.core.safe_text import first_control, printable

MAX_FILE_BYTES = 1024 * 1024
MAX_DURATION = 2 * 3600  # hold, and each of prepare, rest, switch, transition
MAX_REPS = 100
KNOWN_VERSIONS = (1,)
MAX_DIAGNOSTICS = 100  # per file; then a last one says the rest were left out

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Y = "tag:yaml.org,2002:"
_SCALAR_TAGS = frozenset(_Y + t for t in ("str", "int", "float", "bool", "null", "timestamp"))
_CONSTRUCT = SafeConstructor()
_YAML11_INTS = [  # the forms of int YAML 1.1 reads, but plain decimal
    (name, re.compile(pattern))
    for name, pattern in (
        ("a binary number", r"[-+]?0b[01_]+"),
        ("a hexadecimal number", r"[-+]?0x[0-9a-fA-F_]+"),
        ("an octal number", r"[-+]?0[0-7_]+"),
        ("a base-60 number", r"[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+"),
        ("a number without its '_'", r"[-+]?[1-9][0-9]*_[0-9_]*"),
    )
]


E = TypeVar("E", bound=StrEnum)
Fields = dict[str, tuple[Node, Node]]


class TooManyProblems(Exception):
    """Raised once a file has ``MAX_DIAGNOSTICS`` problems, to stop looking."""


class Context:
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
            raise TooManyProblems
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
        keys = top_keys(self.root)
        return "exercises" if "exercises" in keys and "steps" not in keys else "routine"


def top_keys(node: Node | None) -> set[str]:
    if not isinstance(node, MappingNode):
        return set()
    return {k.value for k, _ in node.value if isinstance(k, ScalarNode)}


# --- reading and composing -------------------------------------------------------------


def parse_bytes(data: bytes, filename: str) -> ParsedFile:
    """Compose the bytes of the file ``filename`` (at most 1 MiB of UTF-8); problems go to
    diagnostics. The file is read by ``adapters/routine_files.py``."""
    ctx = Context(filename)
    if len(data) > MAX_FILE_BYTES:
        ctx.at(1, 1, _too_large(None))
    else:
        text = _decode(data, ctx)
        if text is not None:
            return _compose(text, ctx)
    return ParsedFile(ctx.file, diagnostics=ctx.diagnostics)


def file_problem(filename: str, problem: str) -> ParsedFile:
    """A file that could not be read: ``problem`` at its first line."""
    ctx = Context(filename)
    ctx.at(1, 1, problem)
    return ParsedFile(ctx.file, diagnostics=ctx.diagnostics)


def too_large(size: int) -> str:
    """The problem of a file of ``size`` bytes, over the limit."""
    return _too_large(size)


def parse_text(text: str, filename: str) -> ParsedFile:
    """Compose ``text`` as if read from ``filename``."""
    ctx = Context(filename)
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


def _decode(data: bytes, ctx: Context) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line_start = data.rfind(b"\n", 0, error.start) + 1
        line = data.count(b"\n", 0, error.start) + 1
        column = len(data[line_start : error.start].decode("utf-8", "replace")) + 1
        byte = data[error.start]
        ctx.at(line, column, f"file is not UTF-8 text (invalid byte 0x{byte:02x}); is it binary?")
        return None


def _compose(text: str, ctx: Context) -> ParsedFile:
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
        ctx.at(*reader_problem(text, error))
    except (yaml.YAMLError, RecursionError, ValueError, TypeError) as error:
        ctx.at(1, 1, f"invalid YAML: {clip(str(error), 200)}")
    if parsed.root is None and not ctx.diagnostics:
        ctx.at(1, 1, "file is empty; expected a routine (version, name, steps)")
    elif parsed.root is not None and ("!" in text or "*" in text or "<<" in text):
        try:  # without these characters there can be no tag, alias or merge key
            _scan(parsed, ctx)
        except TooManyProblems:
            parsed.root = None
    return parsed


def place(text: str, position: int) -> tuple[int, int]:
    """The 1-based line and column of the character at ``position`` in ``text``."""
    position = max(0, min(position, len(text)))
    return text.count("\n", 0, position) + 1, position - text.rfind("\n", 0, position)


def reader_problem(text: str, error: yaml.reader.ReaderError) -> tuple[int, int, str]:
    """The line, column and message for a character YAML refuses to read in ``text``.

    Found by the character itself: libyaml's ``position`` counts UTF-8 bytes, not characters.
    The reader stops at the first such character, so its first occurrence is the one.
    """
    code = _code(error.character)
    found = text.find(chr(int(code, 16)))
    line, column = place(text, found if found >= 0 else error.position)
    name = "a NUL byte" if code == "0000" else "a control character"
    return line, column, f"file contains {name} (U+{code}); is it binary?"


def _code(character: object) -> str:
    number = ord(character) if isinstance(character, str) else int(cast(SupportsInt, character))
    return f"{number:04X}"


def _scan(parsed: ParsedFile, ctx: Context) -> None:
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
                ctx.error(node, f"unsupported tag '{clip(_short_tag(node.tag))}'; use plain YAML")
        elif isinstance(node, MappingNode):
            stack.extend(n for pair in node.value for n in pair)
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
    if aliased:
        try:
            reported: set[str] = set()  # one problem per anchor: its first alias
            for event in yaml.parse(parsed.text, Loader=_LOADER):
                if isinstance(event, yaml.AliasEvent) and event.anchor not in reported:
                    anchor = event.anchor or ""
                    reported.add(anchor)
                    message = f"aliases are not supported (*{clip(anchor)}); write the value out"
                    mark = event.start_mark
                    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
                    ctx.at(line, column, message)
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


def describe_node(node: Node) -> str:
    """A node as shown in a message: ``a list``, ``nothing``, ``'text'``, ``12``."""
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    if node.tag == _Y + "null":
        return "nothing"
    return repr(clip(node.value)) if node.tag == _Y + "str" else clip(node.value)


def read_fields(ctx: Context, node: Node, where: str, allowed: tuple[str, ...]) -> Fields | None:
    """The keys of a mapping node; reports non-mappings, unknown and duplicate keys."""
    if id(node) in ctx.skip:
        return None
    if not isinstance(node, MappingNode):
        ctx.error(node, f"expected a mapping for {where}, got {describe_node(node)}")
        return None
    out: Fields = {}
    first: dict[str, Node] = {}
    for key, value in node.value:
        if id(key) in ctx.skip:
            continue
        if not isinstance(key, ScalarNode):
            ctx.error(key, f"expected a key name in {where}, got {describe_node(key)}")
            continue
        name = key.value
        if name in first:
            line = first[name].start_mark.line + 1
            ctx.error(key, f"duplicate key '{clip(name)}' in {where} (first at line {line})")
            continue
        first[name] = key
        if name not in allowed:
            ctx.error(key, f"unknown key '{clip(name)}' in {where}{suggest(name, allowed)}")
            continue
        out[name] = (key, value)
    return out


def require(ctx: Context, node: Node, fields: Fields, where: str, *names: str) -> bool:
    missing = [name for name in names if name not in fields]
    for name in missing:
        ctx.error(node, f"missing required key '{name}' in {where}")
    return not missing


def _scalar(ctx: Context, node: Node, key: str, what: str) -> ScalarNode | None:
    if id(node) in ctx.skip:
        return None
    if isinstance(node, ScalarNode) and node.tag != _Y + "null":
        return node
    ctx.error(node, f"'{key}' must be {what}, got {describe_node(node)}")
    return None


def _plain(ctx: Context, node: Node, key: str, text: str, multiline: bool) -> str | None:
    """``text`` if a terminal can show it as it is; else reports it and returns None.

    Control characters (C0, DEL, C1; written as escapes such as ``"\\e"`` in a quoted
    YAML string) are refused everywhere but tab and newline in ``multiline`` text, and a
    line break in one-line text (a name, an id, a tag).
    """
    at = first_control(text, multiline=multiline)
    if at is None:
        return text
    char = text[at]
    if not multiline and char in "\n\r\u2028\u2029":
        ctx.error(node, f"'{key}' must be one line; it has a line break after '{clip(text[:at])}'")
    else:
        shown = f"U+{ord(char):04X}, {printable(char)}"
        where = f"after '{clip(text[:at])}'" if at else "at its start"
        ctx.error(node, f"'{key}' contains a control character ({shown}) {where}; remove it")
    return None


def read_text(
    ctx: Context, node: Node, key: str, *, empty_ok: bool = True, multiline: bool = False
) -> str | None:
    """A text; one line unless ``multiline``, never with other control characters."""
    scalar = _scalar(ctx, node, key, "text")
    if scalar is None:
        return None
    text = str(scalar.value).strip()
    if not text and not empty_ok:
        ctx.error(node, empty_message(key))
        return None
    return _plain(ctx, node, key, text, multiline)


def empty_message(key: str) -> str:
    """The words for a required text left empty (in a file or in a screen's field)."""
    return f"'{key}' must not be empty"


def read_texts(
    ctx: Context, node: Node, key: str, *, multiline: bool = False
) -> tuple[str, ...] | None:
    """A list of texts; a single text is a list of one. Each as :func:`read_text` reads it."""
    if not isinstance(node, SequenceNode) or id(node) in ctx.skip:
        scalar = _scalar(ctx, node, key, "a list of texts")
        text = (
            None if scalar is None else _plain(ctx, node, key, str(scalar.value).strip(), multiline)
        )
        return None if text is None else (text,)
    items: list[str] = []
    for item in node.value:
        if id(item) in ctx.skip:
            continue
        if not isinstance(item, ScalarNode) or item.tag == _Y + "null":
            ctx.error(item, f"each item of '{key}' must be text, got {describe_node(item)}")
        elif not str(item.value).strip():
            ctx.error(item, f"an item of '{key}' is empty")
        elif (text := _plain(ctx, item, key, str(item.value).strip(), multiline)) is not None:
            items.append(text)
    return tuple(items) if len(items) == len(node.value) else None


def read_flag(ctx: Context, node: Node, key: str) -> bool | None:
    """A yes/no value: YAML's ``true`` or ``false`` (``yes``/``no`` too, as YAML 1.1 reads
    them); anything else is reported."""
    scalar = _scalar(ctx, node, key, "true or false")
    if scalar is None:
        return None
    value = _value(scalar)
    if not isinstance(value, bool):
        ctx.error(node, f"'{key}' must be true or false, got {describe_node(scalar)}")
        return None
    return value


def read_choice(ctx: Context, node: Node, key: str, enum: type[E]) -> E | None:
    known = ", ".join(enum)
    scalar = _scalar(ctx, node, key, f"one of {known}")
    if scalar is None:
        return None
    word = str(scalar.value).strip().lower()
    try:
        return enum(word)
    except ValueError:
        hint = suggest(word, list(enum)) or f"; expected one of {known}"
        ctx.error(node, f"unknown {key} '{clip(scalar.value)}'{hint}")
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


def nondecimal(scalar: ScalarNode, shown: Callable[[int], str]) -> str | None:
    """What is wrong with a number YAML 1.1 reads in a form other than plain decimal, or None.

    PyYAML reads ``010`` as octal (8), ``0x1e`` as hex, ``0b11`` as binary, ``1:30`` as base
    60 (90) and ``1_0`` as 10, silently; a value meant as decimal would change. The message
    says how to write it: ``shown`` turns the number meant into the text to write.
    """
    raw = str(scalar.value).strip()
    form = next((name for name, form in _YAML11_INTS if form.fullmatch(raw)), None)
    if scalar.tag != _Y + "int" or form is None:
        return None
    value = _value(scalar)
    meant = value if isinstance(value, int) and abs(value) < 10**15 else None
    known = meant is not None
    if form == "an octal number":  # the digits were most likely meant as decimal
        meant = int(raw.lstrip("+-").replace("_", "")[:16])
    message = f"YAML reads '{clip(raw)}' as {form}" + (f" ({value})" if known else "")
    if meant is None or raw.startswith("-"):
        return f"{message}; write it in decimal digits"
    return f"{message}; write {shown(meant)}"


def _duration(ctx: Context, node: Node, key: str) -> int | None:
    """A duration of up to 2 h; only ``hold`` must be at least 1 s, the others may be 0."""
    scalar = _scalar(ctx, node, key, "a duration such as 20s or 1m30s")
    if scalar is None:
        return None
    if problem := nondecimal(scalar, format_duration):
        ctx.error(node, f"invalid {key}: {problem}")
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


def _reps(ctx: Context, node: Node, key: str = "reps") -> int | None:
    scalar = _scalar(ctx, node, key, "a whole number")
    if scalar is None:
        return None
    if problem := nondecimal(scalar, str):
        ctx.error(node, f"invalid {key}: {problem}")
        return None
    value = _value(scalar)
    if isinstance(value, bool) or not isinstance(value, int):
        ctx.error(node, f"'{key}' must be a whole number, got {describe_node(scalar)}")
        return None
    if not 1 <= value <= MAX_REPS:
        ctx.error(node, f"{key} must be between 1 and {MAX_REPS}, got {value}")
        return None
    return value


def read_timing(ctx: Context, fields: Fields, keys: Iterable[str]) -> dict[str, int] | None:
    """The timing values among ``fields``; None if any of them is bad."""
    values: dict[str, int] = {}
    for key in keys:
        if key in fields:
            read = _reps if key == "reps" else _duration
            value = read(ctx, fields[key][1], key)
            if value is not None:
                values[key] = value
    return values if all(key in values for key in keys if key in fields) else None


def check_version(ctx: Context, root: Node, fields: Fields, where: str) -> bool:
    """False when the version is present but not supported (then nothing else is checked)."""
    if not require(ctx, root, fields, where, "version"):
        return True
    node = fields["version"][1]
    scalar = _scalar(ctx, node, "version", "a number")
    if scalar is None:
        return False
    value = _value(scalar)
    if type(value) is int and value in KNOWN_VERSIONS:
        return True
    known = ", ".join(str(v) for v in KNOWN_VERSIONS)
    ctx.error(node, f"unsupported version {describe_node(scalar)}; known versions: {known}")
    return False
