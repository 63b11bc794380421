"""Durations: parsing what routine files say, formatting what the UI shows."""

from __future__ import annotations

import pytest

from stretchtimer.core.durations import format_clock, format_duration, parse_duration


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        (20, 20),
        ("20", 20),
        ("45s", 45),
        ("2m", 120),
        ("1m30s", 90),
        ("1h", 3600),
        ("1h5m", 3900),
        ("1h2m3s", 3723),
        (" 1m 30s ", 90),
        ("2M", 120),
    ],
)
def test_parse_duration_reads_seconds_and_text(value: object, seconds: int) -> None:
    assert parse_duration(value) == seconds


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (1.5, "a duration must be whole seconds, got 1.5"),
        (-5, "a duration cannot be negative, got -5"),
        ("-5s", "a duration cannot be negative, got '-5s'"),
        (0, "a duration must be at least 1s, got 0"),
        ("0s", "a duration must be at least 1s, got '0s'"),
        ("abc", "expected a duration such as 20, 45s, 2m, 1m30s or 1h, got 'abc'"),
        ("", "expected a duration such as 20, 45s, 2m, 1m30s or 1h, got ''"),
        ("1.5s", "expected a duration such as 20, 45s, 2m, 1m30s or 1h, got '1.5s'"),
        ("1m30", "expected a duration such as 20, 45s, 2m, 1m30s or 1h, got '1m30'"),
        ("5 minutes", "expected a duration such as 20, 45s, 2m, 1m30s or 1h, got '5 minutes'"),
        ("1h1h", "expected a duration such as 20, 45s, 2m, 1m30s or 1h, got '1h1h'"),
        (True, "expected a duration such as 20, 45s, 2m, 1m30s or 1h, got True"),
        (False, "expected a duration such as 20, 45s, 2m, 1m30s or 1h, got False"),
        (None, "expected a duration such as 20, 45s, 2m, 1m30s or 1h, got None"),
        ([20], "expected a duration such as 20, 45s, 2m, 1m30s or 1h, got [20]"),
        ("9" * 40 + "s", f"duration '{'9' * 40}s' is far too large"),
    ],
)
def test_parse_duration_rejects_with_a_readable_message(value: object, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_duration(value)
    assert str(caught.value) == message


def test_zero_is_allowed_only_when_asked() -> None:
    assert parse_duration(0, allow_zero=True) == 0
    assert parse_duration("0s", allow_zero=True) == 0
    with pytest.raises(ValueError):
        parse_duration(-1, allow_zero=True)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0s"),
        (45, "45s"),
        (60, "1m"),
        (90, "1m30s"),
        (3600, "1h"),
        (3723, "1h2m3s"),
        (7200, "2h"),
    ],
)
def test_format_duration_round_trips(seconds: int, text: str) -> None:
    assert format_duration(seconds) == text
    if seconds:
        assert parse_duration(text) == seconds


def test_format_duration_rejects_negative() -> None:
    with pytest.raises(ValueError):
        format_duration(-1)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0:00"),
        (0.2, "0:01"),
        (59, "0:59"),
        (59.01, "1:00"),
        (60, "1:00"),
        (90, "1:30"),
        (4.0000000001, "0:04"),
        (599.5, "10:00"),
        (3599.1, "1:00:00"),
        (3725, "1:02:05"),
        (-3, "0:00"),
    ],
)
def test_format_clock_rounds_up(seconds: float, text: str) -> None:
    assert format_clock(seconds) == text


@pytest.mark.parametrize("value", [float("nan"), float("inf")])
def test_format_clock_rejects_non_finite(value: float) -> None:
    with pytest.raises(ValueError):
        format_clock(value)
