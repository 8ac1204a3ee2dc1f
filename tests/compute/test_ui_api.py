"""The compute pages' own endpoints (/api/ui/clusters/...) through the HTTP client."""

from __future__ import annotations

import pytest

from compute import services
from compute.choices import ClusterPermissionLevel
from compute.models import ClusterPermission
from jobs.choices import PermissionLevel
from jobs.models import JobPermission
from runs import services as run_services
from runs.api.wire import task_run_wire_id
from runs.choices import TaskRunState
from runs.models import TaskRun
from tests.runs.conftest import python_task

SPEC = {"cluster_name": "ui", "spark_version": "python-3.11", "num_workers": 1}


@pytest.fixture
def cluster(owner):
    return services.create_cluster(user=owner, spec=SPEC)


@pytest.fixture
def placed_task_run(cluster, make_job, script, owner):
    """A run whose task was placed on the cluster (what the engine records in TaskRun.cluster_id)."""
    job = make_job([python_task("a", script("a.py", "print('a')"), existing_cluster_id=cluster.cluster_id)])
    run = run_services.run_now(job=job, user=owner)
    task_run = run.task_runs.get()
    TaskRun.objects.filter(pk=task_run.pk).update(cluster_id=cluster.cluster_id)
    return task_run


@pytest.mark.parametrize(
    ("who", "grant", "expected"),
    [
        ("owner", None, "CAN_MANAGE"),  # the creator
        ("admin_user", None, "CAN_MANAGE"),
        ("member", ClusterPermissionLevel.CAN_RESTART, "CAN_RESTART"),
        ("outsider", None, None),
    ],
)
def test_access_lists_the_users_level_on_each_visible_cluster(
    request, client_for, cluster, who, grant, expected
):
    user = request.getfixturevalue(who)
    if grant:
        ClusterPermission.objects.create(cluster=cluster, user=user, level=grant)
    body = client_for(user).get("/api/ui/clusters/access").json()
    assert body["levels"].get(cluster.cluster_id) == expected
    assert body["can_create"] is (who == "admin_user")


def test_the_task_runs_on_a_cluster_are_listed_active_first(client_for, owner, placed_task_run, cluster):
    body = client_for(owner).get(f"/api/ui/clusters/{cluster.cluster_id}/task-runs").json()
    (row,) = body["task_runs"]
    assert row["run_id"] == task_run_wire_id(placed_task_run.pk)
    assert row["job_run_id"] == placed_task_run.job_run_id
    assert row["task_key"] == "a"
    assert row["active"] is (
        placed_task_run.state in {TaskRunState.QUEUED, TaskRunState.BLOCKED, TaskRunState.RUNNING}
    )


def test_task_runs_of_jobs_the_user_cannot_view_are_left_out(client_for, member, placed_task_run, cluster):
    ClusterPermission.objects.create(cluster=cluster, user=member, level=ClusterPermissionLevel.CAN_ATTACH_TO)
    url = f"/api/ui/clusters/{cluster.cluster_id}/task-runs"
    assert client_for(member).get(url).json() == {"task_runs": []}
    JobPermission.objects.create(job=placed_task_run.job_run.job, user=member, level=PermissionLevel.CAN_VIEW)
    assert len(client_for(member).get(url).json()["task_runs"]) == 1


@pytest.mark.parametrize(("cluster_id", "status"), [(None, 403), ("0000-000000-missing0", 400)])
def test_task_runs_need_can_attach_to_on_an_existing_cluster(
    client_for, outsider, cluster, cluster_id, status
):
    response = client_for(outsider).get(f"/api/ui/clusters/{cluster_id or cluster.cluster_id}/task-runs")
    assert response.status_code == status
    assert "error_code" in response.json()
