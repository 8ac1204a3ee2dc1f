"""Runs API reads over stored runs: runs/get, runs/list, runs/get-output, runs/export in the
Databricks wire format, their errors, pagination, and the OpenAPI schema they are checked against."""

from __future__ import annotations

import datetime as dt

import jsonschema
import pytest

from jobs.models import JobPermission
from runs.api.wire import TASK_RUN_ID_BASE, task_run_wire_id
from runs.models import JobRun, RunRepair, TaskRun
from tests.runs.api_rows import T0, finished_run, job_with, task_run

VERSIONS = ["2.2", "2.1"]


def get(client, path: str, **query):
    return client.get(f"/api/2.2/jobs/{path}", query)


@pytest.fixture
def job(owner):
    return job_with(owner, "extract", "load", parameters=[{"name": "day", "default": "monday"}])


@pytest.fixture
def run(job, owner):
    return finished_run(
        job, owner, {"extract": "SUCCESS", "load": "FAILED"}, state="FAILED", job_parameters={"day": "friday"}
    )


# --- runs/get ----------------------------------------------------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
def test_get_returns_the_run_in_databricks_shape(api, run, job, version, settings):
    response = api.get(f"/api/{version}/jobs/runs/get", {"run_id": run.pk})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["run_id"] == run.pk
    assert body["job_id"] == job.pk
    assert body["number_in_job"] == 1
    assert body["original_attempt_run_id"] == run.pk
    assert body["creator_user_name"] == "owner"
    assert body["run_type"] == "JOB_RUN"
    assert body["trigger"] == "ONE_TIME"
    assert body["run_page_url"] == f"{settings.LAKEFLOW_URL}/runs/{run.pk}"
    assert body["state"] == {
        "life_cycle_state": "TERMINATED",
        "result_state": "FAILED",
        "state_message": "",
        "user_cancelled_or_timedout": False,
    }
    assert body["status"]["state"] == "TERMINATED"
    assert body["status"]["termination_details"]["code"] == "RUN_EXECUTION_ERROR"
    assert body["start_time"] == int(run.created_at.timestamp() * 1000)
    assert body["end_time"] - body["start_time"] == 3000
    assert body["run_duration"] == 3000
    assert body["job_parameters"] == [{"name": "day", "default": "monday", "value": "friday"}]


def test_get_lists_each_task_attempt_with_its_settings(api, run):
    retry = task_run(run, "load", "SUCCESS", attempt=1, cluster_id="c-1")
    tasks = api.get("/api/2.2/jobs/runs/get", {"run_id": run.pk}).json()["tasks"]
    assert [(t["task_key"], t["attempt_number"]) for t in tasks] == [("extract", 0), ("load", 0), ("load", 1)]
    last = tasks[-1]
    assert last["run_id"] == task_run_wire_id(retry.pk)
    assert last["state"]["result_state"] == "SUCCESS"
    assert last["depends_on"] == [{"task_key": "extract"}]
    assert last["run_if"] == "ALL_SUCCESS"
    assert last["spark_python_task"]["python_file"] == "/Workspace/load.py"
    assert last["cluster_instance"] == {"cluster_id": "c-1"}
    assert last["end_time"] - last["start_time"] == last["run_duration"] == 995


def test_get_by_task_run_id_returns_that_task_as_a_run(api, run):
    load = run.task_runs.get(task_key="load")
    body = api.get("/api/2.2/jobs/runs/get", {"run_id": task_run_wire_id(load.pk)}).json()
    assert body["run_id"] == task_run_wire_id(load.pk)
    assert body["job_run_id"] == run.pk
    assert [t["task_key"] for t in body["tasks"]] == ["load"]
    assert body["state"]["result_state"] == "FAILED"


def test_get_shows_resolved_values_only_when_asked(api, run):
    load = run.task_runs.get(task_key="load")
    load.resolved_task = {
        "spark_python_task": {"python_file": "/Workspace/load.py", "parameters": ["friday"]}
    }
    load.save()
    plain = api.get("/api/2.2/jobs/runs/get", {"run_id": run.pk}).json()["tasks"][1]
    assert "resolved_values" not in plain
    asked = api.get("/api/2.2/jobs/runs/get", {"run_id": run.pk, "include_resolved_values": "true"})
    assert asked.json()["tasks"][1]["resolved_values"] == {"spark_python_task": {"parameters": ["friday"]}}


