"""Runs: JobRun (one run of a settings snapshot), TaskRun (one row per attempt), TaskValue,
RunRepair (repair history) and RunEvent (the append-only state log the timeline reads).

States only change through ``runs.transitions.transition()``; views never assign a state.
"""

from __future__ import annotations

from django.conf import settings as django_settings
from django.db import models
from django.utils import timezone

from runs.choices import (
    RUN_WIRE,
    TASK_WIRE,
    JobRunState,
    RepairType,
    RunType,
    TaskRunState,
    TriggerType,
    wire_state,
)


class JobRun(models.Model):
    job = models.ForeignKey("jobs.Job", on_delete=models.CASCADE, null=True, blank=True, related_name="runs")
    job_version = models.ForeignKey(
        "jobs.JobVersion", on_delete=models.SET_NULL, null=True, blank=True, related_name="runs"
    )
    run_type = models.CharField(max_length=16, choices=RunType.choices, default=RunType.JOB_RUN)
    run_name = models.CharField(max_length=4096, blank=True, default="")
    number_in_job = models.PositiveIntegerField(default=0)  # 1, 2, ... per job; 0 for submit runs
    # The Databricks wire settings this run executes (JobVersion.settings or the submit body).
    settings = models.JSONField(default=dict)
    # Task keys selected by `only` (after +key / key+ expansion); null: every task.
    only = models.JSONField(null=True, blank=True)
    trigger = models.CharField(max_length=32, choices=TriggerType.choices, default=TriggerType.ONE_TIME)
    trigger_info = models.JSONField(null=True, blank=True)
    triggered_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Resolved job parameters: defaults overlaid with run-now (and repair) overrides.
    job_parameters = models.JSONField(default=dict, blank=True)
    # The legacy run-now fields as given (notebook_params, python_params, ...): runs/get shows them.
    overriding_parameters = models.JSONField(null=True, blank=True)
    idempotency_token = models.CharField(max_length=64, null=True, blank=True)
    # "job:<id>:<token>" or "submit:<user id>:<token>": unique, so racing requests meet here.
    idempotency_key = models.CharField(max_length=200, null=True, blank=True, unique=True)

    state = models.CharField(max_length=32, choices=JobRunState.choices, default=JobRunState.PENDING)
    state_message = models.TextField(blank=True, default="")
    # What ends the run once its running tasks stopped: CANCELED or TIMEDOUT (set by cancel/timeout).
    stop_reason = models.CharField(max_length=32, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    start_time = models.DateTimeField(null=True, blank=True)
    end_time = models.DateTimeField(null=True, blank=True)
    deadline = models.DateTimeField(null=True, blank=True)  # job timeout_seconds from start_time
    repair_count = models.PositiveIntegerField(default=0)

    # run_job_task / for_each_task: the task run (of another run) that started this run.
    parent_task_run = models.ForeignKey(
        "runs.TaskRun", on_delete=models.CASCADE, null=True, blank=True, related_name="child_runs"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["job", "state"]), models.Index(fields=["state"])]
        constraints = [
            models.UniqueConstraint(
                fields=["job", "number_in_job"],
                condition=models.Q(job__isnull=False),
                name="unique_run_number",
            ),
        ]

    def __str__(self) -> str:
        return f"run {self.pk} ({self.state})"

    @property
    def is_active(self) -> bool:
        from runs.choices import RUN_ACTIVE

        return self.state in RUN_ACTIVE

    def wire_state(self) -> dict:
        """{"state": {...}, "status": {...}} in Databricks' format."""
        return wire_state(
            RUN_WIRE[self.state],
            self.state_message,
            user_cancelled_or_timedout=self.state in (JobRunState.CANCELED, JobRunState.TIMEDOUT),
        )

    @property
    def tasks_settings(self) -> list[dict]:
        return list(self.settings.get("tasks") or [])


class RunRepair(models.Model):
    """One runs/repair of a run (repair_history lists the original run, then these)."""

    job_run = models.ForeignKey(JobRun, on_delete=models.CASCADE, related_name="repairs")
    number = models.PositiveIntegerField()  # 1, 2, ... (== JobRun.repair_count after it)
    type = models.CharField(max_length=16, choices=RepairType.choices, default=RepairType.REPAIR)
    rerun_tasks = models.JSONField(default=list)  # the task keys re-run by this repair
    job_parameters = models.JSONField(default=dict, blank=True)
    requested_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    start_time = models.DateTimeField(default=timezone.now)
    end_time = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=32, choices=JobRunState.choices, default=JobRunState.RUNNING)

    class Meta:
        ordering = ["job_run", "number"]
        constraints = [models.UniqueConstraint(fields=["job_run", "number"], name="unique_repair_number")]


