"""The routine file format: loading, resolution of timings, and compiler-style diagnostics."""

from __future__ import annotations

import os
import random
import time
from pathlib import Path

import pytest

from stretchtimer.adapters.routine_files import load_exercise_library, load_routine, validate_file
from stretchtimer.core.errors import Diagnostic, RoutineError
from stretchtimer.core.loader import load_routine_text
from stretchtimer.core.model import Exercise, Kind, Routine, Sides, Step, Timing, routine_total
from stretchtimer.core.safe_text import first_control
from stretchtimer.core.yaml_source import MAX_FILE_BYTES
from tests.support import BUILTIN_ROUTINES, DATA

BUILTIN = BUILTIN_ROUTINES


@pytest.fixture(scope="module")
def library() -> dict[str, Exercise]:
    return load_exercise_library(DATA / "good" / "library.yaml")


@pytest.fixture(scope="module")
def builtin_exercises() -> dict[str, Exercise]:
    return load_exercise_library(BUILTIN / "exercises.yaml")


def lines(diagnostics: list[Diagnostic]) -> list[str]:
    return [str(d) for d in diagnostics]


def errors_of(text: str, exercises: dict[str, Exercise], name: str = "r.yaml") -> list[str]:
    with pytest.raises(RoutineError) as caught:
        load_routine_text(text, name, exercises, routine_id="r")
    return lines(caught.value.diagnostics)


# --- the format ------------------------------------------------------------------------


def test_full_file_uses_every_key(library: dict[str, Exercise]) -> None:
    path = DATA / "good" / "full.yaml"
    routine = load_routine(path, library, source="built-in")
    assert (routine.id, routine.name, routine.source, routine.path) == (
        "full",
        "Every key",
        "built-in",
        path,
    )
    assert routine.description == "Uses every key of the format."
    assert routine.tags == ("test", "every-key")
    assert not routine.shadows
    stretch, plain = library["lib-stretch"], library["lib-plain"]
    first, second, third, fourth, fifth = routine.steps
    # The routine's defaults win over the exercise's own (hold, reps); sides come from it.
    assert first == Step(stretch, Timing(4, 11, 4, 6, 3, 7), Sides.BOTH)
    # The step's own values win over everything; 0 means "no such phase".
    assert second == Step(stretch, Timing(0, 90, 5, 0, 0, 60), Sides.LEFT)
    # An exercise without defaults takes the routine's.
    assert third == Step(plain, Timing(4, 11, 4, 6, 3, 7), Sides.NONE)
    assert fourth.exercise == Exercise(
        id="shoulder-rolls",
        name="Shoulder rolls",
        kind=Kind.THERAPY,
        instructions=("Sit tall.", "Roll both shoulders slowly backwards."),
        breathing="Breathe out as you roll.",
        cautions=("Stop if it hurts.",),
    )  # an inline exercise has no defaults of its own: its step's values are the step's
    assert (fourth.timing.hold, fourth.timing.reps, fourth.sides) == (15, 2, Sides.RIGHT)
    assert (fourth.timing, fourth.sides) == (Timing(4, 15, 2, 6, 3, 7), Sides.RIGHT)
    # Instructions may be one text; the kind defaults to stretch.
    assert fifth.exercise.instructions == ("Tilt your head gently.",)
    assert (fifth.exercise.id, fifth.exercise.kind) == ("neck-tilt", Kind.STRETCH)
    assert (fifth.timing, fifth.sides) == (Timing(4, 20, 4, 6, 3, 7), Sides.NONE)
    assert routine_total(routine) == 138 + 510 + 73 + 47 + 102


def test_minimal_file_falls_back_to_timing_defaults(library: dict[str, Exercise]) -> None:
    routine = load_routine(DATA / "good" / "minimal.yaml", library)
    assert routine.source == "user"
    assert routine.description == "" and routine.tags == ()
    assert routine.steps == (Step(library["lib-plain"], Timing(), Sides.NONE),)