def test_get_with_history_lists_the_original_run_and_each_repair(api, run, owner):
    repair = RunRepair.objects.create(
        job_run=run,
        number=1,
        rerun_tasks=["load"],
        requested_by=owner,
        start_time=run.end_time + dt.timedelta(seconds=5),
    )
    again = task_run(run, "load", "SUCCESS", attempt=1, repair=repair)
    JobRun.objects.filter(pk=run.pk).update(state="SUCCESS", repair_count=1)
    history = api.get("/api/2.2/jobs/runs/get", {"run_id": run.pk, "include_history": "true"}).json()[
        "repair_history"
    ]
    assert [item["type"] for item in history] == ["ORIGINAL", "REPAIR"]
    assert history[0]["state"]["result_state"] == "FAILED"
    assert len(history[0]["task_run_ids"]) == 2
    assert history[1]["id"] == repair.pk
    assert history[1]["state"]["result_state"] == "SUCCESS"
    assert history[1]["task_run_ids"] == [task_run_wire_id(again.pk)]


def test_get_pages_tasks_by_100_with_a_next_page_token(api, owner):
    keys = [f"t{i:03}" for i in range(130)]
    job = job_with(owner, "t000")
    run = finished_run(job, owner, {})
    run.settings = {
        **run.settings,
        "tasks": [{"task_key": k, "spark_python_task": {"python_file": "/x"}} for k in keys],
    }
    run.save()
    for key in keys:
        task_run(run, key, "SUCCESS")
    first = api.get("/api/2.2/jobs/runs/get", {"run_id": run.pk}).json()
    assert len(first["tasks"]) == 100 and first["has_more"] is True
    second = api.get(
        "/api/2.2/jobs/runs/get", {"run_id": run.pk, "page_token": first["next_page_token"]}
    ).json()
    assert [t["task_key"] for t in first["tasks"] + second["tasks"]] == keys
    assert "next_page_token" not in second
    assert second["job_parameters"] == [] and second["job_clusters"] == []
    # API 2.1 did not page the arrays of a run.
    whole = api.get("/api/2.1/jobs/runs/get", {"run_id": run.pk}).json()
    assert len(whole["tasks"]) == 130 and "next_page_token" not in whole


@pytest.mark.parametrize(
    ("query", "status", "code", "message"),
    [
        ({"run_id": 999999}, 400, "INVALID_PARAMETER_VALUE", "Run 999999 does not exist."),
        ({"run_id": TASK_RUN_ID_BASE + 999}, 400, "INVALID_PARAMETER_VALUE", "does not exist"),
        ({}, 400, "INVALID_PARAMETER_VALUE", "Missing required field: run_id"),
        ({"run_id": "abc"}, 400, "INVALID_PARAMETER_VALUE", "must be an integer"),
        ({"run_id": 0}, 400, "INVALID_PARAMETER_VALUE", "at least 1"),
        ({"run_id": "RUN", "include_history": "maybe"}, 400, "INVALID_PARAMETER_VALUE", "true or false"),
        ({"run_id": "RUN", "page_token": "x"}, 400, "INVALID_PARAMETER_VALUE", "page_token"),
    ],
)
def test_get_rejects_bad_requests(api, run, query, status, code, message):
    query = {k: run.pk if v == "RUN" else v for k, v in query.items()}
    response = api.get("/api/2.2/jobs/runs/get", query)
    assert response.status_code == status
    assert response.json()["error_code"] == code
    assert message in response.json()["message"]


def test_get_refuses_a_run_of_a_job_the_user_cannot_see(client_for, outsider, run):
    response = client_for(outsider).get("/api/2.2/jobs/runs/get", {"run_id": run.pk})
    assert response.status_code == 403
    assert response.json()["error_code"] == "PERMISSION_DENIED"


