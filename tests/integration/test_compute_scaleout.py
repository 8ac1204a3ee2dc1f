"""Scale-out, the production topology on one machine: PostgreSQL + Redis, `lakeflow scheduler`
(beat), a control worker (`lakeflow worker`, which runs the cluster supervisor and so starts the
cluster's own worker processes), and one more `lakeflow worker --cluster NAME` joining the cluster
as a worker on another machine would. Every process is real; this test only talks to them through
the database and `manage.py shell`.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psutil
import pytest

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.redis]
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def installation(postgres_url, redis_url, tmp_path):
    """A fresh PostgreSQL database, migrated, and the environment its processes share."""
    import psycopg

    name = f"lakeflow_scaleout_{uuid.uuid4().hex[:8]}"
    base, _, _ = postgres_url.rpartition("/")
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("LAKEFLOW_", "DATABASE_URL"))},
        "DJANGO_SETTINGS_MODULE": "lakeflow.settings",
        "DATABASE_URL": f"{base}/{name}",
        "CELERY_BROKER_URL": redis_url,
        "LAKEFLOW_HOME": str(tmp_path / "home"),
        "LAKEFLOW_HEARTBEAT_SECONDS": "1",
        "LAKEFLOW_HEARTBEAT_TIMEOUT_SECONDS": "6",
        "LAKEFLOW_RECONCILE_SECONDS": "2",
        "LAKEFLOW_CLUSTER_SUPERVISE_SECONDS": "1",
        "LAKEFLOW_DISPATCH_GRACE_SECONDS": "5",
    }
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
    processes: list[subprocess.Popen] = []

    def start(*args: str) -> subprocess.Popen:
        log = open(tmp_path / f"proc-{len(processes)}.log", "wb")  # noqa: SIM115 - closed with the process
        proc = subprocess.Popen(
            [sys.executable, "-m", "lakeflow.cli", *args],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        processes.append(proc)
        return proc

    yield env, start
    run(
        env,
        "from compute.models import Cluster\nfrom compute import services\n"
        "for c in Cluster.objects.all(): services.terminate_cluster(cluster=c)\nprint('{}')",
    )
    time.sleep(3)  # the control worker's supervisor stops the cluster's processes
    for proc in processes:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
    for proc in processes:
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
    for child in psutil.process_iter(["environ"]):
        try:
            if (child.info["environ"] or {}).get("DATABASE_URL") == env["DATABASE_URL"]:
                child.kill()
        except psutil.Error:
            pass
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run(env: dict, code: str) -> dict:
    """Run Django code in the installation (a `manage.py shell`); it prints one JSON object."""
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def poll(env: dict, code: str, until, timeout: float = 120.0) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        value = run(env, code)
        if until(value) or time.monotonic() > deadline:
            return value
        time.sleep(1)


SETUP = """
import json
from django.contrib.auth import get_user_model
from compute import services
admin = get_user_model().objects.create_superuser("admin", "a@example.com", "pw-123456")
spec = {"cluster_name": "scaleout", "spark_version": "python-3.11", "num_workers": 2}
cluster = services.create_cluster(user=admin, spec=spec)
print(json.dumps({"cluster_id": cluster.cluster_id}))
"""

CLUSTER = """
import json
from compute.models import Cluster
c = Cluster.objects.get(cluster_name="scaleout")
print(json.dumps({"state": c.state, "message": c.state_message,
                  "workers": list(c.workers.filter(state="READY").values_list("name", "managed", "pid"))}))
"""

RUN_JOB = """
import json
from pathlib import Path
from django.conf import settings
from django.contrib.auth import get_user_model
from jobs.services import create_job
from runs.services import run_now
script = Path(settings.LAKEFLOW_HOME) / "workspace" / "job.py"
script.parent.mkdir(parents=True, exist_ok=True)
script.write_text(SCRIPT)
admin = get_user_model().objects.get(username="admin")
tasks = [{"task_key": f"t{i}", "existing_cluster_id": CLUSTER_ID, "max_retries": 1,
          "spark_python_task": {"python_file": "/Workspace/job.py", "parameters": [f"t{i}"]}}
         for i in range(COUNT)]
job = create_job(user=admin, settings={"name": "scale", "tasks": tasks})
print(json.dumps({"run_id": run_now(job=job, user=admin).pk}))
"""

RUN_STATE = """
import json
from runs.models import JobRun
run = JobRun.objects.get(pk=RUN_ID)
print(json.dumps({"state": run.state, "tasks": list(run.task_runs.values_list(
    "task_key", "attempt_number", "state", "worker", "cluster_id", "error"))}))
"""


def start_job(env, cluster_id: str, script: str, count: int) -> int:
    code = (
        RUN_JOB.replace("SCRIPT", repr(script))
        .replace("CLUSTER_ID", repr(cluster_id))
        .replace("COUNT", str(count))
    )
    return run(env, code)["run_id"]


def run_state(env, run_id: int, until=lambda v: v["state"] in ("SUCCESS", "FAILED", "INTERNAL_ERROR")):
    return poll(env, RUN_STATE.replace("RUN_ID", str(run_id)), until, timeout=180)


def test_workers_on_several_processes_share_a_cluster_and_survive_a_killed_worker(installation):
    env, start = installation
    start("scheduler", "--max-interval", "1", "--loglevel", "WARNING")
    start("worker", "--queues", "lakeflow.control,lakeflow.serverless", "--concurrency", "4")
    cluster_id = run(env, SETUP)["cluster_id"]
    # 1. The supervisor (in the control worker) starts the cluster's two worker processes.
    cluster = poll(env, CLUSTER, lambda v: v["state"] == "RUNNING")
    assert cluster["state"] == "RUNNING", cluster
    # 2. A third worker joins by name, as from another machine.
    start("worker", "--cluster", "scaleout", "--concurrency", "1")
    cluster = poll(env, CLUSTER, lambda v: len(v["workers"]) == 3)
    assert sorted(managed for _, managed, _ in cluster["workers"]) == [False, True, True]

    # 3. Six one-second tasks spread over the three worker processes.
    run_id = start_job(env, cluster_id, "import time\ntime.sleep(1)\n", 6)
    result = run_state(env, run_id)
    assert result["state"] == "SUCCESS", result
    pids = {worker.split(":")[1] for _, _, _, worker, _, _ in result["tasks"]}
    assert len(pids) >= 2
    assert {cid for *_, cid, _ in result["tasks"]} == {cluster_id}

    # 4. Kill the worker process running a long task: the engine's recovery retries it elsewhere.
    marker = Path(env["LAKEFLOW_HOME"]) / "attempted"
    script = (
        f"import os, sys, time\nm = {str(marker)!r}\n"
        "if not os.path.exists(m):\n    open(m, 'w').close()\n    time.sleep(120)\n"
    )
    run_id = start_job(env, cluster_id, script, 1)
    running = run_state(env, run_id, until=lambda v: any(t[2] == "RUNNING" for t in v["tasks"]))
    worker = next(t[3] for t in running["tasks"] if t[2] == "RUNNING")
    victim = int(worker.split(":")[1])
    # The worker leads its process group when the provider started it: its task process goes too.
    if victim == os.getpgid(victim):
        os.killpg(victim, signal.SIGKILL)
    else:
        os.kill(victim, signal.SIGKILL)
    result = run_state(env, run_id)
    assert result["state"] == "SUCCESS", result
    attempts = sorted((attempt, state) for _, attempt, state, *_ in result["tasks"])
    assert attempts[0][1] != "SUCCESS" and attempts[-1] == (1, "SUCCESS")
