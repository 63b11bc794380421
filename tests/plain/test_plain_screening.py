"""The plain-mode screening: the questionnaire through text streams, and the real command."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from datetime import date, datetime, timedelta, timezone
from io import StringIO
from pathlib import Path

import pytest

from stretchtimer.adapters.screening_file import load_screening_text
from stretchtimer.core.gate import GatedScreening, SessionGate
from stretchtimer.core.screening import Outcome, Remembered, Severity
from stretchtimer.plain.screening_prompt import ask_screening
from tests.support.cli_helpers import DATA, env_for, stretchtimer

TEXT = load_screening_text()
TODAY = date(2025, 3, 10)
N = len(TEXT.questions)
EMERGENCY_INDEX = next(i for i, q in enumerate(TEXT.questions) if q.severity is Severity.EMERGENCY)
DOCTOR_INDEX = next(i for i, q in enumerate(TEXT.questions) if q.severity is Severity.SEE_DOCTOR)


class Ledger:
    """An in-memory screening store that keeps nothing: the prompt's part only."""

    def current_pass(self):
        return None

    def save(self, record) -> None:
        pass

    def forget(self) -> None:
        pass

    def remembered(self) -> Remembered:
        return Remembered()


def new_screening() -> GatedScreening:
    now = datetime(2025, 3, 10, 9, 30, tzinfo=timezone(timedelta(hours=1)))
    return SessionGate(TEXT, Ledger, lambda: now, print).screening()


def run(lines: list[str], emergency_number: str = ""):
    """The screening after these lines of input, or None if input ended first, and the output."""
    out = StringIO()
    screening = new_screening()
    given = StringIO("".join(f"{x}\n" for x in lines))
    ask_screening(screening, given, out, emergency_number)
    done = screening.all_answered or screening.has_emergency
    return (screening if done else None), out.getvalue()


def answers(yes_at: set[int] = frozenset()) -> list[str]:
    return ["y" if i in yes_at else "n" for i in range(N)]


def test_all_no_can_start_and_shows_disclaimer_and_each_question():
    screening, out = run(answers())
    assert screening is not None
    assert screening.outcome() is Outcome.CLEAR and screening.can_start
    assert TEXT.disclaimer in out and TEXT.unsure_advice in out
    for question in TEXT.questions:
        assert f"{question.text} [y/n] " in out
    assert TEXT.emergency_message not in out
    assert TEXT.clearance_prompt not in out


def test_accepts_yes_no_words_in_any_case_with_spaces():
    replies = ["  NO ", "No", "n", "N", "no", "nO", " n"]
    screening, _ = run((replies * 2)[:N])
    assert screening is not None and screening.outcome() is Outcome.CLEAR
    screening, _ = run(["YES", *answers()[1:], "Yes"])
    assert screening.outcome() is Outcome.CLEARED_BY_DOCTOR


def test_unclear_reply_asks_the_same_question_again():
    screening, out = run(["maybe", "", "ok", *answers()])
    assert screening is not None and screening.outcome() is Outcome.CLEAR
    assert out.count(f"{TEXT.questions[0].text} [y/n] ") == 4
    assert out.count("Please answer y (yes) or n (no).") == 3


def test_a_piped_answer_is_echoed_with_its_control_characters_escaped():
    screening, out = run(["\x1b]0;PWNED\x07\x1b[2J\udc9b", *answers()])
    assert screening is not None
    assert "\x1b" not in out and "\udc9b" not in out
    assert "[y/n] \\x1b]0;pwned\\x07\\x1b[2j\\x9b\n" in out  # as read: lower case


def test_end_of_input_midway_fails_closed():
    screening, out = run(answers()[:3])
    assert screening is None
    assert TEXT.questions[3].text in out


def test_no_input_at_all_fails_closed():
    assert run([])[0] is None


def test_emergency_prints_the_message_and_offers_no_way_on():
    screening, out = run([*answers({EMERGENCY_INDEX}), "y"])
    assert screening is not None
    assert screening.has_emergency and not screening.can_start
    assert TEXT.emergency_message in out
    assert TEXT.clearance_prompt not in out