def test_get_requires_authentication(client, run):
    response = client.get("/api/2.2/jobs/runs/get", {"run_id": run.pk})
    assert response.status_code == 401
    assert response.json()["error_code"] == "UNAUTHENTICATED"


# --- runs/list ---------------------------------------------------------------------------------


@pytest.fixture
def many_runs(job, owner):
    """7 runs of `job`, one per minute from T0; the last one still running."""
    runs = [
        finished_run(job, owner, state="SUCCESS", created_at=T0 + dt.timedelta(minutes=i)) for i in range(6)
    ]
    runs.append(
        finished_run(
            job, owner, {"extract": "RUNNING"}, state="RUNNING", created_at=T0 + dt.timedelta(minutes=6)
        )
    )
    return runs


def _ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [r["run_id"] for r in response.json().get("runs", [])]


def test_list_returns_runs_newest_first(api, many_runs):
    assert _ids(get(api, "runs/list")) == [r.pk for r in reversed(many_runs)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"active_only": "true"}, [6]),
        ({"completed_only": "true"}, [5, 4, 3, 2, 1, 0]),
        ({"start_time_from": int((T0 + dt.timedelta(minutes=4)).timestamp() * 1000)}, [6, 5, 4]),
        ({"start_time_to": int((T0 + dt.timedelta(minutes=1)).timestamp() * 1000)}, [1, 0]),
        ({"run_type": "SUBMIT_RUN"}, []),
        ({"run_type": "JOB_RUN", "limit": 2}, [6, 5]),
    ],
)
def test_list_filters(api, many_runs, query, expected):
    assert _ids(get(api, "runs/list", **query)) == [many_runs[i].pk for i in expected]


def test_list_filters_by_job(api, many_runs, owner):
    other = job_with(owner, "x", name="other")
    only = finished_run(other, owner)
    assert _ids(get(api, "runs/list", job_id=other.pk)) == [only.pk]


def test_list_pages_forward_and_back_with_tokens(api, many_runs):
    seen, token, pages = [], None, []
    while True:
        query = {"limit": 3, **({"page_token": token} if token else {})}
        body = get(api, "runs/list", **query).json()
        pages.append(body)
        seen += [r["run_id"] for r in body["runs"]]
        if not body["has_more"]:
            break
        token = body["next_page_token"]
    assert seen == [r.pk for r in reversed(many_runs)]
    assert "prev_page_token" not in pages[0]
    back = get(api, "runs/list", limit=3, page_token=pages[1]["prev_page_token"]).json()
    assert [r["run_id"] for r in back["runs"]] == [r["run_id"] for r in pages[0]["runs"]]


def test_list_pages_are_stable_when_new_runs_arrive(api, many_runs, job, owner):
    first = get(api, "runs/list", limit=3).json()
    finished_run(job, owner, created_at=T0 + dt.timedelta(minutes=10))
    second = get(api, "runs/list", limit=3, page_token=first["next_page_token"]).json()
    assert [r["run_id"] for r in second["runs"]] == [many_runs[i].pk for i in (3, 2, 1)]


def test_list_offset_still_works(api, many_runs):
    assert _ids(get(api, "runs/list", limit=2, offset=2)) == [many_runs[4].pk, many_runs[3].pk]


def test_list_limit_zero_means_the_maximum_of_25(api, job, owner):
    for _ in range(27):
        finished_run(job, owner)
    body = get(api, "runs/list", limit=0).json()
    assert len(body["runs"]) == 25 and body["has_more"] is True


def test_list_expands_tasks_when_asked(api, run):
    plain = get(api, "runs/list").json()["runs"][0]
    assert "tasks" not in plain
    expanded = get(api, "runs/list", expand_tasks="true").json()["runs"][0]
    assert [t["task_key"] for t in expanded["tasks"]] == ["extract", "load"]


