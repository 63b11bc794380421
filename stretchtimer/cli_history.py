"""The history commands: ``history`` (and ``history --delete``), ``stats`` and ``pain``.

Each opens the SQLite store (importing the old JSON-lines files on the first start) and says
on standard error why history is not available when the store cannot be used.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from stretchtimer.adapters.store_sqlite import SqliteStore
    from stretchtimer.compose import Root
    from stretchtimer.core.records import SessionRecord

EXIT_OK = 0
EXIT_CANCELLED = 1
EXIT_ERROR = 2
FORMATS = ("table", "csv", "json")


def a_date(text: str) -> date:
    """An argparse type: a day as YYYY-MM-DD."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def pain_score(text: str) -> int:
    """An argparse type: a whole number from 0 to 10."""
    if not text.isdigit() or int(text) > 10:
        raise argparse.ArgumentTypeError(f"a pain score is a whole number from 0 to 10: {text!r}")
    return int(text)


def add_commands(commands: Any) -> None:
    """Add ``history``, ``stats`` and ``pain`` to the parser's subcommands."""
    history = commands.add_parser("history", help="print the sessions done (or delete them)")
    history.add_argument("--since", type=a_date, metavar="DATE", help="from this day (YYYY-MM-DD)")
    history.add_argument("--format", choices=FORMATS, default="table", help="default: table")
    history.add_argument(
        "--delete", action="store_true", help="delete the history, after a confirmation"
    )
    history.add_argument(
        "--before", type=a_date, metavar="DATE", help="with --delete: only before this day"
    )
    commands.add_parser("stats", help="print streaks, minutes, the pain trend")
    pain = commands.add_parser("pain", help="record a pain check-in (0 no pain - 10 worst)")
    pain.add_argument("score", type=pain_score, metavar="N", help="0 to 10")
    pain.add_argument("--note", metavar="TEXT", help="a few words to keep with it")


def run(root: Root, args: argparse.Namespace) -> int:
    """Run the history command ``args`` name."""
    store = open_history(root)
    if store is None:
        return EXIT_ERROR
    try:
        if args.command == "pain":
            return cmd_pain(store, root.now(), args.score, args.note)
        if args.command == "stats":
            settings, _ = root.load_settings()
            sessions = renamed(root, store.sessions())
            return cmd_stats(store, sessions, root.now().date(), settings.weekly_goal_minutes)
        if args.delete:
            return cmd_delete(store, args.before)
        if args.before is not None:
            return _error("--before goes with --delete")
        return cmd_history(renamed(root, store.sessions(args.since)), args.since, args.format)
    except BrokenPipeError:
        raise  # cli.main ends quietly
    except OSError as error:
        return _error(f"history is not available: {error}")
    finally:
        store.close()


def _say(text: str, *, error: bool = False) -> None:
    from stretchtimer.core.safe_text import printable

    print(printable(text), file=sys.stderr if error else sys.stdout)


def _error(message: str) -> int:
    _say(f"stretchtimer: error: {message}", error=True)
    return EXIT_ERROR


def open_history(root: Root) -> SqliteStore | None:
    """The store, after saying any notice once; None (said why) when it cannot be used."""
    opened = root.open_history()
    if opened.notice:
        _say(f"stretchtimer: {opened.notice}", error=True)
    if opened.store is None:
        _error(f"history is not available: {opened.problem}")
    return opened.store


def renamed(root: Root, sessions: list[SessionRecord]) -> list[SessionRecord]:
    """``sessions`` under their routines' ids and names now (a renamed routine's sessions
    under its new id and name)."""
    from stretchtimer.core.renames import as_renamed

    names = {routine.id: routine.name for routine in root.catalog().routines()}
    return as_renamed(sessions, root.renames(), names)


# -- history ---------------------------------------------------------------------------------


def session_json(s: SessionRecord) -> dict[str, Any]:
    """One session as JSON, with stable keys."""
    return {
        "id": s.id,
        "routine_id": s.routine_id,
        "routine": s.routine_name,
        "started_at": s.started_at.isoformat(),
        "ended_at": s.ended_at.isoformat() if s.ended_at else None,
        "minutes": round(s.minutes, 1),
        "ended": s.ended,
        "detail": s.detail,
        "easier": s.easier,
        "phases_done": s.phases_done,
        "phases_total": s.phases_total,
        "phases": [
            {"name": p.name, "kind": p.kind, "seconds": p.seconds, "done": p.done} for p in s.phases
        ],
    }


def _phases(s: SessionRecord) -> str:
    """Phases done of the routine's (``3/42``), ``3/?`` when the history does not know them."""
    total = s.phases_total
    if total is None and not s.phases:
        return "-"
    return f"{s.phases_done}/{'?' if total is None else total}"


