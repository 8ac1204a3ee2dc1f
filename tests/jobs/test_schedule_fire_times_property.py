"""Fire times of Quartz schedules checked against an independent computation.

Hypothesis builds a schedule as plain Python sets and day rules, renders it as a Quartz
expression, and compares the engine's fire times with a brute-force scan: every UTC second the
schedule could name, over a window around a real daylight-saving transition, converted to wall
time through zoneinfo. The scan's rule is the documented one, stated directly: an instant fires
when its wall time matches and it is that wall time's first occurrence (``fold == 0``). Wall
times in a spring-forward gap never come out of a UTC→local conversion, so they never fire.
"""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, timedelta
from functools import cache
from itertools import pairwise, takewhile
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jobs.schedules.fire_times import iter_fire_times, previous_fire_time
from jobs.schedules.quartz import parse

ZONES = (
    "Europe/Berlin",
    "America/New_York",
    "America/Sao_Paulo",  # southern hemisphere (DST until 2019)
    "Australia/Sydney",  # southern hemisphere
    "Asia/Kolkata",  # +05:30, no DST
    "Australia/Adelaide",  # +09:30 / +10:30: half-hour zone with DST
    "UTC",
)
DAY_NAMES = ("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT")
WINDOW = timedelta(days=2)


@cache
def transitions(zone_name: str) -> tuple[datetime, ...]:
    """UTC instants around which the zone's offset changes (found by an hourly scan), or a few
    ordinary instants for zones without daylight saving."""
    tz = ZoneInfo(zone_name)
    found = []
    for year in (2018, 2024, 2025):
        t = datetime(year, 1, 1, tzinfo=UTC)
        end = datetime(year + 1, 1, 1, tzinfo=UTC)
        while t < end:
            if t.astimezone(tz).utcoffset() != (t + timedelta(hours=1)).astimezone(tz).utcoffset():
                found.append(t)
            t += timedelta(hours=1)
    return tuple(found) or (datetime(2024, 3, 31, tzinfo=UTC), datetime(2024, 10, 27, tzinfo=UTC))


def quartz_weekday(day: date) -> int:
    return {7: 1, 1: 2, 2: 3, 3: 4, 4: 5, 5: 6, 6: 7}[day.isoweekday()]


def nearest_weekday(year: int, month: int, target: int) -> int | None:
    last = calendar.monthrange(year, month)[1]
    if target > last:
        return None
    weekdays = [d for d in range(1, last + 1) if date(year, month, d).weekday() < 5]
    return min(weekdays, key=lambda d: (abs(d - target), d))


# -- a schedule as sets, and its rendering -----------------------------------------------------


def values_field(low: int, high: int, *, bias: tuple[int, ...] = ()):
    """(text, allowed values) for a numeric field: *, a list, a range or a step."""
    pool = st.sampled_from(bias) | st.integers(low, high) if bias else st.integers(low, high)
    as_list = st.sets(pool, min_size=1, max_size=4).map(lambda s: (",".join(map(str, sorted(s))), set(s)))
    as_step = st.tuples(st.integers(low, high), st.integers(1, high - low + 1)).map(
        lambda p: (f"{p[0]}/{p[1]}", set(range(p[0], high + 1, p[1])))
    )
    as_range = st.tuples(st.integers(low, high), st.integers(low, high)).map(
        lambda p: (f"{min(p)}-{max(p)}", set(range(min(p), max(p) + 1)))
    )
    return st.one_of(as_list, as_step, as_range, st.just(("*", set(range(low, high + 1)))))


