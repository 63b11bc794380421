"""Fuzz tests of every loader: documents built from each format's grammar, then mutated.

Each format has a strategy for valid-shaped documents (its keys, its kinds of values); a
document is then damaged at two levels: its values (wrong types, huge and negative numbers,
deep nesting, control and odd Unicode characters, aliases) and its bytes once rendered
(anchors and aliases, tags, duplicate keys, a BOM, invalid UTF-8, NUL and control bytes,
cut short). Whatever comes in, only the loader's own error leaves it, each problem with the
file and a line and column, one printable line; loaders that promise never to raise do not.

The suite tries a few dozen documents per loader; for a long run set
``STRETCHTIMER_FUZZ_EXAMPLES`` (the number each test's docstring says it was run with), e.g.
``STRETCHTIMER_FUZZ_EXAMPLES=20000 .venv/bin/pytest tests/core/test_fuzz_loaders.py``.
"""

from __future__ import annotations

import json
import os
import re
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from stretchtimer import paths
from stretchtimer.adapters.reminders_file import RemindersFile
from stretchtimer.adapters.routine_files import load_exercise_library
from stretchtimer.adapters.screening_file import load_screening_text
from stretchtimer.adapters.settings_file import load_settings
from stretchtimer.adapters.store_sqlite import open_store
from stretchtimer.core.errors import Diagnostic, RoutineError
from stretchtimer.core.loader import build_library, build_routine, validate
from stretchtimer.core.model import TIMING_FIELDS
from stretchtimer.core.safe_text import first_control
from stretchtimer.core.settings import Settings
from stretchtimer.core.yaml_source import parse_bytes

EXAMPLES = int(os.environ.get("STRETCHTIMER_FUZZ_EXAMPLES", "40"))
FUZZ = hypothesis_settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
ZONE = ZoneInfo("Europe/Berlin")
_POSITION = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<column>\d+): error: ")

# --- the values of the formats, right and wrong --------------------------------------------

ODD_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(
            "\x00\x07\x1b\x7f\x85\x9b\u2028\u2029\ufeff\u202e\u200b\ud7ff\ue000\uffff"
            "\U0001f600\t\r\n:#&*!{}[]-?|>'\"%@`,"
        ),
    ),
    max_size=12,
)
ODD_NUMBERS = st.one_of(
    st.integers(-(10**30), 10**30),
    st.sampled_from([0, -1, 10**400, -(10**400), 2**63, 2**64 + 1]),
    st.floats(allow_nan=True, allow_infinity=True),
)
SCALARS = st.one_of(st.none(), st.booleans(), ODD_NUMBERS, ODD_TEXT)
# Any shape at all, nested (deeply, now and then).
JUNK = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(SCALARS, inner, max_size=3)
    ),
    max_leaves=8,
)
DEEP = st.integers(20, 400).map(lambda n: json.loads("[" * n + "]" * n))


