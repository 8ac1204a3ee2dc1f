"""SQL from task code on the task's SQL warehouse: what a notebook's ``%sql`` cell runs.

    from lakeflow.runtime.sql import run_sql
    result = run_sql("CREATE TABLE t AS SELECT 1 AS n; SELECT * FROM t")   # the last result

The script is split into statements by the server (the warehouse's own dialect), each runs in
turn through the Statement Execution API (``/api/2.0/lakeflow/runtime/sql/...``, with the
task-run credential: as the run's run-as user, on ``notebook_task.warehouse_id`` or the default
warehouse). A failing statement raises SqlStatementError with the warehouse's message; the
statements after it do not run. Standard library only (pandas is used when installed).
"""

from __future__ import annotations

import decimal
import html
import time
from typing import Any

from lakeflow.runtime.dbutils import LakeflowRuntimeError, _call, _in_run

# Rows of a result shown in a notebook's output; the bound value holds them all.
DISPLAY_ROWS = 1000
_POLL_SECONDS = 0.2
_ACTIVE = ("PENDING", "RUNNING")


class SqlStatementError(Exception):
    """The warehouse refused a statement (its message), or the statement was canceled."""


class Row(tuple):
    """One result row: by position (``row[0]``), by column name (``row["n"]``, ``row.n``), as Spark's Row."""

    _fields: tuple[str, ...] = ()

    def __new__(cls, values: list[Any], fields: tuple[str, ...]) -> Row:
        row = super().__new__(cls, values)
        row._fields = fields
        return row

    def __getnewargs__(self) -> tuple[list[Any], tuple[str, ...]]:  # type: ignore[override]
        return list(self), self._fields

    def __getitem__(self, key):  # type: ignore[override]
        if isinstance(key, str):
            try:
                return tuple.__getitem__(self, self._fields.index(key))
            except ValueError:
                raise KeyError(key) from None
        return tuple.__getitem__(self, key)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name not in self._fields:
            raise AttributeError(name)
        return self[name]

    def asDict(self) -> dict[str, Any]:
        return dict(zip(self._fields, self, strict=True))

    def __repr__(self) -> str:
        return "Row(" + ", ".join(f"{k}={v!r}" for k, v in zip(self._fields, self, strict=True)) + ")"


class SqlResult(list):
    """The rows of a statement's result (a list of Row) with its ``columns``; rendered as a table."""

    def __init__(self, columns: list[str], rows: list[Row], *, total_row_count: int | None = None):
        super().__init__(rows)
        self.columns = columns
        self.total_row_count = len(rows) if total_row_count is None else total_row_count

    def _repr_html_(self) -> str:
        return to_html(self.columns, list(self))

    def __repr__(self) -> str:
        return f"SqlResult(columns={self.columns!r}, rows={len(self)})"


def typed(value: str | None, type_name: str) -> Any:
    """A JSON_ARRAY cell (a string, as Databricks sends them) as the Python value of its column type."""
    if value is None:
        return None
    kind = type_name.upper()
    try:
        if kind in ("BYTE", "SHORT", "INT", "LONG"):
            return int(value)
        if kind in ("FLOAT", "DOUBLE"):
            return float(value)
        if kind == "DECIMAL":
            return decimal.Decimal(value)
        if kind == "BOOLEAN":
            return value.lower() == "true"
    except (ValueError, decimal.InvalidOperation):
        return value
    return value


def result_of(answer: dict[str, Any]) -> SqlResult:
    """A SUCCEEDED statement (its /api/2.0/sql/statements body) as a SqlResult."""
    manifest = answer.get("manifest") or {}
    columns = (manifest.get("schema") or {}).get("columns") or []
    names = tuple(str(column["name"]) for column in columns)
    types = [str(column.get("type_name") or "STRING") for column in columns]
    data = (answer.get("result") or {}).get("data_array") or []
    rows = [Row([typed(v, t) for v, t in zip(values, types, strict=False)], names) for values in data]
    return SqlResult(list(names), rows, total_row_count=manifest.get("total_row_count"))


def to_html(columns: list[str], rows: list[Any], limit: int = DISPLAY_ROWS) -> str:
    """A plain HTML table of the first ``limit`` rows, saying how many more there are."""
    if not columns:
        return "<p>OK</p>"
    head = "".join(f"<th>{html.escape(name)}</th>" for name in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{'null' if v is None else html.escape(str(v))}</td>" for v in row) + "</tr>"
        for row in rows[:limit]
    )
    more = f"<p>Showing the first {limit:,} of {len(rows):,} rows.</p>" if len(rows) > limit else ""
    return f'<table class="dataframe"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{more}'


def as_frame(result: SqlResult) -> Any:
    """A pandas DataFrame of the result when pandas is installed, else the result itself."""
    try:
        import pandas
    except ImportError:
        return result
    return pandas.DataFrame([list(row) for row in result], columns=result.columns)


def execute(statement: str, *, warehouse_id: str | None = None) -> SqlResult:
    """Run one statement and wait for its result."""
    body = {"statement": statement, "wait_timeout": "10s"}
    if warehouse_id:
        body["warehouse_id"] = warehouse_id
    answer = _call("POST", "sql/statements", body=body)
    statement_id = answer["statement_id"]
    try:
        while answer["status"]["state"] in _ACTIVE:
            time.sleep(_POLL_SECONDS)
            answer = _call("GET", f"sql/statements/{statement_id}")
    except KeyboardInterrupt:  # the notebook is being stopped (timeout, cancel): stop the statement too
        _call("POST", f"sql/statements/{statement_id}/cancel", body={})
        raise
    status = answer["status"]
    if status["state"] == "FAILED":
        raise SqlStatementError((status.get("error") or {}).get("message") or "The statement failed.")
    if status["state"] != "SUCCEEDED":
        raise SqlStatementError(f"The statement was {status['state'].lower()}.")
    return result_of(answer)


def run_sql(script: str, *, warehouse_id: str | None = None) -> SqlResult:
    """Run every statement of ``script`` in order; the last one's result."""
    if not _in_run():
        raise LakeflowRuntimeError("SQL cells run on a SQL warehouse only inside a Lakeflow run.")
    body = {"statement": script, **({"warehouse_id": warehouse_id} if warehouse_id else {})}
    split = _call("POST", "sql/split", body=body)
    result = SqlResult([], [])
    for statement in split["statements"]:
        result = execute(statement, warehouse_id=split.get("warehouse_id"))
    return result
