"""Stored runs for the Runs API read tests: JobRun / TaskRun / RunEvent rows as the engine leaves
them, written directly so a test can set up any finished state (the engine itself is exercised
end to end in test_api_actions.py and test_sdk_runs.py)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from jobs import services as job_services
from runs.models import JobRun, RunEvent, TaskRun

T0 = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)


def job_with(owner, *keys: str, parameters: list[dict] | None = None, **settings):
    """A saved job whose tasks form a chain keys[0] -> keys[1] -> ... (python-script tasks)."""
    tasks = []
    for index, key in enumerate(keys or ("a",)):
        task = {"task_key": key, "spark_python_task": {"python_file": f"/Workspace/{key}.py"}}
        if index:
            task["depends_on"] = [{"task_key": keys[index - 1]}]
        tasks.append(task)
    body = {"name": settings.pop("name", "stored"), "tasks": tasks, **settings}
    if parameters:
        body["parameters"] = parameters
    return job_services.create_job(user=owner, settings=body)


def finished_run(
    job,
    user,
    task_states: dict[str, str] | None = None,
    *,
    state: str = "SUCCESS",
    created_at: dt.datetime | None = None,
    job_parameters: dict | None = None,
    number: int | None = None,
) -> JobRun:
    """A run of ``job`` whose tasks ended in ``task_states`` (key -> TaskRunState)."""
    version = job.latest_version()
    start = created_at or timezone.now()
    end = start + dt.timedelta(seconds=3)
    run = JobRun.objects.create(
        job=job,
        job_version=version,
        run_name=job.name,
        number_in_job=number or (JobRun.objects.filter(job=job).count() + 1),
        settings=version.settings,
        triggered_by=user,
        job_parameters=job_parameters or {},
        state=state,
        created_at=start,
        start_time=start,
        end_time=None if state in ("QUEUED", "PENDING", "RUNNING") else end,
    )
    RunEvent.objects.create(job_run=run, to_state="PENDING", at=start)
    RunEvent.objects.create(job_run=run, from_state="PENDING", to_state=state, at=end)
    states = (
        task_states if task_states is not None else {t["task_key"]: "SUCCESS" for t in run.tasks_settings}
    )
    for key, task_state in states.items():
        task_run(run, key, task_state, start=start)
    return run


def task_run(run: JobRun, key: str, state: str, *, attempt: int = 0, start=None, **fields) -> TaskRun:
    start = start or timezone.now()
    ended = state not in ("BLOCKED", "QUEUED", "RUNNING", "WAITING_FOR_RETRY")
    tr = TaskRun.objects.create(
        job_run=run,
        task_key=key,
        attempt_number=attempt,
        state=state,
        created_at=start,
        queued_at=start,
        start_time=start + dt.timedelta(milliseconds=5) if state != "BLOCKED" else None,
        end_time=start + dt.timedelta(seconds=1) if ended else None,
        **fields,
    )
    RunEvent.objects.create(
        job_run=run, task_run=tr, task_key=key, from_state="QUEUED", to_state=state, at=tr.end_time or start
    )
    return tr
