"""The run page's extra reads (/api/ui/): the job version a run ran, and a task
attempt's task values and pipeline counts -- what runs/get and runs/get-output do not carry."""

from __future__ import annotations

import pytest

from jobs import services as job_services
from runs.api.wire import task_run_wire_id
from runs.models import TaskValue
from tests.runs.api_rows import T0, finished_run, job_with


@pytest.fixture
def run(owner):
    job = job_with(
        owner,
        "extract",
        "load",
        health={"rules": [{"metric": "RUN_DURATION_SECONDS", "op": "GREATER_THAN", "value": 60}]},
    )
    return finished_run(job, owner, {"extract": "SUCCESS", "load": "FAILED"}, state="FAILED", created_at=T0)


def _task_run(run, key):
    return run.task_runs.get(task_key=key)


def test_run_extras_name_the_job_version_the_run_ran(api, run, owner):
    job_services.update_job(job=run.job, user=owner, new_settings={"name": "renamed"})
    assert api.get(f"/api/ui/runs/{run.pk}/extras").json() == {"run_id": run.pk, "job_version": 1}


def test_task_run_extras_hold_the_task_values_of_the_task(api, run):
    extract = _task_run(run, "extract")
    TaskValue.objects.create(job_run=run, task_key="extract", key="rows", value=42, task_run=extract)
    TaskValue.objects.create(job_run=run, task_key="extract", key="files", value=["a.csv"], task_run=extract)
    TaskValue.objects.create(job_run=run, task_key="load", key="other", value=1)
    body = api.get(f"/api/ui/task-runs/{task_run_wire_id(extract.pk)}/extras").json()
    assert body == {"run_id": task_run_wire_id(extract.pk), "task_values": {"files": ["a.csv"], "rows": 42}}


def test_task_run_extras_hold_a_pipeline_tasks_datasets(api, run):
    load = _task_run(run, "load")
    datasets = {"clean": {"kind": "TABLE", "rows": 9, "dropped": 1, "expectations": []}}
    load.output = {"pipeline_output": {"pipeline_id": "p1", "state": "COMPLETED", "datasets": datasets}}
    load.save(update_fields=["output"])
    body = api.get(f"/api/ui/task-runs/{task_run_wire_id(load.pk)}/extras").json()
    assert body["pipeline_output"]["datasets"] == datasets


def test_task_run_extras_take_a_task_run_id(api, run):
    response = api.get(f"/api/ui/task-runs/{run.pk}/extras")
    assert response.status_code == 400
    assert "is a job run" in response.json()["message"]


@pytest.mark.parametrize("path", ["/api/ui/runs/{run}/extras", "/api/ui/task-runs/{task}/extras"])
@pytest.mark.parametrize(("who", "status"), [("outsider", 403), ("member", 403), ("admin_user", 200)])
def test_run_page_extras_need_view_permission(request, client_for, run, path, who, status):
    user = request.getfixturevalue(who)
    url = path.format(run=run.pk, task=task_run_wire_id(_task_run(run, "extract").pk))
    assert client_for(user).get(url).status_code == status


@pytest.mark.parametrize(
    "path", ["/api/ui/runs/99999/extras", f"/api/ui/task-runs/{task_run_wire_id(99999)}/extras"]
)
def test_run_page_extras_of_an_unknown_run(api, db, path):
    response = api.get(path)
    assert response.status_code == 400
    assert "does not exist" in response.json()["message"]
