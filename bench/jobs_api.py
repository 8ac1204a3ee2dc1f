"""Job model benchmark (embedded SQLite, fresh LAKEFLOW_HOME): how long the job operations take
for big jobs, medians of several runs.

- validate a 1000-task layered DAG (pure validation and cycle check)
- create it (rows + version), read its settings back, update one task, jobs/get over HTTP
- jobs/list of 100 jobs with expand_tasks (10 tasks each) over HTTP

Usage: python -m bench.jobs_api [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time


def dag(n: int, width: int = 10) -> list[dict]:
    """n tasks in layers of `width`; each depends on two tasks of the layer before."""
    tasks = []
    for i in range(n):
        task = {"task_key": f"t{i}", "spark_python_task": {"python_file": "/Workspace/x.py"}}
        if i >= width:
            layer = (i // width - 1) * width
            task["depends_on"] = [
                {"task_key": f"t{layer + i % width}"},
                {"task_key": f"t{layer + (i + 1) % width}"},
            ]
        tasks.append(task)
    return tasks


def timed(fn, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.jobs_api")
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat
    os.environ["LAKEFLOW_HOME"] = tempfile.mkdtemp(prefix="lakeflow-bench-jobs-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lakeflow.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from rest_framework.test import APIClient

    from jobs import services
    from jobs.models import Job
    from jobs.validation import validate_job_settings

    call_command("migrate", verbosity=0)
    user = get_user_model().objects.create_user("bench", is_superuser=True)
    client = APIClient()
    client.force_authenticate(user)
    big = {"name": "big", "tasks": dag(1000)}

    figures = {"validate 1000 tasks": timed(lambda: validate_job_settings(big), repeat)}
    figures["create 1000-task job"] = timed(lambda: services.create_job(user=user, settings=big), repeat)
    job = Job.objects.filter(name="big").first()
    figures["read settings of 1000 tasks"] = timed(
        lambda: services.job_settings(services.with_rows(Job.objects.filter(pk=job.pk)).get()), repeat
    )
    one_task = {"tasks": [{"task_key": "t5", "spark_python_task": {"python_file": "/Workspace/y.py"}}]}
    figures["update one task of 1000"] = timed(
        lambda: services.update_job(user=user, job=job, new_settings=one_task), repeat
    )
    figures["GET jobs/get (1000 tasks, all pages)"] = timed(
        lambda: [
            client.get("/api/2.2/jobs/get", {"job_id": job.pk, **({"page_token": t} if t else {})})
            for t in [None, *[_token(p) for p in range(1, 10)]]
        ],
        repeat,
    )
    for i in range(100):
        services.create_job(user=user, settings={"name": f"small {i}", "tasks": dag(10)})
    figures["GET jobs/list 100 jobs, expand_tasks"] = timed(
        lambda: client.get("/api/2.2/jobs/list", {"limit": 100, "expand_tasks": "true"}), repeat
    )
    for name, millis in figures.items():
        print(f"{name:<40} {millis:8.1f} ms (median of {repeat})")


def _token(page: int) -> str:
    from jobs.api.wire import _page_token

    return _page_token(page)


if __name__ == "__main__":
    main()
