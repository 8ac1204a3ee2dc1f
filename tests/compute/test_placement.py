"""Placing tasks on compute, end to end on the embedded default: real engine worker threads for
serverless, real cluster worker threads for clusters, real child processes for the tasks."""

from __future__ import annotations

import pytest

from compute import services
from compute.choices import ClusterKind, ClusterSource, ClusterState
from compute.models import Cluster
from runs import services as runs
from runs.models import TaskRun
from tests.compute.conftest import wait_state, wait_until
from tests.runs.conftest import python_task, wait_for

pytestmark = pytest.mark.slow

OK = "print('ok')\n"
FAIL = "raise SystemExit(3)\n"
SLEEP = "import time\ntime.sleep(60)\n"
NEW_CLUSTER = {"spark_version": "python-3.11", "num_workers": 1}


def cluster_ids(run) -> dict[str, str]:
    return dict(TaskRun.objects.filter(job_run=run).values_list("task_key", "cluster_id"))


def test_existing_cluster_id_starts_a_terminated_cluster_and_runs_there(
    engine, supervisor, make_job, script, owner, admin_user
):
    cluster = services.create_cluster(user=owner, spec={"spark_version": "python-3.11", "num_workers": 1})
    wait_state(cluster, ClusterState.RUNNING)
    services.terminate_cluster(cluster=cluster)
    wait_state(cluster, ClusterState.TERMINATED)
    job = make_job([python_task("a", script("ok.py", OK), existing_cluster_id=cluster.cluster_id)])
    run = wait_for(runs.run_now(job=job, user=owner), timeout=60)
    assert run.state == "SUCCESS"
    task_run = run.task_runs.get()
    assert task_run.cluster_id == cluster.cluster_id
    assert task_run.queue == cluster.queue
    cluster = wait_state(cluster, ClusterState.RUNNING)  # an all-purpose cluster stays up after the run
    assert cluster.workers.filter(state="READY").count() == 1
    assert "STARTING" in cluster.events.values_list("type", flat=True)


def test_a_run_shares_its_job_cluster_per_key_and_terminates_them_at_the_end(
    engine, supervisor, make_job, script, owner, api
):
    ok = script("ok.py", OK)
    job = make_job(
        [
            python_task("a", ok, job_cluster_key="shared"),
            python_task("b", ok, "a", job_cluster_key="shared"),
            python_task("c", ok, new_cluster=NEW_CLUSTER),
            python_task("d", ok),
        ],
        job_clusters=[{"job_cluster_key": "shared", "new_cluster": NEW_CLUSTER}],
    )
    run = wait_for(runs.run_now(job=job, user=owner), timeout=90)
    assert run.state == "SUCCESS"
    ids = cluster_ids(run)
    assert ids["a"] == ids["b"] and ids["a"] != ids["c"]
    assert ids["d"] == ""  # serverless
    # runs/get reports where each task ran.
    body = api.get("/api/2.2/jobs/runs/get", {"run_id": run.pk}).json()
    reported = {t["task_key"]: (t.get("cluster_instance") or {}).get("cluster_id") for t in body["tasks"]}
    assert reported == {"a": ids["a"], "b": ids["a"], "c": ids["c"], "d": None}
    clusters = Cluster.objects.filter(job_run=run)
    assert {(c.kind, c.source) for c in clusters} == {(ClusterKind.JOB, ClusterSource.JOB)}
    assert clusters.count() == 2
    for cluster in clusters:
        cluster = wait_state(cluster, ClusterState.TERMINATED)
        assert cluster.termination_reason["code"] == "JOB_FINISHED"


def test_job_clusters_are_terminated_when_the_run_fails(engine, supervisor, make_job, script, owner):
    job = make_job(
        [python_task("a", script("fail.py", FAIL), job_cluster_key="k")],
        job_clusters=[{"job_cluster_key": "k", "new_cluster": NEW_CLUSTER}],
    )
    run = wait_for(runs.run_now(job=job, user=owner), timeout=60)
    assert run.state == "FAILED"
    wait_state(Cluster.objects.get(job_run=run), ClusterState.TERMINATED)


def test_job_clusters_are_terminated_when_the_run_is_cancelled(engine, supervisor, make_job, script, owner):
    job = make_job([python_task("a", script("sleep.py", SLEEP), new_cluster=NEW_CLUSTER)])
    run = runs.run_now(job=job, user=owner)
    wait_until(lambda: TaskRun.objects.filter(job_run=run, state="RUNNING").exists(), what="task running")
    runs.cancel_run(run=run, user=owner)
    run = wait_for(run, timeout=60)
    assert run.state == "CANCELED"
    wait_state(Cluster.objects.get(job_run=run), ClusterState.TERMINATED)


