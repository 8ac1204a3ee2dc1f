"""The Statement Execution API on DuckDB and PostgreSQL warehouses, via HTTP and the SDK."""

from __future__ import annotations

import time

import pytest

from compute.models import DEFAULT_WAREHOUSE_ID, Statement

pytestmark = pytest.mark.django_db(transaction=True)  # statements run on their own thread


def _execute(api, **body):
    body.setdefault("warehouse_id", DEFAULT_WAREHOUSE_ID)
    body.setdefault("wait_timeout", "30s")
    return api.post("/api/2.0/sql/statements", body, format="json")


def _wait(api, statement_id: str) -> dict:
    for _ in range(300):
        body = api.get(f"/api/2.0/sql/statements/{statement_id}").json()
        if body["status"]["state"] not in ("PENDING", "RUNNING"):
            return body
        time.sleep(0.05)
    raise AssertionError("the statement did not finish")


@pytest.fixture
def warehouse_id(request, api):
    """The default DuckDB warehouse, or one on the PostgreSQL server."""
    if request.param == "duckdb":
        return DEFAULT_WAREHOUSE_ID
    url = request.getfixturevalue("postgres_url")
    return api.post(
        "/api/2.0/sql/warehouses", {"name": "pg", "lakeflow_connection": url}, format="json"
    ).json()["id"]


@pytest.mark.parametrize("warehouse_id", ["duckdb", "postgres"], indirect=True)
def test_it_runs_a_query_with_bound_parameters(api, warehouse_id):
    response = _execute(
        api,
        warehouse_id=warehouse_id,
        statement="SELECT :n + 1 AS next, :who AS who, NULL AS nothing",
        parameters=[{"name": "n", "value": "41", "type": "INT"}, {"name": "who", "value": "o'hara"}],
    )
    body = response.json()
    assert response.status_code == 200, body
    assert body["status"]["state"] == "SUCCEEDED"
    assert body["result"]["data_array"] == [["42", "o'hara", None]]
    columns = body["manifest"]["schema"]["columns"]
    assert [(c["name"], c["type_name"]) for c in columns][:2] == [("next", "INT"), ("who", "STRING")]
    assert body["manifest"]["total_row_count"] == 1


@pytest.mark.parametrize("warehouse_id", ["duckdb", "postgres"], indirect=True)
def test_a_failing_statement_reports_the_engines_message(api, warehouse_id):
    body = _execute(api, warehouse_id=warehouse_id, statement="SELECT * FROM no_such_table_x").json()
    assert body["status"]["state"] == "FAILED"
    assert "no_such_table_x" in body["status"]["error"]["message"]


def test_wait_timeout_zero_returns_at_once_and_get_polls(api):
    body = _execute(api, statement="SELECT count(*) FROM range(1000)", wait_timeout="0s").json()
    assert body["status"]["state"] in ("PENDING", "RUNNING", "SUCCEEDED")
    assert _wait(api, body["statement_id"])["result"]["data_array"] == [["1000"]]


def test_on_wait_timeout_cancel_cancels_a_long_statement(api):
    long_query = "SELECT count(*) FROM range(100000000000) a"
    started = time.monotonic()
    body = _execute(api, statement=long_query, wait_timeout="5s", on_wait_timeout="CANCEL").json()
    assert body["status"]["state"] == "CANCELED"
    time.sleep(0.5)
    assert Statement.objects.get(id=body["statement_id"]).state == "CANCELED"
    assert time.monotonic() - started < 30


def test_cancel_interrupts_a_running_statement(api):
    body = _execute(api, statement="SELECT count(*) FROM range(100000000000) a", wait_timeout="0s").json()
    assert api.post(f"/api/2.0/sql/statements/{body['statement_id']}/cancel").status_code == 200
    assert _wait(api, body["statement_id"])["status"]["state"] == "CANCELED"


@pytest.mark.parametrize(
    "body, words",
    [
        ({"statement": "SELECT 1; SELECT 2"}, "exactly one"),
        ({"statement": "SELECT 1", "wait_timeout": "3s"}, "wait_timeout"),
        ({"statement": "SELECT 1", "disposition": "EXTERNAL_LINKS"}, "INLINE"),
        ({"statement": "SELECT 1", "on_wait_timeout": "NEVER"}, "on_wait_timeout"),
        (
            {"statement": "SELECT :x", "parameters": [{"name": "x", "value": "no", "type": "INT"}]},
            "parameters[0]",
        ),
        ({"statement": "SELECT 1", "warehouse_id": "nope"}, "nope"),
    ],
)
def test_bad_requests_are_refused(api, body, words):
    response = _execute(api, **body)
    assert response.status_code in (400, 404)
    assert words in response.json()["message"]
    assert not Statement.objects.exists()


def test_statements_are_private_to_their_user(api, client_for, member):
    body = _execute(api, statement="SELECT 1").json()
    response = client_for(member).get(f"/api/2.0/sql/statements/{body['statement_id']}")
    assert response.status_code == 403


def test_the_schema_field_sets_the_default_schema(api):
    _execute(api, statement="CREATE SCHEMA IF NOT EXISTS sales")
    _execute(api, statement="CREATE TABLE sales.orders AS SELECT 7 AS n")
    body = _execute(api, statement="SELECT n FROM orders", schema="sales", catalog="ignored").json()
    assert body["result"]["data_array"] == [["7"]]


@pytest.mark.slow
def test_the_sdk_executes_and_fetches_statements(sdk):
    from databricks.sdk.service.sql import StatementParameterListItem, StatementState

    response = sdk.statement_execution.execute_statement(
        statement="SELECT range AS n, :tag AS tag FROM range(3)",
        warehouse_id=DEFAULT_WAREHOUSE_ID,
        parameters=[StatementParameterListItem(name="tag", value="x")],
        wait_timeout="10s",
    )
    assert response.status.state == StatementState.SUCCEEDED
    assert response.result.data_array == [["0", "x"], ["1", "x"], ["2", "x"]]
    assert [c.name for c in response.manifest.schema.columns] == ["n", "tag"]
    again = sdk.statement_execution.get_statement(response.statement_id)
    assert again.manifest.total_row_count == 3
    chunk = sdk.statement_execution.get_statement_result_chunk_n(response.statement_id, 0)
    assert chunk.data_array == response.result.data_array
    started = sdk.statement_execution.execute_statement(
        statement="SELECT count(*) FROM range(100000000000)",
        warehouse_id=DEFAULT_WAREHOUSE_ID,
        wait_timeout="0s",
    )
    sdk.statement_execution.cancel_execution(started.statement_id)
    for _ in range(200):
        state = sdk.statement_execution.get_statement(started.statement_id).status.state
        if state == StatementState.CANCELED:
            break
        time.sleep(0.05)
    assert state == StatementState.CANCELED
