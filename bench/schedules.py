"""Schedule benchmark (production mode): N jobs scheduled for the same minute, fired by one real
`lakeflow scheduler` into `lakeflow worker` processes, on PostgreSQL + Redis.

Prints, for the minute every job fires at: how many fires were claimed, and the delay from the
scheduled instant to each run's creation (the run exists, PENDING/RUNNING) and to its start
(first task dispatched) — p50, p95, max. Goal: all N within 10 s.

By default no worker executes the tasks themselves: on a 2-core machine a thousand task
interpreters starting at once would measure the CPU, not the scheduler (``--execute`` adds one).

Usage: python -m bench.schedules [--jobs 1000] [--control-workers 2]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.integration.scheduler_cluster import Cluster

CREATE_JOBS = """
import time
from django.contrib.auth import get_user_model
from django.conf import settings
from pathlib import Path
from jobs import services
script = Path(settings.LAKEFLOW_HOME) / "workspace" / "noop.py"
script.parent.mkdir(parents=True, exist_ok=True)
script.write_text("pass\\n")
user = get_user_model().objects.create_user("bench", password="bench-password-1")
started = time.monotonic()
for i in range({jobs}):
    services.create_job(user=user, settings={{
        "name": f"bench {{i}}",
        "schedule": {{"quartz_cron_expression": "0 * * * * ?", "timezone_id": "Europe/Berlin"}},
        "tasks": [{{"task_key": "noop", "spark_python_task": {{"python_file": "/Workspace/noop.py"}}}}],
    }})
print(round(time.monotonic() - started, 1))
"""

DELAYS = """
SELECT extract(epoch FROM r.created_at - c.fire_time), extract(epoch FROM r.start_time - c.fire_time)
FROM schedules_fireclaim c JOIN runs_jobrun r ON r.id = c.run_id
WHERE c.fire_time = %s
"""


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def describe(name: str, values: list[float]) -> str:
    if not values:
        return f"{name}: no values"
    return (
        f"{name}: p50 {statistics.median(values):.2f} s, p95 {percentile(values, 0.95):.2f} s, "
        f"max {max(values):.2f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.schedules")
    parser.add_argument("--jobs", type=int, default=1000)
    parser.add_argument("--control-workers", type=int, default=3, help="worker processes, control queue")
    parser.add_argument("--threads", type=int, default=4, help="threads per control worker (I/O-bound)")
    parser.add_argument(
        "--execute", action="store_true", help="also run a worker executing the tasks (CPU-bound on 2 cores)"
    )
    args = parser.parse_args()
    postgres = os.environ.get("LAKEFLOW_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test")
    redis = os.environ.get("LAKEFLOW_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
    with tempfile.TemporaryDirectory() as home, Cluster(postgres, redis, Path(home)) as cluster:
        seconds = cluster.python(CREATE_JOBS.format(jobs=args.jobs))
        print(f"created {args.jobs} jobs with a schedule in {seconds} s")
        control = ["worker", "--queues", "lakeflow.control", "--concurrency", str(args.threads)]
        workers = [cluster.start(f"control-{i}", *control) for i in range(args.control_workers)]
        if args.execute:
            cluster.start("tasks", "worker", "--queues", "lakeflow.serverless", "--concurrency", "4")
        scheduler = cluster.start("scheduler", "scheduler")
        # The first whole minute at least 20 s away: every entry is loaded and idle by then.
        target = (datetime.now(UTC) + timedelta(seconds=80)).replace(second=0, microsecond=0)
        print(f"all {args.jobs} jobs fire at {target.isoformat()}; waiting")
        while datetime.now(UTC) < target + timedelta(seconds=30):
            time.sleep(1)
        print(f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        rows = cluster.sql(DELAYS, target)
        created = [float(r[0]) for r in rows]
        started = [float(r[1]) for r in rows if r[1] is not None]
        print(f"fires claimed for that minute: {len(rows)} / {args.jobs}")
        if len(rows) < args.jobs:
            print("worker log tail:", *cluster.log(workers[0]).splitlines()[-15:], sep="\n  ")
        print(describe("scheduled instant -> run created", created))
        print(describe("scheduled instant -> run started", started))
        within = sum(1 for d in created if d <= 10)
        print(f"runs created within 10 s: {within} / {args.jobs}")
        stamps = (
            re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}", line)
            for line in cluster.log(scheduler).splitlines()
            if f"Sending fire {target.isoformat()}" in line
        )
        sent = [datetime.strptime(m.group(), "%Y-%m-%d %H:%M:%S,%f").replace(tzinfo=UTC) for m in stamps if m]
        if sent:
            print(
                f"scheduler sent {len(sent)} fires between +{(min(sent) - target).total_seconds():.2f} s "
                f"and +{(max(sent) - target).total_seconds():.2f} s"
            )


if __name__ == "__main__":
    main()