@pytest.mark.parametrize(
    ("exercise", "defaults", "step", "expected"),
    [
        (Exercise("x", "X"), "", "", Timing()),
        (Exercise("x", "X"), "defaults: {hold: 7s, reps: 6}\n", "", Timing(hold=7, reps=6)),
        (
            Exercise("x", "X", hold=9, reps=8),
            "defaults: {hold: 7s, reps: 6}\n",
            "",
            Timing(hold=7, reps=6),
        ),
        (Exercise("x", "X", hold=9, reps=8), "defaults: {hold: 7s}\n", "", Timing(hold=7, reps=8)),
        (
            Exercise("x", "X", hold=9, reps=8),
            "defaults: {hold: 7s}\n",
            "hold: 5s, reps: 1",
            Timing(hold=5, reps=1),
        ),
        (
            Exercise("x", "X"),
            "defaults: {prepare: 0, rest: 1m, switch: 2s, transition: 0}\n",
            "",
            Timing(prepare=0, rest=60, switch=2, transition=0),
        ),
        (Exercise("x", "X"), "defaults: {prepare: 0}\n", "prepare: 3s", Timing(prepare=3)),
    ],
)
def test_resolution_order_step_then_exercise_then_defaults(
    exercise: Exercise, defaults: str, step: str, expected: Timing
) -> None:
    text = f"version: 1\nname: R\n{defaults}steps:\n  - {{exercise: x, {step}}}\n"
    routine = load_routine_text(text, "r.yaml", {"x": exercise}, routine_id="r")
    assert routine.steps[0].timing == expected


@pytest.mark.parametrize(
    ("exercise_sides", "step_sides", "expected", "side_list"),
    [
        (None, None, Sides.NONE, (Sides.NONE,)),
        (Sides.BOTH, None, Sides.BOTH, (Sides.LEFT, Sides.RIGHT)),
        (Sides.BOTH, "left", Sides.LEFT, (Sides.LEFT,)),
        (None, "right", Sides.RIGHT, (Sides.RIGHT,)),
        (Sides.LEFT, "none", Sides.NONE, (Sides.NONE,)),
        (None, "Both", Sides.BOTH, (Sides.LEFT, Sides.RIGHT)),
    ],
)
def test_sides(
    exercise_sides: Sides | None, step_sides: str | None, expected: Sides, side_list: tuple
) -> None:
    step = "exercise: x" + (f", sides: {step_sides}" if step_sides else "")
    text = f"version: 1\nname: R\nsteps:\n  - {{{step}}}\n"
    routine = load_routine_text(
        text, "r.yaml", {"x": Exercise("x", "X", sides=exercise_sides)}, routine_id="r"
    )
    assert routine.steps[0].sides is expected
    assert routine.steps[0].side_list == side_list


def test_routine_total_counts_every_phase() -> None:
    ex = Exercise("x", "X")
    one_side = Step(ex, Timing(prepare=5, hold=20, reps=3, rest=10, switch=5, transition=10))
    both = Step(ex, Timing(prepare=2, hold=30, reps=2, rest=4, switch=6, transition=99), Sides.BOTH)
    routine = Routine("r", "R", (one_side, both))
    # 5 + 3*20 + 2*10, then the transition; 2 + 2*(2*30 + 4) + 6, no transition after the last.
    assert routine_total(routine) == (5 + 60 + 20) + 10 + (2 + 2 * 64 + 6)
    assert routine_total(Routine("r", "R", (Step(ex, Timing(0, 1, 1, 0, 0, 0)),))) == 1
    assert routine_total(Routine("r", "R", ())) == 0


def test_limits_are_inclusive() -> None:
    ex = {"x": Exercise("x", "X")}
    steps = "steps:\n  - {exercise: x, hold: 2h, reps: 2, rest: 0, prepare: 0}\n"
    routine = load_routine_text(f"version: 1\nname: R\n{steps}", "r.yaml", ex, routine_id="r")
    assert routine_total(routine) == 4 * 3600
    steps = "steps:\n  - {exercise: x, hold: 2h, reps: 2, rest: 0, prepare: 1s}\n"
    assert errors_of(f"version: 1\nname: R\n{steps}", ex) == [
        "r.yaml:3:1: error: routine is too long (4h1s in total); the limit is 4h"
    ]
    steps = "steps:\n  - {exercise: x, hold: 1s, reps: 100, rest: 2h}\n"
    assert errors_of(f"version: 1\nname: R\n{steps}", ex) == [
        "r.yaml:3:1: error: routine is too long (198h1m45s in total); the limit is 4h"
    ]


def test_inline_exercise_ids_are_slugs() -> None:
    text = (
        'version: 1\nname: R\nsteps:\n  - name: "  Knee  to Chest (gentle)! "\n  - name: Çà et là\n'
    )
    routine = load_routine_text(text, "r.yaml", {}, routine_id="mine")
    assert [s.exercise.id for s in routine.steps] == ["knee-to-chest-gentle", "çà-et-là"]
    assert routine.steps[0].exercise.name == "Knee  to Chest (gentle)!"
    assert routine.id == "mine"


