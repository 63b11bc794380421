"""Load and check routine files and exercise libraries (YAML, version 1).

Files are composed (never constructed) into a YAML node tree that is walked by hand, so every
problem is reported with its line and column, all of a file's problems at once, as a
``RoutineError``. Nothing else escapes for a bad file: not YAML errors, not unreadable files,
not tags such as ``!!python/object``. Aliases are refused (no "billion laughs").
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
from collections.abc import Mapping
from pathlib import Path

from yaml.nodes import Node, SequenceNode

from stretchtimer.core.errors import Diagnostic, RoutineError, clip, suggest
from stretchtimer.core.model import (
    TIMING_FIELDS,
    Exercise,
    Kind,
    Routine,
    Sides,
    Step,
    Timing,
)
from stretchtimer.core.routine_doc import easier_problem, routine_problem
from stretchtimer.core.yaml_source import (
    Context,
    Fields,
    ParsedFile,
    TooManyProblems,
    check_version,
    describe_node,
    parse_text,
    read_choice,
    read_fields,
    read_text,
    read_texts,
    read_timing,
    require,
    top_keys,
)

MAX_TOTAL = 4 * 3600
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_INLINE_KEYS = ("name", "instructions", "breathing", "cautions", "kind")
_STEP_KEYS = ("exercise", *_INLINE_KEYS, "sides", *TIMING_FIELDS, "easier")
_EASIER_KEYS = ("exercise", *_INLINE_KEYS, "sides", "hold", "reps")
_ROUTINE_KEYS = ("version", "name", "description", "tags", "defaults", "steps")
_LIBRARY_KEYS = ("version", "description", "exercises")
_EXERCISE_KEYS = ("id", *_INLINE_KEYS, "hold", "reps", "sides")


def slugify(name: str) -> str:
    """The id of an inline exercise: lower case, words joined by dashes."""
    return re.sub(r"[\W_]+", "-", name.casefold()).strip("-") or "exercise"


def _long_text(ctx: Context, fields: Fields, key: str) -> str | None:
    """An optional text that may run over several lines (``""`` when absent)."""
    return read_text(ctx, fields[key][1], key, multiline=True) if key in fields else ""


def _long_texts(ctx: Context, fields: Fields, key: str) -> tuple[str, ...] | None:
    """An optional list of texts that may run over several lines (``()`` when absent)."""
    return read_texts(ctx, fields[key][1], key, multiline=True) if key in fields else ()


# --- exercises -------------------------------------------------------------------------


def _exercise(ctx: Context, fields: Fields, ex_id: str | None, name: str | None) -> Exercise | None:
    """An exercise from the keys shared by library entries and inline steps."""
    instructions = _long_texts(ctx, fields, "instructions")
    cautions = _long_texts(ctx, fields, "cautions")
    breathing = _long_text(ctx, fields, "breathing")
    kind = read_choice(ctx, fields["kind"][1], "kind", Kind) if "kind" in fields else Kind.STRETCH
    sides = read_choice(ctx, fields["sides"][1], "sides", Sides) if "sides" in fields else None
    timing = read_timing(ctx, fields, ("hold", "reps"))
    values = (ex_id, name, instructions, cautions, breathing, kind, timing)
    if any(value is None for value in values) or ("sides" in fields and sides is None):
        return None
    assert ex_id and name and instructions is not None and cautions is not None
    assert breathing is not None and kind is not None and timing is not None
    hold, reps = timing.get("hold"), timing.get("reps")
    return Exercise(ex_id, name, kind, instructions, breathing, cautions, hold, reps, sides)


def _library_entry(ctx: Context, node: Node, first_line: dict[str, int]) -> Exercise | None:
    """One entry of a library; ``first_line`` maps the ids seen so far to their lines."""
    fields = read_fields(ctx, node, "exercise", _EXERCISE_KEYS)
    if fields is None:
        return None
    require(ctx, node, fields, "exercise", "id", "name")
    id_node = fields["id"][1] if "id" in fields else None
    ex_id = read_text(ctx, id_node, "id", empty_ok=False) if id_node is not None else None
    if id_node is not None and ex_id is not None:
        if not _SLUG.fullmatch(ex_id):
            hint = slugify(ex_id)
            message = f"exercise id '{clip(ex_id)}' must be lower-case words joined by dashes"
            ctx.error(id_node, f"{message}, like '{hint}'")
            ex_id = None
        elif ex_id in first_line:
            line = first_line[ex_id]
            ctx.error(id_node, f"duplicate exercise id '{ex_id}' (first at line {line})")
            ex_id = None
        else:
            first_line[ex_id] = id_node.start_mark.line + 1
    name = read_text(ctx, fields["name"][1], "name", empty_ok=False) if "name" in fields else None
    return _exercise(ctx, fields, ex_id, name)


def build_library(parsed: ParsedFile) -> tuple[dict[str, Exercise], list[Diagnostic]]:
    """The valid exercises of a parsed library file, and the problems (with the rest)."""
    ctx = Context(parsed.file, parsed)
    exercises: dict[str, Exercise] = {}
    with contextlib.suppress(TooManyProblems):
        _library(ctx, parsed.root, exercises)
    return exercises, sorted(ctx.diagnostics)


def _library(ctx: Context, root: Node | None, exercises: dict[str, Exercise]) -> None:
    where = "exercise library"
    if "steps" in top_keys(root):
        assert root is not None
        ctx.error(root, "this is a routine (it has 'steps:'), not an exercise library")
        return
    fields = read_fields(ctx, root, where, _LIBRARY_KEYS) if root is not None else None
    if root is None or fields is None or not check_version(ctx, root, fields, where):
        return
    _long_text(ctx, fields, "description")  # checked, not kept
    node = fields["exercises"][1] if require(ctx, root, fields, where, "exercises") else None
    if isinstance(node, SequenceNode):
        first_line: dict[str, int] = {}
        for item in node.value:
            exercise = _library_entry(ctx, item, first_line)
            if exercise is not None:
                exercises[exercise.id] = exercise
    elif node is not None and id(node) not in ctx.skip:
        ctx.error(node, f"'exercises' must be a list, got {describe_node(node)}")


# --- routines --------------------------------------------------------------------------


def _step(
    ctx: Context, node: Node, exercises: Mapping[str, Exercise], defaults: Mapping[str, int]
) -> Step | None:
    fields = read_fields(ctx, node, "step", _STEP_KEYS)
    if fields is None:
        return None
    own = read_timing(ctx, fields, TIMING_FIELDS)
    sides = read_choice(ctx, fields["sides"][1], "sides", Sides) if "sides" in fields else None
    ok = own is not None and ("sides" not in fields or sides is not None)
    exercise = _step_exercise(ctx, node, fields, exercises, "step")
    if exercise is None or own is None or not ok:
        if "easier" in fields:  # still checked, so every problem is reported at once
            _easier(ctx, fields["easier"][1], exercises, None)
        return None
    step = Step(exercise, _resolve(own, exercise, defaults), sides or exercise.sides or Sides.NONE)
    if "easier" not in fields:
        return step
    easier = _easier(ctx, fields["easier"][1], exercises, step)
    return dataclasses.replace(step, easier=easier) if easier is not None else None


def _easier(
    ctx: Context, node: Node, exercises: Mapping[str, Exercise], step: Step | None
) -> Step | None:
    """A step's ``easier:`` variant: another exercise, or a shorter hold and fewer reps.

    Its hold, reps and sides are its own, else the step's. With the step's own exercise it
    must be easier: not a longer hold, not more reps, and not the very same step.
    """
    fields = read_fields(ctx, node, "easier", _EASIER_KEYS)
    if fields is None:
        return None
    if not fields:
        ctx.error(node, "'easier' needs 'exercise', 'name', 'hold' or 'reps'")
        return None
    own = read_timing(ctx, fields, ("hold", "reps"))
    sides = read_choice(ctx, fields["sides"][1], "sides", Sides) if "sides" in fields else None
    other = "exercise" in fields or "name" in fields
    exercise = _step_exercise(ctx, node, fields, exercises, "easier") if other else None
    if own is None or ("sides" in fields and sides is None) or (other and exercise is None):
        return None
    if step is None:
        return None
    timing = dataclasses.replace(step.timing, **own)
    easier = Step(exercise or step.exercise, timing, sides or step.sides)
    if exercise is None or exercise == step.exercise:  # the step's own exercise, named or not
        problems = {
            key: easier_problem(key, getattr(timing, key), getattr(step.timing, key))
            for key in ("hold", "reps")
        }
        for key, problem in problems.items():
            if problem:
                ctx.error(fields[key][1], problem)
        if any(problems.values()):
            return None
        if easier == step:
            ctx.error(node, "'easier' is the same as the step; give a shorter hold or fewer reps")
            return None
    return easier


def _step_exercise(
    ctx: Context, node: Node, fields: Fields, exercises: Mapping[str, Exercise], where: str
) -> Exercise | None:
    """The exercise of a step (or of its easier variant): a library id, or written inline."""
    exercise: Exercise | None = None
    ok = True
    if "exercise" in fields and "name" in fields:
        ctx.error(
            fields["name"][0],
            f"{'a step' if where == 'step' else repr(where)} has 'exercise' or 'name'"
            " (an inline exercise), not both",
        )
    elif "exercise" in fields:
        for key in _INLINE_KEYS[1:]:
            if key in fields:
                ctx.error(
                    fields[key][0],
                    f"'{key}' is only for an inline exercise (with 'name'), not with 'exercise'",
                )
                ok = False
        ref = read_text(ctx, fields["exercise"][1], "exercise", empty_ok=False)
        exercise = exercises.get(ref) if ref is not None else None
        if ref is not None and exercise is None:
            hint = suggest(ref, exercises, n=3)
            ctx.error(fields["exercise"][1], f"unknown exercise '{clip(ref)}'{hint}")
    elif "name" in fields:
        name = read_text(ctx, fields["name"][1], "name", empty_ok=False)
        exercise = _exercise(ctx, fields, slugify(name or ""), name)
        # An inline exercise has no defaults of its own: its step's hold, reps and sides
        # are the step's (so a routine written back from its steps reads back the same).
        if exercise is not None:
            exercise = dataclasses.replace(exercise, hold=None, reps=None, sides=None)
    else:
        ctx.error(
            node,
            "a step needs 'exercise' (a library id) or 'name' (an inline exercise)",
        )
    return exercise if ok else None


def _resolve(own: Mapping[str, int], exercise: Exercise, defaults: Mapping[str, int]) -> Timing:
    """Each timing field: the step's, else the routine's defaults, else the exercise's own
    default from the library, else ``Timing()``."""
    values = {key: getattr(exercise, key) for key in ("hold", "reps")}
    values = {key: value for key, value in values.items() if value is not None}
    return Timing(**(values | dict(defaults) | dict(own)))


def build_routine(
    parsed: ParsedFile,
    exercises: Mapping[str, Exercise],
    *,
    routine_id: str,
    source: str = "user",
    path: Path | None = None,
) -> Routine:
    """The routine of a parsed file; raises ``RoutineError`` with every problem found."""
    ctx = Context(parsed.file, parsed)
    try:
        return _routine(
            ctx, parsed, exercises, Routine(routine_id, "", (), source=source, path=path)
        )
    except TooManyProblems:
        raise RoutineError(ctx.diagnostics) from None


def _routine(
    ctx: Context, parsed: ParsedFile, exercises: Mapping[str, Exercise], blank: Routine
) -> Routine:
    root = parsed.root
    if root is None:
        raise RoutineError(ctx.diagnostics)
    if parsed.kind == "exercises":
        ctx.error(root, "this is an exercise library (it has 'exercises:'), not a routine")
        ctx.check()
    fields = read_fields(ctx, root, "routine", _ROUTINE_KEYS)
    if fields is None or not check_version(ctx, root, fields, "routine"):
        raise RoutineError(ctx.diagnostics)
    require(ctx, root, fields, "routine", "name", "steps")
    get = {key: value for key, (_, value) in fields.items()}
    name = read_text(ctx, get["name"], "name", empty_ok=False) if "name" in get else None
    description = _long_text(ctx, fields, "description")
    tags = read_texts(ctx, get["tags"], "tags") if "tags" in get else ()
    defaults: dict[str, int] = {}
    if "defaults" in get:
        default_fields = read_fields(ctx, get["defaults"], "defaults", TIMING_FIELDS) or {}
        defaults = read_timing(ctx, default_fields, TIMING_FIELDS) or {}
    steps: list[Step | None] = []
    node = get.get("steps")
    if isinstance(node, SequenceNode) and not node.value:
        ctx.error(node, "'steps' must list at least one step")
    elif isinstance(node, SequenceNode):
        steps = [_step(ctx, item, exercises, defaults) for item in node.value]
    elif node is not None and id(node) not in ctx.skip:
        ctx.error(node, f"'steps' must be a list, got {describe_node(node)}")
    ctx.check()
    routine = dataclasses.replace(
        blank,
        name=name or blank.id,
        steps=tuple(step for step in steps if step is not None),
        description=description or "",
        tags=tags or (),
        defaults=tuple(defaults.items()),
    )
    problem = routine_problem(routine, MAX_TOTAL) if routine.steps else None
    if problem:
        ctx.error(fields["steps"][0], problem)
        ctx.check()
    return routine


# --- public API --------------------------------------------------------------------------


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


def validate(parsed: ParsedFile, exercises: Mapping[str, Exercise], path: Path) -> list[Diagnostic]:
    """Every problem of a routine or exercise library file (by its top-level key); [] if valid."""
    if parsed.kind == "exercises":
        return sorted(build_library(parsed)[1])
    try:
        build_routine(parsed, exercises, routine_id=path.stem, path=path)
    except RoutineError as error:
        return list(error.diagnostics)
    return []
