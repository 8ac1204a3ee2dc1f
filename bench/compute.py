"""Compute benchmarks: python -m bench.compute [--mode embedded|production|all] [--repeat N]

Prints, as medians of N tries:
  cluster start      clusters/create (2 workers) -> RUNNING (every worker consuming its queue);
                     in production mode each worker is a new `lakeflow worker` process
  restart from TERMINATED  clusters/start -> RUNNING
  job-cluster run    a one-task job on a job cluster (job_cluster_key), run-now -> run ended
  serverless run     the same task on serverless, run-now -> run ended
  job-cluster overhead  the difference of the two (what an ephemeral cluster costs per run)
  job-cluster gone   run ended -> its job cluster TERMINATED (workers stopped)
  autoscale reaction a burst of 4 tasks on an autoscaling cluster (1..4 workers):
                     first task queued -> RESIZING decided, and -> UPSIZE_COMPLETED (workers up)

Embedded: SQLite, in-process broker, worker threads (what `lakeflow dev` runs). Production:
PostgreSQL + Redis, real worker processes; the supervisor runs as a thread of this process.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN = os.environ.get("LAKEFLOW_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres")
REDIS = os.environ.get("LAKEFLOW_BENCH_REDIS", "redis://127.0.0.1:6379/6")


def configure(mode: str) -> list[subprocess.Popen]:
    """Environment for this mode, set before Django starts; returns processes to stop."""
    home = tempfile.mkdtemp(prefix=f"lakeflow-bench-compute-{mode}-")
    os.environ.update(
        LAKEFLOW_HOME=home,
        DJANGO_SETTINGS_MODULE="lakeflow.settings",
        LOG_LEVEL="WARNING",
        LAKEFLOW_HEARTBEAT_SECONDS="1",
        LAKEFLOW_AUTOSCALE_DOWN_IDLE_SECONDS="2",
    )
    if mode == "embedded":
        return []
    import psycopg
    import redis

    db = f"lakeflow_bench_compute_{os.getpid()}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{db}"')
        conn.execute(f'CREATE DATABASE "{db}"')
    os.environ["DATABASE_URL"] = PG_ADMIN.rsplit("/", 1)[0] + f"/{db}"
    os.environ["CELERY_BROKER_URL"] = REDIS
    subprocess.check_call([sys.executable, str(ROOT / "manage.py"), "migrate", "-v0"])
    redis.Redis.from_url(REDIS).flushdb()
    # The serverless pool (and control queue) of the production topology.
    log = open(os.path.join(home, "serverless.log"), "w")  # noqa: SIM115 - lives as long as the process
    return [
        subprocess.Popen(
            [sys.executable, "-m", "lakeflow.cli", "worker", "--concurrency", "4"],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    ]


def wait(predicate, timeout: float = 120.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.01)
    raise TimeoutError("benchmark step did not finish")


def state_of(cluster) -> str:
    cluster.refresh_from_db(fields=["state"])
    return cluster.state


def bench(mode: str, repeat: int) -> dict[str, list[float]]:
    from django.contrib.auth import get_user_model

    from compute import services
    from compute.models import Cluster
    from jobs.models import Job, JobVersion
    from runs import services as runs
    from runs.choices import RUN_TERMINAL

    admin = get_user_model().objects.create_superuser("bench", "b@example.com", "bench-pass-1")
    spec = {"cluster_name": "bench", "spark_version": "python-3.11", "num_workers": 2}
    script = Path(os.environ["LAKEFLOW_HOME"]) / "workspace" / "ok.py"
    script.parent.mkdir(parents=True, exist_ok=True)
    script.write_text("print('ok')\n")
    nap = script.with_name("nap.py")
    nap.write_text("import time\ntime.sleep(5)\n")
    figures: dict[str, list[float]] = {}

    def add(name: str, seconds: float) -> None:
        figures.setdefault(name, []).append(seconds)

    def job(tasks: list[dict], **settings) -> Job:
        made = Job.objects.create(name="bench", owner=admin)
        JobVersion.objects.create(
            job=made, version=1, author=admin, settings={"name": "bench", "tasks": tasks, **settings}
        )
        return made

    def run_and_wait(made: Job):
        started = time.perf_counter()
        run = runs.run_now(job=made, user=admin)
        wait(lambda: run.refresh_from_db() or run.state in RUN_TERMINAL)
        assert run.state == "SUCCESS", run.state
        return run, time.perf_counter() - started

    task = {"task_key": "t", "spark_python_task": {"python_file": "/Workspace/ok.py"}}
    for _ in range(repeat):
        # 1. Cluster start, and start again from TERMINATED.
        started = time.perf_counter()
        cluster = services.create_cluster(user=admin, spec=spec)
        wait(lambda c=cluster: state_of(c) == "RUNNING")
        add("cluster start (2 workers)", time.perf_counter() - started)
        services.terminate_cluster(cluster=cluster)
        wait(lambda c=cluster: state_of(c) == "TERMINATED")
        started = time.perf_counter()
        services.start_cluster(cluster=cluster)
        wait(lambda c=cluster: state_of(c) == "RUNNING")
        add("restart from TERMINATED", time.perf_counter() - started)
        services.terminate_cluster(cluster=cluster)

        # 2. Job cluster vs serverless for the same one-task job.
        _, serverless = run_and_wait(job([task]))
        add("serverless run", serverless)
        run, on_cluster = run_and_wait(
            job(
                [{**task, "job_cluster_key": "k"}],
                job_clusters=[{"job_cluster_key": "k", "new_cluster": {"num_workers": 1}}],
            )
        )
        add("job-cluster run", on_cluster)
        add("job-cluster overhead", on_cluster - serverless)
        ended = time.perf_counter()
        job_cluster = Cluster.objects.get(job_run=run)
        wait(lambda c=job_cluster: state_of(c) == "TERMINATED")
        add("job-cluster gone after the run", time.perf_counter() - ended)

        # 3. Autoscaling under a burst.
        auto = services.create_cluster(
            user=admin, spec={**spec, "num_workers": None, "autoscale": {"min_workers": 1, "max_workers": 4}}
        )
        wait(lambda c=auto: state_of(c) == "RUNNING")
        burst = job(
            [
                {
                    "task_key": f"n{i}",
                    "existing_cluster_id": auto.cluster_id,
                    "spark_python_task": {"python_file": "/Workspace/nap.py"},
                }
                for i in range(4)
            ]
        )
        run = runs.run_now(job=burst, user=admin)
        wait(lambda r=run: r.task_runs.exclude(queued_at=None).exists())
        queued = run.task_runs.exclude(queued_at=None).order_by("queued_at").first().queued_at
        decided = wait(lambda c=auto, q=queued: c.events.filter(type="RESIZING", timestamp__gte=q).first())
        upsized = wait(
            lambda c=auto, q=queued: c.events.filter(type="UPSIZE_COMPLETED", timestamp__gte=q).first()
        )
        add("autoscale decision", (decided.timestamp - queued).total_seconds())
        add("autoscale workers up", (upsized.timestamp - queued).total_seconds())
        wait(lambda r=run: r.refresh_from_db() or r.state in RUN_TERMINAL)
        services.terminate_cluster(cluster=auto)
        wait(lambda c=auto: state_of(c) == "TERMINATED")
    return figures


def main_mode(mode: str, repeat: int) -> None:
    processes = configure(mode)
    import django

    django.setup()
    from django.core.management import call_command

    from compute.supervisor import start_supervisor, stop_supervisor
    from runs.embedded import start_worker

    if mode == "embedded":
        call_command("migrate", verbosity=0)
    stop_worker = start_worker(concurrency=4) if mode == "embedded" else None
    loop = start_supervisor(interval=0.2)
    try:
        figures = bench(mode, repeat)
    finally:
        stop_supervisor(loop)
        if stop_worker:
            stop_worker()
        for proc in processes:
            proc.terminate()
            proc.wait(timeout=30)
    print(f"\n== compute, {mode} (median of {repeat}) ==")
    for name, values in figures.items():
        print(f"  {name:32s} {statistics.median(values) * 1000:8.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.compute")
    parser.add_argument("--mode", choices=("embedded", "production", "all"), default="all")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--one", help=argparse.SUPPRESS)  # internal: run one mode in this interpreter
    args = parser.parse_args()
    if args.one:
        main_mode(args.one, args.repeat)
        return
    for mode in ["embedded", "production"] if args.mode == "all" else [args.mode]:
        # Each mode in its own interpreter: settings are read from the environment at start-up.
        code = subprocess.call(
            [sys.executable, "-m", "bench.compute", "--one", mode, "--repeat", str(args.repeat)]
        )
        if code:
            print(f"compute {mode}: failed (exit {code})")


if __name__ == "__main__":
    main()
