"""One benchmark mode in this interpreter: python -m bench.engine embedded|production REPEAT."""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN = os.environ.get("LAKEFLOW_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres")
REDIS = os.environ.get("LAKEFLOW_BENCH_REDIS", "redis://127.0.0.1:6379/5")


def reachable(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def configure(mode: str) -> list[subprocess.Popen]:
    """Environment for this mode (before Django starts); returns worker processes to stop."""
    home = tempfile.mkdtemp(prefix=f"lakeflow-bench-{mode}-")
    os.environ["LAKEFLOW_HOME"] = home
    os.environ["DJANGO_SETTINGS_MODULE"] = "lakeflow.settings"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    if mode == "embedded":
        return []
    if not (reachable(5432) and reachable(6379)):
        print("production: skipped (PostgreSQL or Redis not reachable)")
        sys.exit(0)
    import psycopg

    db = f"lakeflow_bench_{os.getpid()}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{db}"')
        conn.execute(f'CREATE DATABASE "{db}"')
    os.environ["DATABASE_URL"] = PG_ADMIN.rsplit("/", 1)[0] + f"/{db}"
    os.environ["CELERY_BROKER_URL"] = REDIS
    subprocess.check_call([sys.executable, str(ROOT / "manage.py"), "migrate", "-v0"])
    # Flush the broker database we use, so old messages do not skew the figures.
    import redis

    redis.Redis.from_url(REDIS).flushdb()
    return [
        subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "manage.py"),
                "worker",
                "--concurrency",
                "16",
                "--hostname",
                f"bench{i}@%h",
            ],
            stdout=open(os.path.join(home, f"worker{i}.log"), "w"),
            stderr=subprocess.STDOUT,
        )
        for i in range(2)
    ]


def main() -> None:
    mode, repeat = sys.argv[1], int(sys.argv[2])
    workers = configure(mode)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    try:
        if mode == "embedded":
            call_command("migrate", verbosity=0)
            settings.LAKEFLOW_EMBEDDED_WORKERS = 50
            from runs.embedded import start_worker

            stop = start_worker(concurrency=52)
        else:
            stop = None
            time.sleep(3)  # workers connect
        run_benchmarks(mode, repeat)
        if stop:
            stop()
    finally:
        for proc in workers:
            proc.terminate()
        for proc in workers:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        if mode == "production":
            from django.db import connections

            connections.close_all()
            import psycopg

            with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "lakeflow_bench_{os.getpid()}" WITH (FORCE)')


def run_benchmarks(mode: str, repeat: int) -> None:
    from django.conf import settings
    from django.contrib.auth.models import User

    from jobs.models import Job, JobVersion

    user = User.objects.create_user("bench")
    script = Path(settings.LAKEFLOW_HOME) / "workspace" / "noop.py"
    script.parent.mkdir(parents=True, exist_ok=True)
    script.write_text("pass\n")
    py = {"python_file": "/Workspace/noop.py"}

    def job(name: str, tasks: list[dict]) -> Job:
        j = Job.objects.create(name=name, owner=user, max_concurrent_runs=1)
        JobVersion.objects.create(job=j, version=1, settings={"name": name, "tasks": tasks})
        return j

    chain = [{"task_key": "t0", "spark_python_task": py}] + [
        {"task_key": f"t{i}", "spark_python_task": py, "depends_on": [{"task_key": f"t{i - 1}"}]}
        for i in range(1, 20)
    ]
    fan = [{"task_key": "start", "spark_python_task": py}]
    fan += [
        {"task_key": f"m{i}", "spark_python_task": py, "depends_on": [{"task_key": "start"}]}
        for i in range(50)
    ]
    fan += [
        {"task_key": "end", "spark_python_task": py, "depends_on": [{"task_key": f"m{i}"} for i in range(50)]}
    ]
    w1, w2 = job("W1", chain), job("W2", fan)

    # A warm-up run of each (imports, first connections, page cache) is not counted.
    measure(w1, user)
    measure(w2, user)
    w1_times, w2_times, first_starts, hops, attempts = [], [], [], [], []
    for _ in range(repeat):
        total, first, run = measure(w1, user)
        w1_times.append(total)
        first_starts.append(first)
        hops.extend(task_hops(run))
        attempts.extend((tr.end_time - tr.start_time).total_seconds() for tr in run.task_runs.all())
        total, first, _ = measure(w2, user)
        w2_times.append(total)
        first_starts.append(first)
    med = statistics.median
    print(
        f"{mode}: W1 chain of 20 {med(w1_times):.3f} s | W2 fan 1-50-1 {med(w2_times):.3f} s | "
        f"run-now to first task start {med(first_starts) * 1000:.1f} ms | "
        f"task-to-task p50 {med(hops) * 1000:.1f} ms | one no-op attempt (claim to finish) p50 "
        f"{med(attempts) * 1000:.1f} ms (medians of {repeat})"
    )


def measure(job, user) -> tuple[float, float, object]:
    from runs import services
    from runs.choices import RUN_TERMINAL

    started = time.time()
    run = services.run_now(job=job, user=user)
    while True:
        run.refresh_from_db(fields=["state", "end_time", "start_time"])
        if run.state in RUN_TERMINAL:
            break
        if time.time() - started > 60:
            states = list(run.task_runs.values_list("task_key", "state", "worker")[:5])
            raise SystemExit(f"{job.name} run {run.pk} stuck {run.state}: {states}")
        time.sleep(0.005)
    if run.state != "SUCCESS":
        raise SystemExit(f"{job.name} run {run.pk} ended {run.state}")
    first = min(tr.start_time for tr in run.task_runs.all())
    return run.end_time.timestamp() - started, first.timestamp() - started, run


def task_hops(run) -> list[float]:
    rows = {tr.task_key: tr for tr in run.task_runs.all()}
    return [(rows[f"t{i}"].start_time - rows[f"t{i - 1}"].end_time).total_seconds() for i in range(1, 20)]


if __name__ == "__main__":
    main()
