"""Plain mode's history: the store opened once (its problem said once), the session written
as it goes, and the pain check-ins asked on one line before and after."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, TextIO

from stretchtimer.core import advice
from stretchtimer.core.journal import SessionJournal
from stretchtimer.core.pain import OFFER, WORSE_TITLE, pain_question, worse_after
from stretchtimer.core.progress import persisting_pain
from stretchtimer.core.records import PainCheckIn
from stretchtimer.core.safe_text import printable
from stretchtimer.plain.hurt import Lines as ReadsLines
from stretchtimer.plain.hurt import read_score

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from stretchtimer.adapters.store_sqlite import SqliteStore
    from stretchtimer.compose import Root


def open_history(root: Root) -> SqliteStore | None:
    """The history store; says on standard error (once) why history is not being saved."""
    opened = root.open_history()
    if opened.notice:
        print(printable(f"stretchtimer: {opened.notice}"), file=sys.stderr)
    if opened.store is None:
        log.warning("history is not being saved: %s", opened.problem)
        print(
            printable(f"stretchtimer: warning: history is not being saved: {opened.problem}"),
            file=sys.stderr,
        )
    return opened.store


def journal_for(store: SqliteStore | None, wall: Callable[[], datetime]) -> SessionJournal | None:
    return SessionJournal(store, wall) if store is not None else None


def ask_pain(
    store: SqliteStore | None,
    stdin: ReadsLines,
    stdout: TextIO,
    moment: str,
    at: datetime,
    session_id: int | None = None,
) -> int | None:
    """Ask the one-line check-in; record a score; None when skipped (Enter, end of input)."""
    print(pain_question(), end="", file=stdout, flush=True)
    score = read_score(stdin.readline, stdout)
    if score is None:
        print("Skipped.", file=stdout)
        return None
    if store is not None:
        try:
            store.record_pain(PainCheckIn(at, score, moment, session_id=session_id))  # type: ignore[arg-type]
        except OSError as error:
            print(f"stretchtimer: warning: could not save the check-in: {error}", file=sys.stderr)
    return score


def advice_after(
    store: SqliteStore | None, before: int | None, after: int | None, stdout: TextIO, at: datetime
) -> None:
    """The guide's advice when the pain after is well above the pain before (or 8 or more),
    and the two-week rule when pain has persisted."""
    if worse_after(before, after):
        print(WORSE_TITLE, file=stdout)
        for line in advice.HURT_ADVICE:
            print(f"  {line}", file=stdout)
        commands = "stretchtimer run spasm-relief, or stretchtimer run ice-heat"
        print(f"  {OFFER} ({commands})", file=stdout)
        print(f"  {advice.DISCLAIMER}", file=stdout)
    if store is None:
        return
    try:
        span = persisting_pain(store.pain(), at.date())
    except OSError:
        return
    if span is not None:
        fact = advice.persisting_fact(str(span.first), str(span.last), span.days)
        print(f"{advice.PERSISTING_TITLE}: {fact}", file=stdout)
        for line in (*advice.PERSISTING_ADVICE, advice.DISCLAIMER):
            print(f"  {line}", file=stdout)