def cmd_history(sessions: list[SessionRecord], since: date | None, form: str) -> int:
    """Print ``sessions`` (those since ``since``), oldest first."""
    from stretchtimer.core.safe_text import printable

    if form == "json":
        print(json.dumps([session_json(s) for s in sessions], indent=2, ensure_ascii=False))
        return EXIT_OK
    if form == "csv":
        import csv  # not at import: the app's command line imports this module

        writer = csv.writer(sys.stdout, lineterminator="\n")
        keys = ["id", "routine_id", "routine", "started_at", "ended_at", "minutes", "ended"]
        writer.writerow([*keys, "detail", "easier", "phases_done", "phases_total"])
        for s in sessions:
            row = session_json(s)
            cells = [*(row[k] for k in keys), row["detail"], int(s.easier)]
            cells += [s.phases_done, s.phases_total]  # the routine's; empty when not known
            writer.writerow(["" if c is None else printable(str(c)) for c in cells])
        return EXIT_OK
    if not sessions:
        _say("No sessions yet." if since is None else f"No sessions since {since}.")
        return EXIT_OK
    rows: list[tuple[str, ...]] = [("STARTED", "ROUTINE", "MIN", "ENDED", "PHASES", "DETAIL")]
    for s in sessions:
        ended = (s.ended or "running") + (" (easier)" if s.easier else "")
        line = (
            s.started_at.strftime("%Y-%m-%d %H:%M"),
            s.routine_name,
            f"{s.minutes:.1f}",
            ended,
            _phases(s),
            s.detail or "",
        )
        rows.append(tuple(printable(c) for c in line))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())
    return EXIT_OK


def cmd_delete(store: SqliteStore, before: date | None) -> int:
    """Delete the history after the person types ``yes``."""
    count = len([s for s in store.sessions() if before is None or s.started_at.date() < before])
    what = f"{count} session(s) before {before}" if before else f"all {count} session(s)"
    print(
        f"Delete {what}, with their pain check-ins and reminder events? "
        "This cannot be undone. Type yes to delete: ",
        end="",
        flush=True,
    )
    answer = sys.stdin.readline()
    if answer.strip().lower() != "yes":
        print("\nNothing deleted.")
        return EXIT_CANCELLED
    deleted = store.delete(before)
    print(f"Deleted {deleted} session(s).")
    return EXIT_OK


# -- stats and pain ----------------------------------------------------------------------------


def stats_lines(
    store: SqliteStore, sessions: list[SessionRecord], today: date, goal: int
) -> list[str]:
    """The streaks, totals, sessions by routine, this week against the goal, the pain trend
    and the two-week rule, from all of ``sessions``."""
    from stretchtimer.core import progress
    from stretchtimer.core.durations import format_duration

    by_day = progress.minutes_by_day(sessions)
    streak = progress.streaks(by_day, today)
    total = sum(s.active_seconds for s in sessions)
    week = progress.minutes_this_week(by_day, today)
    lines = [
        f"Sessions: {len(sessions)} ({format_duration(round(total))} in all)",
        f"Streak: {_days(streak.current)} in a row now (longest {_days(streak.longest)})",
        f"This week: {week:.0f} of {goal} minutes",
    ]
    endings = {
        e: sum(1 for s in sessions if s.ended == e)
        for e in ("completed", "stopped", "hurt", "interrupted")
    }
    lines.append("Ended: " + ", ".join(f"{n} {e}" for e, n in endings.items()))
    if sessions:
        lines.append("By routine: " + ", ".join(by_routine(sessions)))
    check_ins = store.pain()
    trend = progress.pain_trend(check_ins, today)
    if any(w.before is not None or w.after is not None for w in trend):
        lines.append("Pain before -> after sessions, by week (0 no pain, 10 worst):")
        for w in trend:
            before = f"{w.before:.1f}" if w.before is not None else "-"
            after = f"{w.after:.1f}" if w.after is not None else "-"
            lines.append(f"  week of {w.week}: {before} -> {after}")
    lines.extend(persisting_lines(check_ins, today))
    return lines


def persisting_lines(check_ins: Any, today: date) -> list[str]:
    """The two-week rule's advice when it holds (with the fact behind it), else nothing."""
    from stretchtimer.core import advice
    from stretchtimer.core.progress import persisting_pain

    span = persisting_pain(check_ins, today)
    if span is None:
        return []
    fact = advice.persisting_fact(str(span.first), str(span.last), span.days)
    return [f"{advice.PERSISTING_TITLE}: {fact}", *advice.PERSISTING_ADVICE, advice.DISCLAIMER]


def by_routine(sessions: list[SessionRecord]) -> list[str]:
    """``Evenings 3``: how many sessions of each routine, most first (then by name)."""
    from collections import Counter

    counts = Counter(s.routine_name for s in sessions)
    return [f"{name} {n}" for name, n in sorted(counts.items(), key=lambda c: (-c[1], c[0]))]


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def cmd_stats(store: SqliteStore, sessions: list[SessionRecord], today: date, goal: int) -> int:
    for line in stats_lines(store, sessions, today, goal):
        _say(line)
    return EXIT_OK


def cmd_pain(store: SqliteStore, at: datetime, score: int, note: str | None) -> int:
    """Record a check-in outside a session."""
    from stretchtimer.core.records import PainCheckIn, pain_label

    store.record_pain(PainCheckIn(at, score, "any", note=note))
    _say(f"Recorded pain {pain_label(score)} at {at:%Y-%m-%d %H:%M}.")
    for line in persisting_lines(store.pain(), at.date()):
        _say(line)
    return EXIT_OK