def test_an_autoscaling_cluster_grows_under_a_burst_and_shrinks_back(
    engine, supervisor, make_job, script, owner, settings
):
    settings.LAKEFLOW_AUTOSCALE_DOWN_IDLE_SECONDS = 1
    spec = {"spark_version": "python-3.11", "autoscale": {"min_workers": 1, "max_workers": 3}}
    cluster = wait_state(services.create_cluster(user=owner, spec=spec), ClusterState.RUNNING)
    assert cluster.workers.filter(state="READY").count() == 1
    nap = script("nap.py", "import time\ntime.sleep(3)\n")
    job = make_job([python_task(k, nap, existing_cluster_id=cluster.cluster_id) for k in "abc"])
    run = wait_for(runs.run_now(job=job, user=owner), timeout=90)
    assert run.state == "SUCCESS"
    print(
        "DEBUG",
        list(cluster.events.values_list("type", "details")),
        list(TaskRun.objects.filter(job_run=run).values_list("cluster_id", "start_time", "end_time")),
    )
    resized = cluster.events.filter(type="RESIZING", details__cause="AUTOSCALE").first()
    assert resized is not None and resized.details["target_num_workers"] == 3
    assert cluster.events.filter(type="UPSIZE_COMPLETED").exists()
    # The three tasks overlapped: they ran on three workers at once.
    spans = sorted((t.start_time, t.end_time) for t in TaskRun.objects.filter(job_run=run))
    assert spans[2][0] < spans[0][1]
    # Idle again: back down to min_workers.
    wait_until(lambda: cluster.events.filter(type="DECOMMISSION_STARTED").exists(), what="downscaling")
    wait_until(
        lambda: cluster.workers.filter(state__in=("STARTING", "READY", "STOPPING")).count() == 1,
        what="one worker left",
    )
    cluster.refresh_from_db()
    assert cluster.target_workers == 1


@pytest.mark.parametrize("problem", ["no permission", "deleted"])
def test_a_task_whose_cluster_cannot_be_used_fails_saying_why(
    engine, make_job, script, owner, admin_user, problem
):
    cluster = services.create_cluster(user=admin_user, spec={"spark_version": "python-3.11"})
    if problem == "deleted":
        services.permanent_delete_cluster(cluster=cluster, user=admin_user)
    job = make_job(
        [
            python_task("a", script("ok.py", OK), existing_cluster_id=cluster.cluster_id),
            python_task("b", script("ok.py", OK), "a"),
        ]
    )
    run = wait_for(runs.run_now(job=job, user=owner), timeout=60)
    assert run.state == "FAILED"
    a = run.task_runs.get(task_key="a")
    expected = (
        f"User owner does not have CAN_ATTACH_TO permission on cluster {cluster.cluster_id}."
        if problem == "no permission"
        else f"Cluster {cluster.cluster_id} does not exist"
    )
    assert (a.state, a.error) == ("FAILED", expected)
    assert run.task_runs.get(task_key="b").state == "UPSTREAM_FAILED"


def test_tasks_on_a_cluster_see_its_env_vars_and_libraries(
    engine, supervisor, make_job, script, owner, tmp_path
):
    from compute import libraries
    from compute.models import ClusterLibrary
    from tests.compute.test_libraries import build_wheel

    spec = {"spark_version": "python-3.11", "num_workers": 1, "spark_env_vars": {"GREETING": "hello"}}
    cluster = wait_state(services.create_cluster(user=owner, spec=spec), ClusterState.RUNNING)
    libraries.install(cluster=cluster, libraries=[{"whl": build_wheel(tmp_path)}])
    wait_until(
        lambda: ClusterLibrary.objects.filter(cluster=cluster, status="INSTALLED").exists(), what="installed"
    )
    out = tmp_path / "out.txt"
    code = (
        "import os, sys, lakeflow_demo_lib\n"
        "open(sys.argv[1], 'w').write(f\"{os.environ['GREETING']} {lakeflow_demo_lib.ANSWER}\")\n"
    )
    job = make_job(
        [
            python_task(
                "a", script("env.py", code), existing_cluster_id=cluster.cluster_id, parameters=[str(out)]
            )
        ]
    )
    run = wait_for(runs.run_now(job=job, user=owner), timeout=60)
    assert run.state == "SUCCESS", run.task_runs.get().error
    assert out.read_text() == "hello 42"
