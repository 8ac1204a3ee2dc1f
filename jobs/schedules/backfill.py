"""Backfill: one run per interval over a past time range, as Databricks' backfill does.

Each run gets its own values: job parameters may contain ``{{backfill.*}}`` references
(``iso_date``, ``iso_datetime``, ``timestamp_ms``, ``year`` ... the parts of ``{{job.start_time}}``),
resolved per run with that interval's start; tasks can also reference them directly (the run's
``trigger_info.backfill.time``). The runs are started queued (``queue.enabled``), so they respect
the job's max_concurrent_runs and wait their turn instead of being skipped.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction

from jobs.models import Job
from jobs.schedules.fire_times import UNIT_SECONDS
from lakeflow.api.errors import invalid

MAX_BACKFILL_RUNS = 1000


def backfill_times(start: datetime, end: datetime, interval: int, unit: str) -> list[datetime]:
    """Interval starts from `start` (inclusive) to `end` (exclusive)."""
    if unit not in UNIT_SECONDS:
        raise invalid(f"unit must be one of {', '.join(UNIT_SECONDS)}; got {unit!r}.")
    if interval < 1:
        raise invalid("interval must be at least 1.")
    if end <= start:
        raise invalid("end_time must be after start_time.")
    step = timedelta(seconds=interval * UNIT_SECONDS[unit])
    count = int((end - start) / step) + (1 if (end - start) % step else 0)
    if count > MAX_BACKFILL_RUNS:
        raise invalid(f"A backfill starts at most {MAX_BACKFILL_RUNS} runs; this range needs {count}.")
    return [start + i * step for i in range(count)]


def backfill_namespace(moment: datetime) -> dict:
    from runs.references import time_values

    return time_values(moment)


@transaction.atomic
def start_backfill(
    *,
    user,
    job: Job,
    start: datetime,
    end: datetime,
    interval: int = 1,
    unit: str = "DAYS",
    job_parameters: dict[str, str] | None = None,
) -> list:
    from runs.references import UnknownReference, resolve_text
    from runs.services import run_now

    runs = []
    for moment in backfill_times(start, end, interval, unit):
        spaces = {"backfill": backfill_namespace(moment)}
        try:
            values = {k: resolve_text(str(v), spaces) for k, v in (job_parameters or {}).items()}
        except UnknownReference as error:
            raise invalid(f"job_parameters: {error}") from None
        runs.append(
            run_now(
                job=job,
                user=user,
                job_parameters=values or None,
                queue={"enabled": True},
                trigger="ONE_TIME",
                trigger_info={"source": "BACKFILL", "backfill": {"time": moment.isoformat()}},
            )
        )
    return runs
