"""Advancing a large run: what one task's end costs the engine (runs.orchestrator.finish), which
records the result and advances the run in one transaction. This bounds how many state changes a
second one run can make (the run page bench asks for 50).

A job of --tasks no-op tasks in layers of 20 (bench.editor.layered_tasks) is started; this process
plays the workers, claiming queued task runs (at most 8 running) and finishing them through the
engine's own functions until the run ends. Prints median and p95 wall time per finish() and the
median number of queries it makes, on SQLite (the embedded default) and, when reachable,
PostgreSQL.

Run it: `python -m bench.advance [--tasks 500] [--database sqlite|postgres]` (also in `make bench`).

Measured on this 2-core machine (2026-11-25, 500 tasks, quiet):
  before (every task run of the run loaded whole, the DAG parsed twice per finish)
    SQLite     p50 21.5 ms, p95 68.0 ms, 10 queries (47 task ends/s for one run)
    PostgreSQL p50 28.8 ms, p95 76.5 ms, 10 queries (35 task ends/s)
  after (only the fields advancing reads, the whole row for the few tasks that change; the DAG
  parsed once per run and process)
    SQLite     p50 12.5 ms, p95 18.1 ms, 11 queries (80 task ends/s)
    PostgreSQL p50 17.1 ms, p95 29.7 ms, 11 queries (59 task ends/s)
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator

PG_ADMIN = os.environ.get("LAKEFLOW_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres")
CONCURRENCY = 8  # task runs "executing" at once, as a small worker pool would


def task_ends(run_id: int) -> Iterator[int]:
    """Play the workers of a run: claim its queued task runs (at most CONCURRENCY running) and
    yield each running one for the caller to finish, until nothing is queued or running."""
    from runs import orchestrator
    from runs.choices import TaskRunState as T
    from runs.models import TaskRun

    while True:
        rows = TaskRun.objects.filter(job_run_id=run_id, state__in=(T.QUEUED, T.RUNNING)).order_by("id")
        states = dict(rows.values_list("id", "state"))
        queued = [pk for pk, state in states.items() if state == T.QUEUED]
        running = [pk for pk, state in states.items() if state == T.RUNNING]
        if not queued and not running:
            return
        if queued and len(running) < CONCURRENCY:
            orchestrator.claim(queued[0], "bench")
        else:
            yield running[0]


def measure(tasks: int) -> dict[str, float]:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.editor import layered_tasks
    from jobs import services
    from runs import orchestrator
    from runs import services as run_services
    from runs.choices import TaskRunState as T
    from runs.executors.base import ExecutionResult

    call_command("migrate", verbosity=0)
    user = get_user_model().objects.create_user(f"bench-{uuid.uuid4().hex[:6]}")
    job = services.create_job(user=user, settings={"name": f"{tasks} tasks", "tasks": layered_tasks(tasks)})
    run = run_services.run_now(job=job, user=user)
    times, queries = [], []
    for task_run_id in task_ends(run.pk):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            orchestrator.finish(task_run_id, ExecutionResult(state=T.SUCCESS, exit_code=0))
            times.append(time.perf_counter() - start)
        queries.append(len(captured.captured_queries))
    times.sort()
    return {
        "finishes": len(times),
        "p50_ms": statistics.median(times) * 1000,
        "p95_ms": times[int(len(times) * 0.95)] * 1000,
        "queries": statistics.median(queries),
    }


def child(database: str, tasks: int) -> None:
    """One measurement in this interpreter (settings come from the environment at start-up)."""
    figures = measure(tasks)
    print(
        f"  {database:9} {figures['finishes']} finishes: p50 {figures['p50_ms']:.1f} ms, "
        f"p95 {figures['p95_ms']:.1f} ms, {figures['queries']:.0f} queries each "
        f"(at most {1000 / figures['p50_ms']:.0f} task ends a second for one run)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.advance")
    parser.add_argument("--tasks", type=int, default=500)
    parser.add_argument("--database", choices=("sqlite", "postgres"))
    args = parser.parse_args()
    if args.database:
        child(args.database, args.tasks)
        return
    print(f"Advancing a {args.tasks}-task run, one finish() per task end:")
    base = {**os.environ, "DJANGO_SETTINGS_MODULE": "lakeflow.settings", "LOG_LEVEL": "WARNING"}
    base.pop("DATABASE_URL", None)
    command = [sys.executable, "-m", "bench.advance", "--tasks", str(args.tasks), "--database"]
    subprocess.call([*command, "sqlite"], env={**base, "LAKEFLOW_HOME": tempfile.mkdtemp(prefix="advance-")})
    try:
        import psycopg

        name = f"lakeflow_bench_advance_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except Exception as error:
        print(f"  postgres  skipped ({error.__class__.__name__}: PostgreSQL not reachable at {PG_ADMIN})")
        return
    try:
        url = PG_ADMIN.rsplit("/", 1)[0] + f"/{name}"
        home = tempfile.mkdtemp(prefix="advance-")
        subprocess.call([*command, "postgres"], env={**base, "LAKEFLOW_HOME": home, "DATABASE_URL": url})
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
