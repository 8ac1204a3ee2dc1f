"""Quartz cron expressions, as Databricks' `schedule.quartz_cron_expression` accepts them.

Pure functions: parse an expression into a ``Quartz`` (sets of allowed values plus the day rules),
and ask it whether a wall-clock day or time matches.  Fire times in a time zone are computed in
``fire_times.py``.

Why not croniter: croniter 7 reads day-of-week the Unix way (0/7 = Sunday, so Quartz's `6#3`,
the third *Friday*, becomes the third Saturday), and rejects `LW`, `L-3` and `6L`.  A Quartz
layer over it would have to rewrite every day field and still fall back to our own code for
those, so the whole thing lives here: a parser into value sets, and a day-by-day search.

Syntax (case-insensitive, fields separated by blanks):

    seconds  minutes  hours  day-of-month  month  day-of-week  [year]
    0-59     0-59     0-23   1-31          1-12   1-7 (1=SUN)  1970-2199
                                           JAN-DEC SUN-SAT

- ``*`` every value, ``a-b`` a range (wrapping: ``FRI-MON``, ``22-2``), ``a/n`` or ``*/n`` or
  ``a-b/n`` a step, ``,`` a list of any of these.
- ``?`` "no specific value": exactly one of day-of-month and day-of-week must be ``?``.
- day-of-month: ``L`` the last day, ``L-3`` three days before the last, ``LW`` the last weekday
  (Mon-Fri), ``15W`` the weekday nearest the 15th within the same month.
- day-of-week: ``L`` alone is 7 (SAT); ``6L`` the last Friday of the month; ``6#3`` the third
  Friday (``#1``..``#5``).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date

MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
WEEKDAYS = ("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT")
YEAR_MIN, YEAR_MAX = 1970, 2199


class QuartzError(ValueError):
    """A bad expression; the message names the field and the offending text."""


@dataclass(frozen=True)
class _Field:
    name: str
    low: int
    high: int
    words: tuple[str, ...] = ()  # names standing for low, low+1, ...


SECONDS = _Field("seconds", 0, 59)
MINUTES = _Field("minutes", 0, 59)
HOURS = _Field("hours", 0, 23)
DAY_OF_MONTH = _Field("day-of-month", 1, 31)
MONTH = _Field("month", 1, 12, MONTHS)
DAY_OF_WEEK = _Field("day-of-week", 1, 7, WEEKDAYS)
YEAR = _Field("year", YEAR_MIN, YEAR_MAX)

_STEP = re.compile(r"^(?P<base>[^/]+)(?:/(?P<step>\d+))?$")


@dataclass(frozen=True)
class Quartz:
    """A parsed expression. Day rules: a day matches when its month and year are allowed and
    the one day field that is not ``?`` matches it."""

    expression: str
    seconds: tuple[int, ...]
    minutes: tuple[int, ...]
    hours: tuple[int, ...]
    months: frozenset[int]
    years: frozenset[int] | None  # None: every year
    # day-of-month (None when '?'): plain days, last-day offsets (L, L-3), last weekday, nearest weekdays
    month_days: frozenset[int] | None = None
    last_day_offsets: frozenset[int] = field(default_factory=frozenset)
    last_weekday: bool = False
    nearest_weekdays: frozenset[int] = field(default_factory=frozenset)
    # day-of-week (None when '?'): Quartz numbers 1=SUN..7=SAT, last-of-month, nth-of-month
    week_days: frozenset[int] | None = None
    last_week_days: frozenset[int] = field(default_factory=frozenset)
    nth_week_days: frozenset[tuple[int, int]] = field(default_factory=frozenset)

    @property
    def uses_day_of_month(self) -> bool:
        return self.month_days is not None

    def matches_day(self, day: date) -> bool:
        if day.month not in self.months:
            return False
        if self.years is not None and day.year not in self.years:
            return False
        if self.uses_day_of_month:
            return self._matches_day_of_month(day)
        return self._matches_day_of_week(day)

    def matches_time(self, hour: int, minute: int, second: int) -> bool:
        return hour in self.hours and minute in self.minutes and second in self.seconds

    def _matches_day_of_month(self, day: date) -> bool:
        last = calendar.monthrange(day.year, day.month)[1]
        if day.day in (self.month_days or ()):
            return True
        if any(day.day == last - offset for offset in self.last_day_offsets):
            return True
        if self.last_weekday and day.day == _last_weekday(day.year, day.month):
            return True
        return any(day.day == _nearest_weekday(day.year, day.month, n) for n in self.nearest_weekdays)

    def _matches_day_of_week(self, day: date) -> bool:
        quartz_dow = quartz_weekday(day)
        if quartz_dow in (self.week_days or ()):
            return True
        last = calendar.monthrange(day.year, day.month)[1]
        if quartz_dow in self.last_week_days and day.day + 7 > last:
            return True
        return (quartz_dow, (day.day - 1) // 7 + 1) in self.nth_week_days


def quartz_weekday(day: date) -> int:
    """Quartz numbering of a date's weekday: 1=SUN .. 7=SAT (Python's weekday() is 0=MON)."""
    return (day.weekday() + 1) % 7 + 1


def _last_weekday(year: int, month: int) -> int:
    last = calendar.monthrange(year, month)[1]
    weekday = date(year, month, last).weekday()  # 5=SAT, 6=SUN
    return last - max(0, weekday - 4)


def _nearest_weekday(year: int, month: int, target: int) -> int | None:
    """Quartz `nW`: the Mon-Fri day nearest the target, never leaving the month; None if the
    month is shorter than the target."""
    last = calendar.monthrange(year, month)[1]
    if target > last:
        return None
    weekday = date(year, month, target).weekday()
    if weekday == 5:  # Saturday: the Friday before, or Monday after when the 1st is a Saturday
        return target - 1 if target > 1 else target + 2
    if weekday == 6:  # Sunday: the Monday after, or the Friday before when it is the last day
        return target + 1 if target < last else target - 2
    return target


# -- parsing -----------------------------------------------------------------------------------


def parse(expression: str) -> Quartz:
    """Parse a Quartz cron expression or raise ``QuartzError`` naming the bad field."""
    if not isinstance(expression, str):
        raise QuartzError("must be a string")
    parts = expression.upper().split()
    if len(parts) not in (6, 7):
        raise QuartzError(
            f"must have 6 or 7 fields (seconds minutes hours day-of-month month day-of-week [year]), "
            f"got {len(parts)}"
        )
    dom, dow = parts[3], parts[5]
    if (dom == "?") == (dow == "?"):
        raise QuartzError(
            "must use '?' in exactly one of day-of-month and day-of-week "
            f"(got day-of-month {dom!r}, day-of-week {dow!r})"
        )
    rules: dict = {}
    if dom != "?":
        rules.update(_day_of_month(dom))
    if dow != "?":
        rules.update(_day_of_week(dow))
    return Quartz(
        expression=" ".join(parts),
        seconds=tuple(sorted(_values(parts[0], SECONDS))),
        minutes=tuple(sorted(_values(parts[1], MINUTES))),
        hours=tuple(sorted(_values(parts[2], HOURS))),
        months=frozenset(_values(parts[4], MONTH)),
        years=None if len(parts) == 6 or parts[6] == "*" else frozenset(_values(parts[6], YEAR)),
        **rules,
    )


def _bad(spec: _Field, text: str, why: str = "") -> QuartzError:
    return QuartzError(f"has an invalid {spec.name} field {text!r}{': ' + why if why else ''}")


def _number(token: str, spec: _Field, text: str) -> int:
    if token in spec.words:
        return spec.low + spec.words.index(token)
    if not token.isdigit():
        raise _bad(spec, text, f"{token!r} is not a number{' or name' if spec.words else ''}")
    value = int(token)
    if not spec.low <= value <= spec.high:
        raise _bad(spec, text, f"{value} is outside {spec.low}-{spec.high}")
    return value


def _values(text: str, spec: _Field) -> set[int]:
    """The values a plain field allows: lists of *, numbers, names, ranges and steps."""
    values: set[int] = set()
    for part in text.split(","):
        values |= _part(part, spec, text)
    return values


def _part(part: str, spec: _Field, text: str) -> set[int]:
    match = _STEP.match(part)
    if not match:
        raise _bad(spec, text)
    base, step = match["base"], match["step"]
    increment = int(step) if step is not None else 1
    if increment < 1:
        raise _bad(spec, text, "the step must be at least 1")
    if base == "*":
        start, end = spec.low, spec.high
    elif "-" in base:
        first, _, last = base.partition("-")
        start, end = _number(first, spec, text), _number(last, spec, text)
    else:
        start = _number(base, spec, text)
        end = spec.high if step is not None else start  # Quartz: `5/15` is 5, 20, 35, 50
    span = spec.high - spec.low + 1
    length = (end - start) % span  # a range like 22-2 or FRI-MON wraps around
    return {spec.low + (start - spec.low + offset) % span for offset in range(0, length + 1, increment)}


def _day_of_month(text: str) -> dict:
    plain: set[int] = set()
    offsets: set[int] = set()
    nearest: set[int] = set()
    last_weekday = False
    for part in text.split(","):
        if part == "L":
            offsets.add(0)
        elif part == "LW":
            last_weekday = True
        elif part.startswith("L-"):
            offset = part[2:]
            if not offset.isdigit() or not 1 <= int(offset) <= 30:
                raise _bad(DAY_OF_MONTH, text, "L-n needs n in 1-30")
            offsets.add(int(offset))
        elif part.endswith("W"):
            nearest.add(_number(part[:-1], DAY_OF_MONTH, text))
        else:
            plain |= _part(part, DAY_OF_MONTH, text)
    return {
        "month_days": frozenset(plain),
        "last_day_offsets": frozenset(offsets),
        "last_weekday": last_weekday,
        "nearest_weekdays": frozenset(nearest),
    }


def _day_of_week(text: str) -> dict:
    plain: set[int] = set()
    last: set[int] = set()
    nth: set[tuple[int, int]] = set()
    for part in text.split(","):
        if part == "L":
            plain.add(7)  # Quartz: a lone L in day-of-week is the last day of the week, SAT
        elif part.endswith("L"):
            last.add(_number(part[:-1], DAY_OF_WEEK, text))
        elif "#" in part:
            day, _, which = part.partition("#")
            if not which.isdigit() or not 1 <= int(which) <= 5:
                raise _bad(DAY_OF_WEEK, text, "the number after # must be 1-5")
            nth.add((_number(day, DAY_OF_WEEK, text), int(which)))
        else:
            plain |= _part(part, DAY_OF_WEEK, text)
    return {"week_days": frozenset(plain), "last_week_days": frozenset(last), "nth_week_days": frozenset(nth)}