class TaskRun(models.Model):
    """One attempt of one task of a run. attempt_number is 0 for the first attempt."""

    job_run = models.ForeignKey(JobRun, on_delete=models.CASCADE, related_name="task_runs")
    task_key = models.CharField(max_length=100)
    attempt_number = models.PositiveIntegerField(default=0)
    repair = models.ForeignKey(
        RunRepair, on_delete=models.SET_NULL, null=True, blank=True, related_name="task_runs"
    )
    # for_each_task: the iteration task runs point at the for_each task run; iteration_index orders them.
    parent_task_run = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="iterations"
    )
    iteration_index = models.PositiveIntegerField(null=True, blank=True)

    state = models.CharField(max_length=32, choices=TaskRunState.choices, default=TaskRunState.BLOCKED)
    state_message = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    queued_at = models.DateTimeField(null=True, blank=True)
    start_time = models.DateTimeField(null=True, blank=True)
    end_time = models.DateTimeField(null=True, blank=True)
    not_before = models.DateTimeField(null=True, blank=True)  # a retry waits until then

    # Where and by whom it is executed.
    queue = models.CharField(max_length=200, blank=True, default="")
    worker = models.CharField(max_length=200, blank=True, default="")
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    cluster_id = models.CharField(max_length=100, blank=True, default="")
    # Set by cancel / job timeout; the worker's heartbeat loop stops the process tree when it sees it.
    cancel_requested = models.BooleanField(default=False)
    dispatch_count = models.PositiveIntegerField(default=0)  # messages sent for it (re-dispatches)

    # What it ran with and what came out.
    resolved_parameters = models.JSONField(null=True, blank=True)  # after {{...}} substitution
    resolved_task = models.JSONField(null=True, blank=True)  # the task block after substitution
    outcome = models.CharField(max_length=8, null=True, blank=True)  # condition_task: "true"/"false"
    exit_code = models.IntegerField(null=True, blank=True)
    error = models.TextField(blank=True, default="")
    error_trace = models.TextField(blank=True, default="")
    log_path = models.CharField(max_length=1024, blank=True, default="")
    output = models.JSONField(default=dict, blank=True)  # notebook_output, sql_output, ... as get-output

    class Meta:
        ordering = ["job_run", "id"]
        indexes = [
            models.Index(fields=["job_run", "task_key"]),
            models.Index(fields=["state"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["job_run", "task_key", "attempt_number"],
                condition=models.Q(parent_task_run__isnull=True),
                name="unique_task_attempt",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task_key}#{self.attempt_number} ({self.state})"

    @property
    def task_settings(self) -> dict:
        """This task's wire settings from the run's snapshot (a for_each iteration: the nested task)."""
        if self.parent_task_run_id is not None:
            return dict((self.parent_task_run.task_settings.get("for_each_task") or {}).get("task") or {})
        for task in self.job_run.tasks_settings:
            if task.get("task_key") == self.task_key:
                return task
        return {}

    def read_log(self, max_bytes: int = 5 * 1024 * 1024) -> tuple[str, bool]:
        """(log text, truncated): the attempt's log, or its last ``max_bytes`` when longer."""
        if not self.log_path:
            return "", False
        try:
            with open(self.log_path, "rb") as f:
                f.seek(0, 2)
                size = f.tell()
                f.seek(max(0, size - max_bytes))
                data = f.read()
        except FileNotFoundError:
            return "", False
        return data.decode("utf-8", errors="replace"), size > max_bytes

    def wire_state(self) -> dict:
        return wire_state(
            TASK_WIRE[self.state],
            self.state_message,
            user_cancelled_or_timedout=self.state in (TaskRunState.CANCELED, TaskRunState.TIMEDOUT),
        )


class TaskValue(models.Model):
    """dbutils.jobs.taskValues.set(key, value) of a task in a run: (job_run, task_key, key) -> JSON."""

    job_run = models.ForeignKey(JobRun, on_delete=models.CASCADE, related_name="task_values")
    task_key = models.CharField(max_length=100)
    key = models.CharField(max_length=255)
    value = models.JSONField(null=True)
    task_run = models.ForeignKey(TaskRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["job_run", "task_key", "key"], name="unique_task_value"),
        ]


class RunEvent(models.Model):
    """Append-only: one row per state change of a run or a task run (timeline, audit)."""

    job_run = models.ForeignKey(JobRun, on_delete=models.CASCADE, related_name="events")
    task_run = models.ForeignKey(
        TaskRun, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    task_key = models.CharField(max_length=100, blank=True, default="")
    from_state = models.CharField(max_length=32, blank=True, default="")
    to_state = models.CharField(max_length=32)
    message = models.TextField(blank=True, default="")
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["job_run", "id"]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("RunEvent rows are append-only")
        super().save(*args, **kwargs)
