"""States and enums of runs. Internally one state per TaskRun and one per JobRun; the Databricks
wire values (life_cycle_state + result_state + the newer ``status`` object) are derived from them
in one place: ``TASK_WIRE`` / ``RUN_WIRE`` below.
"""

from __future__ import annotations

from django.db import models


class TaskRunState(models.TextChoices):
    """One attempt of one task. An attempt that will be retried ends FAILED/TIMEDOUT and a new
    attempt row starts in WAITING_FOR_RETRY."""

    BLOCKED = "BLOCKED"  # created with the run; waits for its upstream tasks
    QUEUED = "QUEUED"  # ready; a message asks a worker to execute it, no worker claimed it yet
    WAITING_FOR_RETRY = "WAITING_FOR_RETRY"  # a retry attempt waiting out min_retry_interval_millis
    RUNNING = "RUNNING"  # claimed by a worker, which heartbeats while the child process runs
    SUCCESS = "SUCCESS"  # the task's code succeeded
    FAILED = "FAILED"  # the task's code failed (non-zero exit, exception, lost worker)
    TIMEDOUT = "TIMEDOUT"  # stopped by the task's or the job's timeout_seconds
    CANCELED = "CANCELED"  # stopped (or never started) because the run was cancelled
    UPSTREAM_FAILED = "UPSTREAM_FAILED"  # not run: its run_if cannot hold after an upstream failure
    UPSTREAM_CANCELED = "UPSTREAM_CANCELED"  # not run: an upstream task was cancelled
    EXCLUDED = "EXCLUDED"  # not run: left out by `only`, or on the branch a condition did not take
    DISABLED = "DISABLED"  # not run: the task is disabled in the job settings
    INTERNAL_ERROR = "INTERNAL_ERROR"  # Lakeflow could not run it (our fault, not the user code's)


class JobRunState(models.TextChoices):
    """One run of a job (or of a runs/submit payload)."""

    QUEUED = "QUEUED"  # waits for a max_concurrent_runs slot (job queueing on)
    PENDING = "PENDING"  # created, its first tasks not yet dispatched
    RUNNING = "RUNNING"  # at least one task was dispatched; tasks are being executed
    TERMINATING = "TERMINATING"  # cancel or job timeout asked running tasks to stop
    SUCCESS = "SUCCESS"  # every task succeeded (or was excluded/disabled)
    SUCCESS_WITH_FAILURES = "SUCCESS_WITH_FAILURES"  # some tasks failed, every leaf succeeded
    FAILED = "FAILED"  # a leaf task did not succeed
    TIMEDOUT = "TIMEDOUT"  # the job's timeout_seconds elapsed (or every failing leaf timed out)
    CANCELED = "CANCELED"  # cancelled by a user (runs/cancel, cancel-all)
    SKIPPED = "SKIPPED"  # never started: max_concurrent_runs reached with queueing off
    INTERNAL_ERROR = "INTERNAL_ERROR"  # Lakeflow could not run it


TASK_ACTIVE = frozenset(
    {TaskRunState.BLOCKED, TaskRunState.QUEUED, TaskRunState.WAITING_FOR_RETRY, TaskRunState.RUNNING}
)
TASK_TERMINAL = frozenset(set(TaskRunState) - TASK_ACTIVE)
# How a finished upstream task counts for run_if (rules.py).
TASK_SUCCEEDED = frozenset({TaskRunState.SUCCESS})
TASK_FAILED = frozenset(
    {TaskRunState.FAILED, TaskRunState.TIMEDOUT, TaskRunState.INTERNAL_ERROR, TaskRunState.UPSTREAM_FAILED}
)
TASK_CANCELED = frozenset({TaskRunState.CANCELED, TaskRunState.UPSTREAM_CANCELED})
TASK_NOT_RUN = frozenset({TaskRunState.EXCLUDED, TaskRunState.DISABLED})

RUN_ACTIVE = frozenset(
    {JobRunState.QUEUED, JobRunState.PENDING, JobRunState.RUNNING, JobRunState.TERMINATING}
)
# Runs that hold a max_concurrent_runs slot.
RUN_OCCUPYING = frozenset({JobRunState.PENDING, JobRunState.RUNNING, JobRunState.TERMINATING})
RUN_TERMINAL = frozenset(set(JobRunState) - RUN_ACTIVE)


class RunType(models.TextChoices):
    JOB_RUN = "JOB_RUN"  # a run of a saved job (run-now, schedule, trigger, run_job_task)
    SUBMIT_RUN = "SUBMIT_RUN"  # a one-time run of inline settings (runs/submit)
    WORKFLOW_RUN = "WORKFLOW_RUN"  # a notebook workflow run (dbutils.notebook.run); unused


class TriggerType(models.TextChoices):
    ONE_TIME = "ONE_TIME"  # manual, API and webhook runs
    PERIODIC = "PERIODIC"  # a cron or interval schedule
    FILE_ARRIVAL = "FILE_ARRIVAL"  # a file arrival trigger
    TABLE = "TABLE"  # a table update trigger
    CONTINUOUS = "CONTINUOUS"  # a continuous job
    CONTINUOUS_RESTART = "CONTINUOUS_RESTART"  # a continuous job restarted after a failure
    RETRY = "RETRY"  # a run-level retry
    RUN_JOB_TASK = "RUN_JOB_TASK"  # started by another job's run_job_task
    JOB_COMPLETION = "JOB_COMPLETION"  # started when another job completed


class Queue(models.TextChoices):
    """Celery queues. Every dispatch goes through runs.dispatch.queue_for()."""

    SERVERLESS = "lakeflow.serverless"  # the shared default pool (embedded worker threads)
    CONTROL = "lakeflow.control"  # engine housekeeping: reconciler ticks


