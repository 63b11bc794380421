"""Progress: streaks, minutes this week against the goal, the last twelve weeks as a calendar,
the pain trend, the walk reminders and the last sessions; the history deleted from here too.

The data is read on the history store's own thread; the screen draws it when it comes.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from stretchtimer.app.app import stretch_app
from stretchtimer.app.widgets.footer import Footer
from stretchtimer.core import advice
from stretchtimer.core.progress import ProgressSummary, pain_bars, summarize, week_start
from stretchtimer.core.renames import as_renamed
from stretchtimer.core.safe_text import printable

# The calendar's cells carry their meaning by shape, not by colour alone.
LEVEL_CELLS = ("·", "░", "▒", "▓", "█")
LEGEND = "· none  ░ under 10 min  ▒ under 20  ▓ under 30  █ 30 min or more"
RECENT = 5


def calendar_text(summary: ProgressSummary) -> Text:
    """Seven rows (Monday to Sunday), a column a week, oldest at the left."""
    text = Text()
    for weekday, name in enumerate(("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")):
        text.append(f"{name} ")
        for week in summary.calendar:
            day = week[weekday]
            cell = " " if day.future else LEVEL_CELLS[day.level]
            style = "bold" if day.day == summary.today else ""
            text.append(cell + " ", style=style)
        text.append("\n")
    text.append(LEGEND, style="dim")
    return text


def headline(summary: ProgressSummary) -> str:
    streak = summary.streaks
    days = "day" if streak.current == 1 else "days"
    return (
        f"Streak: {streak.current} {days} in a row (longest {streak.longest})\n"
        f"This week: {summary.week_minutes:.0f} of {summary.goal} minutes"
    )


def reminders_line(summary: ProgressSummary) -> str:
    parts = [f"{a} {t} today, {w} this week" for a, (t, w) in summary.reminders.items()]
    return "Walk reminders: " + "; ".join(parts)


def recent_lines(summary: ProgressSummary) -> str:
    if not summary.recent:
        return "No sessions yet."
    lines = []
    for s in summary.recent:
        ended = s.ended or "running"
        when = s.started_at.strftime("%Y-%m-%d %H:%M")
        # the history's text (a name, how it ended) may come from an imported file: escaped
        lines.append(printable(f"{when}  {s.routine_name}  {s.minutes:.0f} min  {ended}"))
    return "\n".join(lines)


def pain_words(before: float | None, after: float | None, any_known: bool) -> str:
    """This week's average pain before and after sessions, in words."""
    if before is None and after is None:
        return "No check-ins this week." if any_known else "No pain check-ins yet."
    shown = (
        f"{label} {v:.1f}" for label, v in (("before", before), ("after", after)) if v is not None
    )
    return "This week, on average: " + ", ".join(shown)


class ProgressScreen(Screen[None]):
    """What the person has done, and how their back has felt."""

    # Its own rules, parsed when first shown (stretchtimer.tcss's header says why).
    SCOPED_CSS = False
    DEFAULT_CSS = """
    #progress { padding: 0 1; }
    #progress Static { width: 1fr; }
    #progress-title { text-style: bold; }
    #progress-headline, #progress-calendar, #progress-pain, #progress-reminders { margin-top: 1; }
    .progress-label { margin-top: 1; }
    #pain-before, #pain-after { height: 1; width: 24; }
    """

    BINDINGS = [
        Binding("escape,q", "close", "Back", key_display="esc"),
        Binding("D", "delete", "Delete history", key_display="D"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="progress"):
            yield Static("Progress", id="progress-title")
            yield Static("Reading the history…", id="progress-headline", markup=False)
            yield Static(id="progress-calendar", markup=False)
            label = "Pain {} sessions (0-10), by week with check-ins:"
            yield Static(label.format("before"), id="pain-before-label", classes="progress-label")
            yield Static(id="pain-before", markup=False)
            yield Static(label.format("after"), id="pain-after-label", classes="progress-label")
            yield Static(id="pain-after", markup=False)
            yield Static(id="progress-pain", markup=False)
            yield Static(id="progress-reminders", markup=False)
            yield Static("Last sessions:", classes="progress-label")
            yield Static(id="progress-recent", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.run_worker(self.load(), exclusive=True, group="progress", exit_on_error=False)

    async def load(self) -> None:
        """Read the history on its thread, then draw it."""
        services = stretch_app(self).services
        now: datetime = services.now()
        today = now.date()
        goal = stretch_app(self).settings.weekly_goal_minutes
        since = week_start(today) - timedelta(weeks=8)
        monday = datetime.combine(week_start(today), datetime.min.time(), now.tzinfo)
        names = {routine.id: routine.name for routine in stretch_app(self).catalog.routines()}

        def read(store):  # type: ignore[no-untyped-def]
            events = [(e.at, e.action) for e in store.events(monday - timedelta(days=1))]
            recent = as_renamed(store.recent(RECENT), services.renames(), names)
            return summarize(store.minutes_by_day(), recent, store.pain(since), events, today, goal)

        summary = await asyncio.wrap_future(services.history_thread().submit(read))
        if summary is None:
            opened = services.history_thread().opened.result()
            self.query_one("#progress-headline", Static).update(
                f"History is not available: {opened.problem}"
            )
            return
        self.show(summary)

    def show(self, summary: ProgressSummary) -> None:
        self.query_one("#progress-headline", Static).update(headline(summary))
        self.query_one("#progress-calendar", Static).update(calendar_text(summary))
        before = [w.before for w in summary.trend]
        after = [w.after for w in summary.trend]
        # the weeks with check-ins only: a week without one is not a week without pain
        for key, values in (("before", before), ("after", after)):
            known = [v for v in values if v is not None]
            line = self.query_one(f"#pain-{key}", Static)
            line.update(pain_bars(known))
            line.display = bool(known)  # no check-ins: no flat line that reads as "no pain"
            self.query_one(f"#pain-{key}-label", Static).display = bool(known)
        words = [pain_words(before[-1], after[-1], any(v is not None for v in before + after))]
        if summary.persisting is not None:
            span = summary.persisting
            fact = advice.persisting_fact(str(span.first), str(span.last), span.days)
            words += [f"{advice.PERSISTING_TITLE}: {fact}", *advice.PERSISTING_ADVICE]
            words.append(advice.DISCLAIMER)
        self.query_one("#progress-pain", Static).update("\n".join(words))
        self.query_one("#progress-reminders", Static).update(reminders_line(summary))
        self.query_one("#progress-recent", Static).update(recent_lines(summary))

    def action_close(self) -> None:
        self.dismiss()

    def action_delete(self) -> None:
        """Delete the whole history, after the person says yes."""
        from stretchtimer.app.screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                thread = stretch_app(self).services.history_thread()
                thread.submit(lambda store: store.delete())
                self.notify("History deleted.", markup=False)
                self.run_worker(self.load(), exclusive=True, group="progress")

        question = (
            "Delete all your history (sessions, pain check-ins, reminders)? It cannot be undone."
        )
        self.app.push_screen(ConfirmScreen(question), answered)
