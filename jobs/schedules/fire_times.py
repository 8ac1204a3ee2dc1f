"""When a schedule fires: Quartz expressions in an IANA time zone, and fixed intervals.

Daylight saving (the rule Quartz and Databricks follow, see the README's "Schedules"):

- A wall-clock time that does not exist (the spring-forward gap, e.g. 02:30 on the night clocks
  jump from 02:00 to 03:00) is **skipped** that day — it is not moved to 03:00 or 03:30.
- A wall-clock time that happens twice (the repeated fall-back hour) fires **once**, at its first
  occurrence (the daylight-time one); the repeat is not a new fire.

So a job fires exactly once per intended wall-clock time that exists. Every fire time is an
aware UTC datetime; the search walks local calendar days and converts each candidate wall time.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from itertools import islice
from zoneinfo import ZoneInfo

from jobs.schedules.quartz import YEAR_MAX, Quartz, parse

# Interval units of trigger.periodic (Databricks' MINUTES, HOURS, DAYS, WEEKS), in seconds.
UNIT_SECONDS = {"MINUTES": 60, "HOURS": 3600, "DAYS": 86400, "WEEKS": 7 * 86400}


def zone(timezone_id: str) -> ZoneInfo:
    return ZoneInfo(timezone_id)


def wall_to_utc(wall: datetime, tz: ZoneInfo) -> datetime | None:
    """The instant a naive wall-clock time names in `tz`: None when it does not exist (gap);
    the first occurrence when it exists twice (fold=0 is the earlier instant, PEP 495)."""
    instant = wall.replace(tzinfo=tz, fold=0).astimezone(UTC)
    if instant.astimezone(tz).replace(tzinfo=None) != wall:
        return None
    return instant


def is_fire_time(quartz: Quartz, tz: ZoneInfo, instant: datetime) -> bool:
    """Whether `instant` is one of the schedule's fire times (used to reject stale beat fires)."""
    local = instant.astimezone(tz)
    if instant.microsecond or local.fold:  # the second occurrence of a repeated hour never fires
        return False
    return quartz.matches_day(local.date()) and quartz.matches_time(local.hour, local.minute, local.second)


def _times(quartz: Quartz, reverse: bool = False, bound: time | None = None) -> Iterator[time]:
    """The schedule's times of day in order (or reverse order), starting at `bound` (the first
    time >= bound, or <= bound in reverse) without walking the ones before it."""
    fields = (quartz.hours, quartz.minutes, quartz.seconds)
    limits = (bound.hour, bound.minute, bound.second) if bound else None

    def walk(level: int, prefix: tuple[int, ...], on_bound: bool) -> Iterator[time]:
        values = fields[level]
        if on_bound and limits is not None:
            limit = limits[level]
            cut = bisect_right(values, limit) if reverse else bisect_left(values, limit)
            values = values[:cut] if reverse else values[cut:]
        for value in reversed(values) if reverse else values:
            here = on_bound and limits is not None and value == limits[level]
            if level == 2:
                yield time(*prefix, value)
            else:
                yield from walk(level + 1, (*prefix, value), here)

    yield from walk(0, (), True)


def _days(quartz: Quartz, start: date, step: int) -> Iterator[date]:
    """Matching days from `start` forwards (step=1) or backwards (step=-1), skipping whole
    months and years that cannot match, and stopping at the year range's ends."""
    day = start
    while 1970 <= day.year <= YEAR_MAX:
        if quartz.years is not None and day.year not in quartz.years:
            day = date(day.year + 1, 1, 1) if step > 0 else date(day.year - 1, 12, 31)
            continue
        if day.month not in quartz.months:
            if step > 0:
                day = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
            else:
                day = date(day.year, day.month, 1) - timedelta(days=1)
            continue
        if quartz.matches_day(day):
            yield day
        try:
            day += timedelta(days=step)
        except OverflowError:
            return


def _offset_bounds(tz: ZoneInfo, instant: datetime) -> tuple[timedelta, timedelta]:
    """The smallest and largest UTC offset of `tz` within two days of `instant` (no zone changes
    its offset twice in that span), to rule wall times in or out without converting them."""
    offsets = [(instant + timedelta(days=d)).astimezone(tz).utcoffset() or timedelta(0) for d in (-2, 0, 2)]
    return min(offsets), max(offsets)


def iter_fire_times(quartz: Quartz, tz: ZoneInfo, after: datetime) -> Iterator[datetime]:
    """Fire times strictly after `after` (an aware datetime), in order, as UTC datetimes."""
    after = after.astimezone(UTC)
    lowest, _ = _offset_bounds(tz, after)
    # A wall time w names the instant w - offset(w) >= w - highest... and <= w - lowest, so any
    # w <= after + lowest (as a wall time) is at or before `after`: skipped without converting.
    floor_wall = after.replace(tzinfo=None) + lowest
    for day in _days(quartz, floor_wall.date(), 1):
        for moment in _times(quartz, bound=floor_wall.time() if day == floor_wall.date() else None):
            wall = datetime.combine(day, moment)
            if wall <= floor_wall:
                continue
            instant = wall_to_utc(wall, tz)
            if instant is not None and instant > after:
                yield instant


def previous_fire_time(quartz: Quartz, tz: ZoneInfo, at_or_before: datetime) -> datetime | None:
    """The latest fire time <= `at_or_before`, or None if there is none."""
    at_or_before = at_or_before.astimezone(UTC)
    _, highest = _offset_bounds(tz, at_or_before)
    ceiling_wall = at_or_before.replace(tzinfo=None) + highest  # later wall times are later instants
    for day in _days(quartz, ceiling_wall.date(), -1):
        bound = ceiling_wall.time() if day == ceiling_wall.date() else None
        for moment in _times(quartz, reverse=True, bound=bound):
            wall = datetime.combine(day, moment)
            if wall > ceiling_wall:
                continue
            instant = wall_to_utc(wall, tz)
            if instant is not None and instant <= at_or_before:
                return instant
    return None


def next_fire_times(expr: str, timezone_id: str, after: datetime, n: int) -> list[datetime]:
    """The next `n` fire times of a Quartz expression in a time zone, strictly after `after`."""
    return list(islice(iter_fire_times(parse(expr), zone(timezone_id), after), n))


# -- fixed intervals (trigger.periodic) ---------------------------------------------------------


def interval_seconds(interval: int, unit: str) -> int:
    return interval * UNIT_SECONDS[unit]


def interval_previous(anchor: datetime, every_seconds: int, at_or_before: datetime) -> datetime | None:
    """The latest `anchor + k*every` (k >= 1) <= `at_or_before`. Intervals are absolute durations,
    so they are not affected by daylight saving: "every 12 hours" is 12 real hours."""
    elapsed = (at_or_before - anchor).total_seconds()
    k = int(elapsed // every_seconds)
    if k < 1:
        return None
    return anchor + timedelta(seconds=k * every_seconds)


def interval_next(anchor: datetime, every_seconds: int, after: datetime, n: int) -> list[datetime]:
    """The next `n` times `anchor + k*every` (k >= 1) strictly after `after`."""
    elapsed = (after - anchor).total_seconds()
    k = max(1, int(elapsed // every_seconds) + 1)
    return [anchor + timedelta(seconds=(k + i) * every_seconds) for i in range(n)]


def is_interval_fire_time(anchor: datetime, every_seconds: int, instant: datetime) -> bool:
    elapsed = (instant - anchor).total_seconds()
    return elapsed >= every_seconds and elapsed % every_seconds == 0