def maybe_wrong(right: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Mostly a value of the right kind; sometimes any value at all."""
    return st.one_of(right, right, right, JUNK, DEEP)


def mapping(
    required: dict[str, st.SearchStrategy[Any]], optional: dict[str, st.SearchStrategy[Any]]
) -> st.SearchStrategy[dict[Any, Any]]:
    """A mapping of the format's keys (sometimes one missing, unknown or misspelt)."""
    base = st.fixed_dictionaries(
        {k: maybe_wrong(v) for k, v in required.items()},
        optional={k: maybe_wrong(v) for k, v in optional.items()},
    )
    extra = st.dictionaries(st.one_of(ODD_TEXT, st.sampled_from([*required, *optional])), JUNK)
    return st.tuples(base, extra, st.sets(st.sampled_from(list(required) or ["x"]))).map(
        lambda t: {k: v for k, v in t[0].items() if k not in t[2]} | (t[1] if t[2] else {})
    )


DURATION = st.one_of(
    st.integers(-5, 10_000),
    st.sampled_from(["20s", "1m30s", "2h", "90", "0s", "1:30", "010", "0x1e", "1_0", "3e2", "ten"]),
    st.from_regex(r"\d{1,5}[smh]( ?\d{1,3}[smh])?", fullmatch=True),
)
REPS = st.one_of(st.integers(-3, 200), st.sampled_from(["3", "010", "true", "1.5"]))
NAME = st.one_of(st.text(max_size=20), ODD_TEXT)
SLUG = st.from_regex(r"[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,4}){0,2}", fullmatch=True)
KIND = st.sampled_from(["stretch", "strength", "cardio", "therapy", "Stretch", "yoga"])
SIDES = st.sampled_from(["none", "left", "right", "both", "up"])
TIMING = {k: (REPS if k == "reps" else DURATION) for k in TIMING_FIELDS}
TEXTS = st.one_of(NAME, st.lists(NAME, max_size=3))
INLINE = {
    "name": NAME,
    "instructions": TEXTS,
    "breathing": TEXTS,
    "cautions": TEXTS,
    "kind": KIND,
}
EASIER = mapping({}, {"exercise": SLUG, **INLINE, "sides": SIDES, "hold": DURATION, "reps": REPS})
STEP = mapping({"exercise": SLUG}, {**INLINE, "sides": SIDES, **TIMING, "easier": EASIER})
ROUTINE = mapping(
    {"version": st.sampled_from([1, 1, 2, "1", 1.0]), "name": NAME, "steps": st.lists(STEP)},
    {"description": TEXTS, "tags": TEXTS, "defaults": mapping({}, TIMING)},
)
EXERCISE = mapping(
    {"id": SLUG, "name": NAME},
    {
        **{k: v for k, v in INLINE.items() if k != "name"},
        "hold": DURATION,
        "reps": REPS,
        "sides": SIDES,
    },
)
LIBRARY = mapping(
    {"version": st.sampled_from([1, 1, 0]), "exercises": st.lists(EXERCISE, max_size=4)},
    {"description": TEXTS},
)
SETTINGS = mapping(
    {},
    {
        "muted": st.booleans(),
        "volume": st.floats(-1, 2),
        "countdown_seconds": st.integers(-1, 12),
        "spoken_cues": st.booleans(),
        "screening_reset_hour": st.integers(-1, 25),
        "theme": st.sampled_from(["textual-dark", "nord", "gruvbox", "nope"]),
        "emergency_number": st.sampled_from(["112", "911", "", "+44 999"]),
        "weekly_goal_minutes": st.integers(0, 3000),
    },
)
TIME = st.from_regex(r"([01]?\d|2[0-4]):[0-5]\d", fullmatch=True)
RANGE = st.builds(lambda a, b: f"{a}-{b}", TIME, TIME)
DAYS = st.sampled_from(["mon-fri", "mon,wed,fri", "sat", "all", "daily", "fri-mon", "funday"])
REMINDER = mapping(
    {"id": SLUG},
    {
        "enabled": st.booleans(),
        "routine": st.sampled_from(["walk-break", "morning", "nope"]),
        "every": st.one_of(DURATION, st.sampled_from(["60m", "1h30m", "90s", "0m", "10000h"])),
        "days": DAYS,
        "hours": st.one_of(RANGE, st.lists(RANGE, max_size=3)),
        "hours_by_day": st.dictionaries(DAYS, st.one_of(RANGE, st.lists(RANGE, max_size=2))),
        "align": st.sampled_from(["none", "hour", ":50", ":75", "half"]),
        "walk": st.one_of(DURATION, st.booleans()),
    },
)
REMINDERS = mapping({"version": st.sampled_from([1, 1, 2])}, {"reminders": st.lists(REMINDER)})
QUESTION = mapping(
    {
        "id": SLUG,
        "severity": st.sampled_from(["emergency", "doctor", "info", "urgent"]),
        "source": NAME,
        "text": NAME,
        "advice": NAME,
    },
    {"remembered": st.booleans()},
)
_SCREENING_TEXTS = (
    "disclaimer",
    "unsure_advice",
    "emergency_heading",
    "emergency_call",
    "emergency_call_own",
    "emergency_message",
    "clearance_prompt",
)
SCREENING = mapping(
    {
        **{
            k: st.sampled_from(["Call {number} now.", "See a doctor.", " "])
            for k in _SCREENING_TEXTS
        },
        "questions": st.lists(QUESTION, min_size=1, max_size=4),
    },
    {},
)

# --- rendering and damaging the bytes ------------------------------------------------------

INSERTS = st.sampled_from(
    [
        b"&a ",
        b"*a",
        b"*a\n",
        b"<<: *a\n",
        b"!!python/object/apply:os.system ['true'] ",
        b"!!binary ",
        b"!custom ",
        b"!!int ",
        b"!!str ",
        b"%TAG ! tag:x,2000:\n",
        b"---\n",
        b"...\n",
        b"\xef\xbb\xbf",
        b"\xff",
        b"\xc3",
        b"\xed\xa0\x80",
        b"\x00",
        b"\x1b[2J",
        b"\x7f",
        b"\xc2\x85",
        b"\t",
        b"\r",
        b"\n  ",
        b"[",
        b"{",
        b"'",
        b'"\\e',
        b'"\\ud800"',
        b"? ",
        b": ",
        b"- ",
        b"1e999",
        b"0x1f",
        b"9" * 60,
        b"9" * 5000,
    ]
)


@st.composite
def rendered(draw: st.DrawFn, document: st.SearchStrategy[Any]) -> bytes:
    """A document as YAML (block or flow style), perhaps with a key written twice and some
    bytes put in, replaced or cut off."""
    data = draw(document)
    flow = draw(st.sampled_from([False, None, True]))
    try:
        text = yaml.safe_dump(data, default_flow_style=flow, allow_unicode=draw(st.booleans()))
    except (yaml.YAMLError, RecursionError, ValueError):
        text = repr(data)
    raw = text.encode("utf-8", "surrogatepass")
    lines = raw.split(b"\n")
    if len(lines) > 1 and draw(st.booleans()):  # a line again: a duplicate key, most often
        at = draw(st.integers(0, len(lines) - 1))
        lines.insert(draw(st.integers(0, len(lines))), lines[at])
        raw = b"\n".join(lines)
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(raw)))
        cut = draw(st.sampled_from([0, 0, 0, 1, 3]))
        raw = raw[:at] + draw(INSERTS) + raw[at + cut :]
    if draw(st.integers(0, 9)) == 0:
        raw = raw[: draw(st.integers(0, len(raw)))]
    return raw


