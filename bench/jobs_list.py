"""Jobs list endpoint (/api/ui/jobs) with 10,000 jobs and 50,000 runs on SQLite.

Prints the median response time of a few typical list requests (first page, search, tag
filter, owner sort, a deep page). Usage: python -m bench.jobs_list [--jobs N] [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time

QUERIES = {
    "first page": {},
    "search": {"search": "job 12"},
    "tag filter": {"tag": "team:t3"},
    "sort by owner": {"sort": "owner"},
    "page 300": {"page": 300, "sort": "name"},
}


def populate(count: int) -> object:
    from django.contrib.auth import get_user_model

    from jobs.models import Job, Task
    from runs.models import JobRun

    users = [get_user_model().objects.create_user(f"user{i}", is_staff=(i == 0)) for i in range(5)]
    jobs = Job.objects.bulk_create(
        Job(
            name=f"job {i}",
            owner=users[i % 5],
            tags={"team": f"t{i % 10}"},
            schedule={"quartz_cron_expression": "0 0 6 * * ?", "timezone_id": "UTC"} if i % 3 == 0 else None,
        )
        for i in range(count)
    )
    Task.objects.bulk_create(
        Task(job=job, task_key=f"t{k}", task_type="spark_python_task", position=k)
        for job in jobs
        for k in range(3)
    )
    JobRun.objects.bulk_create(
        JobRun(job=job, number_in_job=n, state="SUCCESS" if n % 4 else "FAILED")
        for job in jobs
        for n in range(1, 6)
    )
    return users[0]


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.jobs_list")
    parser.add_argument("--jobs", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    os.environ["LAKEFLOW_HOME"] = tempfile.mkdtemp(prefix="jobs-list-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lakeflow.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from rest_framework.test import APIClient

    call_command("migrate", verbosity=0)
    admin = populate(args.jobs)
    client = APIClient()
    client.force_authenticate(admin)
    print(f"/api/ui/jobs with {args.jobs:,} jobs, {args.jobs * 5:,} runs (SQLite), median of {args.repeat}:")
    for label, query in QUERIES.items():
        timings = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            response = client.get("/api/ui/jobs", query)
            timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, response.content
        total = response.json()["total"]
        print(f"  {label:14} {statistics.median(timings):7.1f} ms   ({total:,} matching)")


if __name__ == "__main__":
    main()
