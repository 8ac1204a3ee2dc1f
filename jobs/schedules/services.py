"""What the scheduler and triggers do: fire a scheduled run exactly once, check an event trigger,
start a webhook run, start a backfill. Keyword-only functions in transactions, called by the
Celery tasks in ``jobs/tasks.py``, the API views and tests.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from jobs.models import Job
from jobs.schedules.models import FireClaim, TriggerState
from jobs.schedules.plans import parse_time, plan_of
from jobs.schedules.sync import entry_name, specs_for

logger = logging.getLogger(__name__)
# A fire message may arrive a little before its instant (clock skew between machines).
EARLY_TOLERANCE = timedelta(seconds=2)


@dataclass
class Fire:
    """A run an event trigger asks for."""

    trigger: str
    trigger_info: dict = field(default_factory=dict)
    job_parameters: dict[str, str] | None = None


def start_run(job: Job, fire: Fire):
    from runs.services import run_now

    return run_now(
        job=job,
        user=job.effective_run_as,
        job_parameters=fire.job_parameters,
        trigger=fire.trigger,
        trigger_info=fire.trigger_info or None,
    )


# -- time-based fires ----------------------------------------------------------------------------


def _slot_of(kind: str) -> str:
    return "schedule" if kind == "cron" else "trigger"


def fire_schedule(*, job_id: int, schedule: dict, fire_time: str):
    """Start the run of one scheduled fire (see ``fire_schedules``); None if it is not started."""
    return _fire(_Batch([job_id]), job_id=job_id, schedule=schedule, fire_time=fire_time)


def fire_schedules(fires: list[dict]) -> list:
    """Start the runs of a batch of fires (one beat message, ``{job_id, schedule, fire_time}``
    each): the beat rows and jobs are read once for the batch, then each fire is claimed and
    started in its own transaction, so one failing fire (a job without tasks) loses no other."""
    batch = _Batch([fire["job_id"] for fire in fires])
    runs = []
    for fire in fires:
        try:
            runs.append(_fire(batch, **fire))
        except Exception:
            logger.exception("Fire %s of job %s failed", fire.get("fire_time"), fire.get("job_id"))
            runs.append(None)
    return runs


class _Batch:
    """What the fires of one message share: the live beat rows and the jobs, read in two queries."""

    def __init__(self, job_ids: list[int]) -> None:
        names = [entry_name(job_id, slot) for job_id in job_ids for slot in ("schedule", "trigger")]
        self.live = dict(
            PeriodicTask.objects.filter(name__in=names, enabled=True).values_list("name", "kwargs")
        )
        self.jobs = Job.objects.select_related("owner", "run_as").in_bulk(set(job_ids))


def _fire(batch: _Batch, *, job_id: int, schedule: dict, fire_time: str):
    """Start the run of one scheduled fire, unless another scheduler (or a duplicate message)
    already did, the schedule changed or was paused since the message was sent, or the fire is
    closer than LAKEFLOW_SCHEDULE_MIN_INTERVAL_SECONDS to the job's previous one.

    1. the message must match the live beat row (same schedule, enabled) and be a real fire time;
    2. the fire is claimed by inserting (job, fire_time): the unique constraint picks one winner;
    3. the winner starts the run in the same transaction.
    """
    instant = parse_time(fire_time)
    live = batch.live.get(entry_name(job_id, _slot_of(schedule.get("kind", ""))))
    if live is None or json.loads(live).get("schedule") != schedule:
        logger.info("Dropping stale fire of job %s at %s", job_id, fire_time)
        return None
    plan = plan_of(schedule)
    if plan is None or not plan.is_fire_time(instant) or instant > timezone.now() + EARLY_TOLERANCE:
        return None
    gap = timedelta(seconds=settings.LAKEFLOW_SCHEDULE_MIN_INTERVAL_SECONDS)
    if (
        gap
        and FireClaim.objects.filter(
            job_id=job_id, fire_time__gt=instant - gap, fire_time__lt=instant + gap
        ).exists()
    ):
        return None
    job = batch.jobs.get(job_id)
    if job is None:
        return None
    once = schedule["kind"] == "once"
    try:
        with transaction.atomic():
            claim = FireClaim.objects.create(job=job, fire_time=instant, source=schedule["kind"])
            trigger = (
                Fire("ONE_TIME", {"source": "RUN_ONCE", "scheduled_time": fire_time})
                if once
                else Fire("PERIODIC")
            )
            run = start_run(job, trigger)
            claim.run_id = run.pk
            claim.save(update_fields=["run_id"])
    except IntegrityError:
        return None  # another scheduler fired it
    return run


# -- event triggers ------------------------------------------------------------------------------


def _trigger_module(kind: str):
    from jobs.schedules.triggers import continuous, file_arrival, job_completion, table_update

    return {
        "file_arrival": file_arrival,
        "table_update": table_update,
        "table": table_update,
        "job_completion": job_completion,
        "continuous": continuous,
    }[kind]


def _locked_state(job: Job, kind: str) -> TriggerState:
    TriggerState.objects.get_or_create(job=job, kind=kind)
    return TriggerState.objects.select_for_update().get(job=job, kind=kind)


def check_triggers(*, job_id: int, now: datetime | None = None) -> list:
    """Check a job's event trigger and continuous setting; start the runs they ask for.

    1. observe what the trigger watches (walk a directory, hash tables) with no lock held: slow
       I/O inside the transaction would stall every writer (SQLite takes its write lock at BEGIN);
    2. lock the job's TriggerState row, compare the observation with it, start runs, save.

    The lock serializes concurrent checks (two schedulers, or a run-end hook racing the poll). An
    observation taken before the one the state already holds is dropped, not compared: an older
    table signature would look like a change, and the next poll observes again anyway.
    """
    now = now or timezone.now()
    started = []
    job = Job.objects.filter(pk=job_id).first()
    if job is None:
        return started
    for slot, spec in specs_for(job).items():
        if slot == "schedule" or spec["kind"] in ("interval", "once") or spec["paused"]:
            continue
        module = _trigger_module(spec["kind"])
        config = (job.trigger or {}).get(spec["kind"]) if slot == "trigger" else job.continuous
        observed_at = timezone.now()
        observed = module.observe(config)
        with transaction.atomic():
            state = _locked_state(job, spec["kind"])
            if state.config != config:
                # A new or changed trigger starts from what exists now: no run for old events.
                state.config, state.state, state.last_triggered_at = config, {}, None
                state.observed_at = observed_at
                module.baseline(job, state, now, observed)
                if not module.CHECK_AFTER_BASELINE:
                    state.save()
                    continue
            elif state.observed_at and state.observed_at > observed_at:
                continue  # another check saw something newer meanwhile
            state.observed_at = observed_at
            fires = module.check(job, state, now, observed)
            for fire in fires:
                state.last_triggered_at = now
                started.append(start_run(job, fire))
            state.save()
    return started


def on_run_finished(run) -> None:
    """Called when a job run ends: continuous jobs restart now, job-completion triggers of
    other jobs are checked now (the periodic check is the safety net for both)."""
    from jobs.tasks import check_job_triggers
    from runs.choices import Queue

    job_ids = set()
    if run.job_id and run.job and run.job.continuous:
        job_ids.add(run.job_id)
    if run.job_id:
        from jobs.schedules.triggers.job_completion import monitored_job_ids

        for job_id, trigger in Job.objects.filter(trigger__has_key="job_completion").values_list(
            "id", "trigger"
        ):
            if str(run.job_id) in monitored_job_ids(trigger.get("job_completion") or {}):
                job_ids.add(job_id)
    for job_id in job_ids:
        transaction.on_commit(
            lambda j=job_id: check_job_triggers.apply_async(args=[j], queue=Queue.CONTROL.value)
        )
