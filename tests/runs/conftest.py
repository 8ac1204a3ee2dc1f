"""Engine fixtures: a real Celery worker (thread pool) consuming the in-process broker, jobs
built from wire settings, and python-script files in the per-test workspace."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from runs.choices import RUN_TERMINAL
from tests.embedded_engine import stop_engine


@pytest.fixture
def engine(transactional_db, settings):
    """A real embedded worker (not eager): messages go through the broker to worker threads."""
    from runs.embedded import start_worker

    settings.LAKEFLOW_HEARTBEAT_SECONDS = 1
    stop = start_worker(concurrency=4)
    yield
    stop_engine(stop)


@pytest.fixture
def script(lakeflow_home):
    """script(name, code) -> the /Workspace/... path of a python file holding ``code``."""

    def write(name: str, code: str) -> str:
        path = Path(lakeflow_home) / "workspace" / "scripts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(code)
        return f"/Workspace/scripts/{name}"

    return write


def python_task(key: str, path: str, *deps: str, **extra) -> dict:
    """A spark_python_task's wire settings."""
    task = {
        "task_key": key,
        "spark_python_task": {"python_file": path, "parameters": extra.pop("parameters", [])},
    }
    if deps:
        task["depends_on"] = [{"task_key": d} for d in deps]
    task.update(extra)
    return task


@pytest.fixture
def make_job(owner):
    """make_job(tasks, **settings) -> a Job whose latest JobVersion holds those wire settings."""
    from jobs.models import Job, JobVersion

    def make(tasks: list[dict], **job_settings) -> Job:
        fields = {
            k: job_settings.pop(k) for k in ("max_concurrent_runs", "queue_enabled") if k in job_settings
        }
        job = Job.objects.create(name=job_settings.get("name", "test job"), owner=owner, **fields)
        settings = {"name": job.name, "tasks": tasks, **job_settings}
        JobVersion.objects.create(job=job, version=1, settings=settings, author=owner)
        return job

    return make


def wait_for(run, timeout: float = 30.0, states=RUN_TERMINAL):
    """Poll the database until the run reaches one of ``states``; returns the fresh row."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if run.state in states:
            return run
        time.sleep(0.02)
    raise AssertionError(
        f"run {run.pk} still {run.state} after {timeout}s: "
        f"{[(t.task_key, t.attempt_number, t.state) for t in run.task_runs.all()]}"
    )


def task_states(run) -> dict[str, str]:
    """task key -> state of its latest attempt."""
    states: dict[str, str] = {}
    for tr in run.task_runs.filter(parent_task_run__isnull=True).order_by("attempt_number", "id"):
        states[tr.task_key] = tr.state
    return states
