"""Health rules: ``health.rules: [{metric: RUN_DURATION_SECONDS, op: GREATER_THAN, value: n}]``,
on a job (the whole run) or on a task (each of its task runs, as Databricks' ``Task.health``).

When a run or a task run starts, a Celery task is scheduled for start + n seconds
(``schedule_duration_check``); the reconciler calls ``check_due_runs`` as a safety net for a lost
message. Either way the warning fires once per run, and once per task of a run (a unique
DurationWarning row), only while the run or task run is still active: it is recorded on the run
(the row, a RunEvent the run page shows, a websocket event) and notified through the job's or the
task's ``on_duration_warning_threshold_exceeded``.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from lakeflow import realtime
from runs.choices import RUN_ACTIVE, Queue, TaskRunState
from runs.models import JobRun, RunEvent, TaskRun

log = logging.getLogger(__name__)

METRIC = "RUN_DURATION_SECONDS"
EVENT = "on_duration_warning_threshold_exceeded"
WARNING_STATE = "DURATION_WARNING"  # RunEvent.to_state of the warning (not a run state)


def duration_threshold(settings: dict) -> int | None:
    """The smallest RUN_DURATION_SECONDS GREATER_THAN value of the settings' health rules."""
    values = [
        int(rule["value"])
        for rule in (settings.get("health") or {}).get("rules") or []
        if rule.get("metric") == METRIC and rule.get("op") == "GREATER_THAN" and rule.get("value") is not None
    ]
    return min(values) if values else None


def schedule_duration_check(run: JobRun, task_run: TaskRun | None = None) -> None:
    """At run or task-run start (inside the engine's transaction): check again once the
    threshold passes."""
    settings = task_run.task_settings if task_run else run.settings or {}
    threshold = duration_threshold(settings)
    if threshold is None:
        return
    args = (run.pk, task_run.pk if task_run else None)

    def send() -> None:
        from lakeflow.notifications.tasks import check_run_duration

        try:
            check_run_duration.apply_async(args, queue=Queue.CONTROL.value, countdown=threshold)
        except Exception:
            log.warning("could not schedule the duration check of run %s (task run %s)", *args, exc_info=True)

    transaction.on_commit(send)


def check_run(run_id: int, *, now=None) -> bool:
    """Fire the duration warning of a run if it is due; True when it fired now."""
    now = now or timezone.now()
    run = JobRun.objects.filter(pk=run_id).first()
    if run is None or run.state not in RUN_ACTIVE or run.start_time is None:
        return False
    return _fire_if_due(run, None, run.settings or {}, run.start_time, now)


def check_task_run(task_run_id: int, *, now=None) -> bool:
    """Fire the duration warning of a task run (its task's health rule) if it is due."""
    now = now or timezone.now()
    task_run = TaskRun.objects.select_related("job_run").filter(pk=task_run_id).first()
    if task_run is None or task_run.state != TaskRunState.RUNNING or task_run.start_time is None:
        return False
    if task_run.parent_task_run_id is not None:
        return False  # a for_each iteration: the for_each task's own rule covers it
    return _fire_if_due(task_run.job_run, task_run, task_run.task_settings, task_run.start_time, now)


def _fire_if_due(run: JobRun, task_run: TaskRun | None, settings: dict, start, now) -> bool:
    from lakeflow.notifications.models import DurationWarning

    threshold = duration_threshold(settings)
    if threshold is None:
        return False
    if now - start <= timedelta(seconds=threshold):
        return False  # early (clock skew): the reconciler comes back
    what, task_key = (f"Task {task_run.task_key}", task_run.task_key) if task_run else ("The run", "")
    try:
        with transaction.atomic():
            DurationWarning.objects.create(
                job_run=run, task_key=task_key, threshold_seconds=threshold, fired_at=now
            )
            message = (
                f"{what} has been running for more than {threshold} seconds "
                f"(health rule {METRIC} > {threshold})."
            )
            state = task_run.state if task_run else run.state
            RunEvent.objects.create(
                job_run=run,
                task_run=task_run,
                task_key=task_key,
                from_state=state,
                to_state=WARNING_STATE,
                message=message,
                at=now,
            )
            event = {"type": "run.duration_warning", "run_id": run.pk, "threshold_seconds": threshold}
            realtime.publish(f"run-{run.pk}", {**event, "task_key": task_key} if task_run else event)
            from lakeflow.notifications.hooks import queue_notify, wanted

            if wanted(settings, EVENT):
                queue_notify(run.pk, EVENT, task_run_id=task_run.pk if task_run else None, state=state)
    except IntegrityError:
        return False  # fired already (the eta task and the reconciler raced)
    return True


def check_due_runs(*, now=None) -> int:
    """The reconciler's safety net: fire every due warning a lost message did not."""
    from lakeflow.notifications.models import DurationWarning

    now = now or timezone.now()
    fired = 0
    warned = DurationWarning.objects.filter(task_key="").values("job_run_id")
    for run_id, settings in (
        JobRun.objects.filter(state__in=RUN_ACTIVE, start_time__isnull=False)
        .exclude(pk__in=warned)
        .filter(settings__has_key="health")
        .values_list("pk", "settings")
    ):
        if duration_threshold(settings or {}) is not None:
            fired += check_run(run_id, now=now)
    return fired + _check_due_task_runs(now)


def _check_due_task_runs(now) -> int:
    """Running task runs whose task has a duration rule and has not warned yet."""
    from lakeflow.notifications.models import DurationWarning

    running = list(
        TaskRun.objects.filter(
            state=TaskRunState.RUNNING, parent_task_run__isnull=True, start_time__isnull=False
        ).values_list("pk", "job_run_id", "task_key")
    )
    if not running:
        return 0
    run_ids = {run_id for _, run_id, _ in running}
    warned = set(
        DurationWarning.objects.filter(job_run_id__in=run_ids)
        .exclude(task_key="")
        .values_list("job_run_id", "task_key")
    )
    # Each run's settings once, however many of its tasks run.
    tasks = {
        (run_id, task.get("task_key")): task
        for run_id, settings in JobRun.objects.filter(pk__in=run_ids).values_list("pk", "settings")
        for task in (settings or {}).get("tasks") or []
        if task.get("health")
    }
    fired = 0
    for pk, run_id, task_key in running:
        if (run_id, task_key) in tasks and (run_id, task_key) not in warned:
            fired += check_task_run(pk, now=now)
    return fired
