"""`lakeflow dev` killed with SIGKILL mid-run and started again: the run is recovered (the attempt
its dead worker held is failed and retried), nothing stays RUNNING."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.servers import free_port

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]

SETUP = """
import django; django.setup()
from pathlib import Path
from django.conf import settings
from django.contrib.auth import get_user_model
from jobs import services
from lakeflow.accounts.models import Token
workspace = Path(settings.LAKEFLOW_HOME) / "workspace"
workspace.mkdir(parents=True, exist_ok=True)
(workspace / "sleep.py").write_text("import time\\ntime.sleep(4)\\n")
user = get_user_model().objects.create_user("dev-owner", password="x-password-1")
job = services.create_job(user=user, settings={
    "name": "recover me",
    "tasks": [
        {"task_key": "slow", "max_retries": 1, "spark_python_task": {"python_file": "/Workspace/sleep.py"}},
        {"task_key": "after", "depends_on": [{"task_key": "slow"}],
         "spark_python_task": {"python_file": "/Workspace/sleep.py"}},
    ],
})
print(job.pk, Token.issue(user, comment="test")[1])
"""


class Dev:
    def __init__(self, home: Path):
        self.home = home
        self.port = free_port()
        self.env = {
            **os.environ,
            "LAKEFLOW_HOME": str(home),
            "DJANGO_SETTINGS_MODULE": "lakeflow.settings",
            "LAKEFLOW_HEARTBEAT_SECONDS": "1",
            "LAKEFLOW_HEARTBEAT_TIMEOUT_SECONDS": "4",
            "LAKEFLOW_RECONCILE_SECONDS": "1",
            "LAKEFLOW_DISPATCH_GRACE_SECONDS": "3",
            "PYTHONUNBUFFERED": "1",
        }
        for name in ("DATABASE_URL", "CELERY_BROKER_URL", "REDIS_URL"):
            self.env.pop(name, None)
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        log = (self.home / "dev.log").open("a")
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "manage.py"), "dev", "--port", str(self.port), "--no-demo"],
            env=self.env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=1)
                return
            except OSError:
                time.sleep(0.2)
        raise AssertionError((self.home / "dev.log").read_text())

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def sql(self, query: str, *params) -> list[tuple]:
        with sqlite3.connect(self.home / "lakeflow.sqlite3", timeout=30) as conn:
            return conn.execute(query, params).fetchall()

    def wait(self, query: str, predicate, timeout: float, *params) -> list[tuple]:
        deadline = time.monotonic() + timeout
        rows: list[tuple] = []
        while time.monotonic() < deadline:
            rows = self.sql(query, *params)
            if predicate(rows):
                return rows
            time.sleep(0.2)
        raise AssertionError(f"{query}: {rows}\n{(self.home / 'dev.log').read_text()[-3000:]}")


def test_a_killed_dev_process_recovers_its_run_on_restart(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    dev = Dev(home)
    dev.start()
    try:
        out = subprocess.run(
            [sys.executable, "-c", SETUP], env=dev.env, cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.split()
        job_id, token = int(out[0]), out[1]
        request = urllib.request.Request(
            f"http://127.0.0.1:{dev.port}/api/2.2/jobs/run-now",
            data=json.dumps({"job_id": job_id}).encode(),
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
            method="POST",
        )
        run_id = json.loads(urllib.request.urlopen(request, timeout=30).read())["run_id"]
        tasks = (
            "SELECT task_key, attempt_number, state, error FROM runs_taskrun WHERE job_run_id = ? ORDER BY id"
        )
        dev.wait(tasks, lambda rows: any(r[0] == "slow" and r[2] == "RUNNING" for r in rows), 30, run_id)
        dev.kill()
        dev.start()
        rows = dev.wait(
            "SELECT state FROM runs_jobrun WHERE id = ?",
            lambda rows: rows[0][0] not in ("PENDING", "RUNNING", "QUEUED", "TERMINATING"),
            60,
            run_id,
        )
        assert rows[0][0] == "SUCCESS"
        attempts = dev.sql(tasks, run_id)
        assert [(r[0], r[1], r[2]) for r in attempts] == [
            ("slow", 0, "FAILED"),
            ("after", 0, "SUCCESS"),
            ("slow", 1, "SUCCESS"),
        ]
        assert "worker executing the task" in attempts[0][3]
    finally:
        dev.stop()
