"""Compute fixtures: the cluster supervisor running as a thread (as in `lakeflow dev`), and waits
on cluster states. Every cluster a test leaves behind is terminated and its workers stopped."""

from __future__ import annotations

import time

import pytest

from compute.choices import WORKER_LIVE
from compute.models import Cluster, ClusterWorker
from tests.runs.conftest import engine, make_job, script  # noqa: F401 - the engine's fixtures, shared


@pytest.fixture
def supervisor(transactional_db, settings):
    from compute import services
    from compute.supervisor import start_supervisor, stop_supervisor, supervise_once

    settings.LAKEFLOW_HEARTBEAT_SECONDS = 1
    settings.LAKEFLOW_WORKER_STOP_GRACE_SECONDS = 10
    loop = start_supervisor(interval=0.2)
    yield loop
    stop_supervisor(loop)
    for cluster in Cluster.objects.all():
        services.terminate_cluster(cluster=cluster)
    deadline = time.monotonic() + 30
    while ClusterWorker.objects.filter(state__in=WORKER_LIVE).exists() and time.monotonic() < deadline:
        supervise_once()
        time.sleep(0.2)


def wait_state(cluster: Cluster, *states: str, timeout: float = 60.0) -> Cluster:
    """Poll until the cluster is in one of `states`; returns the fresh row."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        cluster.refresh_from_db()
        if cluster.state in states:
            return cluster
        time.sleep(0.05)
    raise AssertionError(
        f"cluster {cluster.cluster_id} still {cluster.state} ({cluster.state_message}) after {timeout}s; "
        f"workers: {list(cluster.workers.values_list('name', 'state', 'exit_message'))}"
    )


def wait_until(predicate, timeout: float = 60.0, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"{what} not reached after {timeout}s")
