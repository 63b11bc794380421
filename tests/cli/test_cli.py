"""The command line through a real subprocess: list, show, validate, --version, --help."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from stretchtimer import __version__
from tests.support import BUILTIN_ROUTINES
from tests.support.cli_helpers import DATA, ONE_SECOND, QUESTIONS, QUICK, env_for, stretchtimer

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
    assert out[1:5] == [  # the cautions first, where a person reads before the session
        "Cautions (Knee-to-chest stretch, Pelvic tilt):",
        "  - Avoid any movements that cause pain or make your spasms worse.",
        "  - Listen to your body and don't push too hard.",
        "",
    ]
    assert "Get ready" in out[5] and "Knee-to-chest" in out[5]
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
    files = sorted(str(p) for p in (BUILTIN_ROUTINES).glob("*.yaml"))
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


# --- text from files reaches the terminal escaped (issue 13, items 8 and 14) ----------------

TERMINAL_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # all but tab and newline
EVIL = "\x1b]0;PWNED\x07\x1b[2J\x9b31m"


def assert_no_controls(result: subprocess.CompletedProcess[str]) -> None:
    for stream in (result.stdout, result.stderr):
        found = TERMINAL_CONTROLS.search(stream)
        assert found is None, f"{found.group()!r} reached the terminal in {stream!r}"


@pytest.fixture
def hostile(isolated_home: Path) -> Path:
    """A valid routine in a file whose name holds escapes, and one whose texts do."""
    user = isolated_home / "config" / "stretchtimer" / "routines"
    user.mkdir(parents=True)
    quick = "version: 1\nname: Fine\nsteps:\n  - exercise: cat-cow\n    hold: 1\n    reps: 1\n"
    (user / f"{EVIL}.yaml").write_text(quick)
    (user / "texts.yaml").write_text(
        'version: 1\nname: "\\e]0;PWNED\\a\\e[2J"\nsteps:\n  - name: "Step \\x9b31m"\n'
        '    instructions: ["\\e]52;c;aGk=\\a"]\n'
    )
    return user


def test_list_escapes_file_names_and_errors(isolated_home: Path, hostile: Path) -> None:
    result = stretchtimer(isolated_home, "list")
    assert result.returncode == 0
    assert_no_controls(result)
    assert "\\x1b]0;PWNED\\x07\\x1b[2J\\x9b31m" in result.stdout
    assert f"{hostile / 'texts.yaml'}:2:7: error: 'name' contains a control" in result.stderr


def test_list_escapes_a_file_name_byte_that_is_not_utf8(isolated_home: Path, hostile: Path) -> None:
    """0x9b, CSI to an 8-bit terminal, in a file name: shown as ``\\x9b``, not written back."""
    (hostile / os.fsdecode(b"y\x9b.yaml")).write_text((hostile / f"{EVIL}.yaml").read_text())
    result = subprocess.run(
        [sys.executable, "-m", "stretchtimer", "list"],
        capture_output=True,
        env=env_for(isolated_home),
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert b"\x9b" not in result.stdout and b"\ny\\x9b " in result.stdout


def test_show_escapes_the_routine_it_prints(isolated_home: Path, hostile: Path) -> None:
    result = stretchtimer(isolated_home, "show", EVIL)
    assert result.returncode == 0
    assert_no_controls(result)
    assert result.stdout.startswith("Fine (user: \\x1b]0;PWNED")
    broken = stretchtimer(isolated_home, "show", "texts")
    assert broken.returncode == 2 and "'instructions' contains a control" in broken.stderr
    assert_no_controls(broken)
    unknown = stretchtimer(isolated_home, "show", f"nope{EVIL}")
    assert unknown.returncode == 2 and "unknown routine 'nope\\x1b]0;" in unknown.stderr
    assert_no_controls(unknown)


def test_validate_escapes_what_it_quotes(isolated_home: Path, hostile: Path) -> None:
    bad = hostile / f"bad{EVIL}.yml"
    bad.write_text('version: 1\nname: R\nsteps:\n  - exercise: x\n    "\\e]0;k\\a": 1\n')
    result = stretchtimer(isolated_home, "validate", str(hostile / "texts.yaml"), str(bad))
    assert result.returncode == 2
    assert_no_controls(result)
    assert "unknown key '\\x1b]0;k\\x07' in step" in result.stderr


def test_run_plain_escapes_the_routine(isolated_home: Path, hostile: Path) -> None:
    result = stretchtimer(isolated_home, "run", EVIL, "--plain", input="n\n" * 20)
    assert result.returncode == 0, result.stderr
    assert_no_controls(result)
    refused = stretchtimer(isolated_home, "run", "texts", "--plain", input="n\n" * 20)
    assert refused.returncode == 2
    assert_no_controls(refused)


def test_list_says_which_built_in_routines_a_user_exercise_changed(isolated_home: Path) -> None:
    user = isolated_home / "config" / "stretchtimer" / "routines"
    user.mkdir(parents=True)
    (user / "mine.yaml").write_text(
        "version: 1\nexercises:\n  - id: ice-or-heat\n    name: Heat pad\n    hold: 30m\n"
    )
    result = stretchtimer(isolated_home, "list")
    ice_heat = next(line for line in result.stdout.splitlines() if line.startswith("ice-heat "))
    assert "built-in, changed" in ice_heat
    assert (
        "ice-heat: changed by your exercise 'ice-or-heat' (in place of the built-in one)"
        in result.stdout.splitlines()
    )


def test_rescreen_before_run_asks_again(isolated_home: Path) -> None:
    """``stretchtimer --rescreen run ROUTINE``: the subcommand must not overwrite the flag."""
    stretchtimer(isolated_home, "run", str(ONE_SECOND), "--plain", input="n\n" * QUESTIONS)
    for args in (["--rescreen", "run", str(ONE_SECOND)], ["run", str(ONE_SECOND), "--rescreen"]):
        result = stretchtimer(isolated_home, *args, "--plain", input="")
        assert result.returncode == 1, args
        assert "No answer: no session" in result.stdout, args


def test_no_arguments_give_what_the_parser_gives_without_building_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``stretchtimer`` alone (the app) skips building the thirteen parsers, and gets the
    same arguments the parser would give; any arguments still go through the parser."""
    from stretchtimer import cli

    expected = cli.build_parser().parse_args([])
    built: list[bool] = []
    build = cli.build_parser

    def counted() -> object:
        built.append(True)
        return build()

    monkeypatch.setattr(cli, "build_parser", counted)
    assert cli.parse_arguments([]) == expected
    assert built == []
    assert cli.parse_arguments(["--debug"]).debug is True
    assert built == [True]
