"""Who may see and act on a run: a job's runs follow the job's permissions (jobs.permissions);
one-time runs (runs/submit, no job) belong to the user who submitted them, and admins.

Unknown run ids are answered as Databricks does: 400 INVALID_PARAMETER_VALUE
"Run <id> does not exist." -- which the databricks-sdk maps to ResourceDoesNotExist on
runs/get and runs/get-output.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from jobs import permissions
from lakeflow.api.errors import ApiError, denied, invalid
from runs.api.wire import parse_run_id
from runs.models import JobRun, TaskRun


def run_does_not_exist(run_id: object) -> ApiError:
    return invalid(f"Run {run_id} does not exist.")


def can_act(user, run: JobRun, level: str) -> bool:
    if run.job_id is not None:
        return permissions.can(user, run.job, level)
    return permissions.is_admin(user) or (run.triggered_by_id is not None and run.triggered_by_id == user.pk)


def require_run(user, run: JobRun, level: str, wire_id: int | None = None) -> None:
    if not can_act(user, run, level):
        name = getattr(user, "username", None) or "anonymous"
        raise denied(f"User {name} does not have {level} permission on run {wire_id or run.pk}.")


def visible_runs(user) -> QuerySet[JobRun]:
    """Runs the user may at least view."""
    if permissions.is_admin(user):
        return JobRun.objects.all()
    jobs = permissions.visible_jobs(user).values("pk")
    return JobRun.objects.filter(Q(job__in=jobs) | Q(job__isnull=True, triggered_by=user))


def get_job_run(user, run_id: int, level: str = permissions.VIEW) -> JobRun:
    """The job run with wire id ``run_id`` (not a task run id), if the user holds ``level``."""
    kind, pk = parse_run_id(run_id)
    if kind == "task":
        if not TaskRun.objects.filter(pk=pk).exists():
            raise run_does_not_exist(run_id)
        raise invalid(f"Run {run_id} is a task run; this request takes the id of a job run.")
    run = JobRun.objects.select_related("job", "triggered_by").filter(pk=pk).first()
    if run is None:
        raise run_does_not_exist(run_id)
    require_run(user, run, level, run_id)
    return run


def get_any_run(user, run_id: int, level: str = permissions.VIEW) -> JobRun | TaskRun:
    """A job run or a task run by wire id (runs/get, runs/get-output, runs/export take both)."""
    kind, pk = parse_run_id(run_id)
    if kind == "job":
        return get_job_run(user, run_id, level)
    task_run = (
        TaskRun.objects.select_related("job_run", "job_run__job", "job_run__triggered_by", "parent_task_run")
        .filter(pk=pk)
        .first()
    )
    if task_run is None:
        raise run_does_not_exist(run_id)
    require_run(user, task_run.job_run, level, run_id)
    return task_run
