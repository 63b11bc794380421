"""The reminder scheduler on fake wall, boot and monotonic clocks (no sleeps)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stretchtimer.core.reminders import Reminder, parse_ranges
from stretchtimer.core.schedule import (
    Reading,
    ReminderState,
    can_snooze,
    next_due,
    observe,
    pause,
    pause_end,
    skip,
    snooze,
    walked,
)

BERLIN = ZoneInfo("Europe/Berlin")


def at(day: int, hour: int, minute: int = 0, zone: ZoneInfo = BERLIN) -> datetime:
    """A time in the week of Monday 2026-11-23 (day 0 is Monday)."""
    return datetime(2026, 11, 23 + day, hour, minute, tzinfo=zone)


def hourly(**changes: object) -> Reminder:
    return replace(Reminder(zone=BERLIN), **changes)  # type: ignore[arg-type]


class Clocks:
    """Fake wall, boot and monotonic clocks that a test moves: run, sleep or set."""

    def __init__(self, wall: datetime) -> None:
        self.wall, self.boot, self.mono = wall, 1000.0, 500.0

    def read(self) -> Reading:
        return Reading(self.wall, self.boot, self.mono)

    def run(self, seconds: float) -> None:
        self.wall += timedelta(seconds=seconds)
        self.boot += seconds
        self.mono += seconds

    def sleep(self, seconds: float) -> None:
        self.wall += timedelta(seconds=seconds)
        self.boot += seconds

    def set(self, by: timedelta) -> None:
        self.wall += by


class Driver:
    """Checks the schedule once a minute like the app, answering each alert with ``answer``."""

    def __init__(self, reminder: Reminder, clocks: Clocks) -> None:
        self.reminder, self.clocks = reminder, clocks
        self.state = ReminderState.fresh(clocks.wall)
        self.last: Reading | None = None
        self.dues: list[datetime] = []
        self.log: list[str] = []

    def check(self, idle: float | None = None) -> list[str]:
        now = self.clocks.read()
        self.state, outcomes = observe(self.reminder, self.state, self.last, now, idle)
        self.last = now
        for outcome in outcomes:
            self.log.append(outcome.action)
            if outcome.action == "due":
                self.dues.append(now.wall)
        return [o.action for o in outcomes]

    def minutes(self, count: int, walk: bool = True) -> None:
        for _ in range(count):
            self.clocks.run(60)
            if "due" in self.check() and walk:
                self.state = walked(self.state, self.clocks.wall)


def test_working_hours_one_interval_after_start_and_none_outside() -> None:
    clocks = Clocks(at(0, 8, 0))
    driver = Driver(hourly(), clocks)
    driver.check()
    driver.minutes(11 * 60)  # 08:00 to 19:00
    assert [d.strftime("%H:%M") for d in driver.dues] == [f"{h:02d}:00" for h in range(10, 18)]


def test_several_ranges_a_day_restart_after_lunch() -> None:
    ranges = parse_ranges(["09:00-12:30", "13:30-18:00"])
    reminder = hourly(hours={0: ranges})
    state = ReminderState.fresh(at(0, 12, 0))
    assert next_due(reminder, state) == at(0, 14, 30)  # 13:00 is lunch: one hour after 13:30
    assert next_due(reminder, ReminderState.fresh(at(0, 11, 0))) == at(0, 12, 0)


def test_weekend_goes_to_monday() -> None:
    state = ReminderState.fresh(at(4, 17, 30))  # Friday
    assert next_due(hourly(), state) == at(7, 10, 0)  # Monday 10:00


@pytest.mark.parametrize(
    ("align", "anchor", "expected"),
    [
        (0, at(0, 9, 0), at(0, 10, 0)),
        (0, at(0, 9, 40), at(0, 11, 0)),  # 10:00 is less than half an hour after the walk
        (50 * 60, at(0, 9, 0), at(0, 9, 50)),
        (50 * 60, at(0, 9, 55), at(0, 10, 50)),
        (50 * 60, at(0, 17, 55), at(1, 9, 50)),
    ],
)
def test_alignment_to_the_clock(align: int, anchor: datetime, expected: datetime) -> None:
    assert next_due(hourly(align=align), ReminderState.fresh(anchor)) == expected


def test_snooze_at_most_three_in_a_row_then_walk_resets() -> None:
    state = ReminderState(anchor=at(0, 9), alert=at(0, 10), alert_since=at(0, 10))
    for count in range(3):
        state = snooze(state, at(0, 10, 5 * count), 5)
        assert next_due(hourly(), state) == at(0, 10, 5 * count + 5)
    assert not can_snooze(state)
    with pytest.raises(ValueError, match="3 times"):
        snooze(state, at(0, 10, 15), 5)
    with pytest.raises(ValueError, match="5, 10 or 15"):
        snooze(walked(state, at(0, 10, 20)), at(0, 10, 20), 7)
    assert can_snooze(walked(state, at(0, 10, 20)))


def test_skip_counts_the_next_from_when_it_was_due() -> None:
    state = ReminderState(anchor=at(0, 9), alert=at(0, 10), alert_since=at(0, 10))
    assert next_due(hourly(), skip(state, at(0, 10, 20))) == at(0, 11)


def test_pause_until_the_next_active_day() -> None:
    reminder = hourly()
    end = pause_end(reminder, at(4, 14), "day")  # Friday afternoon
    assert end == at(7, 9)  # Monday 09:00
    clocks = Clocks(at(4, 14))
    driver = Driver(reminder, clocks)
    driver.state = pause(driver.state, end)
    driver.check()
    driver.minutes(3 * 24 * 60 + 60 * 3)  # to Monday 17:00
    assert driver.log[0] == "resumed"
    assert driver.dues[0] == at(7, 10)


def test_pause_for_an_hour_ends_by_itself() -> None:
    reminder = hourly()
    clocks = Clocks(at(0, 9, 30))
    driver = Driver(reminder, clocks)
    driver.state = pause(driver.state, pause_end(reminder, clocks.wall, "1h"))
    driver.minutes(60)
    assert "resumed" in driver.log and not driver.dues
    driver.minutes(60)
    assert driver.dues == [at(0, 11, 30)]


def test_unanswered_alert_is_missed_after_30_minutes() -> None:
    clocks = Clocks(at(0, 9))
    driver = Driver(hourly(), clocks)
    driver.check()
    driver.minutes(120, walk=False)
    assert driver.log == ["due", "missed", "due"]
    assert driver.dues == [at(0, 10), at(0, 11)]


def test_three_hour_sleep_inside_working_hours_restarts_from_waking() -> None:
    clocks = Clocks(at(0, 9))
    driver = Driver(hourly(), clocks)
    driver.check()
    driver.minutes(30)
    clocks.sleep(3 * 3600)  # 09:30 to 12:30: slept through 10, 11, 12
    assert driver.check() == ["slept-through"]  # no burst, no alert on waking
    driver.minutes(59)
    assert driver.dues == []
    driver.minutes(1)
    assert driver.dues == [at(0, 13, 30)]


def test_three_hour_sleep_across_the_end_of_the_day() -> None:
    clocks = Clocks(at(0, 16, 30))
    driver = Driver(hourly(), clocks)
    driver.check()
    clocks.sleep(3 * 3600)  # to 19:30
    assert driver.check() == ["slept-through"]
    driver.minutes(16 * 60)  # to Tuesday 11:30
    assert driver.dues == [at(1, 10), at(1, 11)]


def test_short_sleep_over_a_due_time_gives_one_reminder_on_waking() -> None:
    clocks = Clocks(at(0, 9))
    driver = Driver(hourly(), clocks)
    driver.check()
    driver.minutes(58)
    clocks.sleep(4 * 60)  # 09:58 to 10:02, shorter than the 5-minute walk
    assert driver.check() == ["due"]


@pytest.mark.parametrize("by", [timedelta(hours=-1), timedelta(days=1)])
def test_clock_set_back_or_forward_keeps_the_interval(by: timedelta) -> None:
    clocks = Clocks(at(0, 9))
    driver = Driver(hourly(), clocks)
    driver.check()
    driver.minutes(20)
    clocks.set(by)
    assert driver.check() == []  # no burst
    driver.minutes(39)
    assert driver.dues == []
    driver.minutes(1)
    assert driver.dues == [at(0, 10) + by]  # not lost: after the same real 60 minutes


@pytest.mark.parametrize(
    ("start", "days"),
    [(datetime(2026, 3, 28, 8, tzinfo=BERLIN), 3), (datetime(2026, 10, 24, 8, tzinfo=BERLIN), 3)],
)
def test_daylight_saving_changes_move_nothing(start: datetime, days: int) -> None:
    every_day = {d: ((time(9), time(18)),) for d in range(7)}
    reminder = hourly(hours=every_day, align=0)
    clocks = Clocks(start)
    driver = Driver(reminder, clocks)
    driver.check()
    driver.minutes(days * 24 * 60)
    local = [d.astimezone(BERLIN).strftime("%d %H:%M") for d in driver.dues]
    per_day: dict[str, list[str]] = {}
    for text in local:
        per_day.setdefault(text[:2], []).append(text[3:])
    assert per_day == {k: [f"{h:02d}:00" for h in range(10, 18)] for k in per_day}
    assert len(per_day) == days


def test_natural_break_from_the_idle_source() -> None:
    clocks = Clocks(at(0, 9))
    driver = Driver(hourly(), clocks)
    driver.check()
    driver.minutes(30)
    for minute in range(1, 13):  # away 12 minutes
        clocks.run(60)
        driver.check(idle=minute * 60.0)
    assert driver.log == ["natural-break"]
    driver.minutes(59)
    assert driver.dues == []
    driver.minutes(1)
    assert driver.dues == [at(0, 10, 42)]


def test_a_simulated_working_week_matches_the_schedule() -> None:
    clocks = Clocks(at(0, 0))
    driver = Driver(
        hourly(hours={d: parse_ranges(["09:00-12:30", "13:30-18:00"]) for d in range(5)}), clocks
    )
    driver.check()
    driver.minutes(7 * 24 * 60)
    # 10, 11, 12 in the morning; 14:30, 15:30, 16:30, 17:30 in the afternoon; five days
    assert len(driver.dues) == 5 * 7
    assert {d.weekday() for d in driver.dues} == set(range(5))
    assert driver.log.count("due") == 35


@settings(max_examples=60, deadline=None)
@given(
    start=st.datetimes(
        min_value=datetime(2026, 1, 1),
        max_value=datetime(2027, 1, 1),
        timezones=st.sampled_from(
            [
                ZoneInfo(z)
                for z in (
                    "Europe/Berlin",
                    "America/New_York",
                    "Australia/Lord_Howe",
                    "Asia/Kolkata",
                    "UTC",
                )
            ]
        ),
    ),
    align=st.sampled_from([None, 0, 3000]),
)
def test_next_due_is_inside_working_hours_and_after_the_anchor(
    start: datetime, align: int | None
) -> None:
    assert start.tzinfo is not None
    zone = start.tzinfo
    assert isinstance(zone, ZoneInfo)
    reminder = hourly(zone=zone, align=align)
    due = next_due(reminder, ReminderState.fresh(start))
    assert due is not None and due > start
    local = due.astimezone(zone)
    assert local.weekday() < 5 and time(9) <= local.time() < time(18)
    assert due - start <= timedelta(days=4)
