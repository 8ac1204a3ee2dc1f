"""Jobs and compute: what a job may say about where its tasks run, checked when it is saved."""

from __future__ import annotations

import pytest

from compute import services
from compute.models import ClusterPermission

SCRIPT = {"python_file": "/Workspace/x.py"}
JAR = {"main_class_name": "Main", "jar_uri": "/Workspace/app.jar"}


@pytest.fixture
def cluster(admin_user):
    return services.create_cluster(
        user=admin_user, spec={"cluster_name": "shared", "spark_version": "python-3.11"}
    )


def create(client, tasks, **settings):
    return client.post("/api/2.2/jobs/create", {"name": "j", "tasks": tasks, **settings}, format="json")


def test_a_jar_task_on_serverless_is_refused_with_a_clear_message(api):
    response = create(api, [{"task_key": "jar", "spark_jar_task": JAR}])
    assert response.status_code == 400
    message = response.json()["message"]
    assert message.startswith('Task "jar": spark_jar_task cannot run on serverless compute')
    assert "existing_cluster_id, job_cluster_key or new_cluster" in message


@pytest.mark.parametrize(
    "compute",
    [
        {"new_cluster": {"num_workers": 1}},
        {"job_cluster_key": "k"},
    ],
)
def test_a_jar_task_on_a_job_cluster_is_accepted(api, compute):
    response = create(
        api,
        [{"task_key": "jar", "spark_jar_task": JAR, **compute}],
        job_clusters=[{"job_cluster_key": "k", "new_cluster": {"num_workers": 1}}],
    )
    assert response.status_code == 200, response.json()


@pytest.mark.parametrize("task_type", ["spark_python_task", "notebook_task"])
def test_python_tasks_run_on_serverless(api, task_type):
    block = SCRIPT if task_type == "spark_python_task" else {"notebook_path": "/Workspace/n"}
    assert create(api, [{"task_key": "t", task_type: block}]).status_code == 200


BAD_AUTOSCALE = {"autoscale": {"min_workers": 3, "max_workers": 1}}


@pytest.mark.parametrize(
    ("body", "job_clusters", "message"),
    [
        ({"new_cluster": {"num_workers": -2}}, [], 'Task "t": new_cluster.num_workers must not be negative.'),
        (
            {"job_cluster_key": "k"},
            [{"job_cluster_key": "k", "new_cluster": BAD_AUTOSCALE}],
            "job_clusters[0].new_cluster.autoscale min_workers (3) must not be greater than max_workers (1).",
        ),
    ],
)
def test_bad_job_cluster_specs_name_the_field(api, body, job_clusters, message):
    response = create(
        api, [{"task_key": "t", "spark_python_task": SCRIPT, **body}], job_clusters=job_clusters
    )
    assert response.status_code == 400
    assert response.json()["message"] == message


def test_an_unknown_existing_cluster_is_refused(api):
    response = create(api, [{"task_key": "t", "spark_python_task": SCRIPT, "existing_cluster_id": "nope"}])
    assert response.status_code == 400
    assert response.json()["message"] == 'Task "t": existing_cluster_id: Cluster nope does not exist'


def test_a_job_whose_owner_cannot_attach_cannot_use_the_cluster(api, owner, cluster):
    task = {"task_key": "t", "spark_python_task": SCRIPT, "existing_cluster_id": cluster.cluster_id}
    response = create(api, [task])
    assert response.status_code == 403
    assert "CAN_ATTACH_TO" in response.json()["message"]
    ClusterPermission.objects.create(cluster=cluster, user=owner, level="CAN_ATTACH_TO")
    assert create(api, [task]).status_code == 200


def test_runs_submit_checks_the_submitter_may_attach(api, cluster):
    body = {
        "tasks": [{"task_key": "t", "spark_python_task": SCRIPT, "existing_cluster_id": cluster.cluster_id}]
    }
    response = api.post("/api/2.2/jobs/runs/submit", body, format="json")
    assert response.status_code == 403


def test_a_scheduled_job_on_an_all_purpose_cluster_gets_a_warning_not_an_error(api, owner, cluster):
    ClusterPermission.objects.create(cluster=cluster, user=owner, level="CAN_ATTACH_TO")
    task = {"task_key": "t", "spark_python_task": SCRIPT, "existing_cluster_id": cluster.cluster_id}
    schedule = {"quartz_cron_expression": "0 0 * * * ?", "timezone_id": "UTC"}
    response = create(api, [task], schedule=schedule)
    assert response.status_code == 200
    [warning] = response.json()["warnings"]
    assert "all-purpose cluster" in warning and "job cluster" in warning
    assert "warnings" not in create(api, [task]).json()  # run by hand: no advice
