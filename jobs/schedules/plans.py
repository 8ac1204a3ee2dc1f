"""A job's time-based firing plan, built from the spec ``sync.spec_for(job)`` derives from its
settings: a Quartz cron in a time zone, a fixed interval from an anchor, or one instant.

The same object answers the scheduler (what is due now, when next) and the fire task (is this
instant really one of the job's fire times, or a stale message from before an edit).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from jobs.schedules import fire_times
from jobs.schedules.quartz import Quartz, parse


class Plan(Protocol):
    def previous(self, at_or_before: datetime) -> datetime | None: ...
    def next_after(self, after: datetime) -> datetime | None: ...
    def is_fire_time(self, instant: datetime) -> bool: ...


@dataclass(frozen=True)
class CronPlan:
    quartz: Quartz
    timezone_id: str

    def previous(self, at_or_before: datetime) -> datetime | None:
        return fire_times.previous_fire_time(self.quartz, fire_times.zone(self.timezone_id), at_or_before)

    def next_after(self, after: datetime) -> datetime | None:
        return next(fire_times.iter_fire_times(self.quartz, fire_times.zone(self.timezone_id), after), None)

    def is_fire_time(self, instant: datetime) -> bool:
        return fire_times.is_fire_time(self.quartz, fire_times.zone(self.timezone_id), instant)


@dataclass(frozen=True)
class IntervalPlan:
    anchor: datetime
    every_seconds: int

    def previous(self, at_or_before: datetime) -> datetime | None:
        return fire_times.interval_previous(self.anchor, self.every_seconds, at_or_before)

    def next_after(self, after: datetime) -> datetime | None:
        return fire_times.interval_next(self.anchor, self.every_seconds, after, 1)[0]

    def is_fire_time(self, instant: datetime) -> bool:
        return fire_times.is_interval_fire_time(self.anchor, self.every_seconds, instant)


@dataclass(frozen=True)
class OncePlan:
    at: datetime

    def previous(self, at_or_before: datetime) -> datetime | None:
        return self.at if self.at <= at_or_before else None

    def next_after(self, after: datetime) -> datetime | None:
        return self.at if self.at > after else None

    def is_fire_time(self, instant: datetime) -> bool:
        return instant == self.at


def parse_time(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def plan_of(spec: dict) -> Plan | None:
    """The plan of a time-based spec (kind cron / interval / once); None for event triggers."""
    kind = spec.get("kind")
    if kind == "cron":
        return CronPlan(parse(spec["quartz_cron_expression"]), spec["timezone_id"])
    if kind == "interval":
        return IntervalPlan(parse_time(spec["anchor"]), int(spec["every_seconds"]))
    if kind == "once":
        return OncePlan(parse_time(spec["at"]))
    return None
