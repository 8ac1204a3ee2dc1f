"""/api/2.0/pipelines through the HTTP client and the official SDK; pipeline_task directly."""

# Tests compose SQL for fixed schema names of their own.
# ruff: noqa: S608

from __future__ import annotations

import time

import pytest

from lakeflow.pipelines.models import Pipeline
from runs.executors.pipeline import executor

SQL = """
CREATE OR REFRESH STREAMING TABLE numbers AS SELECT * FROM STREAM(source_numbers);
CREATE MATERIALIZED VIEW evens (
  CONSTRAINT small EXPECT (n < 100) ON VIOLATION FAIL UPDATE
) AS SELECT n FROM LIVE.numbers WHERE n % 2 = 0;
"""


def _seed(schema: str, rows: str = "(1), (2), (3), (4)") -> None:
    from compute import warehouse_engines as engines
    from compute.warehouses import ensure_default_warehouse

    engine = engines.open_engine(ensure_default_warehouse().target())
    try:
        engine.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}", [])
        engine.execute(f"CREATE TABLE IF NOT EXISTS {schema}.source_numbers (n INT)", [])
        engine.execute(f"INSERT INTO {schema}.source_numbers VALUES {rows}", [])
    finally:
        engine.close()


def _spec(schema: str = "nums", **extra) -> dict:
    return {
        "name": f"numbers-{schema}",
        "schema": schema,
        "libraries": [{"file": {"path": "/Users/owner/numbers.sql"}}],
        **extra,
    }


@pytest.mark.django_db
def test_it_creates_gets_lists_edits_and_deletes_a_pipeline(api, put_file):
    put_file("/Users/owner/numbers.sql", SQL)
    created = api.post("/api/2.0/pipelines", _spec(), format="json")
    assert created.status_code == 200, created.json()
    pipeline_id = created.json()["pipeline_id"]
    got = api.get(f"/api/2.0/pipelines/{pipeline_id}").json()
    assert (got["name"], got["state"], got["spec"]["schema"], got["creator_user_name"]) == (
        "numbers-nums",
        "IDLE",
        "nums",
        "owner",
    )
    assert [s["pipeline_id"] for s in api.get("/api/2.0/pipelines").json()["statuses"]] == [pipeline_id]
    assert (
        api.put(f"/api/2.0/pipelines/{pipeline_id}", _spec(name="renamed"), format="json").status_code == 200
    )
    assert api.get(f"/api/2.0/pipelines/{pipeline_id}").json()["name"] == "renamed"
    assert api.delete(f"/api/2.0/pipelines/{pipeline_id}").status_code == 200
    assert api.get(f"/api/2.0/pipelines/{pipeline_id}").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body, words",
    [
        ({"libraries": [{"jar": "/x.jar"}]}, "jar"),
        ({"libraries": [{"file": {"path": "relative.sql"}}]}, "absolute"),
        ({"schema": "a", "target": "b"}, "both"),
        ({"continuous": True}, "continuous"),
        ({"schema": "bad name"}, "schema"),
        ({"configuration": {"lakeflow.warehouse_id": "nope"}}, "nope"),
    ],
)
def test_bad_specs_are_refused_and_nothing_is_written(api, body, words):
    response = api.post("/api/2.0/pipelines", {"name": "p", **body}, format="json")
    assert response.status_code == 400 and words in response.json()["message"]
    assert not Pipeline.objects.exists()


@pytest.mark.django_db
def test_only_the_creator_or_an_admin_changes_a_pipeline(api, client_for, member, put_file):
    pipeline_id = api.post("/api/2.0/pipelines", _spec(), format="json").json()["pipeline_id"]
    assert client_for(member).delete(f"/api/2.0/pipelines/{pipeline_id}").status_code == 403
    assert (
        client_for(member).post(f"/api/2.0/pipelines/{pipeline_id}/updates", {}, format="json").status_code
        == 403
    )


@pytest.mark.django_db(transaction=True)
def test_an_update_started_over_http_runs_and_logs_events(api, put_file):
    put_file("/Users/owner/numbers.sql", SQL)
    _seed("http_nums")
    pipeline_id = api.post("/api/2.0/pipelines", _spec("http_nums"), format="json").json()["pipeline_id"]
    update_id = api.post(f"/api/2.0/pipelines/{pipeline_id}/updates", {}, format="json").json()["update_id"]
    for _ in range(200):
        update = api.get(f"/api/2.0/pipelines/{pipeline_id}/updates/{update_id}").json()["update"]
        if update["state"] in ("COMPLETED", "FAILED", "CANCELED"):
            break
        time.sleep(0.05)
    assert update["state"] == "COMPLETED", update
    assert update["lakeflow_datasets"]["evens"]["rows"] == 2
    events = api.get(f"/api/2.0/pipelines/{pipeline_id}/events", {"order_by": "timestamp asc"}).json()[
        "events"
    ]
    assert events[0]["event_type"] == "create_update"
    flows = [e for e in events if e["event_type"] == "flow_progress"]
    assert [e["origin"]["dataset_name"] for e in flows] == ["numbers", "evens"]
    assert flows[1]["details"]["flow_progress"]["data_quality"]["expectations"][0]["passed_records"] == 2
    assert api.get(f"/api/2.0/pipelines/{pipeline_id}/updates").json()["updates"][0]["update_id"] == update_id