@pytest.mark.parametrize(
    ("query", "code", "message"),
    [
        ({"active_only": "true", "completed_only": "true"}, "INVALID_PARAMETER_VALUE", "cannot both be true"),
        ({"limit": 26}, "INVALID_PARAMETER_VALUE", "at most 25"),
        ({"limit": -1}, "INVALID_PARAMETER_VALUE", "at least 0"),
        ({"run_type": "NIGHTLY"}, "INVALID_PARAMETER_VALUE", "run_type"),
        ({"page_token": "not-a-token"}, "INVALID_PARAMETER_VALUE", "page_token"),
        ({"job_id": 999999}, "INVALID_PARAMETER_VALUE", "Job 999999 does not exist."),
        ({"start_time_from": "yesterday"}, "INVALID_PARAMETER_VALUE", "must be an integer"),
        ({"start_time_to": 10**30}, "INVALID_PARAMETER_VALUE", "at most"),
        ({"job_id": 2**63}, "INVALID_PARAMETER_VALUE", "at most"),
    ],
)
def test_list_rejects_bad_requests(api, run, query, code, message):
    response = get(api, "runs/list", **query)
    assert response.status_code == 400
    assert response.json()["error_code"] == code
    assert message in response.json()["message"]


def test_list_shows_only_runs_the_user_may_see(client_for, member, outsider, admin_user, run, job, owner):
    JobPermission.objects.create(job=job, user=member, level="CAN_VIEW")
    assert _ids(get(client_for(member), "runs/list")) == [run.pk]
    assert _ids(get(client_for(outsider), "runs/list")) == []
    assert _ids(get(client_for(admin_user), "runs/list")) == [run.pk]


# --- runs/get-output and runs/export ------------------------------------------------------------


def _log(tmp_path, text: str) -> str:
    path = tmp_path / "task.log"
    path.write_text(text)
    return str(path)


def test_get_output_returns_logs_error_and_metadata(api, run, tmp_path):
    load = run.task_runs.get(task_key="load")
    load.log_path = _log(tmp_path, "starting\nTraceback...\nValueError: bad row\n")
    load.error, load.error_trace = "ValueError: bad row", "Traceback...\nValueError: bad row"
    load.save()
    body = get(api, "runs/get-output", run_id=task_run_wire_id(load.pk)).json()
    assert body["logs"] == "starting\nTraceback...\nValueError: bad row\n"
    assert body["logs_truncated"] is False
    assert body["error"] == "ValueError: bad row"
    assert body["error_trace"].endswith("ValueError: bad row")
    assert body["metadata"]["run_id"] == task_run_wire_id(load.pk)
    assert body["metadata"]["state"]["result_state"] == "FAILED"
    assert body["metadata"]["tasks"][0]["task_key"] == "load"


def test_get_output_returns_the_last_5_mb_of_a_longer_log(api, run, tmp_path):
    load = run.task_runs.get(task_key="load")
    load.log_path = _log(tmp_path, "x" * (5 * 1024 * 1024) + "THE END")
    load.save()
    body = get(api, "runs/get-output", run_id=task_run_wire_id(load.pk)).json()
    assert body["logs_truncated"] is True
    assert len(body["logs"]) == 5 * 1024 * 1024 and body["logs"].endswith("THE END")


def test_get_output_returns_the_notebook_result(api, run):
    extract = run.task_runs.get(task_key="extract")
    extract.output = {"notebook_output": {"result": "42", "truncated": False}}
    extract.save()
    body = get(api, "runs/get-output", run_id=task_run_wire_id(extract.pk)).json()
    assert body["notebook_output"] == {"result": "42", "truncated": False}


def test_get_output_of_a_run_with_several_tasks_is_refused_as_databricks_does(api, run):
    response = get(api, "runs/get-output", run_id=run.pk)
    assert response.status_code == 400
    assert response.json() == {
        "error_code": "INVALID_PARAMETER_VALUE",
        "message": "Retrieving the output of runs with multiple tasks is not supported. "
        "Please retrieve the output of each individual task run instead.",
    }


def test_get_output_of_a_single_task_run_id_reads_its_last_attempt(api, owner):
    job = job_with(owner, "only")
    run = finished_run(job, owner, {"only": "FAILED"}, state="FAILED")
    last = task_run(run, "only", "SUCCESS", attempt=1)
    body = get(api, "runs/get-output", run_id=run.pk).json()
    assert body["metadata"]["run_id"] == task_run_wire_id(last.pk)


