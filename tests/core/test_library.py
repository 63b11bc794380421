"""The catalog of built-in and user routines: merging, shadowing, broken files, lookup."""

from __future__ import annotations

from pathlib import Path

import pytest

from stretchtimer import paths
from stretchtimer.adapters.routine_files import load_catalog
from stretchtimer.core.catalog import BrokenRoutine, Catalog
from stretchtimer.core.errors import RoutineError
from stretchtimer.core.model import Routine
from tests.support import BUILTIN_ROUTINES

BUILTIN = BUILTIN_ROUTINES
BUILTIN_IDS = ["core", "ice-heat", "morning-back", "spasm-relief", "walk-break"]


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text)
    return path


def routine_text(name: str, exercise: str = "cat-cow", hold: str = "20s") -> str:
    return f"version: 1\nname: {name}\nsteps:\n  - exercise: {exercise}\n    hold: {hold}\n"


@pytest.fixture
def user(tmp_path: Path) -> Path:
    return tmp_path / "user"


def test_builtin_only(tmp_path: Path) -> None:
    catalog = load_catalog(BUILTIN, tmp_path / "missing")
    assert sorted(r.id for r in catalog.routines()) == BUILTIN_IDS
    assert catalog.broken() == []
    assert all(r.source == "built-in" and not r.shadows for r in catalog.routines())
    names = [r.name for r in catalog.entries]  # sorted by name
    assert names == sorted(names, key=str.casefold)
    assert {"knee-to-chest", "rest-position", "ice-therapy"} <= set(catalog.exercises)


def test_user_routines_come_after_built_in_ones_by_name(user: Path) -> None:
    write(user, "b.yaml", routine_text("Zebra"))
    write(user, "a.yml", routine_text("alpha"))
    catalog = load_catalog(BUILTIN, user)
    entries = catalog.entries
    assert [e.source for e in entries] == ["built-in"] * 5 + ["user"] * 2
    assert [e.id for e in entries[5:]] == ["a", "b"]
    assert entries[5].path == user / "a.yml"


def test_a_user_routine_shadows_a_built_in_one(user: Path) -> None:
    write(user, "core.yaml", routine_text("My core"))
    catalog = load_catalog(BUILTIN, user)
    core = catalog.find("core")
    assert (core.name, core.source, core.shadows) == ("My core", "user", True)
    assert [r.id for r in catalog.routines()].count("core") == 1
    assert catalog.entries[-1] is core  # a user routine now, sorted with the user's


def test_a_broken_user_routine_does_not_hide_the_others(user: Path) -> None:
    bad = write(user, "bad.yaml", "version: 1\nname: Bad\nsteps:\n  - exercise: knee-to-chst\n")
    write(user, "good.yaml", routine_text("Good"))
    write(user, "garbage.yaml", "\x00\x01")
    catalog = load_catalog(BUILTIN, user)
    assert sorted(r.id for r in catalog.routines()) == sorted([*BUILTIN_IDS, "good"])
    broken = {b.id: b for b in catalog.broken()}
    assert set(broken) == {"bad", "garbage"}
    assert broken["bad"] == BrokenRoutine(
        "bad",
        bad,
        "user",
        broken["bad"].diagnostics,
    )
    assert [str(d) for d in broken["bad"].diagnostics] == [
        f"{bad}:4:15: error: unknown exercise 'knee-to-chst'; did you mean 'knee-to-chest'?"
    ]
    with pytest.raises(RoutineError) as caught:
        catalog.find("bad")
    assert caught.value.diagnostics == list(broken["bad"].diagnostics)


def test_user_exercises_add_to_and_override_the_library(user: Path) -> None:
    write(
        user,
        "my-exercises.yaml",
        "version: 1\nexercises:\n"
        "  - {id: neck-roll, name: Neck roll, hold: 10s}\n"
        "  - {id: cat-cow, name: My cat-cow, hold: 45s}\n",
    )
    write(user, "neck.yaml", "version: 1\nname: Neck\nsteps:\n  - exercise: neck-roll\n")
    catalog = load_catalog(BUILTIN, user)
    assert catalog.exercises["neck-roll"].name == "Neck roll"
    assert catalog.exercises["cat-cow"].name == "My cat-cow"
    assert catalog.find("neck").steps[0].timing.hold == 10
    # Built-in routines use the user's version of an exercise.
    morning = catalog.find("morning-back")
    assert [s.exercise.name for s in morning.steps if s.exercise.id == "cat-cow"] == ["My cat-cow"]
    assert "my-exercises" not in {e.id for e in catalog.entries}


