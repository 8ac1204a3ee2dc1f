"""trigger.table_update: tables written in the warehouse (by anyone) start a run."""

from __future__ import annotations

import pytest

from jobs.schedules.services import check_triggers
from tests.jobs import trigger_helpers
from tests.jobs.trigger_helpers import ECHO, create, log_of, wait_for
from tests.jobs.trigger_helpers import warehouse_sql as sql

engine, script = trigger_helpers.engine, trigger_helpers.script  # the real-worker fixtures


def tables(*names: str, condition: str = "ANY_UPDATED") -> dict:
    return {"table_update": {"table_names": list(names), "condition": condition}}


@pytest.fixture
def warehouse_tables(db):
    sql(
        "CREATE TABLE sales (id INT, amount INT)",
        "CREATE TABLE stock (id INT)",
        "INSERT INTO sales VALUES (1, 10)",
    )


def test_a_write_to_a_watched_table_starts_a_run_naming_it(engine, script, owner, warehouse_tables):
    job = create(
        owner,
        script("echo.py", ECHO),
        "{{job.trigger.table_update.table_names}}",
        trigger=tables("main.sales"),
    )
    assert check_triggers(job_id=job.pk) == []  # baseline
    assert check_triggers(job_id=job.pk) == []  # nothing changed
    sql("UPDATE sales SET amount = 11 WHERE id = 1")
    [run] = check_triggers(job_id=job.pk)
    run = wait_for(run)
    assert run.trigger == "TABLE"
    assert "ARGS ['[\"main.sales\"]']" in log_of(run)
    assert check_triggers(job_id=job.pk) == []


@pytest.mark.django_db
def test_all_updated_waits_for_every_table(owner, warehouse_tables):
    job = create(owner, "/Workspace/x.py", trigger=tables("sales", "stock", condition="ALL_UPDATED"))
    check_triggers(job_id=job.pk)
    sql("INSERT INTO sales VALUES (2, 20)")
    assert check_triggers(job_id=job.pk) == []
    sql("INSERT INTO stock VALUES (7)")
    [run] = check_triggers(job_id=job.pk)
    assert run.trigger_info == {"table_update": {"table_names": ["sales", "stock"]}}


@pytest.mark.django_db
def test_a_table_created_after_the_trigger_counts_as_updated(owner, warehouse_tables):
    job = create(owner, "/Workspace/x.py", trigger=tables("later"))
    check_triggers(job_id=job.pk)
    sql("CREATE TABLE later AS SELECT 1 AS x")
    assert len(check_triggers(job_id=job.pk)) == 1


@pytest.mark.django_db
@pytest.mark.parametrize("change", ["INSERT INTO {table} VALUES (2)", "TRUNCATE {table}"])
def test_a_postgresql_warehouse_table_changed_by_an_outside_client_starts_a_run(owner, postgres_url, change):
    import time
    import uuid

    import psycopg

    from compute.warehouses import create_warehouse

    table = f"orders_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(f"CREATE TABLE {table} (id int)")
        conn.execute(f"INSERT INTO {table} VALUES (1)")  # noqa: S608
    try:
        with psycopg.connect(postgres_url, autocommit=True) as conn:
            # Let the set-up insert reach the statistics first, so only `change` can be seen.
            deadline = time.monotonic() + 10
            query = "SELECT n_tup_ins FROM pg_stat_user_tables WHERE relname = %s"
            while conn.execute(query, [table]).fetchone()[0] < 1 and time.monotonic() < deadline:
                time.sleep(0.2)
        warehouse = create_warehouse(user=owner, fields={"name": "pg", "connection": postgres_url})
        job = create(
            owner,
            "/Workspace/x.py",
            trigger={"table_update": {"table_names": [f"public.{table}"], "warehouse_id": warehouse.id}},
        )
        check_triggers(job_id=job.pk)
        with psycopg.connect(postgres_url, autocommit=True) as conn:
            conn.execute(change.format(table=table))
        deadline = time.monotonic() + 10  # PostgreSQL publishes table statistics within a second or so
        started = []
        while not started and time.monotonic() < deadline:
            started = check_triggers(job_id=job.pk)
            time.sleep(0.3)
        assert [run.trigger for run in started] == ["TABLE"]
    finally:
        with psycopg.connect(postgres_url, autocommit=True) as conn:
            conn.execute(f"DROP TABLE IF EXISTS {table}")
