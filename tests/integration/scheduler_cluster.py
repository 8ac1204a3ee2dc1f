"""A production-topology Lakeflow in child processes, for scheduler tests: its own PostgreSQL
database, a Redis database as broker, `lakeflow scheduler` and `lakeflow worker` processes.

The test process never opens that database through Django (its own test DB is another one): it
prepares data by running small Python snippets under the cluster's settings, and reads results
with plain SQL.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[2]


class Cluster:
    def __init__(self, postgres_url: str, redis_url: str, home: Path, **env: str):
        base = postgres_url.rsplit("/", 1)[0]
        self.database = f"lakeflow_sched_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        self.admin_url = f"{base}/postgres"
        self.url = f"{base}/{self.database}"
        # A Redis database of its own, so other test runs' workers never take our messages.
        broker = redis_url.rsplit("/", 1)[0] + f"/{8 + os.getpid() % 8}"
        self.home = home
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "lakeflow.settings",
            "DATABASE_URL": self.url,
            "CELERY_BROKER_URL": broker,
            "LAKEFLOW_HOME": str(home),
            "LAKEFLOW_SCHEDULE_MIN_INTERVAL_SECONDS": "0",
            "LAKEFLOW_TRIGGER_POLL_SECONDS": "1",
            "PYTHONUNBUFFERED": "1",
            **env,
        }
        self.env.pop("REDIS_URL", None)
        self.processes: list[tuple[subprocess.Popen, Path]] = []

    def __enter__(self) -> Cluster:
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{self.database}"')
        self.manage("migrate", "--noinput", "-v", "0")
        import redis

        redis.Redis.from_url(self.env["CELERY_BROKER_URL"]).flushdb()
        return self

    def __exit__(self, *exc) -> None:
        self.stop_all()
        self.stop_cluster_workers()
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')

    def manage(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), *args],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def python(self, code: str) -> str:
        """Run a snippet with Django set up on the cluster's settings; returns its stdout."""
        prelude = "import django; django.setup()\n"
        done = subprocess.run(
            [sys.executable, "-c", prelude + code],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    def start(self, name: str, *args: str) -> subprocess.Popen:
        log = self.home / f"{name}.log"
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "manage.py"), *args],
            env=self.env,
            cwd=ROOT,
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes.append((process, log))
        return process

    def stop(self, process: subprocess.Popen) -> None:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    def stop_all(self) -> None:
        for process, _ in self.processes:
            self.stop(process)

    def stop_cluster_workers(self) -> None:
        """Cluster workers (the serverless pool's too) lead their own sessions so that they outlive
        a supervisor restart, as in production: stopping our processes leaves them running, polling
        a database about to be dropped. Stop every one this cluster's database knows."""
        try:
            pids = [pid for (pid,) in self.sql("SELECT pid FROM compute_clusterworker WHERE pid IS NOT NULL")]
        except psycopg.Error:
            return
        for pid in pids:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(pid, signal.SIGKILL)

    def log(self, process: subprocess.Popen) -> str:
        return next(log for p, log in self.processes if p is process).read_text()

    def sql(self, query: str, *params) -> list[tuple]:
        with psycopg.connect(self.url) as conn:
            return conn.execute(query, params).fetchall()

    def wait(self, query: str, predicate, timeout: float = 60.0, *params):
        deadline = time.monotonic() + timeout
        rows = None
        while time.monotonic() < deadline:
            rows = self.sql(query, *params)
            if predicate(rows):
                return rows
            time.sleep(0.25)
        raise AssertionError(f"timed out waiting on {query!r}: last {rows!r}")