def test_load_routine_text_keeps_path_and_source(library: dict[str, Exercise]) -> None:
    text = (DATA / "good" / "minimal.yaml").read_text()
    routine = load_routine_text(
        text, "<editor>", library, routine_id="draft", source="built-in", path=Path("/x/draft.yaml")
    )
    assert (routine.id, routine.source, routine.path) == (
        "draft",
        "built-in",
        Path("/x/draft.yaml"),
    )


def test_durations_in_yaml_forms() -> None:
    ex = {"x": Exercise("x", "X")}
    step = "{exercise: x, hold: 90, rest: '45s', prepare: +16, reps: 10}"
    text = f"version: 1\nname: R\nsteps:\n  - {step}\n"
    timing = load_routine_text(text, "r.yaml", ex, routine_id="r").steps[0].timing
    assert (timing.hold, timing.rest, timing.prepare, timing.reps) == (90, 45, 16, 10)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("hold: 010", "invalid hold: YAML reads '010' as an octal number (8); write 10s"),
        ("rest: 0x1e", "invalid rest: YAML reads '0x1e' as a hexadecimal number (30); write 30s"),
        ("reps: 0b11", "invalid reps: YAML reads '0b11' as a binary number (3); write 3"),
        ("hold: 1:30", "invalid hold: YAML reads '1:30' as a base-60 number (90); write 1m30s"),
        ("reps: 1_0", "invalid reps: YAML reads '1_0' as a number without its '_' (10); write 10"),
        (
            "prepare: -010",
            "invalid prepare: YAML reads '-010' as an octal number (-8); write it in",
        ),
        ("transition: 00", "invalid transition: YAML reads '00' as an octal number (0); write 0s"),
    ],
)
def test_yaml_1_1_numbers_are_errors_that_say_how_to_write_them(value: str, expected: str) -> None:
    """PyYAML reads these forms silently as other numbers (issue 13, item 9)."""
    text = f"version: 1\nname: R\nsteps:\n  - exercise: x\n    {value}\n"
    (line,) = errors_of(text, {"x": Exercise("x", "X")})
    assert line.startswith(f"r.yaml:5:{value.index(' ') + 6}: error: {expected}")


def test_validate_file_of_good_files(library: dict[str, Exercise]) -> None:
    for name in ("full.yaml", "minimal.yaml", "library.yaml"):
        assert validate_file(DATA / "good" / name, library) == []


def test_exercise_library_loads(library: dict[str, Exercise]) -> None:
    assert library == {
        "lib-stretch": Exercise(
            "lib-stretch",
            "Library stretch",
            Kind.STRETCH,
            ("First.", "Second."),
            "Breathe deeply while stretching.",
            ("Listen to your body and don't push too hard.",),
            25,
            2,
            Sides.BOTH,
        ),
        "lib-plain": Exercise("lib-plain", "Plain exercise"),
    }


# --- bad input: every file under tests/data/bad, with its exact diagnostics -------------

