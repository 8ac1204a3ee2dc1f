"""Real-engine fixtures for trigger tests (the embedded worker of tests/runs) and job builders."""

from __future__ import annotations

import time

from jobs import services
from runs.models import JobRun
from tests.runs.conftest import engine, script, wait_for  # noqa: F401  (re-exported for trigger tests)

ECHO = "import sys\nprint('ARGS', sys.argv[1:])\n"
FAIL = "raise SystemExit('boom')\n"


def task(path: str, *parameters: str) -> dict:
    return {"task_key": "main", "spark_python_task": {"python_file": path, "parameters": list(parameters)}}


def create(user, path: str, *parameters: str, **settings):
    return services.create_job(
        user=user, settings={"name": "triggered", "tasks": [task(path, *parameters)], **settings}
    )


def log_of(run: JobRun) -> str:
    return run.task_runs.order_by("-attempt_number").first().read_log()[0]


def warehouse_sql(*statements: str) -> None:
    """An outside client writing the default DuckDB warehouse."""
    from compute.warehouse_engines import open_engine
    from compute.warehouses import get_warehouse

    db = open_engine(get_warehouse("default").target())
    try:
        for statement in statements:
            db.execute(statement, [])
    finally:
        db.close()


def wait_for_runs(job, count: int, timeout: float = 30.0) -> list[JobRun]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        runs = list(JobRun.objects.filter(job=job).order_by("id"))
        if len(runs) >= count:
            return runs
        time.sleep(0.05)
    raise AssertionError(f"job {job.pk} has {JobRun.objects.filter(job=job).count()} runs, expected {count}")