def test_get_output_of_an_unknown_run_is_resource_does_not_exist(api, db):
    response = get(api, "runs/get-output", run_id=424242)
    assert response.status_code == 400
    assert response.json()["message"] == "Run 424242 does not exist."


def test_export_returns_the_executed_notebook_html(api, run, lakeflow_home):
    extract = run.task_runs.get(task_key="extract")
    html = lakeflow_home / "work" / "notebook.html"
    html.parent.mkdir()
    html.write_text("<html>cells</html>")
    extract.output = {"notebook_artifacts": {"html": str(html), "ipynb": str(html.with_suffix(".ipynb"))}}
    extract.save()
    body = get(api, "runs/export", run_id=task_run_wire_id(extract.pk)).json()
    assert body == {"views": [{"content": "<html>cells</html>", "name": "extract", "type": "NOTEBOOK"}]}
    dashboards = get(api, "runs/export", run_id=task_run_wire_id(extract.pk), views_to_export="DASHBOARDS")
    assert dashboards.json() == {"views": []}


def test_export_never_reads_files_outside_lakeflow_home(api, run, tmp_path):
    extract = run.task_runs.get(task_key="extract")
    outside = tmp_path / "secret.html"
    outside.write_text("secret")
    extract.output = {"notebook_artifacts": {"html": str(outside)}}
    extract.save()
    assert get(api, "runs/export", run_id=task_run_wire_id(extract.pk)).json() == {"views": []}


def test_export_of_a_non_notebook_task_is_empty(api, run):
    load = run.task_runs.get(task_key="load")
    assert get(api, "runs/export", run_id=task_run_wire_id(load.pk)).json() == {"views": []}


def test_export_rejects_an_unknown_view_kind(api, run):
    load = run.task_runs.get(task_key="load")
    response = get(api, "runs/export", run_id=task_run_wire_id(load.pk), views_to_export="SLIDES")
    assert response.status_code == 400
    assert "views_to_export" in response.json()["message"]


# --- The OpenAPI schema describes what the endpoints return --------------------------------------


@pytest.fixture
def openapi(api):
    response = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return response.json()


def _check(openapi: dict, component: str, body: dict) -> None:
    schema = {"$ref": f"#/components/schemas/{component}", "components": openapi["components"]}
    jsonschema.validate(body, schema)


def test_responses_match_the_published_schema(api, openapi, run, tmp_path, owner):
    repair = RunRepair.objects.create(job_run=run, number=1, rerun_tasks=["load"], requested_by=owner)
    task_run(run, "load", "SUCCESS", attempt=1, repair=repair, cluster_id="c")
    JobRun.objects.filter(pk=run.pk).update(repair_count=1, state="SUCCESS")
    load = TaskRun.objects.filter(task_key="load").first()
    load.log_path = _log(tmp_path, "hello\n")
    load.save()
    _check(openapi, "Run", get(api, "runs/get", run_id=run.pk, include_history="true").json())
    _check(openapi, "ListRunsResponse", get(api, "runs/list", expand_tasks="true").json())
    _check(openapi, "RunOutput", get(api, "runs/get-output", run_id=task_run_wire_id(load.pk)).json())
    _check(openapi, "ExportRunOutput", get(api, "runs/export", run_id=task_run_wire_id(load.pk)).json())


def test_the_schema_documents_every_runs_endpoint_under_both_versions(openapi):
    for version in VERSIONS:
        for path, method in [
            ("jobs/run-now", "post"),
            ("jobs/runs/submit", "post"),
            ("jobs/runs/get", "get"),
            ("jobs/runs/list", "get"),
            ("jobs/runs/get-output", "get"),
            ("jobs/runs/export", "get"),
            ("jobs/runs/cancel", "post"),
            ("jobs/runs/cancel-all", "post"),
            ("jobs/runs/repair", "post"),
            ("jobs/runs/delete", "post"),
        ]:
            operation = openapi["paths"][f"/api/{version}/{path}"][method]
            assert "200" in operation["responses"]


