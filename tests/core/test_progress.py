"""Progress rules: streaks, minutes this week, the calendar, the pain trend, the two-week rule."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from stretchtimer.core.progress import (
    PainSpan,
    calendar,
    level_of,
    minutes_by_day,
    minutes_this_week,
    pain_bars,
    pain_trend,
    persisting_pain,
    streaks,
)
from stretchtimer.core.records import PainCheckIn, SessionRecord

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
TOKYO = ZoneInfo("Asia/Tokyo")


def session(at: datetime, minutes: float = 10.0, id: int = 1) -> SessionRecord:
    return SessionRecord(
        id=id,
        routine_id="morning",
        routine_name="Morning",
        started_at=at,
        ended_at=at + timedelta(minutes=minutes),
        ended="completed",
        detail=None,
        easier=False,
        active_seconds=minutes * 60,
    )


def days(start: date, count: int) -> list[date]:
    return [start + timedelta(days=i) for i in range(count)]


# -- streaks -------------------------------------------------------------------------------------


def test_streak_across_a_month_end() -> None:
    run = days(date(2024, 1, 29), 5)  # Jan 29 .. Feb 2
    assert streaks(run, today=date(2024, 2, 2)) == (5, 5)


def test_streak_across_a_year_end_and_a_leap_day() -> None:
    assert streaks(days(date(2023, 12, 30), 4), today=date(2024, 1, 2)).current == 4
    assert streaks(days(date(2024, 2, 27), 4), today=date(2024, 3, 1)).current == 4  # 29 Feb


def test_current_streak_holds_until_a_whole_day_passes() -> None:
    run = days(date(2024, 3, 1), 3)
    assert streaks(run, today=date(2024, 3, 4)).current == 3  # today not done yet
    assert streaks(run, today=date(2024, 3, 5)).current == 0  # yesterday missed
    assert streaks(run, today=date(2024, 3, 5)).longest == 3


def test_longest_streak_is_kept_after_a_break() -> None:
    history = days(date(2024, 1, 1), 6) + days(date(2024, 1, 10), 2)
    assert streaks(history, today=date(2024, 1, 11)) == (2, 6)
    assert streaks([], today=date(2024, 1, 11)) == (0, 0)


def test_streak_across_dst_changes() -> None:
    """Sessions at 07:00 local every day around both of Berlin's DST changes are one run a
    day each: 23- and 25-hour days do not break or double the streak."""
    spring = [datetime(2024, 3, 29 + i, 7, tzinfo=BERLIN) for i in range(3)]  # 31 Mar
    spring += [datetime(2024, 4, 1, 7, tzinfo=BERLIN)]
    autumn = [datetime(2024, 10, 26 + i, 0, 30, tzinfo=BERLIN) for i in range(3)]  # 27 Oct
    for run in (spring, autumn):
        by_day = minutes_by_day(session(at) for at in run)
        assert len(by_day) == len(run)
        assert streaks(by_day, today=max(by_day)).current == len(run)


def test_streak_across_a_time_zone_change() -> None:
    """Flying Berlin -> New York: a session late at night in New York is that day there, even
    though it was already the next day in Berlin (and in UTC)."""
    trip = [
        datetime(2024, 6, 1, 8, tzinfo=BERLIN),
        datetime(2024, 6, 2, 23, tzinfo=NEW_YORK),  # 05:00 on 3 June in Berlin
        datetime(2024, 6, 3, 22, tzinfo=NEW_YORK),
        datetime(2024, 6, 5, 7, tzinfo=TOKYO),  # 4 June in New York, 5 June where it was
    ]
    by_day = minutes_by_day(session(at) for at in trip)
    assert sorted(by_day) == [
        date(2024, 6, 1),
        date(2024, 6, 2),
        date(2024, 6, 3),
        date(2024, 6, 5),
    ]
    assert streaks(by_day, today=date(2024, 6, 5)) == (1, 3)


# -- minutes, calendar, pain trend ---------------------------------------------------------------


def test_minutes_this_week_start_on_monday() -> None:
    by_day = {
        date(2024, 5, 5): 30.0,
        date(2024, 5, 6): 20.0,
        date(2024, 5, 8): 15.5,
    }  # Sun, Mon, Wed
    assert minutes_this_week(by_day, today=date(2024, 5, 8)) == 35.5
    assert minutes_this_week(by_day, today=date(2024, 5, 5)) == 30.0


def test_two_sessions_on_a_day_add_up() -> None:
    at = datetime(2024, 5, 6, 7, tzinfo=UTC)
    by_day = minutes_by_day([session(at, 10), session(at + timedelta(hours=10), 12.5)])
    assert by_day == {date(2024, 5, 6): 22.5}


def test_calendar_is_twelve_weeks_of_monday_to_sunday_ending_this_week() -> None:
    today = date(2024, 5, 8)  # a Wednesday
    grid = calendar({today: 31.0, date(2024, 2, 19): 5.0}, today)
    assert len(grid) == 12 and all(len(week) == 7 for week in grid)
    assert grid[0][0].day == date(2024, 2, 19) and grid[0][0].level == 1
    assert grid[-1][2].day == today and grid[-1][2].level == 4
    assert [d.future for d in grid[-1]] == [False, False, False, True, True, True, True]


def test_levels() -> None:
    assert [level_of(m) for m in (0, 0.5, 9.9, 10, 19, 20, 29, 30, 90)] == [
        0,
        1,
        1,
        2,
        2,
        3,
        3,
        4,
        4,
    ]


def test_pain_trend_averages_before_and_after_by_week() -> None:
    monday = datetime(2024, 5, 6, 8, tzinfo=UTC)
    check_ins = [
        PainCheckIn(monday, 6, "before"),
        PainCheckIn(monday + timedelta(minutes=20), 4, "after"),
        PainCheckIn(monday + timedelta(days=1), 4, "before"),
        PainCheckIn(monday + timedelta(days=2), 9, "any"),  # outside a session: not a trend
    ]
    trend = pain_trend(check_ins, today=date(2024, 5, 8), weeks=2)
    assert [(w.week, w.before, w.after) for w in trend] == [
        (date(2024, 4, 29), None, None),
        (date(2024, 5, 6), 5.0, 4.0),
    ]


# -- the two-week rule ---------------------------------------------------------------------------

DAY0 = datetime(2024, 3, 1, 9, tzinfo=UTC)


def pain_on(*offsets: int, score: int = 5) -> list[PainCheckIn]:
    return [PainCheckIn(DAY0 + timedelta(days=d), score, "before") for d in offsets]


def low_on(*offsets: int) -> list[PainCheckIn]:
    return [PainCheckIn(DAY0 + timedelta(days=d), 1, "before") for d in offsets]


def today(offset: int) -> date:
    return (DAY0 + timedelta(days=offset)).date()


@pytest.mark.parametrize(("apart", "persists"), [(13, False), (14, False), (15, True)])
def test_two_week_rule_at_13_14_and_15_days(apart: int, persists: bool) -> None:
    check_ins = pain_on(*range(0, apart + 1))
    found = persisting_pain(check_ins, today(apart))
    assert (found is not None) is persists
    if persists:
        assert found == PainSpan(today(0), today(apart))


def test_two_week_rule_counts_this_hurts_and_a_three() -> None:
    hurts = [PainCheckIn(DAY0, None, "hurts", exercise="Cat-cow")]
    assert persisting_pain(hurts + pain_on(15, score=3), today(15)) is not None
    assert persisting_pain(hurts + pain_on(15, score=2), today(15)) is None


def test_two_week_rule_with_days_without_check_ins_between() -> None:
    """Days with no check-in say nothing: pain on day 0 and day 15 only still persists."""
    assert persisting_pain(pain_on(0, 15), today(15)) is not None


def test_two_week_rule_a_better_week_between_ends_the_pain() -> None:
    # 7 pain-free days (1..7) with check-ins below 3, then pain again: two episodes.
    assert persisting_pain(pain_on(0, 8, 16) + low_on(1, 4, 7), today(16)) is None
    # the same with only 6 pain-free days between: one episode of 16 days
    assert persisting_pain(pain_on(0, 7, 16) + low_on(1, 4, 6), today(16)) == PainSpan(
        today(0), today(16)
    )


def test_two_week_rule_a_later_episode_counts_from_its_own_start() -> None:
    check_ins = pain_on(0, 2, 10, 20, 27) + low_on(3, 5, 8)  # better week 3..9, then 10..27
    assert persisting_pain(check_ins, today(27)) == PainSpan(today(10), today(27))


def test_two_week_rule_is_over_once_a_better_week_follows_or_it_is_old() -> None:
    check_ins = pain_on(0, 15)
    assert persisting_pain(check_ins + low_on(18, 22), today(23)) is None  # a better week since
    assert persisting_pain(check_ins + low_on(18), today(21)) is not None  # not a week yet
    assert persisting_pain(check_ins, today(15 + 15)) is None  # nothing for over two weeks


def test_two_week_rule_uses_the_local_day() -> None:
    """Reports 14 days apart in UTC but 15 apart on the person's own calendar."""
    first = PainCheckIn(
        datetime(2024, 3, 1, 23, 30, tzinfo=timezone(timedelta(hours=-5))), 4, "any"
    )
    last = PainCheckIn(datetime(2024, 3, 16, 8, tzinfo=UTC), 4, "any")
    assert persisting_pain([first, last], date(2024, 3, 16)) is not None


def test_pain_bars_stand_on_the_fixed_0_to_10_scale() -> None:
    assert pain_bars([0, 10, 5]) == "▁█▅"
    assert pain_bars([1.0]) == "▂"  # one week of mild pain is no full bar
    assert pain_bars([2, 3]) == "▂▃"  # nor a rise of one point a jump from none to the top
    assert pain_bars([]) == ""
