"""The plain mode through a real subprocess: answers piped in, one line per phase and cue."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from stretchtimer.adapters.store_sqlite import open_store
from tests.support.cli_helpers import (
    DAILY_QUESTIONS,
    ONE_SECOND,
    QUESTIONS,
    QUICK,
    env_for,
    stretchtimer,
)

ALL_NO = "n\n" * QUESTIONS
LINE = re.compile(r"^\[(\d+):(\d\d\.\d)\] (.+)$")


def timed_lines(out: str) -> list[tuple[float, str]]:
    """The ``[M:SS.s] text`` lines as (seconds, text)."""
    lines = []
    for line in out.splitlines():
        match = LINE.match(line)
        if match:
            lines.append((int(match[1]) * 60 + float(match[2]), match[3]))
    return lines


def test_all_no_runs_the_routine_line_by_line(isolated_home: Path) -> None:
    result = stretchtimer(isolated_home, "run", str(QUICK), "--plain", input=ALL_NO)
    assert result.returncode == 0, result.stderr
    assert "not medical advice" in result.stdout
    lines = timed_lines(result.stdout)
    texts = [text for _, text in lines]
    assert texts[0] == "GET READY: Knee-to-chest stretch (left), rep 1/1, 1s"
    assert texts[1] == "HOLD: Knee-to-chest stretch (left), rep 1/1, 1s"
    assert texts[2] == "cue hold"
    assert "SWITCH SIDES: Knee-to-chest stretch (right), rep 1/1, 1s" in texts
    assert "cue switch" in texts and "cue rest" in texts and "cue exercise-end" in texts
    assert texts[-2:] == ["cue routine-end", "END"]
    starts = [at for at, text in lines if text.startswith(("GET READY", "HOLD", "REST", "SWITCH"))]
    assert starts == [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
    assert lines[-1][0] == 7.0
    assert "Complete: 4 of 4 holds" in result.stdout
    store = open_store(isolated_home / "data" / "stretchtimer" / "history.sqlite3").store
    assert store is not None
    [session] = store.sessions()
    assert session.ended == "completed" and all(p.done for p in session.phases)
    assert "Pain" not in result.stdout  # a script piping the answers is not asked


def test_a_remembered_pass_does_not_ask_again(isolated_home: Path) -> None:
    stretchtimer(isolated_home, "run", str(ONE_SECOND), "--plain", input=ALL_NO)
    again = stretchtimer(isolated_home, "run", str(ONE_SECOND), "--plain", input="")
    assert again.returncode == 0, again.stdout
    assert "passed earlier today" in again.stdout
    rescreen = stretchtimer(
        isolated_home, "run", str(ONE_SECOND), "--plain", "--rescreen", input=""
    )
    assert rescreen.returncode == 1
    assert "no session" in rescreen.stdout.lower()


def test_other_answers_ask_again(isolated_home: Path) -> None:
    result = stretchtimer(
        isolated_home,
        "run",
        str(ONE_SECOND),
        "--plain",
        input="maybe\n\nNO\n" + "n\n" * (QUESTIONS - 1),
    )
    assert result.returncode == 0
    assert result.stdout.count("Please answer y (yes) or n (no).") == 2


def test_end_of_input_means_no_session(isolated_home: Path) -> None:
    for given in ["", "n\n" * 3, "n\nn\nmaybe\n"]:
        result = stretchtimer(isolated_home, "run", str(QUICK), "--plain", input=given)
        assert result.returncode == 1, given
        assert "HOLD" not in result.stdout
        assert "Traceback" not in result.stderr


def test_the_emergency_sign_refuses_with_the_emergency_message(isolated_home: Path) -> None:
    answers = "n\nn\ny\n" + "n\n" * 4
    result = stretchtimer(isolated_home, "run", str(QUICK), "--plain", input=answers)
    assert result.returncode == 1
    assert "cauda equina" in result.stdout
    assert "HOLD" not in result.stdout


def test_a_see_a_doctor_sign_needs_the_doctors_clearance(isolated_home: Path) -> None:
    refused = stretchtimer(
        isolated_home,
        "run",
        str(ONE_SECOND),
        "--plain",
        input="y\n" + "n\n" * (QUESTIONS - 1) + "n\n",
    )
    assert refused.returncode == 1
    assert "see a doctor" in refused.stdout.lower()
    assert "HOLD" not in refused.stdout
    eof = stretchtimer(
        isolated_home, "run", str(ONE_SECOND), "--plain", input="y\n" + "n\n" * (QUESTIONS - 1)
    )
    assert eof.returncode == 1
    # the first screening was kept: the questions about the past are remembered now
    cleared = stretchtimer(
        isolated_home,
        "run",
        str(ONE_SECOND),
        "--plain",
        input="y\n" + "n\n" * (DAILY_QUESTIONS - 1) + "y\n",
    )
    assert cleared.returncode == 0, cleared.stdout
    assert "HOLD: Pelvic tilt" in cleared.stdout
    store = json.loads((isolated_home / "data" / "stretchtimer" / "screening.json").read_text())
    assert store["records"][-1]["outcome"] == "cleared-by-doctor"
    assert list(store["records"][-1]["cleared"]) == ["severe-pain"]


def test_ctrl_c_stops_cleanly(isolated_home: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "stretchtimer", "run", "walk-break", "--plain"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env_for(isolated_home),
    )
    assert process.stdin and process.stdout
    process.stdin.write(ALL_NO)
    process.stdin.close()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if line.startswith("[") and "GET READY" in line:
            break
    process.send_signal(signal.SIGINT)
    process.wait(timeout=10)
    out, err = process.stdout.read(), process.stderr.read()
    assert process.returncode == 130
    assert "Stopped (Ctrl+C)." in out
    assert "Stopped: 0 of 1 holds" in out
    assert "Traceback" not in err


def test_each_exercise_is_explained_with_its_cautions_when_it_begins(isolated_home: Path) -> None:
    """A screen-reader user hears how to do each stretch and what to watch out for."""
    result = stretchtimer(isolated_home, "run", str(QUICK), "--plain", input=ALL_NO)
    assert result.returncode == 0, result.stderr
    out = result.stdout.splitlines()
    first = out.index("[0:00.0] GET READY: Knee-to-chest stretch (left), rep 1/1, 1s")
    assert out[first + 1 : first + 8] == [
        "  1. Lie on your back with your knees bent and your feet flat on the floor.",
        "  2. Bring one knee up towards your chest and hold it gently with both hands.",
        "  3. Keep the other foot on the floor and let your lower back relax.",
        "  4. Slowly lower the leg when the hold ends.",
        "  Breathing: Breathe deeply while stretching; it helps your muscles relax.",
        "  Caution: Avoid any movements that cause pain or make your spasms worse.",
        "  Caution: Listen to your body and don't push too hard.",
    ]
    assert out[first + 8].startswith("[0:01.0] HOLD: Knee-to-chest stretch (left)")
    assert result.stdout.count("2. Bring one knee up") == 1  # once a step, not each side
    tilt = out.index("[0:04.0] HOLD: Pelvic tilt, rep 1/2, 1s")
    assert out[tilt + 1] == (
        "  1. Lie on your back with your knees bent and your feet flat on the floor."
    )
    assert "  Caution: Listen to your body and don't push too hard." in out[tilt + 1 :]


def test_countdown_cues_are_printed_only_when_asked(isolated_home: Path, tmp_path: Path) -> None:
    """The countdown sounds each second at a hold's end; a line for each only with --verbose."""
    routine = tmp_path / "count.yaml"
    routine.write_text(
        "version: 1\nname: Count\nsteps:\n"
        "  - exercise: pelvic-tilt\n    prepare: 0\n    hold: 3\n    reps: 1\n"
    )
    quiet = stretchtimer(isolated_home, "run", str(routine), "--plain", input=ALL_NO)
    assert quiet.returncode == 0, quiet.stderr
    texts = [text for _, text in timed_lines(quiet.stdout)]
    assert texts == ["HOLD: Pelvic tilt, rep 1/1, 3s", "cue hold", "cue routine-end", "END"]
    verbose = stretchtimer(isolated_home, "run", str(routine), "--plain", "--verbose")
    assert verbose.returncode == 0, verbose.stderr
    lines = timed_lines(verbose.stdout)
    assert [line for line in lines if line[1] == "cue countdown"] == [
        (1.0, "cue countdown"),
        (2.0, "cue countdown"),
    ]
    assert "Caution: Avoid any movements" in verbose.stdout


def test_a_file_s_control_characters_never_reach_the_terminal(
    isolated_home: Path, tmp_path: Path
) -> None:
    """A routine whose texts hold escape sequences is refused, and the errors that quote them
    escape them: nothing from the file drives the terminal."""
    routine = tmp_path / "escape.yaml"
    routine.write_text(
        'version: 1\nname: "Esc \\e[2J"\nsteps:\n'
        '  - name: "Roll \\e[31m"\n    instructions: ["Sit \\e]0;title\\a tall."]\n'
        '    cautions: ["Stop \\e[5m now."]\n    prepare: 0\n    hold: 1\n    reps: 1\n'
    )
    result = stretchtimer(isolated_home, "run", str(routine), "--plain", input=ALL_NO)
    assert result.returncode == 2, result.stderr
    output = result.stdout + result.stderr
    assert "\x1b" not in output and "\a" not in output
    assert "escape.yaml:2:7: error: 'name' contains a control character" in result.stderr
    assert "escape.yaml:6:16: error: 'cautions' contains a control character" in result.stderr
