"""The command line through a real subprocess: list, show, validate, --version, --help."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_helpers import DATA, QUICK, stretchtimer

from stretchtimer import __version__

BUILTIN = ["core", "ice-heat", "morning-back", "spasm-relief", "walk-break"]


def test_version(isolated_home: Path) -> None:
    result = stretchtimer(isolated_home, "--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"stretchtimer {__version__}"


@pytest.mark.parametrize("command", [[], ["list"], ["show"], ["validate"], ["run"]])
def test_help_for_each_command(isolated_home: Path, command: list[str]) -> None:
    result = stretchtimer(isolated_home, *command, "--help")
    assert result.returncode == 0
    assert "usage: stretchtimer" in result.stdout


def test_list_shows_source_steps_and_time(isolated_home: Path) -> None:
    result = stretchtimer(isolated_home, "list")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["ID", "NAME", "SOURCE", "STEPS", "TIME"]
    ids = [line.split()[0] for line in lines[1:]]
    assert ids == BUILTIN
    morning = next(line for line in lines if line.startswith("morning-back"))
    assert "built-in" in morning and " 4 " in morning


def test_list_shows_shadowing_and_broken_user_routines(isolated_home: Path) -> None:
    user = isolated_home / "config" / "stretchtimer" / "routines"
    user.mkdir(parents=True)
    (user / "core.yaml").write_text(QUICK.read_text().replace("Quick check", "My core"))
    (user / "broken.yaml").write_text("version: 1\nname: Broken\nsteps:\n  - exercise: nope\n")
    (user / "mine.yaml").write_text(QUICK.read_text().replace("Quick check", "Mine"))
    result = stretchtimer(isolated_home, "list")
    assert result.returncode == 0
    core = next(line for line in result.stdout.splitlines() if line.startswith("core"))
    assert "My core" in core and "replaces built-in" in core
    assert any(line.startswith("mine ") for line in result.stdout.splitlines())
    broken = next(line for line in result.stdout.splitlines() if line.startswith("broken"))
    assert "(broken)" in broken
    assert f"{user / 'broken.yaml'}:4:15: error: unknown exercise 'nope'" in result.stderr


def test_show_prints_the_timeline_with_the_total(isolated_home: Path) -> None:
    result = stretchtimer(isolated_home, "show", str(QUICK))
    assert result.returncode == 0, result.stderr
    out = result.stdout.splitlines()
    assert out[0].startswith("Quick check")
    assert "Get ready" in out[1] and "Knee-to-chest" in out[1]
    assert any("Switch sides" in line for line in out)
    assert out[-1].strip() == "Total 7s"


@pytest.mark.parametrize("ref", ["morning-back", "Morning back mobility", "MORNING BACK MOBILITY"])
def test_show_finds_by_id_or_name(isolated_home: Path, ref: str) -> None:
    result = stretchtimer(isolated_home, "show", ref)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Morning back mobility")


def test_show_unknown_routine_suggests(isolated_home: Path) -> None:
    result = stretchtimer(isolated_home, "show", "morning-bak")
    assert result.returncode == 2
    assert "morning-back" in result.stderr
    assert "Traceback" not in result.stderr


def test_validate_good_files(isolated_home: Path) -> None:
    files = sorted(str(p) for p in (Path(__file__).parent.parent / "routines").glob("*.yaml"))
    result = stretchtimer(isolated_home, "validate", *files, str(QUICK))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_validate_bad_files_exits_2_with_one_line_per_problem(isolated_home: Path) -> None:
    bad = sorted((DATA / "bad").glob("*.yaml"))
    result = stretchtimer(isolated_home, "validate", *map(str, bad))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) >= len(bad)
    for line in lines:
        file, line_no, column, rest = line.split(":", 3)
        assert file.endswith(".yaml")
        assert int(line_no) >= 1 and int(column) >= 1
        assert rest.startswith(" error: ")
    assert {line.split(":")[0] for line in lines} == {str(p) for p in bad}


def test_validate_reports_a_suggestion(isolated_home: Path, tmp_path: Path) -> None:
    path = tmp_path / "typo.yaml"
    path.write_text("version: 1\nname: Typo\nsteps:\n  - exercise: cat-cow\n    holds: 20s\n")
    result = stretchtimer(isolated_home, "validate", str(path))
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"{path}:5:5: error: unknown key 'holds' in step; did you mean 'hold'?"
    )


def test_validate_missing_file(isolated_home: Path, tmp_path: Path) -> None:
    result = stretchtimer(isolated_home, "validate", str(tmp_path / "nope.yaml"))
    assert result.returncode == 2
    assert result.stderr.startswith(f"{tmp_path / 'nope.yaml'}:1:1: error: ")
    assert "Traceback" not in result.stderr


def test_validate_a_thousand_files_quickly(isolated_home: Path, tmp_path: Path) -> None:
    """Not a timing assertion: it proves 1,000 files go through in one run (see bench/)."""
    for n in range(1000):
        (tmp_path / f"r{n}.yaml").write_text(QUICK.read_text().replace("Quick", f"Q{n}"))
    result = stretchtimer(isolated_home, "validate", *map(str, tmp_path.glob("*.yaml")))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "1000 files valid"


def test_run_unknown_routine_fails_before_the_app(isolated_home: Path) -> None:
    result = stretchtimer(isolated_home, "run", "no-such-routine")
    assert result.returncode == 2
    assert "unknown routine" in result.stderr


def test_rescreen_before_run_asks_again(isolated_home: Path) -> None:
    """``stretchtimer --rescreen run ROUTINE``: the subcommand must not overwrite the flag."""
    stretchtimer(isolated_home, "run", str(QUICK), "--plain", input="n\n" * 7)
    for args in (["--rescreen", "run", str(QUICK)], ["run", str(QUICK), "--rescreen"]):
        result = stretchtimer(isolated_home, *args, "--plain", input="")
        assert result.returncode == 1, args
        assert "No answer: no session" in result.stdout, args
