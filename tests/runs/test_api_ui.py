"""The browser-only endpoints: a run's timeline, a job's tasks-by-runs matrix, and all runs."""

from __future__ import annotations

import datetime as dt

import pytest

from runs.api.wire import task_run_wire_id
from tests.runs.api_rows import T0, finished_run, job_with, task_run


@pytest.fixture
def job(owner):
    return job_with(owner, "extract", "load")


@pytest.fixture
def run(job, owner):
    return finished_run(job, owner, {"extract": "SUCCESS", "load": "FAILED"}, state="FAILED", created_at=T0)


# --- timeline --------------------------------------------------------------------------------------


def test_timeline_lists_every_attempt_with_its_times_and_state_changes(api, run):
    retry = task_run(run, "load", "SUCCESS", attempt=1, start=T0 + dt.timedelta(seconds=2))
    body = api.get(f"/api/ui/runs/{run.pk}/timeline").json()
    assert body["run_id"] == run.pk
    assert [e["to_state"] for e in body["events"]] == ["PENDING", "FAILED"]
    attempts = [(t["task_key"], t["attempt_number"]) for t in body["task_runs"]]
    assert attempts == [("extract", 0), ("load", 0), ("load", 1)]
    last = body["task_runs"][-1]
    assert last["run_id"] == task_run_wire_id(retry.pk)
    assert last["queued_time"] == int((T0 + dt.timedelta(seconds=2)).timestamp() * 1000)
    assert last["start_time"] - last["queued_time"] == 5
    assert last["state"]["result_state"] == "SUCCESS"
    assert [e["to_state"] for e in last["events"]] == ["SUCCESS"]


@pytest.mark.parametrize(("who", "status"), [("outsider", 403), ("member", 403), ("admin_user", 200)])
def test_timeline_needs_view_permission(request, client_for, run, who, status):
    user = request.getfixturevalue(who)
    assert client_for(user).get(f"/api/ui/runs/{run.pk}/timeline").status_code == status


def test_timeline_of_an_unknown_run(api, db):
    response = api.get("/api/ui/runs/99999/timeline")
    assert response.status_code == 400
    assert response.json()["message"] == "Run 99999 does not exist."


# --- matrix -----------------------------------------------------------------------------------------


def test_matrix_holds_the_last_attempt_of_each_task_in_each_recent_run(api, job, owner, run):
    task_run(run, "load", "SUCCESS", attempt=1)
    newer = finished_run(job, owner, {"extract": "FAILED", "load": "UPSTREAM_FAILED"}, state="FAILED",
                         created_at=T0 + dt.timedelta(hours=1))  # fmt: skip
    body = api.get(f"/api/ui/jobs/{job.pk}/matrix").json()
    assert body["job_name"] == job.name
    assert [r["run_id"] for r in body["runs"]] == [newer.pk, run.pk]
    rows = {row["task_key"]: row["cells"] for row in body["tasks"]}
    assert list(rows) == ["extract", "load"]
    assert [c["result_state"] for c in rows["load"]] == ["UPSTREAM_FAILED", "SUCCESS"]
    assert [c["attempts"] for c in rows["load"]] == [1, 2]
    assert rows["extract"][1]["duration"] == 995


def test_matrix_shows_an_empty_cell_for_a_task_a_run_did_not_have(api, job, owner):
    finished_run(job, owner, {"extract": "SUCCESS"})
    rows = {row["task_key"]: row["cells"] for row in api.get(f"/api/ui/jobs/{job.pk}/matrix").json()["tasks"]}
    assert rows["load"] == [None]


def test_matrix_counts_only_top_level_attempts_not_for_each_iterations(api, job, owner):
    run = finished_run(job, owner, {"extract": "SUCCESS"})
    parent = run.task_runs.get(task_key="extract")
    for index in range(3):
        task_run(run, "extract", "FAILED", parent_task_run=parent, iteration_index=index)
    rows = {row["task_key"]: row["cells"] for row in api.get(f"/api/ui/jobs/{job.pk}/matrix").json()["tasks"]}
    assert rows["extract"][0]["result_state"] == "SUCCESS"
    assert rows["extract"][0]["attempts"] == 1


def test_matrix_limits_the_runs(api, job, owner):
    for minute in range(5):
        finished_run(job, owner, created_at=T0 + dt.timedelta(minutes=minute))
    assert len(api.get(f"/api/ui/jobs/{job.pk}/matrix", {"limit": 2}).json()["runs"]) == 2


@pytest.mark.parametrize(
    ("query", "message"),
    [({"limit": 0}, "at least 1"), ({"limit": 101}, "at most 100"), ({"limit": "x"}, "integer")],
)
def test_matrix_rejects_a_bad_limit(api, job, query, message):
    response = api.get(f"/api/ui/jobs/{job.pk}/matrix", query)
    assert response.status_code == 400 and message in response.json()["message"]


def test_matrix_of_a_job_the_user_cannot_see(client_for, outsider, job):
    assert client_for(outsider).get(f"/api/ui/jobs/{job.pk}/matrix").status_code == 403


# --- all runs ----------------------------------------------------------------------------------------


@pytest.fixture
def runs(job, owner):
    other = job_with(owner, "x", name="other job")
    return [
        finished_run(job, owner, state="SUCCESS", created_at=T0),
        finished_run(other, owner, state="FAILED", created_at=T0 + dt.timedelta(minutes=1)),
        finished_run(
            job, owner, {"extract": "RUNNING"}, state="RUNNING", created_at=T0 + dt.timedelta(minutes=2)
        ),
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, [2, 1, 0]),
        ({"active": "1"}, [2]),
        ({"completed": "true"}, [1, 0]),
        ({"completed": "true", "status": "FAILED"}, [1]),
        ({"status": "FAILED"}, [1]),
        ({"trigger": "PERIODIC"}, []),
        ({"from": int((T0 + dt.timedelta(minutes=1)).timestamp() * 1000)}, [2, 1]),
        ({"to": int(T0.timestamp() * 1000)}, [0]),
    ],
)
def test_ui_runs_filters(api, runs, query, expected):
    body = api.get("/api/ui/runs", query).json()
    assert [r["run_id"] for r in body["runs"]] == [runs[i].pk for i in expected]


def test_ui_runs_names_the_job_and_filters_by_it(api, runs, job):
    body = api.get("/api/ui/runs", {"job_id": job.pk}).json()
    assert [r["job_name"] for r in body["runs"]] == ["stored", "stored"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"status": "DONE"}, "Invalid status"),
        ({"trigger": "MANUAL"}, "Invalid trigger"),
        ({"limit": 0}, "at least 1"),
        ({"active": "1", "completed": "1"}, "cannot both be true"),
        ({"completed": "maybe"}, "completed"),
    ],
)
def test_ui_runs_rejects_bad_filters(api, runs, query, message):
    response = api.get("/api/ui/runs", query)
    assert response.status_code == 400 and message in response.json()["message"]


def test_ui_runs_shows_only_visible_runs(client_for, outsider, runs):
    assert client_for(outsider).get("/api/ui/runs").json()["runs"] == []
