"""Plain mode's "this hurts": h + Enter during a session stops it and asks the app's question
(subprocesses, with a routine whose hold is long: h arrives long before it ends)."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

from stretchtimer.adapters.screening_file import load_screening_text
from stretchtimer.adapters.store_sqlite import open_store
from stretchtimer.core.advice import HURT_TITLE
from stretchtimer.core.pain import ONE_LEG_NOTE, WORSE_DURING_TITLE, emergency_signs
from stretchtimer.exits import EXIT_REFUSED
from stretchtimer.plain.hurt import PAIN_HINT
from tests.support.cli_helpers import ONE_SECOND, QUESTIONS, env_for, stretchtimer

ALL_NO = "n\n" * QUESTIONS
LONG = """\
version: 1
name: Long hold
defaults: {prepare: 1, hold: 60, reps: 1, rest: 0, switch: 0, transition: 0}
steps:
  - exercise: knee-to-chest
"""
SIGNS = emergency_signs(load_screening_text().questions)


def long_routine(home: Path) -> str:
    path = home / "long.yaml"
    path.write_text(LONG)
    return str(path)


def hurt_run(home: Path, answers: str, *options: str) -> subprocess.CompletedProcess[str]:
    return stretchtimer(home, "run", long_routine(home), "--plain", *options, input=answers)


def stored(home: Path) -> tuple[list, list]:
    store = open_store(home / "data" / "stretchtimer" / "history.sqlite3").store
    assert store is not None
    return store.sessions(), store.pain()


def test_pain_at_the_stretch_stops_with_the_guide_s_advice(isolated_home: Path) -> None:
    done = hurt_run(isolated_home, ALL_NO + "h\n5\ns\n")
    assert done.returncode == 0, done.stderr
    assert "Press h then Enter if it hurts." in done.stdout
    assert HURT_TITLE in done.stdout and "What is it?" in done.stdout
    for sign in SIGNS:  # the screening's own words
        assert sign in done.stdout
    assert "Rest in a comfortable position that supports your back" in done.stdout
    assert "Stopped: 0 of 2 holds." in done.stdout and "Complete" not in done.stdout
    [session], [pain] = stored(isolated_home)
    assert (session.ended, session.detail) == ("hurt", "Knee-to-chest stretch")
    assert (pain.moment, pain.score, pain.kind, pain.session_id) == ("hurts", 5, "stretch", 1)
    again = stretchtimer(isolated_home, "run", str(ONE_SECOND), "--plain", input="")
    assert "passed earlier today" in again.stdout  # the pass holds


def test_a_hurt_score_that_is_not_one_is_asked_again(isolated_home: Path) -> None:
    done = hurt_run(isolated_home, ALL_NO + "h\n11\n1\ns\n")
    assert done.returncode == 0, done.stderr
    assert PAIN_HINT in done.stdout
    _, [pain] = stored(isolated_home)
    assert (pain.moment, pain.score, pain.kind) == ("hurts", 1, "stretch")


def test_piped_answers_to_this_hurts_are_echoed_escaped(isolated_home: Path) -> None:
    done = hurt_run(isolated_home, ALL_NO + "h\n\x1b]0;x\x07\n\x1b[2J\ns\n")
    assert done.returncode == 0, done.stderr
    assert "\x1b" not in done.stdout and "\x07" not in done.stdout
    assert "\\x1b]0;x\\x07\n" in done.stdout and "\\x1b[2J\n" in done.stdout


def test_one_leg_asks_the_screening_again_next_time(isolated_home: Path) -> None:
    done = hurt_run(isolated_home, ALL_NO + "h\n\nl\n")
    assert done.returncode == 0, done.stderr
    assert ONE_LEG_NOTE in done.stdout
    [_session], [pain] = stored(isolated_home)
    assert (pain.score, pain.kind) == (None, "one-leg")
    again = stretchtimer(isolated_home, "run", str(ONE_SECOND), "--plain", input="")
    assert again.returncode == EXIT_REFUSED  # asked again, and no answer: no session
    assert "passed earlier today" not in again.stdout


def test_an_emergency_sign_shows_the_emergency_advice_until_a_screening_clears_it(
    isolated_home: Path,
) -> None:
    text = load_screening_text()
    done = hurt_run(isolated_home, ALL_NO + "h\n9\ne\n")
    assert done.returncode == 0, done.stderr
    assert text.emergency_heading in done.stdout
    assert "emergency number" in done.stdout  # how to call
    assert "Rest in a comfortable position" not in done.stdout  # not the stretch's advice
    [_session], [pain] = stored(isolated_home)
    assert (pain.score, pain.kind) == (9, "emergency")
    refused = stretchtimer(isolated_home, "run", str(ONE_SECOND), "--plain", input="")
    assert refused.returncode == EXIT_REFUSED and "passed earlier today" not in refused.stdout
    cleared = stretchtimer(isolated_home, "run", str(ONE_SECOND), "--plain", input=ALL_NO)
    assert cleared.returncode == 0 and "Complete" in cleared.stdout  # the signs are gone


def test_a_score_well_above_the_start_says_so_and_a_wrong_answer_asks_again(
    isolated_home: Path,
) -> None:
    done = hurt_run(isolated_home, ALL_NO + "2\nh\n6\nx\ns\n", "--pain")
    assert done.returncode == 0, done.stderr
    assert WORSE_DURING_TITLE in done.stdout
    assert done.stdout.count("Answer s, l or e") == 2
    _sessions, pain = stored(isolated_home)
    assert [(p.moment, p.score, p.kind) for p in pain] == [
        ("before", 2, None),
        ("hurts", 6, "stretch"),
    ]


def test_other_lines_during_a_session_do_not_stop_it(isolated_home: Path) -> None:
    """A line that is not h changes nothing; a piped one stays a later answer (the after)."""
    done = stretchtimer(
        isolated_home,
        "run",
        str(ONE_SECOND),
        "--plain",
        "--pain",
        input=ALL_NO + "\n" + "hh\n",  # before: skipped; "hh" is not h: the after's answer
    )
    assert done.returncode == 0, done.stderr
    assert "Complete" in done.stdout and HURT_TITLE not in done.stdout


def start(home: Path, routine: str) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "stretchtimer", "run", routine, "--plain"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env_for(home),
    )
    assert proc.stdin and proc.stdout
    proc.stdin.write(ALL_NO)
    proc.stdin.flush()
    return proc


def test_a_partial_line_does_not_stop_the_session(isolated_home: Path) -> None:
    proc = start(isolated_home, str(ONE_SECOND))
    assert proc.stdin and proc.stdout
    proc.stdin.write("h")  # no Enter: not a line yet
    proc.stdin.flush()
    for line in proc.stdout:
        if " END" in line:
            break
    proc.stdin.close()
    out = proc.stdout.read()
    assert proc.wait(timeout=30) == 0
    assert "Complete" in out and HURT_TITLE not in out
    [session], _pain = stored(isolated_home)
    assert session.ended == "completed"


def test_ctrl_c_while_reading_for_h_is_recorded_as_interrupted(isolated_home: Path) -> None:
    proc = start(isolated_home, long_routine(isolated_home))  # its input left open
    assert proc.stdout
    for line in proc.stdout:
        if "HOLD: Knee-to-chest stretch" in line:
            break
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=30)
    assert proc.returncode == 128 + signal.SIGINT, err
    assert "Traceback" not in err and "Fatal Python error" not in err
    [session], _pain = stored(isolated_home)
    assert (session.ended, session.detail) == ("interrupted", "SIGINT")