BAD: dict[str, list[str]] = {
    "absurd.yaml": [
        "5:11: error: reps must be between 1 and 100, got 1000000000",
        "6:11: error: hold is too long (277777777h46m40s); the limit is 2h",
        "8:11: error: invalid hold: duration '99999999999999999999999999h' is far too large",
        "9:11: error: rest is too long (3h); the limit is 2h",
    ],
    "aliases.yaml": [
        "7:5: error: merge keys ('<<') are not supported",
        "7:9: error: aliases are not supported (*base); write the value out",
        "10:5: error: aliases are not supported (*step); write the value out",
    ],
    "binary.yaml": [
        "1:1: error: file is not UTF-8 text (invalid byte 0x89); is it binary?",
    ],
    "comments-only.yaml": [
        "1:1: error: file is empty; expected a routine (version, name, steps)",
    ],
    "duplicate-keys.yaml": [
        "3:1: error: duplicate key 'name' in routine (first at line 2)",
        "7:5: error: duplicate key 'hold' in step (first at line 6)",
    ],
    "durations.yaml": [
        "4:9: error: invalid rest: a duration cannot be negative, got '-10s'",
        "5:12: error: invalid prepare: expected a duration such as 20, 45s, 2m, 1m30s or 1h, got "
        "'abc'",
        "8:11: error: invalid hold: a duration must be at least 1s, got 0",
        "9:11: error: reps must be between 1 and 100, got 0",
        "11:11: error: invalid hold: a duration cannot be negative, got -5",
        "12:13: error: invalid switch: expected a duration such as 20, 45s, 2m, 1m30s or 1h, got "
        "'5 minutes'",
    ],
    "empty-steps.yaml": [
        "2:7: error: 'name' must not be empty",
        "3:8: error: 'steps' must list at least one step",
    ],
    "empty.yaml": [
        "1:1: error: file is empty; expected a routine (version, name, steps)",
    ],
    "exercises-bad.yaml": [
        "5:11: error: unknown kind 'strech'; did you mean 'stretch'?",
        "6:9: error: exercise id 'Gentle Twist' must be lower-case words joined by dashes, like "
        "'gentle-twist'",
        "8:5: error: missing required key 'id' in exercise",
        "9:5: error: unknown key 'holds' in exercise; did you mean 'hold'?",
        "10:9: error: duplicate exercise id 'gentle-twist' (first at line 3)",
        "12:5: error: expected a mapping for exercise, got 'just text'",
    ],
    "latin1.yaml": [
        "2:10: error: file is not UTF-8 text (invalid byte 0xe9); is it binary?",
    ],
    "lists-and-mappings.yaml": [
        "3:11: error: expected a mapping for defaults, got a list",
        "5:5: error: expected a mapping for step, got a list",
    ],
    "missing.yaml": [
        "1:1: error: missing required key 'name' in routine",
        "1:1: error: missing required key 'version' in routine",
        "3:5: error: a step needs 'exercise' (a library id) or 'name' (an inline exercise)",
        "4:4: error: expected a mapping for step, got nothing",
        "5:14: error: 'exercise' must be text, got nothing",
    ],
    "multi-doc.yaml": [
        "5:1: error: invalid YAML: a file holds one document; found a second one ('---')",
    ],
    "nul.yaml": [
        "2:8: error: file contains a NUL byte (U+0000); is it binary?",
    ],
    "python-tag.yaml": [
        "2:7: error: unsupported tag '!!python/object/apply:os.system'; use plain YAML",
        "3:14: error: unsupported tag '!custom'; use plain YAML",
        "4:7: error: unsupported tag '!!set'; use plain YAML",
        "7:11: error: unsupported tag '!!python/name:os.getcwd'; use plain YAML",
    ],
    "step-mixups.yaml": [
        "5:5: error: a step has 'exercise' or 'name' (an inline exercise), not both",
        "7:5: error: 'instructions' is only for an inline exercise (with 'name'), not with "
        "'exercise'",
        "8:5: error: 'kind' is only for an inline exercise (with 'name'), not with 'exercise'",
    ],
    "steps-mapping.yaml": [
        "4:3: error: 'steps' must be a list, got a mapping",
    ],
    "syntax-flow.yaml": [
        "4:6: error: invalid YAML: did not find expected ',' or ']' (while parsing a flow "
        "sequence started at line 3, column 7)",
    ],
    "syntax-indent.yaml": [
        "5:10: error: invalid YAML: mapping values are not allowed in this context",
    ],
    "too-long.yaml": [
        "3:1: error: routine is too long (5h30s in total); the limit is 4h",
    ],
    "top-list.yaml": [
        "1:1: error: expected a mapping for routine, got a list",
    ],
    "top-scalar.yaml": [
        "1:1: error: expected a mapping for routine, got 'just some text'",
    ],
    "unknown-keys.yaml": [
        "3:1: error: unknown key 'descripton' in routine; did you mean 'description'?",
        "5:3: error: unknown key 'hodl' in defaults; did you mean 'hold'?",
        "6:1: error: unknown key 'stpes' in routine; did you mean 'steps'?",
        "9:5: error: unknown key 'holds' in step; did you mean 'hold'?",
        "10:5: error: unknown key 'side' in step; did you mean 'sides'?",
    ],
    "unknown-names.yaml": [
        "4:15: error: unknown exercise 'knee-to-chst'; did you mean 'knee-to-chest'?",
        "5:15: error: unknown exercise 'zzz'",
        "7:12: error: unknown sides 'bothh'; did you mean 'both'?",
        "9:11: error: unknown kind 'strech'; did you mean 'stretch'?",
    ],
    "version-text.yaml": [
        "1:10: error: unsupported version '1'; known versions: 1",
    ],
    "version.yaml": [
        "1:10: error: unsupported version 2; known versions: 1",
    ],
    "wrong-types.yaml": [
        "2:7: error: 'name' must be text, got a list",
        "3:14: error: 'description' must be text, got a mapping",
        "4:7: error: 'tags' must be a list of texts, got a mapping",
        "7:11: error: invalid hold: expected a duration such as 20, 45s, 2m, 1m30s or 1h, got "
        "'true'",
        "8:11: error: 'reps' must be a whole number, got 'three'",
        "9:12: error: unknown sides '3'; expected one of none, left, right, both",
        "11:19: error: 'instructions' must be a list of texts, got a mapping",
        "12:11: error: 'kind' must be one of stretch, strength, cardio, therapy, got a list",
        "13:11: error: 'reps' must be a whole number, got 2.5",
        "14:11: error: invalid hold: a duration must be whole seconds, got 1.5",
    ],
}


