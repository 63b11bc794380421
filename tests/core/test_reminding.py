"""Several reminders side by side, their answers recorded, and a restart that keeps them."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from stretchtimer.core.ports import ReminderEvent
from stretchtimer.core.reminders import DEFAULT_TEXT, Reminder
from stretchtimer.core.reminders_yaml import parse_reminders
from stretchtimer.core.reminding import Next, Reminding
from stretchtimer.core.schedule import Reading

BERLIN = ZoneInfo("Europe/Berlin")


class MemoryLog:
    def __init__(self) -> None:
        self.recorded: list[ReminderEvent] = []

    def record(self, event: ReminderEvent) -> None:
        self.recorded.append(event)

    def events(self, since: datetime) -> list[ReminderEvent]:
        return [e for e in self.recorded if e.at >= since]


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, 23, hour, minute, tzinfo=BERLIN)  # a Monday


def reading(wall: datetime) -> Reading:
    seconds = (wall - at(0)).total_seconds()
    return Reading(wall, seconds, seconds)


def test_two_due_together_come_in_one_check_and_answers_are_recorded() -> None:
    walk = Reminder(zone=BERLIN, align=0)
    stretch = Reminder(id="stretch", routine="morning", interval=7200, zone=BERLIN, align=0)
    log = MemoryLog()
    reminding = Reminding([walk, stretch], log)
    reminding.start(at(9), None)
    reminding.check(reading(at(9)))
    assert [r.id for r in reminding.check(reading(at(10)))] == ["walk", "stretch"]  # together
    reminding.walked(["walk", "stretch"], at(10, 5))
    assert [r.id for r in reminding.check(reading(at(11)))] == ["walk"]  # stretch: 2 h
    reminding.walked(["walk"], at(11, 2))
    assert [r.id for r in reminding.check(reading(at(12)))] == ["walk", "stretch"]
    reminding.snooze(["walk", "stretch"], at(12), 5)
    assert [(e.reminder_id, e.action) for e in log.recorded][-2:] == [
        ("walk", "snoozed"),
        ("stretch", "snoozed"),
    ]
    reminding.check(reading(at(12, 5)))
    reminding.snooze(["walk", "stretch"], at(12, 5), 5)
    reminding.check(reading(at(12, 10)))
    reminding.snooze(["walk", "stretch"], at(12, 10), 5)
    reminding.check(reading(at(12, 15)))
    with pytest.raises(ValueError, match="3 times"):
        reminding.snooze(["walk"], at(12, 15), 5)
    reminding.skip(["walk", "stretch"], at(12, 16))
    assert reminding.next_due() == (walk, at(13))


def test_a_restart_keeps_a_pause_and_does_not_call_early() -> None:
    walk = Reminder(zone=BERLIN)
    first = Reminding([walk], MemoryLog())
    first.start(at(9), None)
    first.check(reading(at(9)))
    until = first.pause(at(9, 30), "2h")
    assert until == at(11, 30)
    again = Reminding([walk], MemoryLog(), dict(first.states))
    again.start(at(10), last_seen=at(9, 59))  # quit and started again a minute later
    assert again.paused_until() == at(11, 30)
    assert again.next_due() == (walk, at(12, 30))
    walked = Reminding([walk], MemoryLog())
    walked.start(at(9), None)
    walked.walked(["walk"], at(10))
    restarted = Reminding([walk], MemoryLog(), dict(walked.states))
    restarted.start(at(10, 2), last_seen=at(10, 1))
    assert restarted.next_due() == (walk, at(11))  # not early, not late


def test_the_default_file_reads_as_the_default_reminder() -> None:
    assert parse_reminders(DEFAULT_TEXT, "r.yaml", BERLIN) == ([Reminder(zone=BERLIN)], [])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("reminders: {}", "1:12: error: 'reminders' must be a list"),
        ("reminders:\n  - id: walk\n    align: ':61'", "3:12: error: 'align': align must be"),
        ("reminders:\n  - id: walk\n    enabled: sometimes", "3:14: error: 'enabled' must be"),
        (
            "reminders:\n  - id: walk\n    hours: ['09:00-12:00', '11:00-13:00']",
            "3:12: error: 'hours': two ranges of hours overlap",
        ),
        ("reminders:\n  - id: walk\n  - id: walk", "3:9: error: two reminders are called 'walk'"),
        ("reminders:\n  - id: walk\n    evry: 1h", "3:5: error: unknown key 'evry' in a reminder"),
    ],
)
def test_impossible_settings_are_errors_at_their_place(text: str, message: str) -> None:
    reminders, problems = parse_reminders(text, "r.yaml", BERLIN)
    assert reminders == [Reminder(zone=BERLIN)]
    assert str(problems[0]).startswith(f"r.yaml:{message}")


def test_hours_by_day_and_several_ranges() -> None:
    text = (
        "reminders:\n  - id: walk\n    days: mon-fri\n"
        "    hours: ['09:00-12:30', '13:30-18:00']\n    hours_by_day:\n      fri: ['09:00-13:00']\n"
        "      sat: ['10:00-11:00']\n"
    )
    [reminder], problems = parse_reminders(text, "r.yaml", BERLIN)
    assert problems == []
    assert len(reminder.hours[0]) == 2 and len(reminder.hours[4]) == 1 and 5 in reminder.hours
    assert replace(reminder, hours={}).interval == 3600


def test_an_alert_of_the_last_run_falls_due_again_after_a_quick_restart() -> None:
    walk = Reminder(zone=BERLIN)
    first = Reminding([walk], MemoryLog())
    first.start(at(9), None)
    assert first.check(reading(at(10))) == [walk]  # quit without answering
    log = MemoryLog()
    again = Reminding([walk], log, dict(first.states))
    again.start(at(10, 1), last_seen=at(10))
    assert again.check(reading(at(10, 1))) == [walk]  # shown again, not silently waiting
    assert [e.action for e in log.recorded] == ["due"]


def test_time_away_is_told_once_and_counted_as_a_break() -> None:
    walk = Reminder(zone=BERLIN)
    log = MemoryLog()
    reminding = Reminding([walk], log)
    reminding.start(at(9), None)
    reminding.check(reading(at(9)))
    assert reminding.check(reading(at(9, 42)), idle=12 * 60.0) == []
    assert reminding.away == ["away 12 min"]
    reminding.check(reading(at(9, 43)), idle=13 * 60.0)
    assert reminding.away == []
    assert [e.action for e in log.recorded] == ["natural-break"]


def test_upcoming_says_what_is_next_in_each_case() -> None:
    """One answer for both front ends: next due, due now, paused, outside hours, none."""
    walk = Reminder(zone=BERLIN)
    reminding = Reminding([walk], MemoryLog())
    reminding.start(at(9), None)
    reminding.check(reading(at(9)))
    assert reminding.upcoming(at(9, 30)) == Next("next", at(10), walk)
    reminding.check(reading(at(10)))
    assert reminding.upcoming(at(10)) == Next("due", at(10), walk)
    reminding.skip(["walk"], at(10, 1))
    until = reminding.pause(at(10, 1), "30m")
    assert reminding.upcoming(at(10, 2)) == Next("paused", until)
    evening = Reminding([walk], MemoryLog())
    evening.start(at(19), None)
    assert evening.upcoming(at(19)) == Next("outside", at(10).replace(day=24), walk)
    off = Reminding([replace(walk, enabled=False)], MemoryLog())
    off.start(at(9), None)
    assert off.upcoming(at(9)) == Next("none")


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("every", "0"),
        ("every", "2d"),
        ("hours", "25:00-26:00"),
        ("hours", "18:00-09:00"),
        ("hours", "09:00-12:00, 11:00-13:00"),
        ("days", "mon-fry"),
        ("align", ":75"),
        ("align", ""),
    ],
)
def test_a_fields_problem_is_in_the_files_own_words(key: str, text: str) -> None:
    """The screen's fields and the file are checked by the same rules, in the same words."""
    from stretchtimer.core.reminders_yaml import field_problem

    value = "[" + ", ".join(f'"{t.strip()}"' for t in text.split(",")) + "]"
    line = f"    {key}: {value if key == 'hours' else repr(text)}\n"
    source = "version: 1\nreminders:\n  - id: walk\n" + line
    _, problems = parse_reminders(source, "f", BERLIN)
    assert [p.message for p in problems] == [field_problem(key, text)]


