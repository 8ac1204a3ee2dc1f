"""Health rules: ``health.rules: [{metric: RUN_DURATION_SECONDS, op: GREATER_THAN, value: n}]``.

When a run starts, a Celery task is scheduled for start + n seconds (``schedule_duration_check``);
the reconciler calls ``check_due_runs`` as a safety net for a lost message. Either way the warning
fires once per run (a unique DurationWarning row), only while the run is still active: it is
recorded on the run (the row, a RunEvent the run page shows, a websocket event) and notified
through ``on_duration_warning_threshold_exceeded``.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from lakeflow import realtime
from runs.choices import RUN_ACTIVE, Queue
from runs.models import JobRun, RunEvent

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


def schedule_duration_check(run: JobRun) -> None:
    """At run start (inside the engine's transaction): check again once the threshold passes."""
    threshold = duration_threshold(run.settings or {})
    if threshold is None:
        return
    run_id = run.pk

    def send() -> None:
        from lakeflow.notifications.tasks import check_run_duration

        try:
            check_run_duration.apply_async((run_id,), queue=Queue.CONTROL.value, countdown=threshold)
        except Exception:
            log.warning("could not schedule the duration check of run %s", run_id, exc_info=True)

    transaction.on_commit(send)


def check_run(run_id: int, *, now=None) -> bool:
    """Fire the duration warning of a run if it is due; True when it fired now."""
    from lakeflow.notifications.models import DurationWarning

    now = now or timezone.now()
    run = JobRun.objects.filter(pk=run_id).first()
    if run is None or run.state not in RUN_ACTIVE or run.start_time is None:
        return False
    threshold = duration_threshold(run.settings or {})
    if threshold is None:
        return False
    if now - run.start_time <= timedelta(seconds=threshold):
        return False  # early (clock skew): the reconciler comes back
    try:
        with transaction.atomic():
            DurationWarning.objects.create(job_run=run, threshold_seconds=threshold, fired_at=now)
            message = (
                f"The run has been running for more than {threshold} seconds "
                f"(health rule {METRIC} > {threshold})."
            )
            RunEvent.objects.create(
                job_run=run, from_state=run.state, to_state=WARNING_STATE, message=message, at=now
            )
            realtime.publish(
                f"run-{run.pk}",
                {"type": "run.duration_warning", "run_id": run.pk, "threshold_seconds": threshold},
            )
            from lakeflow.notifications.hooks import queue_notify, wanted

            if wanted(run.settings or {}, EVENT):
                queue_notify(run.pk, EVENT, state=run.state)
    except IntegrityError:
        return False  # fired already (the eta task and the reconciler raced)
    return True


def check_due_runs(*, now=None) -> int:
    """The reconciler's safety net: fire every due warning a lost message did not."""
    from lakeflow.notifications.models import DurationWarning

    now = now or timezone.now()
    fired = 0
    warned = DurationWarning.objects.values("job_run_id")
    for run_id, settings in (
        JobRun.objects.filter(state__in=RUN_ACTIVE, start_time__isnull=False)
        .exclude(pk__in=warned)
        .filter(settings__has_key="health")
        .values_list("pk", "settings")
    ):
        if duration_threshold(settings or {}) is not None:
            fired += check_run(run_id, now=now)
    return fired
