"""sql_task run directly: a workspace .sql file on DuckDB and PostgreSQL warehouses."""

from __future__ import annotations

import threading
import time

import pytest

from compute.models import DEFAULT_WAREHOUSE_ID, Warehouse
from runs.executors.sql import executor, validation_error
from tests.executors.conftest import log_text

pytestmark = pytest.mark.django_db

SCRIPT = """-- load and report
CREATE OR REPLACE TABLE orders AS
  SELECT * FROM (VALUES (1, 'ann', 10.5), (2, 'bob', 20.0), (3, 'ann', 7.25)) AS t(id, customer, amount);

SELECT customer, sum(amount) AS total
FROM orders
WHERE customer = {{customer}}
GROUP BY customer;
"""


@pytest.fixture(params=["duckdb", "postgres"])
def warehouse_id(request, owner):
    if request.param == "duckdb":
        return DEFAULT_WAREHOUSE_ID
    url = request.getfixturevalue("postgres_url")
    return Warehouse.objects.create(name="pg", connection=url, creator=owner).id


def sql_task(path: str, warehouse_id: str, **parameters) -> dict:
    return {
        "task_key": "q",
        "sql_task": {
            "file": {"path": path, "source": "WORKSPACE"},
            "warehouse_id": warehouse_id,
            "parameters": parameters,
        },
    }


def test_it_runs_several_statements_and_previews_the_last_result(make_ctx, put_file, warehouse_id):
    script = (
        SCRIPT
        if warehouse_id == DEFAULT_WAREHOUSE_ID
        else SCRIPT.replace("OR REPLACE TABLE orders", "TEMPORARY TABLE orders")
    )
    put_file("/Users/owner/report.sql", script)
    ctx = make_ctx(sql_task("/Users/owner/report.sql", warehouse_id, customer="ann"))
    result = executor.run(ctx)
    assert result.state == "SUCCESS", (result.error, log_text(ctx))
    output = result.output["sql_output"]
    assert [c["name"] for c in output["columns"]] == ["customer", "total"]
    assert output["rows"] == [["ann", "17.75"]]
    assert output["query_output"]["warehouse_id"] == warehouse_id
    assert "statement 2/2 (line 5)" in log_text(ctx)


def test_a_parameter_is_bound_not_pasted(make_ctx, put_file):
    put_file(
        "/Users/owner/echo.sql", "CREATE OR REPLACE TABLE keep AS SELECT 1 AS x;\nSELECT {{p}} AS echoed"
    )
    evil = "1; DROP TABLE keep; --"
    result = executor.run(make_ctx(sql_task("/Users/owner/echo.sql", DEFAULT_WAREHOUSE_ID, p=evil)))
    assert result.output["sql_output"]["rows"] == [[evil]]
    check = executor.run(make_ctx(sql_task("/Users/owner/echo.sql", DEFAULT_WAREHOUSE_ID, p="2")))
    assert check.state == "SUCCESS"


def test_the_preview_keeps_the_first_thousand_rows(make_ctx, put_file):
    put_file("/Users/owner/many.sql", "SELECT range AS n FROM range(5000)")
    output = executor.run(make_ctx(sql_task("/Users/owner/many.sql", DEFAULT_WAREHOUSE_ID))).output[
        "sql_output"
    ]
    assert len(output["rows"]) == 1000
    assert (output["row_count"], output["truncated"]) == (5000, True)


def test_a_sql_error_fails_with_the_engine_message_and_file_line(make_ctx, put_file, warehouse_id):
    put_file("/Users/owner/bad.sql", "SELECT 1;\n\nSELECT *\n  FROM missing_table_zz;\nSELECT 3;")
    result = executor.run(make_ctx(sql_task("/Users/owner/bad.sql", warehouse_id)))
    assert result.state == "FAILED"
    assert "missing_table_zz" in result.error
    assert "(line 4 of /Users/owner/bad.sql)" in result.error


def test_a_missing_parameter_fails_naming_it(make_ctx, put_file):
    put_file("/Users/owner/p.sql", "SELECT {{nope}}")
    result = executor.run(make_ctx(sql_task("/Users/owner/p.sql", DEFAULT_WAREHOUSE_ID)))
    assert result.state == "FAILED" and "{{nope}}" in result.error


def test_a_missing_file_or_warehouse_fails_the_task(make_ctx, put_file):
    assert (
        "does not exist"
        in executor.run(make_ctx(sql_task("/Users/owner/none.sql", DEFAULT_WAREHOUSE_ID))).error
    )
    put_file("/Users/owner/ok.sql", "SELECT 1")
    assert "warehouse" in executor.run(make_ctx(sql_task("/Users/owner/ok.sql", "nope"))).error


@pytest.mark.parametrize(
    "block, words",
    [
        ({"query": {"query_id": "1"}, "warehouse_id": "w"}, "saved queries"),
        ({"dashboard": {"dashboard_id": "1"}}, "dashboards"),
        ({"file": {"path": "/x.sql"}}, "warehouse_id"),
    ],
)
def test_blocks_lakeflow_cannot_run_are_refused_with_the_reason(block, words):
    assert words in validation_error(block)


@pytest.mark.parametrize("how", ["timeout", "cancel"])
def test_a_long_query_is_stopped_on_timeout_or_cancel(make_ctx, put_file, how):
    put_file("/Users/owner/long.sql", "SELECT count(*) FROM range(100000000000) a, range(10) b")
    ctx = make_ctx(
        sql_task("/Users/owner/long.sql", DEFAULT_WAREHOUSE_ID), timeout=2 if how == "timeout" else None
    )
    if how == "cancel":
        threading.Timer(1.5, ctx.cancel.set).start()
    started = time.monotonic()
    result = executor.run(ctx)
    assert result.state == ("TIMEDOUT" if how == "timeout" else "CANCELED")
    assert time.monotonic() - started < 20


def test_a_stopped_warehouse_is_started_by_the_task(make_ctx, put_file):
    from compute.warehouses import ensure_default_warehouse

    ensure_default_warehouse()
    Warehouse.objects.filter(id=DEFAULT_WAREHOUSE_ID).update(state="STOPPED")
    put_file("/Users/owner/one.sql", "SELECT 1 AS one")
    result = executor.run(make_ctx(sql_task("/Users/owner/one.sql", DEFAULT_WAREHOUSE_ID)))
    assert result.state == "SUCCESS"
    assert Warehouse.objects.get(id=DEFAULT_WAREHOUSE_ID).state == "RUNNING"