def documents(document: st.SearchStrategy[Any]) -> st.SearchStrategy[bytes]:
    """Mutated documents of one format, and now and then bytes with no grammar at all."""
    return st.one_of(rendered(document), rendered(document), st.binary(max_size=120))


def assert_placed(lines: list[str], file: str) -> None:
    """Each message is one printable line that names ``file`` and a line and column."""
    for line in lines:
        found = _POSITION.match(line)
        assert found, line
        assert found["file"] == file and int(found["line"]) >= 1 and int(found["column"]) >= 1
        assert first_control(line) is None, repr(line)


def assert_diagnostics(diagnostics: list[Diagnostic], file: str) -> None:
    assert_placed([str(d) for d in diagnostics], file)


@pytest.fixture(scope="module")
def exercises() -> dict[str, Any]:
    return load_exercise_library(paths.builtin_routines_dir() / "exercises.yaml")


# --- the loaders --------------------------------------------------------------------------


@FUZZ
@given(data=documents(ROUTINE))
@example(data=b"version: 1\nname: x\nsteps:\n- exercise: knee-to-chest\n  hold: 9" + b"9" * 40)
def test_routine_loader_gives_only_its_own_placed_error(exercises, data):
    """A routine file: a routine or a ``RoutineError`` of placed problems, nothing else.

    Long run: 20,000 examples, none failed.
    """
    parsed = parse_bytes(data, "fuzz.yaml")
    try:
        build_routine(parsed, exercises, routine_id="fuzz")
    except RoutineError as error:
        assert error.diagnostics
        assert_diagnostics(error.diagnostics, "fuzz.yaml")
    assert_diagnostics(validate(parsed, exercises, Path("fuzz.yaml")), "fuzz.yaml")


@FUZZ
@given(data=documents(LIBRARY))
def test_exercise_library_loader_never_raises(data):
    """An exercise library: the valid exercises and placed problems; it never raises.

    Long run: 20,000 examples, none failed.
    """
    library, diagnostics = build_library(parse_bytes(data, "lib.yaml"))
    assert all(isinstance(key, str) for key in library)
    assert_diagnostics(diagnostics, "lib.yaml")


@FUZZ
@given(data=documents(SETTINGS))
@example(data=b"volume: 1" + b"0" * 400)  # found by the long run: OverflowError
def test_settings_loader_never_raises(tmp_path_factory, data):
    """settings.yaml: settings and placed warnings, never an exception.

    Long run: 20,000 examples found the huge volume (the example above); 10,000 after the
    fix, none failed.
    """
    path = tmp_path_factory.mktemp("settings") / "settings.yaml"
    path.write_bytes(data)
    loaded, warnings = load_settings(path)
    assert isinstance(loaded, Settings)
    assert_placed(warnings, str(path))


@FUZZ
@given(data=documents(REMINDERS))
def test_reminders_loader_never_raises(tmp_path_factory, data):
    """reminders.yaml: reminders (the defaults on any problem) and placed problems.

    Long run: 10,000 examples, none failed (an earlier run found a mistake of this test:
    `reminders: []` is a valid file with no reminders).
    """
    path = tmp_path_factory.mktemp("reminders") / "reminders.yaml"
    path.write_bytes(data)
    routines = frozenset({"walk-break", "morning"})
    reminders, problems = RemindersFile(path, ZONE, routines).load()
    assert isinstance(reminders, list)  # [] for `reminders: []`
    assert_diagnostics(problems, str(path))