class TerminationCode(models.TextChoices):
    """status.termination_details.code values we use (a subset of Databricks')."""

    SUCCESS = "SUCCESS"
    SUCCESS_WITH_FAILURES = "SUCCESS_WITH_FAILURES"
    RUN_EXECUTION_ERROR = "RUN_EXECUTION_ERROR"
    USER_CANCELED = "USER_CANCELED"
    CANCELED = "CANCELED"
    SKIPPED = "SKIPPED"
    DISABLED = "DISABLED"
    INTERNAL_ERROR = "INTERNAL_ERROR"
    MAX_CONCURRENT_RUNS_EXCEEDED = "MAX_CONCURRENT_RUNS_EXCEEDED"
    INVALID_RUN_CONFIGURATION = "INVALID_RUN_CONFIGURATION"


class RepairType(models.TextChoices):
    ORIGINAL = "ORIGINAL"  # the run as first triggered
    REPAIR = "REPAIR"  # a runs/repair of it


# --- The wire mapping (the only place internal states meet Databricks' values) ------------------
# internal state -> (life_cycle_state, result_state or None, status.state, termination code, type)
_S = TaskRunState
TASK_WIRE: dict[str, tuple[str, str | None, str, str | None, str | None]] = {
    _S.BLOCKED: ("BLOCKED", None, "BLOCKED", None, None),
    _S.QUEUED: ("PENDING", None, "PENDING", None, None),
    _S.WAITING_FOR_RETRY: ("WAITING_FOR_RETRY", None, "WAITING", None, None),
    _S.RUNNING: ("RUNNING", None, "RUNNING", None, None),
    _S.SUCCESS: ("TERMINATED", "SUCCESS", "TERMINATED", "SUCCESS", "SUCCESS"),
    _S.FAILED: ("TERMINATED", "FAILED", "TERMINATED", "RUN_EXECUTION_ERROR", "CLIENT_ERROR"),
    _S.TIMEDOUT: ("TERMINATED", "TIMEDOUT", "TERMINATED", "RUN_EXECUTION_ERROR", "CLIENT_ERROR"),
    _S.CANCELED: ("TERMINATED", "CANCELED", "TERMINATED", "CANCELED", "SUCCESS"),
    _S.UPSTREAM_FAILED: ("SKIPPED", "UPSTREAM_FAILED", "TERMINATED", "RUN_EXECUTION_ERROR", "CLIENT_ERROR"),
    _S.UPSTREAM_CANCELED: ("SKIPPED", "UPSTREAM_CANCELED", "TERMINATED", "CANCELED", "SUCCESS"),
    _S.EXCLUDED: ("SKIPPED", "EXCLUDED", "TERMINATED", "SKIPPED", "SUCCESS"),
    _S.DISABLED: ("SKIPPED", "DISABLED", "TERMINATED", "DISABLED", "SUCCESS"),
    _S.INTERNAL_ERROR: ("INTERNAL_ERROR", "FAILED", "TERMINATED", "INTERNAL_ERROR", "INTERNAL_ERROR"),
}
_R = JobRunState
RUN_WIRE: dict[str, tuple[str, str | None, str, str | None, str | None]] = {
    _R.QUEUED: ("QUEUED", None, "QUEUED", None, None),
    _R.PENDING: ("PENDING", None, "PENDING", None, None),
    _R.RUNNING: ("RUNNING", None, "RUNNING", None, None),
    _R.TERMINATING: ("TERMINATING", None, "TERMINATING", None, None),
    _R.SUCCESS: ("TERMINATED", "SUCCESS", "TERMINATED", "SUCCESS", "SUCCESS"),
    _R.SUCCESS_WITH_FAILURES: (
        "TERMINATED",
        "SUCCESS_WITH_FAILURES",
        "TERMINATED",
        "SUCCESS_WITH_FAILURES",
        "SUCCESS",
    ),
    _R.FAILED: ("TERMINATED", "FAILED", "TERMINATED", "RUN_EXECUTION_ERROR", "CLIENT_ERROR"),
    _R.TIMEDOUT: ("TERMINATED", "TIMEDOUT", "TERMINATED", "RUN_EXECUTION_ERROR", "CLIENT_ERROR"),
    _R.CANCELED: ("TERMINATED", "CANCELED", "TERMINATED", "USER_CANCELED", "SUCCESS"),
    _R.SKIPPED: (
        "SKIPPED",
        "MAXIMUM_CONCURRENT_RUNS_REACHED",
        "TERMINATED",
        "MAX_CONCURRENT_RUNS_EXCEEDED",
        "CLIENT_ERROR",
    ),
    _R.INTERNAL_ERROR: ("INTERNAL_ERROR", "FAILED", "TERMINATED", "INTERNAL_ERROR", "INTERNAL_ERROR"),
}


def wire_state(
    wire: tuple[str, str | None, str, str | None, str | None],
    message: str = "",
    *,
    code: str | None = None,
    user_cancelled_or_timedout: bool = False,
) -> dict:
    """The Databricks `state` and `status` objects of a run or task run.

    ``code`` overrides the default termination code (e.g. SKIPPED runs, a DISABLED run).
    """
    life, result, status_state, default_code, kind = wire
    state: dict = {
        "life_cycle_state": life,
        "state_message": message,
        "user_cancelled_or_timedout": user_cancelled_or_timedout,
    }
    if result is not None:
        state["result_state"] = result
    status: dict = {"state": status_state}
    if status_state == "TERMINATED":
        status["termination_details"] = {"code": code or default_code, "type": kind, "message": message}
    return {"state": state, "status": status}
