"""Pipeline updates run for real on the default DuckDB warehouse (and PostgreSQL)."""

# Tests compose SQL for fixed schema names of their own.
# ruff: noqa: S608

from __future__ import annotations

import pytest

from compute import warehouse_engines as engines
from compute.models import Warehouse
from compute.warehouses import ensure_default_warehouse
from lakeflow.pipelines import services
from lakeflow.pipelines.engine import run_update
from lakeflow.pipelines.models import PipelineEvent

pytestmark = pytest.mark.django_db

PIPELINE_SQL = """
-- Bronze: everything that arrived
CREATE OR REFRESH STREAMING TABLE orders_bronze AS
SELECT * FROM STREAM(orders_source);

-- Silver: expectations of all three kinds
CREATE OR REFRESH STREAMING TABLE orders_silver (
  CONSTRAINT valid_id EXPECT (id IS NOT NULL) ON VIOLATION DROP ROW,
  CONSTRAINT positive_amount EXPECT (amount >= 0) ON VIOLATION FAIL UPDATE,
  CONSTRAINT known_customer EXPECT (customer <> 'unknown')
) AS SELECT id, customer, amount FROM STREAM(LIVE.orders_bronze);

CREATE TEMPORARY VIEW big_orders AS SELECT * FROM LIVE.orders_silver WHERE amount > 10;

-- Gold
CREATE MATERIALIZED VIEW customer_totals AS
SELECT customer, count(*) AS orders, sum(amount) AS total FROM live.big_orders GROUP BY customer;
"""


def sql(target: str, statement: str):
    engine = engines.open_engine(target)
    try:
        return engine.execute(statement, [])
    finally:
        engine.close()


@pytest.fixture
def warehouse(request, owner):
    kind = getattr(request, "param", "duckdb")
    if kind == "duckdb":
        return ensure_default_warehouse()
    url = request.getfixturevalue("postgres_url")
    return Warehouse.objects.create(name="pg", connection=url, creator=owner)


@pytest.fixture
def pipeline(owner, put_file, warehouse, request):
    put_file("/Users/owner/pipelines/orders.sql", PIPELINE_SQL)
    schema = f"pl_{request.node.name[-20:].replace('[', '_').replace(']', '').replace('-', '_').lower()}"
    target = warehouse.target()
    sql(target, f"DROP SCHEMA IF EXISTS {schema} CASCADE")
    sql(target, f"CREATE SCHEMA {schema}")
    sql(target, f"CREATE TABLE {schema}.orders_source (id INT, customer VARCHAR(50), amount DECIMAL(10,2))")
    sql(
        target,
        f"INSERT INTO {schema}.orders_source VALUES (1, 'ann', 20), (2, 'bob', 5), (NULL, 'ann', 50),"
        f" (3, 'unknown', 30)",
    )
    spec = {
        "name": f"orders-{schema}",
        "schema": schema,
        "libraries": [{"file": {"path": "/Users/owner/pipelines/orders.sql"}}],
        "configuration": {"lakeflow.warehouse_id": warehouse.id},
    }
    created = services.create_pipeline(user=owner, spec=spec)
    yield created, schema, target
    sql(target, f"DROP SCHEMA IF EXISTS {schema} CASCADE")


def update(pipeline, **kwargs):
    started = services.start_update(user=None, pipeline_id=pipeline.id, run_in_thread=False, **kwargs)
    return run_update(started.id)


@pytest.mark.parametrize("warehouse", ["duckdb", "postgres"], indirect=True)
def test_an_update_builds_every_dataset_in_order_with_expectations(pipeline, warehouse):
    pipeline, schema, target = pipeline
    done = update(pipeline)
    assert done.state == "COMPLETED", done.error
    assert done.datasets["orders_bronze"]["rows"] == 4
    silver = done.datasets["orders_silver"]
    assert (silver["rows"], silver["dropped"]) == (3, 1)
    counts = {e["name"]: (e["passed_records"], e["failed_records"]) for e in silver["expectations"]}
    assert counts == {"valid_id": (3, 1), "positive_amount": (4, 0), "known_customer": (3, 1)}
    totals = sql(target, f"SELECT customer, orders FROM {schema}.customer_totals ORDER BY customer").rows
    assert [list(r) for r in totals] == [["ann", 1], ["unknown", 1]]
    events = PipelineEvent.objects.filter(update=done, event_type="flow_progress")
    assert [e.dataset_name for e in events.order_by("id")] == [
        "orders_bronze",
        "orders_silver",
        "big_orders",
        "customer_totals",
    ]
    silver_event = events.get(dataset_name="orders_silver")
    assert silver_event.level == "WARN" and "known_customer" in silver_event.message
    assert silver_event.details["flow_progress"]["data_quality"]["dropped_records"] == 1