def test_an_emergency_yes_shows_the_advice_at_once_and_asks_nothing_more():
    screening, out = run([*answers()[:EMERGENCY_INDEX], "y"])  # then end of input
    assert screening is not None and screening.has_emergency
    assert "Seek emergency care now" in out
    assert "112" in out and "911" in out  # how: the local emergency number
    assert TEXT.emergency_message in out
    later = TEXT.questions[EMERGENCY_INDEX + 1].text
    assert later not in out
    assert "No answer" not in out


CAUDA_EQUINA = ["bowel-bladder", "saddle-numbness", "both-legs", "sexual-function"]


@pytest.mark.parametrize("sign", CAUDA_EQUINA)
def test_each_cauda_equina_sign_shows_the_emergency_at_once(sign):
    ids = [q.id for q in TEXT.questions]
    screening, out = run([*answers()[: ids.index(sign)], "y"])  # then end of input
    assert screening is not None and screening.has_emergency and not screening.can_start
    assert "Seek emergency care now" in out and "cauda equina syndrome" in out
    assert TEXT.emergency_message in out


def test_the_emergency_advice_names_the_persons_own_number_instead():
    _, out = run([*answers()[:EMERGENCY_INDEX], "y"], emergency_number="999")
    assert "Call 999 now" in out
    assert "112" not in out and "911" not in out


def test_see_a_doctor_shows_advice_then_clearance_yes():
    screening, out = run([*answers({DOCTOR_INDEX}), "yes"])
    assert screening.outcome() is Outcome.CLEARED_BY_DOCTOR and screening.can_start
    assert screening.doctor_cleared_on == TODAY
    advice = TEXT.questions[DOCTOR_INDEX].advice
    assert out.index(advice) < out.index(f"{TEXT.clearance_prompt} [y/n] ")


def test_see_a_doctor_shows_every_flagged_advice():
    flagged = {i for i, q in enumerate(TEXT.questions) if q.severity is Severity.SEE_DOCTOR}
    _, out = run([*answers(flagged), "n"])
    for i in flagged:
        assert TEXT.questions[i].advice in out


def test_see_a_doctor_clearance_no_is_refused():
    screening, _ = run([*answers({DOCTOR_INDEX}), "n"])
    assert screening.outcome() is Outcome.SEE_DOCTOR and not screening.can_start


def test_see_a_doctor_clearance_end_of_input_is_refused():
    screening, out = run(answers({DOCTOR_INDEX}))
    assert screening is not None
    assert screening.outcome() is Outcome.SEE_DOCTOR and not screening.can_start
    assert f"{TEXT.clearance_prompt} [y/n] " in out


def test_clearance_reasks_on_unclear_reply():
    screening, out = run([*answers({DOCTOR_INDEX}), "sure", "y"])
    assert screening.outcome() is Outcome.CLEARED_BY_DOCTOR
    assert out.count(f"{TEXT.clearance_prompt} [y/n] ") == 2


# --- the real command: each answer counts as it is given --------------------------------------

ALL_NO = "n\n" * N
ROUTINE = str(DATA / "cli" / "one-second.yaml")  # a session after a pass ends at once


def refuses_without_answers(home: Path) -> bool:
    """Whether ``run ROUTINE --plain </dev/null`` refuses (asks, gets no answer)."""
    result = stretchtimer(home, "run", ROUTINE, "--plain", input="")
    assert "Traceback" not in result.stderr
    return result.returncode == 1 and "Routine:" not in result.stdout


