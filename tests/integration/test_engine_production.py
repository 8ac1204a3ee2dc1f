"""The engine on the production topology, for real: PostgreSQL, a Redis (or RabbitMQ) broker and
separate `lakeflow worker` processes — several at once — plus the crash cases of issue 3:
a worker killed with SIGKILL mid-task, and Redis restarted mid-run. Nothing stays RUNNING."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
import uuid
from pathlib import Path

import pytest

from tests.integration.scheduler_cluster import Cluster

pytestmark = pytest.mark.slow

TERMINAL = ("SUCCESS", "SUCCESS_WITH_FAILURES", "FAILED", "TIMEDOUT", "CANCELED", "SKIPPED", "INTERNAL_ERROR")
# Short engine timings so crash recovery happens within the test.
FAST = {
    "LAKEFLOW_HEARTBEAT_SECONDS": "1",
    "LAKEFLOW_HEARTBEAT_TIMEOUT_SECONDS": "4",
    "LAKEFLOW_DISPATCH_GRACE_SECONDS": "3",
}

SETUP = """
import json
from pathlib import Path
from django.conf import settings
from django.contrib.auth import get_user_model
from jobs import services
workspace = Path(settings.LAKEFLOW_HOME) / "workspace"
workspace.mkdir(parents=True, exist_ok=True)
code = "import os, sys, time\\nprint(os.getpid())\\ntime.sleep(float(sys.argv[1]))\\n"
(workspace / "sleep.py").write_text(code)
user = get_user_model().objects.create_user("engine-owner", password="x-password-1")
job = services.create_job(user=user, settings=json.loads({settings!r}))
print(job.pk)
"""

RUN_NOW = """
from jobs.models import Job
from runs import services
job = Job.objects.get(pk={job_id})
print(services.run_now(job=job, user=job.owner).pk)
"""

RUN = "SELECT state FROM runs_jobrun WHERE id = %s"
TASKS = "SELECT task_key, attempt_number, state, worker, error FROM runs_taskrun WHERE job_run_id = %s ORDER BY id"  # noqa: E501


def sleep_task(key: str, seconds: float, *deps: str, **extra) -> dict:
    task = {
        "task_key": key,
        "spark_python_task": {"python_file": "/Workspace/sleep.py", "parameters": [str(seconds)]},
    }
    if deps:
        task["depends_on"] = [{"task_key": d} for d in deps]
    return {**task, **extra}


def start_run(cluster: Cluster, tasks: list[dict], **job_settings) -> int:
    settings = {"name": "engine", "max_concurrent_runs": 10, "tasks": tasks, **job_settings}
    job_id = int(cluster.python(SETUP.format(settings=json.dumps(settings))))
    return int(cluster.python(RUN_NOW.format(job_id=job_id)))


def wait_run(cluster: Cluster, run_id: int, timeout: float = 90.0, *, reconcile: bool = True) -> str:
    """Wait for the run to end, running `lakeflow reconcile` (a real process) meanwhile, as beat
    does in production: it re-sends a message another test cluster's flush of this shared Redis
    may have dropped."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = cluster.sql(RUN, run_id)[0][0]
        if state in TERMINAL:
            return state
        if reconcile:
            cluster.manage("reconcile")
        time.sleep(0.5)
    raise AssertionError(f"run {run_id} still {state}: {cluster.sql(TASKS, run_id)}")


def wait_task(cluster: Cluster, run_id: int, key: str, state: str, timeout: float = 60.0) -> tuple:
    rows = cluster.wait(TASKS, lambda rows: any(r[0] == key and r[2] == state for r in rows), timeout, run_id)
    return next(r for r in rows if r[0] == key and r[2] == state)


def isolated(**env: str) -> dict[str, str]:
    """A Redis key prefix of our own: other test clusters on this Redis never take our messages."""
    return {"LAKEFLOW_REDIS_KEY_PREFIX": f"lakeflow-test-{uuid.uuid4().hex[:8]}:", **env}


def test_several_worker_processes_share_a_run(postgres_url, redis_url, tmp_path):
    with Cluster(postgres_url, redis_url, tmp_path / "home", **isolated(**FAST)) as cluster:
        for name in ("worker-1", "worker-2"):
            cluster.start(name, "worker", "--concurrency", "3", "--hostname", f"{name}@%h")
        time.sleep(2)
        middle = [sleep_task(f"m{i}", 1, "start") for i in range(6)]
        run_id = start_run(
            cluster, [sleep_task("start", 0), *middle, sleep_task("end", 0, *[t["task_key"] for t in middle])]
        )
        assert wait_run(cluster, run_id) == "SUCCESS"
        rows = cluster.sql(TASKS, run_id)
        assert {r[2] for r in rows} == {"SUCCESS"} and len(rows) == 8
        assert len({r[3].split(":")[1] for r in rows}) == 2  # both worker processes executed tasks


