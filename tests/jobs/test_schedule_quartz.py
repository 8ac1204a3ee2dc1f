"""The Quartz parser and fire times on named, hand-checked examples (DST cases included)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from jobs.schedules.fire_times import interval_next, interval_previous, is_fire_time, next_fire_times, zone
from jobs.schedules.quartz import QuartzError, parse


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


@pytest.mark.parametrize(
    ("expr", "tz", "after", "expected"),
    [
        # Quartz day-of-week numbering: 6 = FRI, so 6#3 is the third Friday (croniter says Saturday)
        ("0 0 12 ? * 6#3", "UTC", utc(2024, 1, 1), [utc(2024, 1, 19, 12), utc(2024, 2, 16, 12)]),
        ("0 0 12 ? * FRI#3", "UTC", utc(2024, 1, 1), [utc(2024, 1, 19, 12), utc(2024, 2, 16, 12)]),
        ("0 0 12 ? * 6L", "UTC", utc(2024, 1, 1), [utc(2024, 1, 26, 12), utc(2024, 2, 23, 12)]),
        ("0 0 12 L * ?", "UTC", utc(2024, 1, 1), [utc(2024, 1, 31, 12), utc(2024, 2, 29, 12)]),
        ("0 0 12 L-3 * ?", "UTC", utc(2024, 2, 1), [utc(2024, 2, 26, 12), utc(2024, 3, 28, 12)]),
        ("0 0 12 LW * ?", "UTC", utc(2024, 3, 1), [utc(2024, 3, 29, 12), utc(2024, 4, 30, 12)]),
        # 1W: June 1 2024 is a Saturday -> Monday the 3rd (never back into May)
        ("0 0 12 1W * ?", "UTC", utc(2024, 5, 15), [utc(2024, 6, 3, 12), utc(2024, 7, 1, 12)]),
        ("0 0 9 ? * MON-FRI", "UTC", utc(2024, 1, 5, 10), [utc(2024, 1, 8, 9), utc(2024, 1, 9, 9)]),
        ("0 0 0 ? * FRI-MON", "UTC", utc(2024, 1, 1, 1), [utc(2024, 1, 5), utc(2024, 1, 6)]),  # wraps
        ("0 0 22-2/2 * * ?", "UTC", utc(2024, 1, 1, 12), [utc(2024, 1, 1, 22), utc(2024, 1, 2, 0)]),
        ("0 15 10 ? * * 2025", "UTC", utc(2024, 6, 1), [utc(2025, 1, 1, 10, 15), utc(2025, 1, 2, 10, 15)]),
        ("0 0 12 29 FEB ?", "UTC", utc(2024, 3, 1), [utc(2028, 2, 29, 12), utc(2032, 2, 29, 12)]),
        ("*/20 * * * * ?", "UTC", utc(2024, 1, 1), [utc(2024, 1, 1, 0, 0, 20), utc(2024, 1, 1, 0, 0, 40)]),
        ("5/15 0 0 * * ?", "UTC", utc(2024, 1, 1), [utc(2024, 1, 1, 0, 0, 5), utc(2024, 1, 1, 0, 0, 20)]),
        ("0 30 9 * * ?", "Asia/Kolkata", utc(2024, 1, 1), [utc(2024, 1, 1, 4), utc(2024, 1, 2, 4)]),
    ],
)
def test_it_computes_quartz_fire_times(expr, tz, after, expected):
    assert next_fire_times(expr, tz, after, len(expected)) == expected


def test_a_wall_time_in_the_spring_forward_gap_is_skipped_that_day():
    # Berlin, 2024-03-31: 02:00 -> 03:00. 02:30 does not exist that night.
    fires = next_fire_times("0 30 2 * * ?", "Europe/Berlin", utc(2024, 3, 29, 12), 3)
    assert fires == [utc(2024, 3, 30, 1, 30), utc(2024, 4, 1, 0, 30), utc(2024, 4, 2, 0, 30)]


def test_a_wall_time_in_the_repeated_hour_fires_once_at_its_first_occurrence():
    # New York, 2024-11-03: 02:00 EDT -> 01:00 EST, so 01:30 happens at 05:30Z and again at 06:30Z.
    fires = next_fire_times("0 30 1 * * ?", "America/New_York", utc(2024, 11, 2, 12), 2)
    assert fires == [utc(2024, 11, 3, 5, 30), utc(2024, 11, 4, 6, 30)]


def test_an_every_15_minutes_schedule_does_not_refire_the_repeated_hour():
    fires = next_fire_times("0 */15 * * * ?", "America/New_York", utc(2024, 11, 3, 5, 40), 3)
    # 01:45 EDT (05:45Z), then the clock repeats 01:00-01:59 EST (06:00-06:59Z): no fires, then 02:00 EST.
    assert fires == [utc(2024, 11, 3, 5, 45), utc(2024, 11, 3, 7, 0), utc(2024, 11, 3, 7, 15)]


def test_the_repeat_of_a_wall_time_is_not_a_fire_time():
    quartz, tz = parse("0 30 1 * * ?"), zone("America/New_York")
    assert is_fire_time(quartz, tz, utc(2024, 11, 3, 5, 30))
    assert not is_fire_time(quartz, tz, utc(2024, 11, 3, 6, 30))


@pytest.mark.parametrize(
    ("expr", "field"),
    [
        ("0 0 12 * *", "6 or 7 fields"),
        ("0 0 12 * * *", "'?' in exactly one"),
        ("0 0 12 ? * ?", "'?' in exactly one"),
        ("60 0 12 * * ?", "seconds field '60'"),
        ("0 60 12 * * ?", "minutes field '60'"),
        ("0 0 24 * * ?", "hours field '24'"),
        ("0 0 12 32 * ?", "day-of-month field '32'"),
        ("0 0 12 * 13 ?", "month field '13'"),
        ("0 0 12 * FOO ?", "month field 'FOO'"),
        ("0 0 12 ? * 0", "day-of-week field '0'"),
        ("0 0 12 ? * MON#6", "day-of-week field 'MON#6'"),
        ("0 0 12 L-31 * ?", "day-of-month field 'L-31'"),
        ("0 0 12 * * ? 1800", "year field '1800'"),
        ("0 0/0 12 * * ?", "minutes field '0/0'"),
        ("0 0 12 * * ? 2030 1", "6 or 7 fields"),
    ],
)
def test_it_refuses_bad_expressions_naming_the_field(expr, field):
    with pytest.raises(QuartzError, match=field.replace("?", r"\?").replace("(", r"\(")):
        parse(expr)


def test_intervals_are_absolute_durations_from_their_anchor():
    anchor = utc(2024, 3, 30, 22)
    assert interval_next(anchor, 3600, utc(2024, 3, 30, 23, 30), 2) == [
        utc(2024, 3, 31, 0),
        utc(2024, 3, 31, 1),
    ]
    assert interval_previous(anchor, 3600, utc(2024, 3, 31, 1, 59)) == utc(2024, 3, 31, 1)
    assert interval_previous(anchor, 3600, utc(2024, 3, 30, 22, 30)) is None
