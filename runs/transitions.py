"""The one place a run or task run changes state: ``transition()`` checks the FROM → TO table,
stamps the times, appends a RunEvent, and publishes the change after commit.

Callers (the orchestrator, services, the worker) hold the JobRun row lock.
"""

from __future__ import annotations

from django.utils import timezone

from lakeflow import realtime
from lakeflow.notifications import hooks as notifications
from runs.api.wire import run_progress, task_run_progress, task_run_wire_id
from runs.choices import JobRunState as R
from runs.choices import TaskRunState as T
from runs.models import JobRun, RunEvent, TaskRun


class IllegalTransition(RuntimeError):
    pass


_T_END = {T.SUCCESS, T.FAILED, T.TIMEDOUT, T.CANCELED, T.INTERNAL_ERROR}
_T_SKIP = {T.UPSTREAM_FAILED, T.UPSTREAM_CANCELED, T.EXCLUDED, T.DISABLED, T.CANCELED}
TASK_TRANSITIONS: dict[str, set[str]] = {
    # waiting for upstream: becomes ready, or is decided not to run
    T.BLOCKED: {T.QUEUED, T.RUNNING, *_T_SKIP, T.INTERNAL_ERROR, T.FAILED},
    # RUNNING is a claim by a worker; FAILED: it could not even start (bad reference, ...)
    T.QUEUED: {T.RUNNING, T.CANCELED, T.FAILED, T.INTERNAL_ERROR, T.TIMEDOUT},
    T.WAITING_FOR_RETRY: {T.QUEUED, T.RUNNING, T.CANCELED, T.TIMEDOUT, T.INTERNAL_ERROR},
    T.RUNNING: _T_END,
    # terminal states are final: a retry or repair is a new attempt row
    **{state: set() for state in (*_T_END, *_T_SKIP)},
}

RUN_TRANSITIONS: dict[str, set[str]] = {
    R.QUEUED: {R.PENDING, R.CANCELED, R.SKIPPED, R.INTERNAL_ERROR},
    R.PENDING: {
        R.RUNNING,
        R.TERMINATING,
        R.CANCELED,
        R.INTERNAL_ERROR,
        R.TIMEDOUT,
        *{R.SUCCESS, R.SUCCESS_WITH_FAILURES, R.FAILED},
    },
    R.RUNNING: {
        R.TERMINATING,
        R.SUCCESS,
        R.SUCCESS_WITH_FAILURES,
        R.FAILED,
        R.TIMEDOUT,
        R.CANCELED,
        R.INTERNAL_ERROR,
    },
    R.TERMINATING: {R.SUCCESS, R.SUCCESS_WITH_FAILURES, R.FAILED, R.TIMEDOUT, R.CANCELED, R.INTERNAL_ERROR},
    # a finished run only moves again through a repair, which runs inside it
    **{
        state: {R.RUNNING}
        for state in (R.SUCCESS, R.SUCCESS_WITH_FAILURES, R.FAILED, R.TIMEDOUT, R.CANCELED, R.INTERNAL_ERROR)
    },
    R.SKIPPED: set(),
}

_RUN_STARTED = {R.RUNNING}
_TASK_STARTED = {T.RUNNING}


def _job_id_of(task_run: TaskRun) -> int | None:
    """The run's job without loading the run (its settings can be large) when it is not at hand."""
    if TaskRun.job_run.is_cached(task_run):
        return task_run.job_run.job_id
    return JobRun.objects.filter(pk=task_run.job_run_id).values_list("job_id", flat=True).first()


