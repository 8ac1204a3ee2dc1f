"""The local provider in production mode: every cluster worker is a real `lakeflow worker
--cluster <id>` process consuming the cluster's queue on Redis; this test process runs the
supervisor (as `lakeflow dev` or a control worker would) on the shared test database."""

from __future__ import annotations

import psutil
import pytest

from compute import services
from compute.choices import ClusterState, WorkerState
from tests.compute.conftest import supervisor, wait_state, wait_until  # noqa: F401 - fixture

pytestmark = [pytest.mark.slow, pytest.mark.redis, pytest.mark.usefixtures("production", "supervisor")]

SPEC = {"cluster_name": "procs", "spark_version": "python-3.11", "num_workers": 2}


@pytest.fixture
def production(settings, redis_url):
    settings.CELERY_EMBEDDED = False
    settings.CELERY_BROKER_URL = redis_url
    settings.LAKEFLOW_CLUSTER_START_TIMEOUT_SECONDS = 90


def alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def test_workers_are_real_processes_started_and_stopped(admin_user):
    cluster = services.create_cluster(user=admin_user, spec=SPEC)
    cluster = wait_state(cluster, ClusterState.RUNNING, timeout=90)
    workers = list(cluster.workers.filter(state=WorkerState.READY))
    assert len(workers) == 2
    pids = [w.pid for w in workers]
    for pid in pids:
        assert alive(pid)
        assert "worker" in psutil.Process(pid).cmdline()
        assert cluster.cluster_id in psutil.Process(pid).cmdline()

    services.terminate_cluster(cluster=cluster, user=admin_user)
    cluster = wait_state(cluster, ClusterState.TERMINATED, timeout=60)
    assert not any(alive(pid) for pid in pids)


def test_a_worker_that_dies_is_replaced(admin_user):
    cluster = wait_state(
        services.create_cluster(user=admin_user, spec={**SPEC, "num_workers": 1}),
        ClusterState.RUNNING,
        timeout=90,
    )
    victim = cluster.workers.get(state=WorkerState.READY)
    psutil.Process(victim.pid).kill()
    wait_until(lambda: cluster.events.filter(type="NODES_LOST").exists(), what="NODES_LOST event")
    cluster = wait_state(cluster, ClusterState.RUNNING, timeout=90)
    replacement = wait_until(
        lambda: cluster.workers.filter(state=WorkerState.READY).exclude(pk=victim.pk).first(),
        timeout=90,
        what="a replacement worker",
    )
    assert replacement.pid != victim.pid and alive(replacement.pid)


def test_workers_that_cannot_start_put_the_cluster_in_error_with_the_reason(admin_user):
    # A broken environment for the worker processes: Python itself cannot start.
    spec = {**SPEC, "num_workers": 1, "spark_env_vars": {"PYTHONHOME": "/nonexistent-python-home"}}
    cluster = wait_state(services.create_cluster(user=admin_user, spec=spec), ClusterState.ERROR, timeout=60)
    assert "could not start" in cluster.state_message
    assert "exited with code" in cluster.state_message
    assert cluster.termination_reason["code"] == "INIT_FAILURE"
    assert cluster.events.filter(type="ADD_NODES_FAILED").exists()


def test_the_serverless_pool_grows_with_queued_tasks_and_shrinks_to_nothing(
    admin_user, settings, lakeflow_home
):
    from compute.models import Cluster
    from compute.supervisor import supervise_once
    from jobs.models import Job, JobVersion
    from runs import services as runs

    settings.LAKEFLOW_SERVERLESS_MAX_WORKERS = 2
    settings.LAKEFLOW_AUTOSCALE_DOWN_IDLE_SECONDS = 1
    supervise_once()
    pool = Cluster.objects.get(cluster_id="serverless")
    assert pool.state == ClusterState.RUNNING and not pool.workers.exists()
    # Three serverless tasks that no static worker takes (none runs here): the pool grows to its max.
    job = Job.objects.create(name="burst", owner=admin_user)
    tasks = [
        {"task_key": f"t{i}", "spark_python_task": {"python_file": "/Workspace/none.py"}} for i in range(3)
    ]
    JobVersion.objects.create(
        job=job, version=1, author=admin_user, settings={"name": "burst", "tasks": tasks}
    )
    run = runs.run_now(job=job, user=admin_user)
    wait_until(
        lambda: pool.workers.filter(state=WorkerState.READY).count() == 2, timeout=90, what="pool of 2"
    )
    pids = list(pool.workers.filter(state=WorkerState.READY).values_list("pid", flat=True))
    assert all(alive(pid) for pid in pids)
    assert pool.events.filter(type="RESIZING", details__cause="AUTOSCALE").exists()
    # Nothing left to do: back to zero processes.
    runs.cancel_run(run=run, user=admin_user)
    wait_until(lambda: not any(alive(pid) for pid in pids), timeout=90, what="pool workers gone")
    pool.refresh_from_db()
    assert pool.target_workers == 0