# --- Orchestration tasks ------------------------------------------------------------------------


def test_a_condition_task_shows_its_outcome(api, owner):
    job = job_with(owner, "x")
    run = finished_run(job, owner, {})
    run.settings = {
        **run.settings,
        "tasks": [{"task_key": "check", "condition_task": {"op": "EQUAL_TO", "left": "1", "right": "1"}}],
    }
    run.save()
    task_run(run, "check", "SUCCESS", outcome="true")
    [task] = api.get("/api/2.2/jobs/runs/get", {"run_id": run.pk}).json()["tasks"]
    assert task["condition_task"] == {"op": "EQUAL_TO", "left": "1", "right": "1", "outcome": "true"}


def test_a_for_each_task_shows_stats_and_pages_its_iterations(api, owner):
    job = job_with(owner, "x")
    run = finished_run(job, owner, {})
    inner = {"task_key": "each", "spark_python_task": {"python_file": "/Workspace/each.py"}}
    loop_settings = {"task_key": "loop", "for_each_task": {"inputs": "[1,2,3]", "task": inner}}
    run.settings = {**run.settings, "tasks": [loop_settings]}
    run.save()
    loop = task_run(run, "loop", "RUNNING")
    for index, state in enumerate(["SUCCESS", "FAILED", "RUNNING"]):
        task_run(
            run,
            "each",
            state,
            parent_task_run=loop,
            iteration_index=index,
            error="boom" * (state == "FAILED"),
        )
    [task] = api.get("/api/2.2/jobs/runs/get", {"run_id": run.pk}).json()["tasks"]
    assert task["for_each_task"]["stats"] == {
        "task_run_stats": {
            "total_iterations": 3,
            "scheduled_iterations": 3,
            "active_iterations": 1,
            "completed_iterations": 2,
            "succeeded_iterations": 1,
            "failed_iterations": 1,
        },
        "error_message_stats": [{"error_message": "boom", "count": 1}],
    }
    body = api.get("/api/2.2/jobs/runs/get", {"run_id": task_run_wire_id(loop.pk)}).json()
    assert [t["task_key"] for t in body["tasks"]] == ["loop"]
    assert [(i["task_key"], i["state"]["life_cycle_state"]) for i in body["iterations"]] == [
        ("each", "TERMINATED"),
        ("each", "TERMINATED"),
        ("each", "RUNNING"),
    ]
    assert body["iterations"][0]["spark_python_task"] == {"python_file": "/Workspace/each.py"}


def test_get_reads_a_large_run_in_a_fixed_number_of_queries(api, owner, django_assert_max_num_queries):
    job = job_with(owner, *[f"t{i}" for i in range(40)])
    run = finished_run(job, owner)
    with django_assert_max_num_queries(12):
        response = api.get("/api/2.2/jobs/runs/get", {"run_id": run.pk, "include_history": "true"})
    assert len(response.json()["tasks"]) == 40
    with django_assert_max_num_queries(12):
        api.get("/api/2.2/jobs/runs/list", {"expand_tasks": "true"})


def test_tasks_that_never_started_span_no_time(api, job, owner):
    run = finished_run(job, owner, {"extract": "FAILED", "load": "UPSTREAM_FAILED"}, state="FAILED")
    TaskRun.objects.filter(task_key="load").update(start_time=None)
    waiting = finished_run(job, owner, {"extract": "RUNNING", "load": "BLOCKED"}, state="RUNNING")
    skipped = api.get("/api/2.2/jobs/runs/get", {"run_id": run.pk}).json()["tasks"][1]
    assert skipped["start_time"] == skipped["end_time"] > 0
    assert "run_duration" not in skipped
    blocked = api.get("/api/2.2/jobs/runs/get", {"run_id": waiting.pk}).json()["tasks"][1]
    assert (blocked["start_time"], blocked["end_time"]) == (0, 0)
    assert blocked["state"]["life_cycle_state"] == "BLOCKED"
