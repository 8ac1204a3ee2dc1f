"""continuous: always one run. A new run starts as soon as the previous one ends; after failed
runs it waits base * 2^(failures-1) seconds (LAKEFLOW_CONTINUOUS_BACKOFF_SECONDS, at most
LAKEFLOW_CONTINUOUS_BACKOFF_MAX_SECONDS) since the last one ended, so a broken job does not spin.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings

CHECK_AFTER_BASELINE = True  # unpausing a continuous job starts a run right away
FAILED = ("FAILED", "TIMEDOUT", "INTERNAL_ERROR")


def observe(config: dict) -> None:
    return None  # nothing outside the database: the check reads runs under the lock


def baseline(job, state, now: datetime, observed: None) -> None:
    state.state = {}


def backoff(failures: int) -> timedelta:
    if failures == 0:
        return timedelta(0)
    base = settings.LAKEFLOW_CONTINUOUS_BACKOFF_SECONDS
    return timedelta(
        seconds=min(base * 2 ** (failures - 1), settings.LAKEFLOW_CONTINUOUS_BACKOFF_MAX_SECONDS)
    )


def check(job, state, now: datetime, observed: None) -> list:
    from jobs.schedules.services import Fire
    from runs.choices import RUN_ACTIVE
    from runs.models import JobRun

    runs = JobRun.objects.filter(job=job)
    if runs.filter(state__in=RUN_ACTIVE).exists():
        return []
    recent = list(runs.order_by("-created_at", "-id").values_list("state", "end_time")[:12])
    failures = 0
    for run_state, _ in recent:
        if run_state not in FAILED:
            break
        failures += 1
    state.state = {"consecutive_failures": failures}
    if recent and recent[0][1] and now - recent[0][1] < backoff(failures):
        return []
    return [Fire("CONTINUOUS")]