def test_every_bad_file_has_expectations() -> None:
    assert sorted(p.name for p in (DATA / "bad").iterdir()) == sorted(BAD)


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_file(name: str, builtin_exercises: dict[str, Exercise]) -> None:
    path = DATA / "bad" / name
    expected = [f"{path}:{line}" for line in BAD[name]]
    started = time.perf_counter()
    assert lines(validate_file(path, builtin_exercises)) == expected
    if name.startswith("exercises"):
        with pytest.raises(RoutineError) as caught:
            load_exercise_library(path)
    else:
        with pytest.raises(RoutineError) as caught:
            load_routine(path, builtin_exercises)
    assert str(caught.value) == "\n".join(expected)
    assert time.perf_counter() - started < 1


def test_python_tags_are_never_constructed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    path = tmp_path / "evil.yaml"
    path.write_text(
        "version: 1\n"
        f"name: !!python/object/apply:os.system ['touch {marker}']\n"
        "steps:\n"
        f"  - !!python/object/new:pathlib.Path ['{marker}']\n"
    )
    assert lines(validate_file(path, {})) == [
        f"{path}:2:7: error: unsupported tag '!!python/object/apply:os.system'; use plain YAML",
        f"{path}:4:5: error: unsupported tag '!!python/object/new:pathlib.Path'; use plain YAML",
    ]
    assert not marker.exists()


def test_huge_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    started = time.perf_counter()
    assert lines(validate_file(path, {})) == [
        f"{path}:1:1: error: file is too large (52,428,800 bytes); "
        "the limit is 1,048,576 bytes (1 MiB)"
    ]
    assert time.perf_counter() - started < 0.5


def test_size_limit_is_exact(tmp_path: Path) -> None:
    head = "version: 1\nname: R\nsteps: [{exercise: x}]\n"
    path = tmp_path / "edge.yaml"
    path.write_text(head + "#" * (MAX_FILE_BYTES - len(head) - 1) + "\n")
    assert validate_file(path, {"x": Exercise("x", "X")}) == []
    path.write_text(head + "#" * (MAX_FILE_BYTES - len(head)) + "\n")
    assert lines(validate_file(path, {})) == [
        f"{path}:1:1: error: file is too large (1,048,577 bytes); "
        "the limit is 1,048,576 bytes (1 MiB)"
    ]
    assert errors_of("#" * (MAX_FILE_BYTES + 1), {}) == [
        "r.yaml:1:1: error: file is too large (1,048,577 bytes); the limit is 1,048,576 bytes (1 "
        "MiB)"
    ]


