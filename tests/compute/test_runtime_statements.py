"""The Statement Execution API for task code (/api/2.0/lakeflow/runtime/sql/...), behind a
notebook's %sql cells: the task-run credential, the run-as user, the warehouse it picks."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from compute.models import Statement
from runs import credentials
from tests.runs.api_rows import finished_run, job_with, task_run

pytestmark = pytest.mark.django_db(transaction=True)  # statements run on their own thread


def task_client(owner, state: str = "RUNNING", **task_fields) -> tuple[APIClient, object]:
    run = finished_run(job_with(owner, "nb"), owner, {}, state="RUNNING")
    row = task_run(run, "nb", state, **task_fields)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {credentials.issue(row.pk)}")
    return client, row


def test_a_running_task_splits_and_runs_statements_as_its_run_as_user(owner):
    client, _ = task_client(owner)
    split = client.post(
        "/api/2.0/lakeflow/runtime/sql/split", {"statement": "SELECT ';'; SELECT 2"}, format="json"
    )
    assert split.json() == {"warehouse_id": "default", "statements": ["SELECT ';'", "SELECT 2"]}
    body = client.post("/api/2.0/lakeflow/runtime/sql/statements", {"statement": "SELECT 41 + 1 AS n"},
                       format="json").json()  # fmt: skip
    assert body["status"]["state"] == "SUCCEEDED" and body["result"]["data_array"] == [["42"]]
    again = client.get(f"/api/2.0/lakeflow/runtime/sql/statements/{body['statement_id']}").json()
    assert again["statement_id"] == body["statement_id"]
    assert Statement.objects.get(id=body["statement_id"]).user == owner


def test_the_tasks_warehouse_id_is_used_when_the_cell_names_none(owner):
    client, _ = task_client(owner, resolved_task={"notebook_task": {"warehouse_id": "nope"}})
    response = client.post("/api/2.0/lakeflow/runtime/sql/split", {"statement": "SELECT 1"}, format="json")
    assert response.status_code == 404 and "nope" in response.json()["message"]


def test_a_finished_task_runs_credential_is_refused(owner):
    client, _ = task_client(owner, state="SUCCESS")
    response = client.post(
        "/api/2.0/lakeflow/runtime/sql/statements", {"statement": "SELECT 1"}, format="json"
    )
    assert response.status_code in (401, 403)
