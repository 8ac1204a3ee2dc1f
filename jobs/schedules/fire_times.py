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

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from itertools import islice
from zoneinfo import ZoneInfo

from jobs.schedules.quartz import YEAR_MAX, Quartz, parse

# Interval units of trigger.periodic, in seconds (Databricks: HOURS, DAYS, WEEKS; we add MINUTES).
UNIT_SECONDS = {"MINUTES": 60, "HOURS": 3600, "DAYS": 86400, "WEEKS": 7 * 86400}
# A wall time more than this before `after` (in local terms) cannot map to an instant after it:
# no zone moves its clock by more than a few hours at once.
_OFFSET_SLACK = timedelta(hours=4)


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


def _times(quartz: Quartz, reverse: bool = False) -> Iterator[time]:
    hours = reversed(quartz.hours) if reverse else quartz.hours
    for hour in hours:
        minutes = reversed(quartz.minutes) if reverse else quartz.minutes
        for minute in minutes:
            seconds = reversed(quartz.seconds) if reverse else quartz.seconds
            for second in seconds:
                yield time(hour, minute, second)


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


def iter_fire_times(quartz: Quartz, tz: ZoneInfo, after: datetime) -> Iterator[datetime]:
    """Fire times strictly after `after` (an aware datetime), in order, as UTC datetimes."""
    after = after.astimezone(UTC)
    earliest_wall = after.astimezone(tz).replace(tzinfo=None) - _OFFSET_SLACK
    for day in _days(quartz, earliest_wall.date(), 1):
        for moment in _times(quartz):
            wall = datetime.combine(day, moment)
            if wall < earliest_wall:
                continue
            instant = wall_to_utc(wall, tz)
            if instant is not None and instant > after:
                yield instant


def previous_fire_time(quartz: Quartz, tz: ZoneInfo, at_or_before: datetime) -> datetime | None:
    """The latest fire time <= `at_or_before`, or None if there is none."""
    at_or_before = at_or_before.astimezone(UTC)
    latest_wall = at_or_before.astimezone(tz).replace(tzinfo=None) + _OFFSET_SLACK
    for day in _days(quartz, latest_wall.date(), -1):
        for moment in _times(quartz, reverse=True):
            wall = datetime.combine(day, moment)
            if wall > latest_wall:
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