def test_a_broken_user_exercise_file_keeps_its_good_entries(user: Path) -> None:
    lib = write(
        user,
        "exercises.yaml",
        "version: 1\nexercises:\n"
        "  - {id: neck-roll, name: Neck roll}\n"
        "  - {id: side-bend, name: Side bend, hold: -5s}\n",
    )
    write(user, "neck.yaml", "version: 1\nname: Neck\nsteps:\n  - exercise: neck-roll\n")
    write(user, "side.yaml", "version: 1\nname: Side\nsteps:\n  - exercise: side-bend\n")
    catalog = load_catalog(BUILTIN, user)
    assert "neck-roll" in catalog.exercises and "side-bend" not in catalog.exercises
    assert "knee-to-chest" in catalog.exercises  # the built-in library is still there
    assert catalog.find("neck").name == "Neck"
    assert sorted(r.id for r in catalog.routines()) == sorted([*BUILTIN_IDS, "neck"])
    broken = {b.path: b for b in catalog.broken()}
    assert [str(d) for d in broken[lib].diagnostics] == [
        f"{lib}:4:44: error: invalid hold: a duration cannot be negative, got '-5s'"
    ]
    side = user / "side.yaml"
    assert [str(d) for d in broken[side].diagnostics] == [
        f"{side}:4:15: error: unknown exercise 'side-bend'"
    ]


def test_two_user_files_with_one_id(user: Path) -> None:
    write(user, "twin.yaml", routine_text("Twin one"))
    second = write(user, "twin.yml", routine_text("Twin two"))
    catalog = load_catalog(BUILTIN, user)
    assert catalog.find("twin").name == "Twin one"
    (broken,) = catalog.broken()
    assert broken.path == second
    assert [str(d) for d in broken.diagnostics] == [
        f"{second}:1:1: error: another file already defines routine 'twin': {user / 'twin.yaml'}"
    ]


def test_hidden_and_other_files_are_ignored(user: Path) -> None:
    write(user, ".hidden.yaml", "garbage: [")
    write(user, "notes.txt", "garbage")
    (user / "sub").mkdir()
    write(user / "sub", "deep.yaml", routine_text("Deep"))
    catalog = load_catalog(BUILTIN, user)
    assert catalog.broken() == [] and len(catalog.routines()) == 5


def test_find_by_id_name_and_path(user: Path, tmp_path: Path) -> None:
    catalog = load_catalog(BUILTIN, user)
    assert catalog.find("morning-back").id == "morning-back"
    assert catalog.find("MORNING back mobility").id == "morning-back"
    path = write(tmp_path / "elsewhere", "mine.yaml", routine_text("Mine", "plank"))
    mine = catalog.find(str(path))
    assert (mine.id, mine.source, mine.path) == ("mine", "user", path)
    bad = write(tmp_path / "elsewhere", "bad.yaml", "version: 2\n")
    with pytest.raises(RoutineError):
        catalog.find(str(bad))
    with pytest.raises(LookupError, match="no routine file"):
        catalog.find(str(tmp_path / "nope.yaml"))


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ("morning-bak", "unknown routine 'morning-bak'; did you mean 'morning-back'?"),
        ("Spasm releif", "unknown routine 'Spasm releif'; did you mean 'Spasm relief'?"),
        ("zzz", "unknown routine 'zzz'"),
    ],
)
def test_find_unknown(ref: str, message: str, tmp_path: Path) -> None:
    catalog = load_catalog(BUILTIN, tmp_path)
    with pytest.raises(LookupError) as caught:
        catalog.find(ref)
    assert str(caught.value) == message


def test_defaults_come_from_paths(monkeypatch: pytest.MonkeyPatch, user: Path) -> None:
    write(user, "mine.yaml", routine_text("Mine"))
    monkeypatch.setattr(paths, "user_routines_dir", lambda: user)
    catalog = load_catalog()
    assert isinstance(catalog, Catalog)
    assert {r.id for r in catalog.routines()} == {*BUILTIN_IDS, "mine"}
    assert all(isinstance(e, Routine) for e in catalog.entries)


def test_a_user_exercise_replacing_a_built_in_one_marks_the_routines_it_changed(
    user: Path,
) -> None:
    builtin = load_catalog(BUILTIN, user / "missing").find("ice-heat")
    write(
        user,
        "my-exercises.yaml",
        "version: 1\nexercises:\n  - id: ice-or-heat\n    name: Heat pad\n    hold: 30m\n"
        "  - id: my-own\n    name: Mine\n",
    )
    write(user, "mine.yaml", routine_text("Mine", exercise="ice-or-heat"))
    catalog = load_catalog(BUILTIN, user)
    ice_heat = catalog.find("ice-heat")
    assert (ice_heat.source, ice_heat.changed_by) == ("built-in", ("ice-or-heat",))
    assert ice_heat.steps[0].exercise.name == "Heat pad" != builtin.steps[0].exercise.name
    assert builtin.changed_by == ()
    changed = {r.id for r in catalog.routines() if r.changed_by}
    assert changed == {"ice-heat"}  # not the user's own routine, nor the untouched ones


def test_an_inline_exercise_with_a_replaced_id_is_the_routines_own(tmp_path: Path) -> None:
    builtin = tmp_path / "builtin"
    write(builtin, "exercises.yaml", (BUILTIN / "exercises.yaml").read_text())
    write(builtin, "inline.yaml", "version: 1\nname: Inline\nsteps:\n  - name: Cat cow\n")
    write(builtin, "uses.yaml", routine_text("Uses"))
    user = tmp_path / "user"
    write(user, "lib.yaml", "version: 1\nexercises:\n  - id: cat-cow\n    name: Mine\n")
    catalog = load_catalog(builtin, user)
    assert catalog.find("inline").changed_by == ()
    assert catalog.find("uses").changed_by == ("cat-cow",)
