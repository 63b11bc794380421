"""A simulated working week of walk reminders on fake clocks: walks, a snooze, a skip, an
alert left unanswered, a long and a short sleep of the machine, and restarts whose state goes
through the real ``StateFile`` and whose events go into the real history store. What the store
holds at the end is the schedule, event for event."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from stretchtimer.adapters.reminder_log import StateFile
from stretchtimer.adapters.store_sqlite import SqliteStore, open_store
from stretchtimer.core.reminders import Reminder
from stretchtimer.core.reminding import Reminding
from stretchtimer.core.schedule import Reading

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = datetime(2026, 11, 23, tzinfo=BERLIN)
WALK = Reminder(zone=BERLIN)  # the default: every hour, 09:00 to 18:00, Monday to Friday
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def moment(day: str, clock: str) -> datetime:
    hour, minute = map(int, clock.split(":"))
    return MONDAY + timedelta(days=DAYS.index(day), hours=hour, minutes=minute)


# What the person does with an alert (the rest are walked at once).
ANSWERS = {("tue", "10:00"): "snooze", ("wed", "11:00"): "skip", ("fri", "15:20"): "ignore"}
# The app quits at the first time and starts again at the second (the state kept on disk).
RESTARTS = [("wed", "12:30", "wed", "12:32"), ("wed", "18:30", "thu", "08:30")]
RESTARTS += [("fri", "12:10", "fri", "13:20")]
# The machine sleeps from the first time to the second (no checks; the boot clock runs on).
SLEEPS = [("thu", "10:30", "thu", "11:45"), ("thu", "15:44", "thu", "15:46")]


def walked_hourly(day: str, *clocks: str) -> list[tuple[str, str, str]]:
    return [(day, clock, action) for clock in clocks for action in ("due", "walked")]


EXPECTED = [
    *walked_hourly("mon", *(f"{h}:00" for h in range(10, 18))),
    ("tue", "10:00", "due"),
    ("tue", "10:00", "snoozed"),
    *walked_hourly("tue", "10:10", *(f"{h}:10" for h in range(11, 18))),
    *walked_hourly("wed", "10:00"),
    ("wed", "11:00", "due"),
    ("wed", "11:00", "skipped"),  # the next counts from 11:00
    *walked_hourly("wed", "12:00"),
    *walked_hourly("wed", *(f"{h}:00" for h in range(13, 18))),  # a 2-minute restart kept it
    *walked_hourly("thu", "10:00"),  # the overnight restart began at 08:30: due 10:00
    ("thu", "11:45", "slept-through"),  # 11:00 passed in a long sleep: none on waking
    *walked_hourly("thu", "12:45", "13:45", "14:45"),
    *walked_hourly("thu", "15:46"),  # 15:45 passed in a short sleep: one, on waking
    *walked_hourly("thu", "16:46", "17:46"),
    *walked_hourly("fri", "10:00", "11:00", "12:00"),
    *walked_hourly("fri", "14:20"),  # away 70 minutes: the interval restarted at 13:20
    ("fri", "15:20", "due"),
    ("fri", "15:50", "missed"),  # unanswered for 30 minutes
    *walked_hourly("fri", "16:20", "17:20"),
]  # and nothing on Saturday and Sunday


@dataclass
class Machine:
    """The three clocks of a machine that may sleep: wall, boot (counts through a sleep)
    and monotonic (stops during one)."""

    start: datetime
    slept: float = 0.0
    boot: float = 0.0

    def reading(self) -> Reading:
        return Reading(self.start + timedelta(seconds=self.boot), self.boot, self.boot - self.slept)

    def run_until(self, when: datetime) -> None:
        self.boot = (when - self.start).total_seconds()

    def sleep_until(self, when: datetime) -> None:
        before = self.boot
        self.run_until(when)
        self.slept += self.boot - before


@dataclass
class App:
    """One run of the reminders: its states loaded from the state file, its events in the
    store; quitting saves the states."""

    state: StateFile
    store: SqliteStore
    now: datetime
    reminding: Reminding = field(init=False)

    def __post_init__(self) -> None:
        states, last_seen = self.state.load()
        self.reminding = Reminding([WALK], self.store, states)
        self.reminding.start(self.now, last_seen)

    def check(self, machine: Machine) -> None:
        reading = machine.reading()
        due = self.reminding.check(reading)
        at = reading.wall
        key = (DAYS[(at - MONDAY).days], f"{at:%H:%M}")
        if due:
            answer = ANSWERS.get(key, "walk")
            ids = [r.id for r in due]
            if answer == "walk":
                self.reminding.walked(ids, at)
            elif answer == "snooze":
                self.reminding.snooze(ids, at, 10)
            elif answer == "skip":
                self.reminding.skip(ids, at)
            self.state.save(self.reminding.states, at)

    def quit(self) -> None:
        """Save the states with the last check's time, as the app does at its last check."""
        assert self.reminding.last is not None
        self.state.save(self.reminding.states, self.reminding.last.wall)


def test_a_working_week_records_exactly_the_schedule(tmp_path: Path) -> None:
    opened = open_store(tmp_path / "history.sqlite3")
    assert opened.store is not None
    store = opened.store
    state = StateFile(tmp_path / "reminders-state.json")
    machine = Machine(moment("mon", "08:00"))
    app: App | None = App(state, store, machine.reading().wall)
    restarts = {moment(d, t): moment(d2, t2) for d, t, d2, t2 in RESTARTS}
    sleeps = {moment(d, t): moment(d2, t2) for d, t, d2, t2 in SLEEPS}
    now = machine.reading().wall
    end = moment("sun", "23:59")
    while now <= end:
        assert app is not None
        app.check(machine)  # the app checks at least once a minute
        if now in restarts:  # quit; the reminders state stays on disk
            app.quit()
            app = None
            machine.run_until(restarts[now])
            app = App(state, store, machine.reading().wall)
        elif now in sleeps:
            machine.sleep_until(sleeps[now])
        else:
            machine.run_until(now + timedelta(minutes=1))
        now = machine.reading().wall
    recorded = [
        (DAYS[(e.at - MONDAY).days], f"{e.at:%H:%M}", e.action)
        for e in store.events(MONDAY - timedelta(days=1))
    ]
    store.close()
    assert recorded == EXPECTED