def test_billion_laughs_is_refused_quickly(tmp_path: Path) -> None:
    levels = ['lol0: &lol0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for n in range(1, 10):
        refs = ", ".join([f"*lol{n - 1}"] * 9)
        levels.append(f"lol{n}: &lol{n} [{refs}]")
    path = tmp_path / "bomb.yaml"
    path.write_text(
        "version: 1\nname: Bomb\n" + "\n".join(levels) + "\nsteps: *lol9\ntags: *lol9\n"
    )
    started = time.perf_counter()
    found = lines(validate_file(path, {}))
    assert time.perf_counter() - started < 1
    aliases = [
        f"{n + 4}:14: error: aliases are not supported (*lol{n}); write the value out"
        for n in range(9)
    ]
    keys = [f"{n + 3}:1: error: unknown key 'lol{n}' in routine" for n in range(10)]
    walk = [
        "11:7: error: each item of 'tags' must be text, got a list",  # where lol9's list is
        "11:7: error: expected a mapping for step, got a list",
        "13:8: error: aliases are not supported (*lol9); write the value out",  # one per anchor
    ]
    expected = sorted(Diagnostic(str(path), *_split(line)) for line in aliases + keys + walk)
    assert found == [str(d) for d in expected]


def _split(line: str) -> tuple[int, int, str]:
    row, column, message = line.split(":", 2)
    return int(row), int(column), message.removeprefix(" error: ")


def test_deep_nesting_is_an_error_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("version: 1\nname: Deep\nsteps: " + "[" * 100_000 + "\n")
    found = lines(validate_file(path, {}))
    assert len(found) == 1 and "exceeded maximum nesting depth" in found[0]


def test_problems_are_capped(tmp_path: Path) -> None:
    path = tmp_path / "many.yaml"
    path.write_text("version: 1\nname: Many\nsteps:\n" + "  - exercise: nope\n" * 5000)
    started = time.perf_counter()
    found = lines(validate_file(path, {}))
    assert time.perf_counter() - started < 1
    assert len(found) == 101
    assert found[0] == f"{path}:4:15: error: unknown exercise 'nope'"
    assert f"{path}:104:15: error: too many problems; stopped after 100" in found


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: None, "No such file or directory"),
        (lambda p: p.mkdir(), "not a regular file"),
    ],
)
def test_unreadable_files_become_diagnostics(tmp_path: Path, make, message: str) -> None:
    path = tmp_path / "r.yaml"
    make(path)
    assert lines(validate_file(path, {})) == [f"{path}:1:1: error: cannot read file: {message}"]
    with pytest.raises(RoutineError):
        load_routine(path, {})
    with pytest.raises(RoutineError):
        load_exercise_library(path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_does_not_block(tmp_path: Path) -> None:
    path = tmp_path / "pipe.yaml"
    os.mkfifo(path)
    assert lines(validate_file(path, {})) == [
        f"{path}:1:1: error: cannot read file: not a regular file"
    ]


def test_utf8_bom_and_crlf_are_fine(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(
        b"\xef\xbb\xbfversion: 1\r\nname: Caf\xc3\xa9\r\nsteps:\r\n  - exercise: x\r\n"
    )
    routine = load_routine(path, {"x": Exercise("x", "X")})
    assert routine.name == "Café"


def test_a_library_is_not_a_routine(builtin_exercises: dict[str, Exercise]) -> None:
    path = BUILTIN / "exercises.yaml"
    with pytest.raises(RoutineError) as caught:
        load_routine(path, builtin_exercises)
    assert lines(caught.value.diagnostics) == [
        f"{path}:5:1: error: this is an exercise library (it has 'exercises:'), not a routine"
    ]
    assert validate_file(path, {}) == []  # a library needs no other exercises


def test_a_routine_is_not_a_library() -> None:
    path = DATA / "good" / "minimal.yaml"
    with pytest.raises(RoutineError) as caught:
        load_exercise_library(path)
    assert lines(caught.value.diagnostics) == [
        f"{path}:1:1: error: this is a routine (it has 'steps:'), not an exercise library"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "version: 1\nname: R\nsteps:\n  - {exercise: x, hold: 2h1s}\n",
            "4:25: error: hold is too long (2h1s); the limit is 2h",
        ),
        (
            "version: 1\nname: R\nsteps:\n  - {exercise: x, reps: 101}\n",
            "4:25: error: reps must be between 1 and 100, got 101",
        ),
        (
            "version: 1\nname: R\nsteps:\n  - {exercise: x, reps: true}\n",
            "4:25: error: 'reps' must be a whole number, got true",
        ),
        (
            "version: 1\nname: R\nsteps:\n  - {exercise: x, hold: !!int abc}\n",
            "4:25: error: invalid hold: expected a duration such as 20, 45s, 2m, 1m30s or 1h, "
            "got 'abc'",
        ),
        (
            "version: 1\nname: R\nsteps:\n  - {exercise: x, rest: 2h1s}\n",
            "4:25: error: rest is too long (2h1s); the limit is 2h",
        ),
        (
            "version: 1\nname: R\ntags: [a, [b]]\nsteps:\n  - exercise: x\n",
            "3:11: error: each item of 'tags' must be text, got a list",
        ),
        (
            "version: 1\nname: R\ntags: [a, '']\nsteps:\n  - exercise: x\n",
            "3:11: error: an item of 'tags' is empty",
        ),
        (
            "version: 1.0\nname: R\nsteps:\n  - exercise: x\n",
            "1:10: error: unsupported version 1.0; known versions: 1",
        ),
        (
            "version:\nname: R\nsteps:\n  - exercise: x\n",
            "1:9: error: 'version' must be a number, got nothing",
        ),
        (
            "version: 1\nname: R\nsteps:\n  - exercise: x\n    ? [a]\n    : b\n",
            "5:7: error: expected a key name in step, got a list",
        ),
        (
            "version: 1\nname: R\nsteps:\n  - exercise: x\n" + "x" * 300 + ": 1\n",
            "5:1: error: unknown key '" + "x" * 39 + "…' in routine",
        ),
        (
            "version: 1\nname: R\nsteps: [{exercise: x, hold: \ud800}]\n",
            "3:29: error: text contains an invalid character (U+D800)",
        ),
    ],
)
def test_more_bad_values(text: str, expected: str) -> None:
    assert errors_of(text, {"x": Exercise("x", "X")}) == [f"r.yaml:{expected}"]