def test_the_engine_runs_on_rabbitmq(postgres_url, redis_url, rabbitmq_url, tmp_path):
    with Cluster(postgres_url, redis_url, tmp_path / "home") as cluster:
        cluster.env["CELERY_BROKER_URL"] = rabbitmq_url
        cluster.start("worker", "worker", "--concurrency", "2")
        time.sleep(2)
        run_id = start_run(cluster, [sleep_task("a", 0), sleep_task("b", 0, "a"), sleep_task("c", 0, "b")])
        assert wait_run(cluster, run_id) == "SUCCESS"


def test_a_worker_killed_mid_task_is_detected_and_the_task_retried(postgres_url, redis_url, tmp_path):
    with Cluster(postgres_url, redis_url, tmp_path / "home", **isolated(**FAST)) as cluster:
        doomed = cluster.start("doomed", "worker", "--concurrency", "1", "--hostname", "doomed@%h")
        run_id = start_run(cluster, [sleep_task("slow", 3, max_retries=1), sleep_task("after", 0, "slow")])
        wait_task(cluster, run_id, "slow", "RUNNING")
        os.kill(doomed.pid, signal.SIGKILL)
        doomed.wait()
        cluster.start("survivor", "worker", "--concurrency", "1", "--hostname", "survivor@%h")
        assert wait_run(cluster, run_id, reconcile=True) == "SUCCESS"
        rows = cluster.sql(TASKS, run_id)
        slow = [r for r in rows if r[0] == "slow"]
        assert [(r[1], r[2]) for r in slow] == [(0, "FAILED"), (1, "SUCCESS")]
        assert "doomed" not in slow[1][3] and "worker executing the task" in slow[0][4]


def test_a_run_survives_a_redis_restart(postgres_url, redis_url, tmp_path):
    with Cluster(postgres_url, redis_url, tmp_path / "home", **isolated(**FAST)) as cluster:
        cluster.start("worker", "worker", "--concurrency", "2")
        time.sleep(2)
        run_id = start_run(
            cluster,
            [
                sleep_task("a", 0.5),
                sleep_task("b", 2, "a"),
                sleep_task("c", 0.5, "b"),
                sleep_task("d", 0.5, "c"),
            ],
        )
        wait_task(cluster, run_id, "b", "RUNNING")
        subprocess.run(["redis-cli", "shutdown", "nosave"], check=False, capture_output=True)
        time.sleep(1)
        subprocess.run(
            [
                "redis-server",
                "--daemonize",
                "yes",
                "--bind",
                "127.0.0.1",
                "--port",
                "6379",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            check=True,
            capture_output=True,
        )
        assert wait_run(cluster, run_id, reconcile=True) == "SUCCESS"
        assert {r[2] for r in cluster.sql(TASKS, run_id)} == {"SUCCESS"}


CANCEL = """
from runs import services
from runs.models import JobRun
run = JobRun.objects.get(pk={run_id})
services.cancel_run(run=run, user=run.triggered_by)
"""


def test_cancel_reaches_a_task_on_another_process_through_its_heartbeat(postgres_url, redis_url, tmp_path):
    with Cluster(postgres_url, redis_url, tmp_path / "home", **isolated(**FAST)) as cluster:
        cluster.start("worker", "worker", "--concurrency", "2")
        run_id = start_run(cluster, [sleep_task("slow", 60), sleep_task("after", 0, "slow")])
        wait_task(cluster, run_id, "slow", "RUNNING")
        time.sleep(0.5)  # the child has printed its pid
        log_path = cluster.sql(
            "SELECT log_path FROM runs_taskrun WHERE job_run_id = %s AND task_key = 'slow'", run_id
        )[0][0]
        pid = int(Path(log_path).read_text().split()[0])  # sleep.py prints its pid first
        cluster.python(CANCEL.format(run_id=run_id))
        assert wait_run(cluster, run_id, timeout=30) == "CANCELED"
        assert {r[0]: r[2] for r in cluster.sql(TASKS, run_id)} == {"slow": "CANCELED", "after": "CANCELED"}
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
