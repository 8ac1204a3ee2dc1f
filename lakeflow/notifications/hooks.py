"""What the engine calls on every state change (runs.transitions): decide which notification
events a change raises, and queue them for after commit. Cheap when a job has no notifications:
only its settings snapshot is read. Never raises: a notification problem must not fail a run.
"""

from __future__ import annotations

import logging

from django.db import transaction

from lakeflow.notifications.choices import Event
from runs.choices import JobRunState as R
from runs.choices import Queue
from runs.choices import TaskRunState as T

log = logging.getLogger(__name__)

_RUN_FAILURE = {R.FAILED, R.TIMEDOUT, R.INTERNAL_ERROR}
_TASK_FAILURE = {T.FAILED, T.TIMEDOUT, T.INTERNAL_ERROR}


def wanted(settings: dict, event: str) -> bool:
    """Whether ``settings`` (a job or a task) names any recipient for ``event``."""
    return bool((settings.get("email_notifications") or {}).get(event)) or bool(
        (settings.get("webhook_notifications") or {}).get(event)
    )


def _flags(settings: dict) -> dict:
    flags = dict(settings.get("notification_settings") or {})
    if (settings.get("email_notifications") or {}).get("no_alert_for_skipped_runs"):
        flags["no_alert_for_skipped_runs"] = True  # the older place of this flag
    return flags


def run_event(frm: str, to: str, settings: dict) -> str | None:
    flags = _flags(settings)
    if to == R.RUNNING and frm in (R.PENDING, R.QUEUED):
        return Event.ON_START
    if to in (R.SUCCESS, R.SUCCESS_WITH_FAILURES):
        return Event.ON_SUCCESS
    if to in _RUN_FAILURE:
        return Event.ON_FAILURE
    if to == R.CANCELED and not flags.get("no_alert_for_canceled_runs"):
        return Event.ON_FAILURE
    if to == R.SKIPPED and not flags.get("no_alert_for_skipped_runs"):
        return Event.ON_FAILURE
    return None


def task_event(
    frm: str, to: str, settings: dict, *, attempt_number: int, run_settings: dict, run_stopping: bool = False
) -> str | None:
    flags = {**_flags(run_settings), **_flags(settings)}
    last_only = bool(flags.get("alert_on_last_attempt"))
    if to == T.RUNNING:
        return None if last_only and attempt_number > 0 else Event.ON_START
    if to == T.SUCCESS:
        return Event.ON_SUCCESS
    if to in _TASK_FAILURE:
        if not last_only:
            return Event.ON_FAILURE
        # The engine's own retry rule says whether another attempt follows (timeouts retry only
        # with retry_on_timeout; nothing retries while the run stops).
        from runs.rules import node_from_settings, retry_decision

        node = node_from_settings(settings)
        retry = retry_decision(node, attempt_number=attempt_number, state=to, run_stopping=run_stopping)
        return None if retry is not None else Event.ON_FAILURE
    if to == T.CANCELED and not flags.get("no_alert_for_canceled_runs"):
        return Event.ON_FAILURE
    return None


def queue_notify(run_id: int, event: str, *, task_run_id: int | None = None, state: str = "") -> None:
    def send() -> None:
        from lakeflow.notifications.tasks import notify

        try:
            notify.apply_async((run_id, event, task_run_id, state), queue=Queue.CONTROL.value)
        except Exception:
            log.warning("could not queue the %s notification of run %s", event, run_id, exc_info=True)

    transaction.on_commit(send)


def on_run_transition(run, frm: str, to: str) -> None:
    try:
        settings = run.settings or {}
        if to == R.RUNNING and frm in (R.PENDING, R.QUEUED):
            from runs.health import schedule_duration_check

            schedule_duration_check(run)
        event = run_event(frm, to, settings)
        if event and wanted(settings, event):
            queue_notify(run.pk, event, state=to)
    except Exception:
        log.warning("notifications of run %s failed", getattr(run, "pk", None), exc_info=True)


def on_task_transition(task_run, frm: str, to: str) -> None:
    try:
        if task_run.parent_task_run_id:
            return  # for_each iterations: the parent task reports
        settings = task_run.task_settings
        run = task_run.job_run
        if to == T.RUNNING:
            from runs.health import schedule_duration_check

            schedule_duration_check(run, task_run)  # the task's own health rule
        if not (settings.get("email_notifications") or settings.get("webhook_notifications")):
            return
        attempt = task_run.attempt_number
        if {**_flags(run.settings or {}), **_flags(settings)}.get("alert_on_last_attempt"):
            # Retries count afresh in each repair, as the engine's retry rule counts them.
            from runs.orchestrator import attempts_used

            attempt = attempts_used(task_run)
        event = task_event(
            frm,
            to,
            settings,
            attempt_number=attempt,
            run_settings=run.settings or {},
            run_stopping=bool(run.stop_reason),
        )
        if event and wanted(settings, event):
            queue_notify(task_run.job_run_id, event, task_run_id=task_run.pk, state=to)
    except Exception:
        log.warning("notifications of task run %s failed", getattr(task_run, "pk", None), exc_info=True)