def test_bytes_piped_in_are_never_echoed_raw_to_the_terminal(isolated_home):
    """Bytes that are not UTF-8 (0x9b is CSI to an 8-bit terminal) are shown escaped too."""
    result = subprocess.run(
        [sys.executable, "-m", "stretchtimer", "run", ROUTINE, "--plain"],
        input=b"\x1b[2J\x9b2J\xff\n" + ALL_NO.encode(),
        capture_output=True,
        env=env_for(isolated_home),
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert b"\x1b" not in result.stdout and b"\x9b" not in result.stdout
    assert b"[y/n] \\x1b[2j\\x9b2j\\xff\n" in result.stdout


@pytest.fixture
def passed(isolated_home: Path) -> Path:
    """A home with today's pass on record; a session would start without questions."""
    stretchtimer(isolated_home, "run", ROUTINE, "--plain", input=ALL_NO)
    assert not refuses_without_answers(isolated_home)
    return isolated_home


def test_an_emergency_yes_then_end_of_input_shows_the_advice_and_revokes_the_pass(passed):
    result = stretchtimer(passed, "run", ROUTINE, "--plain", "--rescreen", input="n\nn\ny\n")
    assert EMERGENCY_INDEX == 2  # "n\nn\ny\n": a yes to loss of bowel or bladder control
    assert result.returncode == 1
    assert "Seek emergency care now" in result.stdout
    assert "local emergency number" in result.stdout and "112" in result.stdout
    assert TEXT.emergency_message in result.stdout
    assert "No answer" not in result.stdout
    assert refuses_without_answers(passed)


def test_a_see_a_doctor_yes_then_end_of_input_revokes_the_pass_and_shows_its_advice(passed):
    result = stretchtimer(passed, "run", ROUTINE, "--plain", "--rescreen", input="y\n")
    assert result.returncode == 1 and "Routine:" not in result.stdout
    first = TEXT.questions[0]
    assert first.severity is Severity.SEE_DOCTOR
    assert f"You answered yes to: {first.text}\n{first.advice}" in result.stdout
    assert refuses_without_answers(passed)


@pytest.mark.parametrize("given", ["", "n\n", "n\nn\nn\n"])
def test_a_rescreen_left_with_no_yes_keeps_the_pass(passed, given):
    result = stretchtimer(passed, "run", ROUTINE, "--plain", "--rescreen", input=given)
    assert result.returncode == 1 and "No answer" in result.stdout
    assert not refuses_without_answers(passed)


def read_until(fd: int, text: str, count: int, timeout: float = 20) -> str:
    """Read a pipe until ``text`` has appeared ``count`` times (prompts end without a newline)."""
    seen = b""
    deadline = time.monotonic() + timeout
    while seen.decode(errors="replace").count(text) < count:
        left = deadline - time.monotonic()
        assert left > 0, f"{text!r} x{count} never came; got:\n{seen.decode(errors='replace')}"
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            chunk = os.read(fd, 4096)
            assert chunk, f"output ended; got:\n{seen.decode(errors='replace')}"
            seen += chunk
    return seen.decode()


@pytest.mark.parametrize("answers_given", ["y\n", "n\ny\n"])
def test_ctrl_c_after_a_yes_still_revokes_the_pass(passed, answers_given):
    process = subprocess.Popen(
        [sys.executable, "-m", "stretchtimer", "run", ROUTINE, "--plain", "--rescreen"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env_for(passed),
    )
    assert process.stdin and process.stdout and process.stderr
    try:
        read_until(process.stdout.fileno(), "[y/n] ", 1)
        process.stdin.write(answers_given.encode())
        process.stdin.flush()  # stdin stays open: the next question waits for its answer
        # the questions after these answers: the last one is waiting when Ctrl+C comes
        read_until(process.stdout.fileno(), "[y/n] ", answers_given.count("\n"))
        process.send_signal(signal.SIGINT)
        process.wait(timeout=10)
    finally:
        process.kill()
        process.wait()
    assert process.returncode == 130
    said = process.stderr.read()
    assert b"Traceback" not in said
    assert b"\nStopped (Ctrl+C).\n" in said  # not silent, and not on the question's line
    assert refuses_without_answers(passed)


# --- remembered answers (issue 18) ---------------------------------------------------------

PAST = [q for q in TEXT.questions if q.remembered]
DAILY = [q for q in TEXT.questions if not q.remembered]


def test_a_days_screening_asks_only_what_changes_and_says_what_is_remembered(passed):
    result = stretchtimer(passed, "run", ROUTINE, "--plain", "--rescreen", input="n\n" * len(DAILY))
    assert result.returncode == 0, result.stdout
    assert "Remembered from earlier screenings, not asked again (--review-answers" in result.stdout
    for question in PAST:
        assert f"  - {question.text} No (since " in result.stdout
        assert f"{question.text} [y/n]" not in result.stdout
    assert result.stdout.count("[y/n]") == len(DAILY)


def test_review_answers_asks_every_question_and_a_new_yes_is_remembered(passed):
    cancer = next(i for i, q in enumerate(TEXT.questions) if q.id == "cancer")
    given = "".join("y\n" if i == cancer else "n\n" for i in range(N)) + "n\n"
    result = stretchtimer(passed, "run", ROUTINE, "--plain", "--review-answers", input=given)
    assert "Reviewing every question" in result.stdout
    assert result.stdout.count("[y/n]") == N + 1  # every question, then the clearance
    assert result.returncode == 1 and "please see a doctor first" in result.stdout
    # the next day's screening does not ask it again, and it still blocks
    again = stretchtimer(passed, "run", ROUTINE, "--plain", input="n\n" * len(DAILY) + "n\n")
    assert "Do you have cancer now, or have you had cancer in the past? Yes; see a doctor" in (
        again.stdout
    )
    assert again.returncode == 1 and "Routine:" not in again.stdout


def test_review_answers_left_unfinished_fails_closed(passed):
    result = stretchtimer(passed, "run", ROUTINE, "--plain", "--review-answers", input="n\nn\n")
    assert result.returncode == 1 and "No answer" in result.stdout
    assert "Traceback" not in result.stderr


def test_review_answers_without_plain_is_refused_with_the_way_in_the_app(isolated_home):
    result = stretchtimer(isolated_home, "run", ROUTINE, "--review-answers")
    assert result.returncode == 2  # a usage error
    assert "--review-answers goes with --plain" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("sign", [q.id for q in DAILY if q.severity is Severity.EMERGENCY])
def test_each_emergency_sign_on_a_days_short_screening_shows_the_emergency(passed, sign):
    index = next(i for i, q in enumerate(DAILY) if q.id == sign)
    given = "n\n" * index + "y\n"
    result = stretchtimer(passed, "run", ROUTINE, "--plain", "--rescreen", input=given)
    assert result.returncode == 1
    assert "Seek emergency care now" in result.stdout and "cauda equina" in result.stdout
    assert refuses_without_answers(passed)


def test_ctrl_c_in_a_days_short_screening_stops_cleanly(passed):
    process = subprocess.Popen(
        [sys.executable, "-m", "stretchtimer", "run", ROUTINE, "--plain", "--rescreen"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env_for(passed),
    )
    assert process.stdin and process.stdout and process.stderr
    try:
        shown = read_until(process.stdout.fileno(), "[y/n] ", 1)
        assert "Remembered from earlier screenings" in shown
        process.send_signal(signal.SIGINT)
        process.wait(timeout=10)
        assert process.returncode == 130
        assert b"Traceback" not in process.stderr.read()
    finally:
        process.kill()
        process.wait()
    assert not refuses_without_answers(passed)  # no yes: the pass on record stands


# --- the history (issue 17) -----------------------------------------------------------------


def _store(home: Path):
    from stretchtimer.adapters.store_sqlite import open_store

    store = open_store(home / "data" / "stretchtimer" / "history.sqlite3").store
    assert store is not None
    return store


def test_pain_past_two_weeks_is_stated_beside_the_two_weeks_question(isolated_home):
    from stretchtimer.core.records import PainCheckIn

    now = datetime.now().astimezone()
    store = _store(isolated_home)
    for days in (20, 10, 1):
        store.record_pain(PainCheckIn(now - timedelta(days=days), 6, "before"))
    store.close()
    first = (now - timedelta(days=20)).date().isoformat()
    last = (now - timedelta(days=1)).date().isoformat()
    result = stretchtimer(isolated_home, "run", ROUTINE, "--plain", input=ALL_NO)
    assert result.returncode == 0, result.stdout
    fact = f"Your check-ins show pain on days from {first} to {last}.\n"
    question = next(q.text for q in TEXT.questions if q.id == "long-lasting-spasms")
    assert f"{fact}{question} [y/n]" in result.stdout


def test_every_screening_is_written_to_the_history(isolated_home):
    stretchtimer(isolated_home, "run", ROUTINE, "--plain", input="y\n" + "n\n" * N)
    emergency = "n\n" * EMERGENCY_INDEX + "y\n"
    stretchtimer(isolated_home, "run", ROUTINE, "--plain", input=emergency)
    outcomes = [r.outcome for r in _store(isolated_home).screenings()]
    assert outcomes == ["see-a-doctor", "emergency"]
