"""The Django admin lists clusters, their events and libraries, and starts/terminates clusters."""

from __future__ import annotations

import pytest

from compute import libraries, services
from compute.choices import ClusterState
from compute.lifecycle import transition


@pytest.fixture
def cluster(admin_user):
    return services.create_cluster(
        user=admin_user, spec={"cluster_name": "adm", "spark_version": "python-3.11"}
    )


@pytest.mark.parametrize("page", ["cluster", "clusterevent", "clusterlibrary"])
def test_admin_pages_list_compute(client, admin_user, cluster, page):
    libraries.install(cluster=cluster, libraries=[{"maven": {"coordinates": "a:b:1"}}])
    client.force_login(admin_user)
    assert client.get(f"/admin/compute/{page}/").status_code == 200
    assert client.get(f"/admin/compute/cluster/{cluster.pk}/change/").status_code == 200


def test_the_terminate_action_terminates(client, admin_user, cluster):
    transition(cluster, ClusterState.RUNNING)
    client.force_login(admin_user)
    client.post("/admin/compute/cluster/", {"action": "terminate", "_selected_action": [cluster.pk]})
    cluster.refresh_from_db()
    assert cluster.state == ClusterState.TERMINATING