def day_rule():
    """(day-of-month text, day-of-week text, predicate on a date)."""
    everyday = st.just(("*", "?", lambda d: True))
    dom_list = st.sets(st.integers(1, 31), min_size=1, max_size=5).map(
        lambda s: (",".join(map(str, sorted(s))), "?", lambda d, s=s: d.day in s)
    )
    last = st.integers(0, 20).map(
        lambda k: (
            "L" if k == 0 else f"L-{k}",
            "?",
            lambda d, k=k: d.day == calendar.monthrange(d.year, d.month)[1] - k,
        )
    )

    def is_last_weekday(d: date) -> bool:
        last_day = calendar.monthrange(d.year, d.month)[1]
        return d.weekday() < 5 and all(
            date(d.year, d.month, x).weekday() >= 5 for x in range(d.day + 1, last_day + 1)
        )

    last_weekday = st.just(("LW", "?", is_last_weekday))
    nearest = st.integers(1, 28).map(
        lambda n: (f"{n}W", "?", lambda d, n=n: d.day == nearest_weekday(d.year, d.month, n))
    )
    dow_names = st.sets(st.integers(1, 7), min_size=1, max_size=3).map(
        lambda s: ("?", ",".join(DAY_NAMES[i - 1] for i in sorted(s)), lambda d, s=s: quartz_weekday(d) in s)
    )
    nth = st.tuples(st.integers(1, 7), st.integers(1, 5)).map(
        lambda p: (
            "?",
            f"{p[0]}#{p[1]}",
            lambda d, p=p: quartz_weekday(d) == p[0] and (d.day - 1) // 7 + 1 == p[1],
        )
    )
    last_of_month = st.integers(1, 7).map(
        lambda w: (
            "?",
            f"{w}L",
            lambda d, w=w: quartz_weekday(d) == w and d.day + 7 > calendar.monthrange(d.year, d.month)[1],
        )
    )
    return st.one_of(everyday, dom_list, last, last_weekday, nearest, dow_names, nth, last_of_month)


@st.composite
def schedules(draw):
    seconds = draw(st.sampled_from([("0", {0}), ("30", {30}), ("0,20,40", {0, 20, 40}), ("15/30", {15, 45})]))
    minutes = draw(values_field(0, 59, bias=(0, 15, 30, 45)))
    hours = draw(values_field(0, 23, bias=(0, 1, 2, 3)))
    dom, dow, day_ok = draw(day_rule())
    text = f"{seconds[0]} {minutes[0]} {hours[0]} {dom} * {dow}"

    def matches(local: datetime) -> bool:
        return (
            local.second in seconds[1]
            and local.minute in minutes[1]
            and local.hour in hours[1]
            and day_ok(local.date())
        )

    return text, seconds[1], matches


def brute_force(tz: ZoneInfo, start: datetime, end: datetime, seconds: set[int], matches) -> list[datetime]:
    fires = []
    minute = start.replace(second=0)
    while minute <= end:
        for second in sorted(seconds):
            instant = minute + timedelta(seconds=second)
            if start < instant <= end:
                local = instant.astimezone(tz)
                if local.fold == 0 and matches(local):
                    fires.append(instant)
        minute += timedelta(minutes=1)
    return fires


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    zone_name=st.sampled_from(ZONES),
    schedule=schedules(),
    pick=st.integers(0, 10_000),
    shift_minutes=st.integers(-36 * 60, 12 * 60),
)
def test_fire_times_match_a_brute_force_scan_around_dst_transitions(zone_name, schedule, pick, shift_minutes):
    text, seconds, matches = schedule
    tz = ZoneInfo(zone_name)
    around = transitions(zone_name)
    start = around[pick % len(around)] + timedelta(minutes=shift_minutes, seconds=7)
    end = start + WINDOW

    expected = brute_force(tz, start, end, seconds, matches)
    got = list(takewhile(lambda t: t <= end, iter_fire_times(parse(text), tz, start)))

    assert got == expected, text


@settings(max_examples=40, deadline=None)
@given(zone_name=st.sampled_from(ZONES), schedule=schedules(), pick=st.integers(0, 10_000))
def test_the_previous_fire_time_is_the_last_fire_before_an_instant(zone_name, schedule, pick):
    text, _, _ = schedule
    tz = ZoneInfo(zone_name)
    around = transitions(zone_name)
    start = around[pick % len(around)] - timedelta(hours=6)
    quartz = parse(text)
    fires = list(takewhile(lambda t: t <= start + WINDOW, iter_fire_times(quartz, tz, start)))
    for earlier, later in pairwise(fires):
        assert previous_fire_time(quartz, tz, later - timedelta(seconds=1)) == earlier
        assert previous_fire_time(quartz, tz, later) == later
