"""Clusters in the embedded default: each worker is a Celery worker thread of this process on the
cluster's own queue; the supervisor thread moves the cluster through its states."""

from __future__ import annotations

import pytest

from compute import services
from compute.choices import WORKER_LIVE, ClusterState, WorkerState
from tests.compute.conftest import wait_state, wait_until

SPEC = {"cluster_name": "embedded", "spark_version": "python-3.11", "num_workers": 2}

pytestmark = pytest.mark.slow


def test_a_cluster_runs_once_its_workers_consume_and_terminates_when_they_are_gone(supervisor, admin_user):
    cluster = services.create_cluster(user=admin_user, spec=SPEC)
    cluster = wait_state(cluster, ClusterState.RUNNING)
    ready = cluster.workers.filter(state=WorkerState.READY)
    assert ready.count() == 2
    assert [e.type for e in cluster.events.order_by("id")] == ["CREATING", "RUNNING"]

    services.terminate_cluster(cluster=cluster, user=admin_user)
    cluster = wait_state(cluster, ClusterState.TERMINATED)
    assert not cluster.workers.filter(state__in=WORKER_LIVE).exists()
    assert cluster.termination_reason["code"] == "USER_REQUEST"
    assert [e.type for e in cluster.events.order_by("id")][-1] == "TERMINATING"
    assert cluster.terminated_time is not None


def test_a_terminated_cluster_starts_again(supervisor, admin_user):
    cluster = wait_state(
        services.create_cluster(user=admin_user, spec={**SPEC, "num_workers": 1}), ClusterState.RUNNING
    )
    services.terminate_cluster(cluster=cluster)
    wait_state(cluster, ClusterState.TERMINATED)
    services.start_cluster(cluster=cluster)
    cluster = wait_state(cluster, ClusterState.RUNNING)
    assert cluster.workers.filter(state=WorkerState.READY).count() == 1
    assert "STARTING" in cluster.events.values_list("type", flat=True)


def test_an_idle_cluster_autoterminates(supervisor, admin_user, settings):
    settings.LAKEFLOW_AUTOTERMINATION_UNIT_SECONDS = 0.1  # 10 "minutes" = 1 s
    cluster = services.create_cluster(
        user=admin_user, spec={**SPEC, "num_workers": 1, "autotermination_minutes": 10}
    )
    wait_state(cluster, ClusterState.RUNNING)
    cluster = wait_state(cluster, ClusterState.TERMINATED, timeout=30)
    assert cluster.termination_reason["code"] == "INACTIVITY"


def test_restart_replaces_every_worker(supervisor, admin_user):
    cluster = wait_state(
        services.create_cluster(user=admin_user, spec={**SPEC, "num_workers": 1}), ClusterState.RUNNING
    )
    before = set(cluster.workers.values_list("name", flat=True))
    services.restart_cluster(cluster=cluster)
    cluster = wait_state(cluster, ClusterState.RUNNING)
    after = set(cluster.workers.filter(state=WorkerState.READY).values_list("name", flat=True))
    assert after and not (after & before)
    assert cluster.last_restarted_time is not None


def test_resize_adds_and_removes_workers(supervisor, admin_user):
    cluster = wait_state(
        services.create_cluster(user=admin_user, spec={**SPEC, "num_workers": 1}), ClusterState.RUNNING
    )
    services.resize_cluster(cluster=cluster, num_workers=3)
    cluster = wait_state(cluster, ClusterState.RUNNING)
    assert cluster.workers.filter(state=WorkerState.READY).count() == 3
    services.resize_cluster(cluster=cluster, num_workers=1)
    cluster = wait_state(cluster, ClusterState.RUNNING)
    wait_until(lambda: cluster.workers.filter(state__in=WORKER_LIVE).count() == 1, what="one worker left")