@FUZZ
@given(data=documents(SCREENING))
@example(data=b"!!int : x\nquestions: []\n")  # found by the long run: IndexError
def test_screening_loader_gives_only_its_own_error(tmp_path_factory, data):
    """The red-flag questions (read through the public ``load_screening_text``): the
    questions, or the loader's own error (a ``ValueError``) naming the file, one printable
    line each; never another exception.

    Long run: 10,000 examples, none failed, on the loader before it moved to the node
    readers (an earlier run found an IndexError: the example above); 3,000 on the node
    readers, none failed.
    """
    path = tmp_path_factory.mktemp("screening") / "screening.yaml"
    path.write_bytes(data)
    try:
        text = load_screening_text(path)
    except ValueError as error:
        assert type(error).__module__.startswith("stretchtimer."), repr(error)
        lines = str(error).splitlines()
        assert lines and all(line.startswith(str(path)) for line in lines), str(error)
        assert all(first_control(line) is None for line in lines), repr(str(error))
    else:
        assert text.questions


def history_line(entry: dict[str, Any]) -> bytes:
    try:
        return json.dumps(entry, ensure_ascii=False).encode("utf-8", "surrogatepass")
    except (ValueError, TypeError):
        return repr(entry).encode("utf-8", "surrogatepass")


STAMP = st.one_of(
    st.datetimes(timezones=st.sampled_from([ZONE, ZoneInfo("UTC")])).map(datetime.isoformat),
    st.sampled_from(["0001-01-01T00:00:00+00:00", "9999-12-31T23:59:59+00:00", "2026-13-01", ""]),
)
HISTORY_ENTRY = mapping(
    {
        "finished_at": STAMP,
        "routine_id": SLUG,
        "routine_name": NAME,
        "completed": st.booleans(),
        "active_seconds": st.one_of(st.integers(0, 4000), st.floats(0, 4000)),
        "holds_done": st.integers(0, 20),
        "holds_total": st.integers(0, 20),
    },
    {
        "ended": st.sampled_from(["completed", "stopped", "hurt", "interrupted", "exploded"]),
        "how": st.sampled_from(["sighup", "sigterm", None]),
        "easier": st.booleans(),
    },
)


HISTORY_LINE = (
    b'{"finished_at": "%s", "routine_id": %s, "routine_name": "x", "completed": true,'
    b' "active_seconds": %s, "holds_done": 1, "holds_total": 1}'
)


@st.composite
def history_files(draw: st.DrawFn) -> bytes:
    lines = [history_line(e) for e in draw(st.lists(HISTORY_ENTRY, max_size=5))]
    raw = b"\n".join(lines)
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(raw)))
        raw = (
            raw[:at]
            + draw(
                st.sampled_from(
                    [b"\xff", b"\n", b"\x00", b"NaN", b"1e999", b'"\\ud800"', b"\xef\xbb\xbf"]
                )
            )
            + raw[at:]
        )
    return raw


@FUZZ
@given(data=st.one_of(history_files(), st.binary(max_size=80)))
@example(data=HISTORY_LINE % (b"2026-01-01T10:00:00+00:00", b'"x"', b"1e300"))
@example(data=HISTORY_LINE % (b"2026-01-01T10:00:00+00:00", b'"x"', b"NaN"))
@example(data=HISTORY_LINE % (b"2026-01-01T10:00:00+00:00", b'"\\ud800"', b"10"))
@example(data=HISTORY_LINE % (b"0001-01-01T00:00:00+00:00", b'"x"', b"60"))
def test_history_import_never_raises(tmp_path_factory, data):
    """The old history.jsonl imported into the database: its good lines in, the rest counted
    as skipped; opening the store never raises and gives a store.

    Long run: 10,000 examples after the fixes, none failed (the four ways a line stopped the
    whole import, the examples above, were found by the first short runs).
    """
    folder = tmp_path_factory.mktemp("history")
    (folder / "history.jsonl").write_bytes(data)
    opened = open_store(folder / "history.sqlite3", import_from=folder)
    assert opened.store is not None, opened.problem
    try:
        report = opened.imported
        lines = [line for line in data.split(b"\n") if line.strip()]
        assert report is not None and report.sessions + report.skipped <= len(lines)
        assert len(opened.store.sessions()) == report.sessions
    finally:
        opened.store.close()
