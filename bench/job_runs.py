"""The runs pages' endpoints on SQLite: /api/ui/jobs/<id>/matrix (a job with 50 tasks and 500
runs) and /api/ui/runs with the filters the pages send, among 20,000 runs of 200 other jobs.

Prints the median response time of each request, as the jobs' owner (not an admin, so the
visibility filter is part of every query). Usage: python -m bench.job_runs [--jobs N] [--repeat N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import tempfile
import time

RUNS_PER_JOB = 100
BIG_TASKS, BIG_RUNS = 50, 500


def populate(jobs: int) -> tuple[object, int]:
    """Returns the owner and the big job's id."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from jobs.models import Job, JobVersion
    from runs.models import JobRun, TaskRun

    owner = get_user_model().objects.create_user("owner")
    now = timezone.now()

    def job_with(name: str, tasks: int) -> Job:
        job = Job.objects.create(name=name, owner=owner)
        settings = {"name": name, "tasks": [{"task_key": f"t{k}"} for k in range(tasks)]}
        JobVersion.objects.create(job=job, version=1, settings=settings, author=owner)
        return job

    def runs_of(job: Job, count: int, tasks: int, minutes_apart: int) -> None:
        runs = JobRun.objects.bulk_create(
            JobRun(
                job=job,
                number_in_job=n,
                triggered_by=owner,
                trigger="PERIODIC" if n % 2 else "ONE_TIME",
                state="RUNNING"
                if n == count and job.pk % 20 == 0
                else ("FAILED" if n % 7 == 0 else "SUCCESS"),
                created_at=now - dt.timedelta(minutes=minutes_apart * (count - n)),
                start_time=now - dt.timedelta(minutes=minutes_apart * (count - n)),
                end_time=now - dt.timedelta(minutes=minutes_apart * (count - n) - 1),
            )
            for n in range(1, count + 1)
        )
        TaskRun.objects.bulk_create(
            TaskRun(
                job_run=run,
                task_key=f"t{k}",
                state="SUCCESS",
                start_time=run.start_time,
                end_time=run.end_time,
            )
            for run in runs
            for k in range(tasks)
        )

    big = job_with("big", BIG_TASKS)
    runs_of(big, BIG_RUNS, BIG_TASKS, 60)
    for i in range(jobs):
        runs_of(job_with(f"job {i}", 5), RUNS_PER_JOB, 5, 30 + i)
    return owner, big.pk


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.job_runs")
    parser.add_argument("--jobs", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    os.environ["LAKEFLOW_HOME"] = tempfile.mkdtemp(prefix="job-runs-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lakeflow.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from rest_framework.test import APIClient

    call_command("migrate", verbosity=0)
    owner, big = populate(args.jobs)
    client = APIClient()
    client.force_authenticate(owner)
    day_ago = int((time.time() - 86_400) * 1000)
    requests = {
        "matrix, 20 runs": (f"/api/ui/jobs/{big}/matrix", {"limit": 20}),
        "matrix, 100 runs": (f"/api/ui/jobs/{big}/matrix", {"limit": 100}),
        "runs, first page": ("/api/ui/runs", {}),
        "runs, active": ("/api/ui/runs", {"active": 1, "limit": 100}),
        "runs, finished": ("/api/ui/runs", {"completed": 1}),
        "runs, FAILED": ("/api/ui/runs", {"completed": 1, "status": "FAILED"}),
        "runs, last 24 h": ("/api/ui/runs", {"completed": 1, "from": day_ago}),
        "runs of big job": ("/api/ui/runs", {"job_id": big, "trigger": "PERIODIC"}),
    }
    total = BIG_RUNS + args.jobs * RUNS_PER_JOB
    print(
        f"runs pages' endpoints: {BIG_TASKS}-task job with {BIG_RUNS} runs, {total:,} runs in all (SQLite),"
        f" median of {args.repeat}:"
    )
    for label, (path, query) in requests.items():
        client.get(path, query)  # warm-up: the first read after populating pays for SQLite's cache
        timings = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            response = client.get(path, query)
            timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, response.content
        print(f"  {label:18} {statistics.median(timings):7.1f} ms")


if __name__ == "__main__":
    main()
