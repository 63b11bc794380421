"""``stretchtimer new``, ``edit`` and ``export`` through a real subprocess, with a scripted
editor (a small shell script as ``$EDITOR``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from stretchtimer.adapters.routine_files import load_catalog
from stretchtimer.adapters.store_sqlite import open_store
from tests.support import BUILTIN_ROUTINES
from tests.support.cli_helpers import QUESTIONS, stretchtimer

BUILTIN = BUILTIN_ROUTINES


def user_dir(home: Path) -> Path:
    return home / "config" / "stretchtimer" / "routines"


def script(home: Path, body: str) -> Path:
    """An editor: a shell script given the file's path as ``$1``."""
    path = home / "editor.sh"
    path.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    path.chmod(0o755)
    return path


@pytest.fixture
def editor(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("VISUAL", raising=False)

    def use(path: Path) -> None:
        monkeypatch.setenv("EDITOR", str(path))

    return use


def test_new_from_a_routine_prints_the_path_of_a_valid_copy(isolated_home: Path) -> None:
    result = stretchtimer(isolated_home, "new", "my-core", "--from", "core")
    assert result.returncode == 0, result.stderr
    path = user_dir(isolated_home) / "my-core.yaml"
    assert result.stdout.strip() == str(path)
    text = path.read_text(encoding="utf-8")
    assert "name: Core strength (my copy)" in text
    assert "# warm up" in text  # the built-in file's comments come along
    assert stretchtimer(isolated_home, "validate", str(path)).returncode == 0
    assert (BUILTIN / "core.yaml").read_text(encoding="utf-8") != text  # built-in untouched
    listed = stretchtimer(isolated_home, "list").stdout
    assert "my-core" in listed and "Core strength (my copy)" in listed


def test_new_without_from_writes_a_commented_template(isolated_home: Path) -> None:
    result = stretchtimer(isolated_home, "new", "evening")
    assert result.returncode == 0, result.stderr
    text = Path(result.stdout.strip()).read_text(encoding="utf-8")
    assert "# an id from the exercise library" in text and 'name: "Evening"' in text
    assert stretchtimer(isolated_home, "validate", result.stdout.strip()).returncode == 0


@pytest.mark.parametrize("routine_id", ["morning-back", "mine"])
def test_new_refuses_an_existing_id_unless_forced(isolated_home: Path, routine_id: str) -> None:
    path = user_dir(isolated_home) / "mine.yaml"
    path.parent.mkdir(parents=True)
    path.write_text("# keep me\n", encoding="utf-8")
    refused = stretchtimer(isolated_home, "new", routine_id)
    assert refused.returncode == 2
    assert refused.stderr == (
        f"stretchtimer: error: a routine '{routine_id}' already exists; use --force to replace it\n"
    )
    assert path.read_text(encoding="utf-8") == "# keep me\n"
    forced = stretchtimer(isolated_home, "new", routine_id, "--force")
    assert forced.returncode == 0, forced.stderr


def test_new_refuses_an_id_that_is_not_a_file_name(isolated_home: Path) -> None:
    result = stretchtimer(isolated_home, "new", "../evil")
    assert result.returncode == 2
    assert "must be lower-case words joined by dashes" in result.stderr
    assert not user_dir(isolated_home).exists()


def test_edit_a_builtin_edits_a_copy_and_says_so(isolated_home: Path, editor) -> None:
    editor(script(isolated_home, 'sed -i "s/hold: 20s/hold: 25s/" "$1"'))
    result = stretchtimer(isolated_home, "edit", "core")
    assert result.returncode == 0, result.stderr
    copy = user_dir(isolated_home) / "my-core.yaml"
    assert f"'core' is built in and never changes: editing a copy, {copy}" in result.stdout
    assert f"{copy}: valid" in result.stdout
    assert "hold: 25s" in copy.read_text(encoding="utf-8")
    catalog = load_catalog(BUILTIN, user_dir(isolated_home))
    assert catalog.find("core").steps[0].timing.hold == 20  # the built-in as it was
    assert catalog.find("my-core").steps[0].timing.hold == 25


def test_edit_with_errors_prints_them_and_offers_to_edit_again(isolated_home: Path, editor) -> None:
    """The first edit breaks the file; asked, the person edits again and mends it."""
    made = stretchtimer(isolated_home, "new", "mine", "--from", "walk-break")
    path = Path(made.stdout.strip())
    count = isolated_home / "count"
    editor(
        script(
            isolated_home,
            f'if [ -e "{count}" ]; then sed -i "s/hold: 9x/hold: 4m/" "$1"\n'
            f'else touch "{count}"; sed -i "s/hold: 5m/hold: 9x/" "$1"; fi',
        )
    )
    result = stretchtimer(isolated_home, "edit", "mine", input="y\n")
    assert result.returncode == 0, result.stderr
    errors = result.stderr.splitlines()
    assert errors and all(
        line.startswith(f"{path}:")
        and line.endswith(
            ": error: invalid hold: expected a duration such as 20, 45s, 2m, 1m30s or 1h, got '9x'"
        )
        for line in errors
    )
    assert "Edit again? [Y/n] " in result.stdout and f"{path}: valid" in result.stdout
    assert "hold: 4m" in path.read_text(encoding="utf-8")


def test_edit_declined_keeps_the_file_and_fails(isolated_home: Path, editor) -> None:
    made = stretchtimer(isolated_home, "new", "mine", "--from", "walk-break")
    path = Path(made.stdout.strip())
    editor(script(isolated_home, 'sed -i "s/hold: 5m/hold: 9x/" "$1"'))
    result = stretchtimer(isolated_home, "edit", "mine", input="n\n")
    assert result.returncode == 2
    assert f"{path} kept as it is, with the problems above" in result.stderr
    assert "hold: 9x" in path.read_text(encoding="utf-8")  # nothing the person wrote is lost


def test_edit_with_a_missing_editor_says_so(isolated_home: Path, editor) -> None:
    stretchtimer(isolated_home, "new", "mine", "--from", "walk-break")
    editor(isolated_home / "no-such-editor")
    result = stretchtimer(isolated_home, "edit", "mine")
    assert result.returncode == 2
    assert result.stderr.startswith("stretchtimer: error: cannot run the editor ")
    assert "Traceback" not in result.stderr


def test_export_writes_the_persons_own_exercises_inline(
    isolated_home: Path, tmp_path: Path
) -> None:
    user = user_dir(isolated_home)
    user.mkdir(parents=True)
    (user / "my-exercises.yaml").write_text(
        "version: 1\nexercises:\n  - id: neck-roll\n    name: Neck roll\n"
        "    instructions: [Roll slowly.]\n    hold: 15s\n",
        encoding="utf-8",
    )
    (user / "mine.yaml").write_text(
        "version: 1\nname: Mine  # my own\nsteps:\n  - exercise: neck-roll\n"
        "  - exercise: cat-cow\n",
        encoding="utf-8",
    )
    result = stretchtimer(isolated_home, "export", "mine")
    assert result.returncode == 0, result.stderr
    assert "name: Neck roll" in result.stdout and "exercise: cat-cow" in result.stdout
    assert "name: Mine  # my own" in result.stdout
    elsewhere = tmp_path / "shared.yaml"  # another machine: only the built-in exercises
    elsewhere.write_text(result.stdout, encoding="utf-8")
    other_home = tmp_path / "other"
    checked = stretchtimer(other_home, "validate", str(elsewhere))
    assert checked.returncode == 0, checked.stderr
    shown = stretchtimer(other_home, "show", str(elsewhere))
    assert "Neck roll 1/3" in shown.stdout and "15s" in shown.stdout


def test_show_easier_shows_the_easier_version(isolated_home: Path) -> None:
    shown = stretchtimer(isolated_home, "show", "morning-back", "--easier")
    assert shown.returncode == 0
    assert shown.stdout.splitlines()[0] == (
        "Morning back mobility (built-in: morning-back, the easier version)"
    )
    assert "Knee-to-chest stretch (left) 2/2" in shown.stdout
    assert "3/3" not in shown.stdout


def test_run_plain_easier_runs_the_variants_and_says_so(
    isolated_home: Path, tmp_path: Path
) -> None:
    routine = tmp_path / "short.yaml"
    routine.write_text(
        "version: 1\nname: Short\ndefaults: {prepare: 0, rest: 1, transition: 0}\nsteps:\n"
        "  - exercise: knee-to-chest\n    sides: none\n    hold: 2\n    reps: 2\n"
        "    easier: {hold: 1, reps: 1}\n"
        "  - exercise: plank\n    hold: 2\n    reps: 1\n"
        "    easier: {exercise: pelvic-tilt, hold: 1}\n",
        encoding="utf-8",
    )
    result = stretchtimer(
        isolated_home, "run", str(routine), "--plain", "--easier", input="n\n" * QUESTIONS
    )
    assert result.returncode == 0, result.stderr
    assert "Routine: Short (2s, the easier version)" in result.stdout
    assert "HOLD: Knee-to-chest stretch, rep 1/1, 1s" in result.stdout
    assert "HOLD: Pelvic tilt, rep 1/1, 1s" in result.stdout and "Plank" not in result.stdout
    assert "Complete (the easier version): 2 of 2 holds" in result.stdout
    (session,) = open_store(
        isolated_home / "data" / "stretchtimer" / "history.sqlite3"
    ).store.sessions()  # type: ignore[union-attr]
    assert session.easier is True and session.ended == "completed"
