"""Plain mode writes the session as it goes: a process killed mid-routine loses at most the
running phase, and the next start records it as interrupted. Pain check-ins with --pain."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

from stretchtimer.adapters.store_sqlite import open_store
from stretchtimer.core.pain import PAIN_PROMPT
from stretchtimer.core.records import SessionRecord
from stretchtimer.plain.hurt import PAIN_HINT
from tests.support.cli_helpers import ONE_SECOND, QUESTIONS, env_for, stretchtimer

ALL_NO = "n\n" * QUESTIONS
SLOW = """\
version: 1
name: Slow check
defaults: {prepare: 1, hold: 1, reps: 1, rest: 0, switch: 0, transition: 0}
steps:
  - exercise: knee-to-chest
  - exercise: pelvic-tilt
    hold: 60
"""


def sessions(home: Path) -> list[SessionRecord]:
    store = open_store(home / "data" / "stretchtimer" / "history.sqlite3").store
    assert store is not None
    return store.sessions()


def start_slow(home: Path) -> subprocess.Popen[str]:
    routine = home / "slow.yaml"
    routine.write_text(SLOW)
    proc = subprocess.Popen(
        [sys.executable, "-m", "stretchtimer", "run", str(routine), "--plain"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env_for(home),
    )
    assert proc.stdin and proc.stdout
    proc.stdin.write(ALL_NO)
    proc.stdin.close()
    for line in proc.stdout:  # the long hold has begun: four phases are behind it
        if "HOLD: Pelvic tilt" in line:
            break
    return proc


def test_a_session_killed_mid_routine_is_interrupted_with_its_phases_done(
    isolated_home: Path,
) -> None:
    proc = start_slow(isolated_home)
    proc.send_signal(signal.SIGKILL)
    assert proc.wait(timeout=30) == -signal.SIGKILL
    [running] = sessions(isolated_home)  # the next start finds it and closes it
    assert running.ended == "interrupted" and running.detail == "the app was closed or killed"
    assert [(p.kind, p.done) for p in running.phases] == [
        ("prepare", True),
        ("hold", True),
        ("hold", True),
        ("prepare", True),
    ]
    assert running.routine_name == "Slow check"


def test_sigterm_mid_routine_records_how_it_ended(isolated_home: Path) -> None:
    proc = start_slow(isolated_home)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) == 128 + signal.SIGTERM
    [session] = sessions(isolated_home)
    assert (session.ended, session.detail) == ("interrupted", "SIGTERM")
    assert [p.done for p in session.phases] == [True, True, True, True, False]


def test_pain_check_ins_before_and_after_with_advice(isolated_home: Path) -> None:
    done = stretchtimer(
        isolated_home, "run", str(ONE_SECOND), "--plain", "--pain", input=ALL_NO + "2\n9\n"
    )
    assert done.returncode == 0, done.stderr
    assert f"{PAIN_PROMPT}; 0 no pain, 5 moderate, 10 worst imaginable: " in done.stdout
    assert "Your pain is worse after this session" in done.stdout
    assert "stretchtimer run spasm-relief" in done.stdout
    store = open_store(isolated_home / "data" / "stretchtimer" / "history.sqlite3").store
    assert store is not None
    [session] = store.sessions()
    assert [(c.moment, c.score, c.session_id) for c in store.pain()] == [
        ("before", 2, None),
        ("after", 9, session.id),
    ]


def test_an_answer_that_is_not_a_score_asks_again_and_is_never_a_skip(isolated_home: Path) -> None:
    answers = ALL_NO + "11\nfive\n4\n-1\n3\n"
    done = stretchtimer(isolated_home, "run", str(ONE_SECOND), "--plain", "--pain", input=answers)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count(PAIN_HINT) == 3 and "Skipped." not in done.stdout
    store = open_store(isolated_home / "data" / "stretchtimer" / "history.sqlite3").store
    assert store is not None
    assert [(c.moment, c.score) for c in store.pain()] == [("before", 4), ("after", 3)]


def test_pain_check_ins_are_skipped_with_enter(isolated_home: Path) -> None:
    done = stretchtimer(
        isolated_home, "run", str(ONE_SECOND), "--plain", "--pain", input=ALL_NO + "\n"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("Skipped.") == 2 and "Your pain is worse" not in done.stdout