def test_unknown_exercise_names_the_closest_ids(builtin_exercises: dict[str, Exercise]) -> None:
    text = "version: 1\nname: R\nsteps:\n  - exercise: hamstring\n  - exercise: kneetochest\n"
    assert errors_of(text, builtin_exercises) == [
        "r.yaml:4:15: error: unknown exercise 'hamstring'; did you mean 'hamstring-stretch'?",
        "r.yaml:5:15: error: unknown exercise 'kneetochest'; did you mean 'knee-to-chest'?",
    ]
    ids = {i: Exercise(i, i) for i in ("bridge-a", "bridge-b", "bridge-c", "bridge-d")}
    text = "version: 1\nname: R\nsteps:\n  - exercise: bridge\n"
    assert errors_of(text, ids) == [
        "r.yaml:4:15: error: unknown exercise 'bridge'; did you mean 'bridge-a', 'bridge-b' or "
        "'bridge-c'?"
    ]


def test_validating_a_thousand_files_is_fast(
    tmp_path: Path, builtin_exercises: dict[str, Exercise]
) -> None:
    text = (BUILTIN / "morning-back.yaml").read_text()
    paths = []
    for n in range(1000):
        path = tmp_path / f"r{n}.yaml"
        path.write_text(text)
        paths.append(path)
    started = time.perf_counter()
    assert all(validate_file(path, builtin_exercises) == [] for path in paths)
    assert time.perf_counter() - started < 2


def test_mangled_files_only_ever_raise_routine_error(
    tmp_path: Path, builtin_exercises: dict[str, Exercise]
) -> None:
    rng = random.Random(1234)
    sources = [p.read_bytes() for p in sorted(BUILTIN.glob("*.yaml"))]
    alphabet = b"\x00\xff\t\n :-[]{}&*!|>'\"#%@`,?0123456789abcxyz\xc3"
    path = tmp_path / "mangled.yaml"
    for _ in range(400):
        data = bytearray(rng.choice(sources))
        for _ in range(rng.randint(1, 8)):
            at = rng.randrange(len(data))
            if rng.random() < 0.5:
                data[at : at + rng.randint(1, 20)] = b""
            else:
                data[at:at] = bytes(rng.choice(alphabet) for _ in range(rng.randint(1, 5)))
        path.write_bytes(bytes(data))
        try:
            load_routine(path, builtin_exercises)
        except RoutineError as error:
            assert error.diagnostics
            assert all(d.line >= 1 and d.column >= 1 for d in error.diagnostics)
        validate_file(path, builtin_exercises)


# --- text a terminal would obey (issue 13, item 8) ------------------------------------------


HOSTILE = 'version: 1\nname: "\\e]0;PWNED\\a\\e[2J"\nsteps:\n  - exercise: x\n'


def test_a_control_character_in_a_name_is_refused_at_its_place() -> None:
    assert errors_of(HOSTILE, {"x": Exercise("x", "X")}) == [
        "r.yaml:2:7: error: 'name' contains a control character (U+001B, \\x1b) at its start;"
        " remove it"
    ]


