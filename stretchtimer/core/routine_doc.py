"""Routines as documents: the YAML-ready structure of a routine, its edits, and its easier
version for a bad day.

Pure: :func:`routine_document` builds plain dicts, lists, strings and ints that the loader
reads back as the same routine; an adapter (``adapters.routine_files``) writes them.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from stretchtimer.core.durations import format_duration
from stretchtimer.core.model import (
    TIMING_FIELDS,
    Exercise,
    Kind,
    Routine,
    Sides,
    Step,
    Timing,
    routine_total,
)
from stretchtimer.core.yaml_source import (
    Context,
    parse_text,
    read_choice,
    read_text,
    read_texts,
    read_timing,
)

SHORTEST_HOLD = 15  # the guide's shortest hold: "hold for 15 to 30 seconds"
_EASED_KINDS = (Kind.STRETCH, Kind.STRENGTH)  # walks and ice or heat keep their times

Document = dict[str, Any]


@dataclass(frozen=True)
class Implied:
    """A value the loader would find without it being written (a step's hold equal to the
    routine's default): a writer keeps it where the person wrote it and leaves it out
    elsewhere."""

    value: Any


# --- easier today ------------------------------------------------------------------------


def eased_step(step: Step) -> Step:
    """The step run on a bad day: its own easier variant, else for a stretch or a strength
    exercise two thirds of the hold (never below 15 s unless it is already shorter) and one
    rep fewer (at least one); a walk or ice and heat as it is."""
    if step.easier is not None:
        return dataclasses.replace(step.easier, easier=None)
    if step.exercise.kind not in _EASED_KINDS:
        return step
    timing = step.timing
    hold = max(round(timing.hold * 2 / 3), min(timing.hold, SHORTEST_HOLD))
    reps = max(1, timing.reps - 1)
    return dataclasses.replace(step, timing=dataclasses.replace(timing, hold=hold, reps=reps))


def easier_routine(routine: Routine) -> Routine:
    """The "easier today" version of ``routine`` (marked ``easier``), each step eased."""
    if routine.easier:
        return routine
    steps = tuple(eased_step(step) for step in routine.steps)
    return dataclasses.replace(routine, steps=steps, easier=True)


# --- the document ------------------------------------------------------------------------


def routine_document(routine: Routine, library: Mapping[str, Exercise]) -> Document:
    """The YAML structure of ``routine``, which the loader reads back as the same routine.

    An exercise that is ``library``'s own is written by its id; any other (written inline, or
    the person's own exercise when exporting against the built-in library) is written inline.
    ``defaults`` holds each timing's most common value; a step writes only what differs.
    """
    common = _common_timing(routine.steps)
    defaults = dataclasses.replace(common, **dict(routine.defaults))
    doc: Document = {"version": 1, "name": routine.name}
    if routine.description:
        doc["description"] = routine.description
    if routine.tags:
        doc["tags"] = list(routine.tags)
    doc["defaults"] = {key: _default_value(key, defaults, routine) for key in TIMING_FIELDS}
    doc["steps"] = [_step_document(step, defaults, library) for step in routine.steps]
    return doc


def _common_timing(steps: tuple[Step, ...]) -> Timing:
    """Each timing field's most common value among ``steps`` (the first on a tie)."""
    if not steps:
        return Timing()
    values = {
        key: Counter(getattr(step.timing, key) for step in steps).most_common(1)[0][0]
        for key in TIMING_FIELDS
    }
    return Timing(**values)


def _default_value(key: str, defaults: Timing, routine: Routine) -> Any:
    """A ``defaults`` entry; implied when it is the built-in default of a field no exercise
    has a default of its own for (only ``hold`` and ``reps`` have), and not written."""
    value = _timing_value(key, getattr(defaults, key))
    written = key in dict(routine.defaults)
    if (
        not written
        and key not in ("hold", "reps")
        and getattr(defaults, key) == getattr(Timing(), key)
    ):
        return Implied(value)
    return value


def _timing_value(key: str, value: int) -> int | str:
    """A duration as text (``30s``, ``1m30s``), reps as a number."""
    return value if key == "reps" else _duration_text(value)


def duration_text(seconds: int) -> str:
    """Seconds as the format writes them: ``30s``, ``1m30s``, ``0s``."""
    return _duration_text(seconds)


def _duration_text(seconds: int) -> str:
    return "0s" if seconds == 0 else format_duration(seconds).replace(" ", "")


def _exercise_fields(exercise: Exercise, library: Mapping[str, Exercise]) -> Document:
    """``exercise: id`` for a library exercise; the inline fields for any other."""
    if library.get(exercise.id) == exercise:
        return {"exercise": exercise.id}
    fields: Document = {"name": exercise.name}
    if exercise.kind is not Kind.STRETCH:
        fields["kind"] = str(exercise.kind)
    if exercise.instructions:
        fields["instructions"] = list(exercise.instructions)
    if exercise.breathing:
        fields["breathing"] = exercise.breathing
    if exercise.cautions:
        fields["cautions"] = list(exercise.cautions)
    return fields


def _step_document(step: Step, defaults: Timing, library: Mapping[str, Exercise]) -> Document:
    doc = _exercise_fields(step.exercise, library)
    implied = step.sides is (step.exercise.sides or Sides.NONE)
    doc["sides"] = Implied(str(step.sides)) if implied else str(step.sides)
    for key in TIMING_FIELDS:
        value = getattr(step.timing, key)
        shown = _timing_value(key, value)
        doc[key] = Implied(shown) if value == getattr(defaults, key) else shown
    if step.easier is not None:
        doc["easier"] = _easier_document(step, step.easier, library)
    return doc


def _easier_document(step: Step, easier: Step, library: Mapping[str, Exercise]) -> Document:
    doc: Document = {}
    if easier.exercise != step.exercise:
        doc = _exercise_fields(easier.exercise, library)
    doc["sides"] = Implied(str(easier.sides)) if easier.sides is step.sides else str(easier.sides)
    for key in ("hold", "reps"):
        value = getattr(easier.timing, key)
        shown = _timing_value(key, value)
        doc[key] = Implied(shown) if value == getattr(step.timing, key) else shown
    if all(isinstance(value, Implied) for value in doc.values()):
        doc["hold"] = doc["hold"].value  # the very step (no variant): the loader says so
    return doc


# --- edits --------------------------------------------------------------------------------


def with_steps(routine: Routine, steps: list[Step] | tuple[Step, ...]) -> Routine:
    return dataclasses.replace(routine, steps=tuple(steps))


def move_step(routine: Routine, index: int, offset: int) -> tuple[Routine, int]:
    """``routine`` with step ``index`` moved ``offset`` places (kept within the list), and
    where it is now."""
    steps = list(routine.steps)
    target = max(0, min(len(steps) - 1, index + offset))
    steps.insert(target, steps.pop(index))
    return with_steps(routine, steps), target


def remove_step(routine: Routine, index: int) -> Routine:
    steps = list(routine.steps)
    del steps[index]
    return with_steps(routine, steps)


def insert_step(routine: Routine, step: Step, index: int | None = None) -> tuple[Routine, int]:
    """``routine`` with ``step`` added after step ``index`` (at the end when ``None``)."""
    steps = list(routine.steps)
    at = len(steps) if index is None else index + 1
    steps.insert(at, step)
    return with_steps(routine, steps), at


def replace_step(routine: Routine, index: int, step: Step) -> Routine:
    steps = list(routine.steps)
    steps[index] = step
    return with_steps(routine, steps)


def new_step(exercise: Exercise, defaults: Timing) -> Step:
    """A step of ``exercise`` as the loader would make it with nothing of its own."""
    own = {key: getattr(exercise, key) for key in ("hold", "reps")}
    timing = dataclasses.replace(defaults, **{k: v for k, v in own.items() if v is not None})
    return Step(exercise, timing, exercise.sides or Sides.NONE)


def set_timing(step: Step, key: str, value: int) -> Step:
    """``step`` with one timing field changed; its easier variant shares all but its own
    hold and reps, as the loader makes it."""
    timing = dataclasses.replace(step.timing, **{key: value})
    easier = step.easier
    if easier is not None and key not in ("hold", "reps"):
        easier = dataclasses.replace(
            easier, timing=dataclasses.replace(easier.timing, **{key: value})
        )
    return dataclasses.replace(step, timing=timing, easier=easier)


def set_sides(step: Step, sides: Sides) -> Step:
    """``step`` on ``sides``; an easier variant on the same sides follows it."""
    easier = step.easier
    if easier is not None and easier.sides is step.sides:
        easier = dataclasses.replace(easier, sides=sides)
    return dataclasses.replace(step, sides=sides, easier=easier)


def set_default(routine: Routine, key: str, value: int) -> Routine:
    """``routine`` with its default ``key`` set: the steps that followed the old default
    (had its value) follow the new one."""
    old = getattr(routine_defaults(routine), key)
    steps = [
        set_timing(s, key, value) if getattr(s.timing, key) == old else s for s in routine.steps
    ]
    defaults = dict(routine.defaults) | {key: value}
    ordered = tuple((k, defaults[k]) for k in TIMING_FIELDS if k in defaults)
    return dataclasses.replace(routine, steps=tuple(steps), defaults=ordered)


def easier_variant(
    step: Step,
    exercise: Exercise | None,
    hold: int | None,
    reps: int | None,
    sides: Sides | None = None,
) -> tuple[Step | None, str | None]:
    """The easier variant of ``step`` the editor's fields describe (all empty: none; an empty
    one is the step's own, as in a file), and what is wrong with it, in the loader's words."""
    if exercise is None and hold is None and reps is None and sides is None:
        return None, None
    timing = dataclasses.replace(
        step.timing,
        hold=step.timing.hold if hold is None else hold,
        reps=step.timing.reps if reps is None else reps,
    )
    on = step.sides if sides is None else sides
    same = exercise is None or exercise == step.exercise
    if not same:
        assert exercise is not None
        return Step(exercise, timing, on), None
    for key in ("hold", "reps"):
        problem = easier_problem(key, getattr(timing, key), getattr(step.timing, key))
        if problem:
            return None, problem
    if timing == step.timing and on is step.sides:
        return None, "'easier' is the same as the step; give a shorter hold or fewer reps"
    return Step(step.exercise, timing, on), None


def custom_exercise(name: str, instructions: str, kind: Kind = Kind.STRETCH) -> Exercise:
    """An exercise written inline: its id from its name, one instruction per line."""
    from stretchtimer.core.loader import slugify

    lines = tuple(line.strip() for line in instructions.splitlines() if line.strip())
    return Exercise(slugify(name), name.strip(), kind, lines)


def routine_defaults(routine: Routine) -> Timing:
    """The timing a new step of ``routine`` gets: its written defaults over the most common."""
    return dataclasses.replace(_common_timing(routine.steps), **dict(routine.defaults))


# --- a value typed in a field --------------------------------------------------------------

FieldValue = int | str | Sides


def read_field(key: str, text: str) -> tuple[FieldValue | None, str | None]:
    """A value typed in the editor's field ``key`` read as the loader reads it in a file
    after ``key:``: (the value, None), or (None, the loader's own words for what is wrong)."""
    is_text = key not in TIMING_FIELDS and key != "sides"
    # A text is taken as typed (the writer quotes it); a number or a choice as YAML reads it.
    source = json.dumps(text) if is_text else (text.strip() or "~")
    parsed = parse_text(source, "field")
    if parsed.diagnostics or parsed.root is None:
        first = parsed.diagnostics[0].message if parsed.diagnostics else f"invalid {key}"
        return None, first
    node = parsed.root
    ctx = Context("field", parsed)
    value: FieldValue | None
    if key in TIMING_FIELDS:
        timing = read_timing(ctx, {key: (node, node)}, (key,))
        value = timing[key] if timing else None
    elif key == "sides":
        value = read_choice(ctx, node, key, Sides)
    else:
        value = read_text(ctx, node, key, empty_ok=key not in ("name", "id"))
    if value is None or ctx.diagnostics:
        problem = ctx.diagnostics[0].message if ctx.diagnostics else f"invalid {key}"
        return None, problem
    return value, None


def read_tags(text: str) -> tuple[tuple[str, ...] | None, str | None]:
    """Tags typed as ``morning, gentle`` read as the loader reads ``tags: [morning, gentle]``:
    (the tags, None), or (None, the loader's words for what is wrong). Empty: no tags."""
    if not text.strip():
        return (), None
    items = ", ".join(json.dumps(item) for item in text.split(","))
    parsed = parse_text(f"[{items}]", "field")
    if parsed.diagnostics or parsed.root is None:
        return None, parsed.diagnostics[0].message if parsed.diagnostics else "invalid tags"
    ctx = Context("field", parsed)
    tags = read_texts(ctx, parsed.root, "tags")
    if tags is None or ctx.diagnostics:
        return None, ctx.diagnostics[0].message if ctx.diagnostics else "invalid tags"
    return tags, None


def easier_problem(key: str, mine: int, theirs: int) -> str | None:
    """What is wrong with an easier variant's ``hold`` or ``reps`` of the step's exercise."""
    if mine <= theirs:
        return None
    if key == "hold":
        shown = f"({format_duration(mine)}) is longer than the step's ({format_duration(theirs)})"
        return f"the easier hold {shown}"
    return f"the easier variant has more reps ({mine}) than the step ({theirs})"


def routine_problem(routine: Routine, max_total: int) -> str | None:
    """What keeps ``routine`` from being saved as a whole, or ``None``."""
    if not routine.steps:
        return "'steps' must list at least one step"
    total = routine_total(routine)
    if total > max_total:
        shown, limit = format_duration(total), format_duration(max_total)
        return f"routine is too long ({shown} in total); the limit is {limit}"
    return None


# --- ids ---------------------------------------------------------------------------------

_ROUTINE_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def id_problem(routine_id: str) -> str | None:
    """Why ``routine_id`` cannot name a routine file, or ``None``."""
    if not _ROUTINE_ID.fullmatch(routine_id):
        return f"routine id '{routine_id}' must be lower-case words joined by dashes"
    if len(routine_id) > 64:
        return "routine id is longer than 64 characters"
    return None


def free_id(wanted: str, taken: set[str]) -> str:
    """``wanted``, or ``wanted-2``, ``wanted-3``... the first not in ``taken``."""
    if wanted not in taken:
        return wanted
    n = 2
    while f"{wanted}-{n}" in taken:
        n += 1
    return f"{wanted}-{n}"


# --- a commented template ----------------------------------------------------------------

TEMPLATE = """\
version: 1
name: {name}
description: What this routine is for.   # optional
defaults:           # each step may override each of these
  prepare: 5s       # get into position before the first hold of a step
  hold: 20s         # 15 to 30 seconds is what the guide suggests
  reps: 3
  rest: 10s         # between reps
  switch: 5s        # between the left and the right side
  transition: 10s   # after a step, before the next
steps:
  - exercise: knee-to-chest   # an id from the exercise library (stretchtimer list)
    sides: both               # none | left | right | both
    easier:                   # optional: what to do on a bad day
      hold: 15s
      reps: 2
  - name: Shoulder rolls      # or an exercise written inline
    instructions: ["Sit tall.", "Roll both shoulders slowly backwards."]
    hold: 15s
"""


def template_text(name: str) -> str:
    """A commented routine to start from, named ``name`` (quoted for YAML)."""
    escaped = name.replace("\\", "\\\\").replace('"', '\\"')
    return TEMPLATE.format(name=f'"{escaped}"')
