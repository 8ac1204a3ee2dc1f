"""Statement Execution: run one SQL statement on a warehouse off the request thread.

``execute_statement`` writes the Statement row, starts a thread that runs it, and waits up to
``wait_timeout`` for it; the caller gets the row in whatever state it reached (PENDING/RUNNING
with CONTINUE, CANCELED with CANCEL). A thread rather than a Celery task because the result is
wanted within seconds by the very process that asked, and a statement is not user *code* (it
cannot run Python); the row is the source of truth, so a `get` from any process sees the result.
The row heartbeats while its thread runs (lakeflow.liveness): if the process dies mid-statement,
the reconciler fails it (``fail_orphans``) instead of leaving it RUNNING.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from typing import Any

from django.db import close_old_connections, connection, transaction
from django.utils import timezone

from compute import warehouse_engines as engines
from compute.models.warehouses import (
    STATEMENT_TERMINAL,
    Statement,
    StatementState,
    Warehouse,
    WarehouseState,
)
from compute.warehouses import get_warehouse, mark_running
from lakeflow import liveness
from lakeflow.api.errors import denied, invalid, not_found

log = logging.getLogger(__name__)

# Rows kept inline per statement; beyond this the manifest says truncated (Databricks caps an
# INLINE result at 25 MiB the same way).
MAX_INLINE_ROWS = 100_000


@dataclass
class _Live:
    """What this process knows of a statement it is running: its engine (to interrupt) and when
    it finished (to stop waiting)."""

    done: threading.Event = field(default_factory=threading.Event)
    engine: Any = None
    lock: threading.Lock = field(default_factory=threading.Lock)


_live: dict[str, _Live] = {}
_live_lock = threading.Lock()


def execute_statement(
    *,
    user,
    warehouse_id: str,
    statement: str,
    parameters: list[dict[str, Any]],
    wait_timeout: float,
    cancel_on_timeout: bool,
    row_limit: int | None = None,
    catalog: str = "",
    schema: str = "",
) -> Statement:
    warehouse = get_warehouse(warehouse_id)
    dialect = engines.dialect_of(warehouse.target())
    try:
        parts = engines.split_statements(statement, dialect)
    except engines.SqlError as error:
        raise invalid(f"Field statement: {error.message}") from None
    if len(parts) != 1:
        raise invalid(f"Field statement must hold exactly one SQL statement; got {len(parts)}.")
    values = _values(parameters)
    with transaction.atomic():
        row = Statement.objects.create(
            warehouse=warehouse,
            user=user,
            statement=parts[0].text,
            parameters=parameters,
            catalog=catalog,
            schema=schema,
            row_limit=row_limit,
        )
    live = _Live()
    with _live_lock:
        _live[row.id] = live
    worker = threading.Thread(
        target=_run, args=(row.id, values, live), name=f"statement-{row.id}", daemon=True
    )
    transaction.on_commit(worker.start)  # immediately, unless the caller is inside a transaction
    if wait_timeout > 0:
        live.done.wait(wait_timeout)
        row.refresh_from_db()
        if row.state not in STATEMENT_TERMINAL and cancel_on_timeout:
            cancel_statement(user=user, statement_id=row.id)
            row.refresh_from_db()
    return row


def _values(parameters: list[dict[str, Any]]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for index, item in enumerate(parameters):
        try:
            values[item["name"]] = engines.typed_value(item.get("value"), item.get("type"))
        except (ValueError, ArithmeticError) as error:
            raise invalid(f"Field parameters[{index}] ({item['name']}): {error}") from None
    return values


def get_statement(*, user, statement_id: str) -> Statement:
    row = Statement.objects.filter(id=statement_id).select_related("warehouse").first()
    if row is None:
        raise not_found(f"Statement {statement_id} does not exist.")
    if row.user_id != user.pk and not (user.is_staff or user.is_superuser):
        raise denied(f"Statement {statement_id} belongs to another user.")
    return row


def cancel_statement(*, user, statement_id: str) -> None:
    """Mark it CANCELED (so the running thread's result is not kept) and interrupt the engine
    when this process runs it. Cancelling a finished statement is a no-op, as in Databricks."""
    get_statement(user=user, statement_id=statement_id)
    Statement.objects.filter(
        id=statement_id, state__in=(StatementState.PENDING, StatementState.RUNNING)
    ).update(state=StatementState.CANCELED, finished_at=timezone.now())
    with _live_lock:
        live = _live.get(statement_id)
    if live is not None:
        _interrupt(live)


def _interrupt(live: _Live) -> None:
    with live.lock:
        if live.engine is not None:
            live.engine.interrupt()


def _finish(statement_id: str, **fields: Any) -> None:
    """Record the outcome unless the statement was cancelled meanwhile."""
    Statement.objects.filter(id=statement_id, state=StatementState.RUNNING).update(
        finished_at=timezone.now(), **fields
    )


def fail_orphans() -> int:
    """Fail the active statements whose process stopped heartbeating (it died mid-statement)."""
    return liveness.stale(Statement, (StatementState.PENDING, StatementState.RUNNING)).update(
        state=StatementState.FAILED,
        finished_at=timezone.now(),
        error_code="INTERNAL_ERROR",
        error_message="The process running this statement ended before it finished (its heartbeat stopped).",
    )


def _run(statement_id: str, values: dict[str, Any], live: _Live) -> None:
    close_old_connections()
    with liveness.held(Statement, statement_id, interrupt=lambda: _interrupt(live)):
        _run_held(statement_id, values, live)


def _run_held(statement_id: str, values: dict[str, Any], live: _Live) -> None:
    try:
        if not Statement.objects.filter(id=statement_id, state=StatementState.PENDING).update(
            state=StatementState.RUNNING
        ):
            return  # cancelled before it started
        row = Statement.objects.select_related("warehouse").get(id=statement_id)
        _execute(row, values, live)
    except engines.SqlError as error:
        _finish(
            statement_id,
            state=StatementState.FAILED,
            error_code="BAD_REQUEST",
            error_message=error.message,
            sql_state=error.sql_state or "",
        )
    except Exception as error:  # our fault, not the statement's: still a FAILED row, never stuck
        log.exception("statement %s failed", statement_id)
        _finish(
            statement_id, state=StatementState.FAILED, error_code="INTERNAL_ERROR", error_message=str(error)
        )
    finally:
        live.done.set()
        with _live_lock:
            _live.pop(statement_id, None)
        connection.close()


def _execute(row: Statement, values: dict[str, Any], live: _Live) -> None:
    warehouse: Warehouse = row.warehouse
    if warehouse.state != WarehouseState.RUNNING:
        mark_running(warehouse)
        if warehouse.state != WarehouseState.RUNNING:
            raise engines.SqlError(
                f"SQL warehouse {warehouse.id} could not start: {warehouse.health_summary}"
            )
    engine = engines.open_engine(warehouse.target())
    with live.lock:
        live.engine = engine
    try:
        if row.schema:
            engines.use_schema(engine, row.schema)
        bound = engines.bind(row.statement, values, dialect=engine.dialect, style="colon")
        limit = min(row.row_limit, MAX_INLINE_ROWS) if row.row_limit is not None else MAX_INLINE_ROWS
        result = engine.execute(bound.sql, bound.values, limit=limit)
    finally:
        with live.lock:
            live.engine = None
        engine.close()
    manifest, data = _manifest(result, truncated_by_limit=row.row_limit is not None)
    _finish(row.id, state=StatementState.SUCCEEDED, manifest=manifest, data_array=data)


def _manifest(result: engines.QueryResult | None, *, truncated_by_limit: bool) -> tuple[dict, list | None]:
    if result is None:
        schema = {"column_count": 0, "columns": []}
        return {"format": "JSON_ARRAY", "schema": schema, "total_row_count": 0, "total_chunk_count": 0,
                "chunks": [], "truncated": False}, None  # fmt: skip
    columns = [
        {"name": c.name, "position": i, "type_name": c.type_name, "type_text": c.type_text}
        for i, c in enumerate(result.columns)
    ]
    data = [[engines.as_text(value) for value in row] for row in result.rows]
    manifest = {
        "format": "JSON_ARRAY",
        "schema": {"column_count": len(columns), "columns": columns},
        "total_chunk_count": 1,
        "chunks": [{"chunk_index": 0, "row_offset": 0, "row_count": len(data)}],
        # With row_limit the rows past the limit are not part of the result (Databricks).
        "total_row_count": len(data) if truncated_by_limit else result.total_row_count,
        "truncated": result.truncated,
    }
    return manifest, data