CONTROL = "contains a control character"


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        (
            "instructions",
            '["Do \\e]52;c;aGk=\\a"]',
            f"5:20: error: 'instructions' {CONTROL} (U+001B, \\x1b) after 'Do '",
        ),
        (
            "instructions",
            '"Do \\x9b2J"',
            f"5:19: error: 'instructions' {CONTROL} (U+009B, \\x9b) after 'Do '",
        ),
        (
            "cautions",
            '["Stop \\x7f"]',
            f"5:16: error: 'cautions' {CONTROL} (U+007F, \\x7f) after 'Stop '",
        ),
        (
            "breathing",
            '"In \\r out"',
            f"5:16: error: 'breathing' {CONTROL} (U+000D, \\r) after 'In '",
        ),
        ("name", '"Tab\\there"', f"5:11: error: 'name' {CONTROL} (U+0009, \\t) after 'Tab'"),
        (
            "name",
            "|\n      Two\n      lines",
            "5:11: error: 'name' must be one line; it has a line break after 'Two'",
        ),
        (
            "name",
            '"Line\\Lsep"',
            "5:11: error: 'name' must be one line; it has a line break after 'Line'",
        ),
    ],
)
def test_control_characters_are_refused_in_every_text_field(
    field: str, value: str, expected: str
) -> None:
    step = "  - name: Inline\n" if field != "name" else "  - hold: 5\n"
    text = f"version: 1\nname: R\nsteps:\n{step}    {field}: {value}\n"
    remove = "; remove it" if CONTROL in expected else ""
    assert errors_of(text, {}) == [f"r.yaml:{expected}{remove}"]


def test_tags_description_and_library_texts_are_checked_too(tmp_path: Path) -> None:
    text = 'version: 1\nname: R\ndescription: "a\\x1b"\ntags: ["t\\a"]\nsteps:\n  - exercise: x\n'
    found = errors_of(text, {"x": Exercise("x", "X")})
    assert [line.split(": error: ")[0] for line in found] == ["r.yaml:3:14", "r.yaml:4:8"]
    path = tmp_path / "lib.yaml"
    path.write_text('version: 1\nexercises:\n  - id: a\n    name: "A\\e[2J"\n')
    assert lines(validate_file(path, {})) == [
        f"{path}:4:11: error: 'name' contains a control character (U+001B, \\x1b) after 'A';"
        " remove it"
    ]


def test_multi_line_texts_keep_their_line_breaks_and_tabs() -> None:
    text = (
        "version: 1\nname: R\ndescription: |\n  First line.\n  Second\tline.\nsteps:\n"
        "  - name: Inline\n    instructions:\n      - |\n        Lie down.\n        Breathe.\n"
    )
    routine = load_routine_text(text, "r.yaml", {}, routine_id="r")
    assert routine.description == "First line.\nSecond\tline."
    assert routine.steps[0].exercise.instructions == ("Lie down.\nBreathe.",)


def test_messages_quoting_the_file_are_escaped_and_short() -> None:
    key = "\\e]0;PWNED\\a" + "k" * 300
    text = f'version: 1\nname: R\nsteps:\n  - exercise: x\n    "{key}": 1\n'
    (line,) = errors_of(text, {"x": Exercise("x", "X")})
    assert "\x1b" not in line and "\x07" not in line
    assert line.startswith("r.yaml:5:5: error: unknown key '\\x1b]0;PWNED\\x07kkk")
    assert len(line) < 100


def test_the_column_of_a_refused_character_counts_characters_not_bytes(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_bytes("version: 1\nname: «Süß»\x01\n".encode())
    assert lines(validate_file(path, {})) == [
        f"{path}:2:12: error: file contains a control character (U+0001); is it binary?"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "version: 1\nname: !" + "t" * 300 + " x\nsteps: [{exercise: x}]\n",
        "version: 1\nname: !<tag:%1B%5D0;PWNED%07> x\nsteps: [{exercise: x}]\n",
        "version: 1\nname: &"
        + "a" * 300
        + " x\nsteps: [{exercise: x, hold: *"
        + "a" * 300
        + "}]\n",
    ],
    ids=["long-tag", "escaped-tag", "long-anchor"],
)
def test_a_long_or_hostile_tag_or_anchor_is_quoted_short_and_escaped(text: str) -> None:
    found = errors_of(text, {"x": Exercise("x", "X")})
    assert found and all(len(line) < 120 and first_control(line) is None for line in found)