def transition_task(
    task_run: TaskRun, to: str, *, message: str = "", fields: dict | None = None, now=None
) -> TaskRun:
    """Move one task run to ``to`` (saving ``fields`` with it) and log the event."""
    now = now or timezone.now()
    frm = task_run.state
    if to not in TASK_TRANSITIONS[frm]:
        raise IllegalTransition(f"task run {task_run.pk} ({task_run.task_key}): {frm} -> {to}")
    task_run.state = to
    update = {"state"}
    if message or to in T.values:
        task_run.state_message = message
        update.add("state_message")
    if to == T.QUEUED:
        task_run.queued_at = now
        update.add("queued_at")
    if to in _TASK_STARTED and task_run.start_time is None:
        task_run.start_time = now
        update.add("start_time")
    if to not in (T.BLOCKED, T.QUEUED, T.WAITING_FOR_RETRY, T.RUNNING):
        task_run.end_time = now
        update.add("end_time")
    for name, value in (fields or {}).items():
        setattr(task_run, name, value)
        update.add(name)
    task_run.save(update_fields=sorted(update))
    _record_and_publish(task_run, frm, message, now)
    notifications.on_task_transition(task_run, frm, to)  # email/webhook alerts after commit (issue 9)
    return task_run


def announce_attempt(task_run: TaskRun, *, message: str = "", now=None) -> None:
    """A retry attempt is created in its first state (WAITING_FOR_RETRY) rather than moved into
    it: log and publish it as a transition would, so an open run page shows 'Retrying' at once
    instead of at its next REST read."""
    _record_and_publish(task_run, "", message, now or timezone.now())


def _record_and_publish(task_run: TaskRun, frm: str, message: str, now) -> None:
    RunEvent.objects.create(
        job_run_id=task_run.job_run_id,
        task_run=task_run,
        task_key=task_run.task_key,
        from_state=frm,
        to_state=task_run.state,
        message=message,
        at=now,
    )
    progress = task_run_progress(task_run)
    payload = {
        "type": "task_run.state",
        "run_id": task_run.job_run_id,
        "task_run_id": task_run_wire_id(task_run.pk),  # the id the REST API shows
        "task_key": task_run.task_key,
        "state": task_run.state,  # internal (TaskRunState); the REST task's `state` object is `wire_state`
        "wire_state": progress["state"],
        "status": progress["status"],
        "attempt_number": progress["attempt_number"],
        "start_time": progress["start_time"],
        "end_time": progress["end_time"],
    }
    realtime.publish(f"run-{task_run.job_run_id}", payload)
    if task_run.parent_task_run_id is None and (job_id := _job_id_of(task_run)):
        realtime.publish(f"job-{job_id}", payload)  # the job page's matrix shows tasks, not iterations


def transition_run(
    run: JobRun, to: str, *, message: str = "", fields: dict | None = None, now=None
) -> JobRun:
    """Move a run to ``to`` and log the event."""
    now = now or timezone.now()
    frm = run.state
    if to not in RUN_TRANSITIONS[frm]:
        raise IllegalTransition(f"run {run.pk}: {frm} -> {to}")
    run.state = to
    run.state_message = message
    update = {"state", "state_message"}
    if to in _RUN_STARTED and run.start_time is None:
        run.start_time = now
        update.add("start_time")
    if to in _RUN_STARTED:
        run.end_time = None
        update.add("end_time")
    if to not in (R.QUEUED, R.PENDING, R.RUNNING, R.TERMINATING):
        run.end_time = now
        update.add("end_time")
    for name, value in (fields or {}).items():
        setattr(run, name, value)
        update.add(name)
    run.save(update_fields=sorted(update))
    RunEvent.objects.create(job_run=run, from_state=frm, to_state=to, message=message, at=now)
    progress = run_progress(run)
    payload = {
        "type": "run.state",
        "run_id": run.pk,
        "job_id": run.job_id,
        "state": to,  # internal (JobRunState); the REST run's `state` object is `wire_state`
        "wire_state": progress["state"],
        "status": progress["status"],
        "end_time": progress["end_time"],
    }
    realtime.publish(f"run-{run.pk}", payload)
    if run.job_id:
        realtime.publish(f"job-{run.job_id}", payload)
    notifications.on_run_transition(run, frm, to)  # alerts and the duration check, after commit (issue 9)
    return run