def test_edited_keeps_a_days_own_hours_and_refuses_a_wrong_field() -> None:
    from stretchtimer.core.reminders_yaml import edited, field_texts

    friday = ((time(9), time(13)),)
    walk = Reminder(zone=BERLIN, hours={**Reminder().hours, 4: friday})
    texts = field_texts(walk)
    assert texts == {"every": "1h", "hours": "09:00-18:00", "days": "mon-fri", "align": "none"}
    new, problems = edited(
        walk,
        {**texts, "hours": "08:00-12:00, 13:00-17:00", "days": "mon-sat"},
        enabled=True,
        routine="walk-break",
    )
    assert problems == {} and new is not None
    morning_and_afternoon = ((time(8), time(12)), (time(13), time(17)))
    assert new.hours == {**{d: morning_and_afternoon for d in (0, 1, 2, 3, 5)}, 4: friday}
    none, problems = edited(walk, {**texts, "every": ""}, enabled=True, routine="walk-break")
    assert none is None and problems == {"every": "'every' must not be empty"}


def test_new_settings_apply_at_once_and_a_reminder_turned_on_starts_from_now() -> None:
    walk = Reminder(zone=BERLIN)
    reminding = Reminding([walk], MemoryLog())
    reminding.start(at(9), None)
    reminding.update([replace(walk, interval=1800)], at(9, 10))
    assert reminding.upcoming(at(9, 10)) == Next("next", at(9, 30), replace(walk, interval=1800))
    reminding.update([replace(walk, enabled=False)], at(9, 20))
    assert reminding.upcoming(at(9, 20)).kind == "none"
    reminding.update([walk], at(13))  # on again after hours off: one interval from now
    assert reminding.upcoming(at(13)) == Next("next", at(14), walk)


def test_a_reminder_with_no_day_still_offers_hours_to_edit() -> None:
    from stretchtimer.core.reminders_yaml import edited, field_texts

    none = Reminder(zone=BERLIN, hours={})
    texts = field_texts(none)
    assert texts["days"] == "none" and texts["hours"] == "09:00-18:00"
    new, problems = edited(none, {**texts, "days": "sat"}, enabled=True, routine="walk-break")
    assert problems == {} and new is not None and new.hours == {5: ((time(9), time(18)),)}