@pytest.mark.django_db
def test_pipeline_task_runs_an_update_and_takes_its_result(api, put_file, make_ctx):
    put_file("/Users/owner/numbers.sql", SQL)
    _seed("task_nums")
    pipeline_id = api.post("/api/2.0/pipelines", _spec("task_nums"), format="json").json()["pipeline_id"]
    ctx = make_ctx({"pipeline_task": {"pipeline_id": pipeline_id}})
    result = executor.run(ctx)
    assert result.state == "SUCCESS", result.error
    assert result.output["pipeline_output"]["datasets"]["numbers"]["rows"] == 4
    _seed("task_nums", "(6), (200)")
    failed = executor.run(make_ctx({"pipeline_task": {"pipeline_id": pipeline_id}}))
    assert failed.state == "FAILED"
    assert "Expectation small failed on dataset evens" in failed.error
    refreshed = executor.run(make_ctx({"pipeline_task": {"pipeline_id": pipeline_id, "full_refresh": True}}))
    assert refreshed.output["pipeline_output"]["datasets"]["numbers"]["rows"] == 6
    assert "does not exist" in executor.run(make_ctx({"pipeline_task": {"pipeline_id": "nope"}})).error


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_the_sdk_drives_pipelines(sdk, put_file):
    from databricks.sdk.service.pipelines import FileLibrary, PipelineLibrary, UpdateInfoState

    put_file("/Users/owner/numbers.sql", SQL)
    _seed("sdk_nums")
    created = sdk.pipelines.create(
        name="sdk-numbers",
        schema="sdk_nums",
        libraries=[PipelineLibrary(file=FileLibrary(path="/Users/owner/numbers.sql"))],
    )
    update_id = sdk.pipelines.start_update(created.pipeline_id, full_refresh=True).update_id
    for _ in range(200):
        update = sdk.pipelines.get_update(created.pipeline_id, update_id).update
        if update.state in (UpdateInfoState.COMPLETED, UpdateInfoState.FAILED):
            break
        time.sleep(0.05)
    assert update.state == UpdateInfoState.COMPLETED and update.full_refresh
    got = sdk.pipelines.get(created.pipeline_id)
    assert got.latest_updates[0].update_id == update_id and got.spec.schema == "sdk_nums"
    assert [p.name for p in sdk.pipelines.list_pipelines()] == ["sdk-numbers"]
    events = list(sdk.pipelines.list_pipeline_events(created.pipeline_id))
    assert any(e.origin.dataset_name == "evens" for e in events)
    assert sdk.pipelines.list_updates(created.pipeline_id).updates[0].update_id == update_id
    sdk.pipelines.delete(created.pipeline_id)


@pytest.mark.django_db(transaction=True)
def test_stop_interrupts_a_running_update(api, put_file):
    put_file(
        "/Users/owner/slow.sql",
        "CREATE MATERIALIZED VIEW slow AS SELECT count(*) AS c FROM range(100000000000)",
    )
    body = {"name": "slow", "schema": "slow_pl", "libraries": [{"file": {"path": "/Users/owner/slow.sql"}}]}
    pipeline_id = api.post("/api/2.0/pipelines", body, format="json").json()["pipeline_id"]
    update_id = api.post(f"/api/2.0/pipelines/{pipeline_id}/updates", {}, format="json").json()["update_id"]
    second = api.post(f"/api/2.0/pipelines/{pipeline_id}/updates", {}, format="json")
    assert (second.status_code, second.json()["error_code"]) == (409, "INVALID_STATE")
    time.sleep(1)
    assert api.post(f"/api/2.0/pipelines/{pipeline_id}/stop", {}, format="json").status_code == 200
    for _ in range(200):
        update = api.get(f"/api/2.0/pipelines/{pipeline_id}/updates/{update_id}").json()["update"]
        if update["state"] in ("COMPLETED", "FAILED", "CANCELED"):
            break
        time.sleep(0.05)
    assert update["state"] == "CANCELED"
    assert api.get(f"/api/2.0/pipelines/{pipeline_id}").json()["state"] == "IDLE"