@pytest.mark.parametrize("warehouse", ["duckdb", "postgres"], indirect=True)
def test_streaming_tables_process_only_new_rows_until_a_full_refresh(pipeline, warehouse):
    pipeline, schema, target = pipeline
    update(pipeline)
    sql(target, f"INSERT INTO {schema}.orders_source VALUES (4, 'cy', 40)")
    second = update(pipeline)
    assert second.state == "COMPLETED", second.error
    assert second.datasets["orders_bronze"]["rows"] == 1  # only the new row
    assert sql(target, f"SELECT count(*) FROM {schema}.orders_bronze").rows == [[5]]
    third = update(pipeline)
    assert third.datasets["orders_bronze"]["rows"] == 0
    refreshed = update(pipeline, full_refresh=True)
    assert refreshed.datasets["orders_bronze"]["rows"] == 5
    assert sql(target, f"SELECT count(*) FROM {schema}.orders_bronze").rows == [[5]]


def test_a_fail_update_expectation_stops_the_update_naming_it(pipeline):
    pipeline, schema, target = pipeline
    sql(target, f"INSERT INTO {schema}.orders_source VALUES (9, 'dan', -1)")
    done = update(pipeline)
    assert done.state == "FAILED"
    assert "Expectation positive_amount failed on dataset orders_silver" in done.error
    assert "customer_totals" not in done.datasets
    assert PipelineEvent.objects.filter(update=done, level="ERROR", event_type="flow_progress").exists()


def test_a_sql_error_fails_the_update_naming_the_dataset_and_line(owner, put_file):
    put_file(
        "/Users/owner/bad.sql",
        "CREATE MATERIALIZED VIEW ok AS SELECT 1 AS x;\n\n"
        "CREATE MATERIALIZED VIEW broken AS SELECT * FROM nowhere_table",
    )
    pipeline = services.create_pipeline(
        user=owner,
        spec={"name": "bad", "schema": "bad_pl", "libraries": [{"file": {"path": "/Users/owner/bad.sql"}}]},
    )
    done = update(pipeline)
    assert done.state == "FAILED"
    assert "broken (/Users/owner/bad.sql:3)" in done.error and "nowhere_table" in done.error


def test_a_missing_source_fails_the_update(owner):
    pipeline = services.create_pipeline(
        user=owner, spec={"name": "nothing", "libraries": [{"file": {"path": "/Users/owner/no.sql"}}]}
    )
    done = update(pipeline)
    assert done.state == "FAILED" and "does not exist" in done.error


def test_a_stopped_update_is_canceled(pipeline):
    import threading

    pipeline, _, _ = pipeline
    started = services.start_update(user=None, pipeline_id=pipeline.id, run_in_thread=False)
    stop = threading.Event()
    stop.set()
    assert run_update(started.id, cancel=stop).state == "CANCELED"


@pytest.mark.parametrize(
    "library",
    [
        {"glob": {"include": "/Users/owner/pl/**"}},
        {"glob": {"include": "/Users/owner/pl/"}},
        {"notebook": {"path": "/Users/owner/pl/nb"}},
    ],
)
def test_sources_come_from_a_glob_or_a_sql_notebook(owner, put_file, library):
    put_file(
        "/Users/owner/pl/nb.sql",
        "-- Databricks notebook source\nCREATE MATERIALIZED VIEW a AS SELECT 1 AS x\n"
        "-- COMMAND ----------\n-- MAGIC %md\n-- MAGIC notes\n",
    )
    put_file("/Users/owner/pl/sub/b.sql", "CREATE MATERIALIZED VIEW b AS SELECT x + 1 AS y FROM LIVE.a")
    pipeline = services.create_pipeline(
        user=owner, spec={"name": f"g{len(str(library))}", "schema": "globbed", "libraries": [library]}
    )
    done = update(pipeline)
    expected = {"a"} if "notebook" in library else {"a", "b"}
    assert done.state == "COMPLETED", done.error
    assert set(done.datasets) == expected
