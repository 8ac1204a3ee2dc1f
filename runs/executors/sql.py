"""sql_task: run a .sql file (``file {path, source}``) on a SQL warehouse.

The statements run in a child process (sql_runner.py: why a child is explained there) against
the warehouse's engine; ``{{name}}`` markers are bound parameters from the task's parameters
(never pasted into the SQL). The last statement that returns rows is previewed, first 1,000
rows, in ``output["sql_output"]``. A SQL error fails the task with the engine's message and the
file line of the statement. ``query``, ``dashboard`` and ``alert`` (saved Databricks SQL objects)
do not exist here: ``UNSUPPORTED`` names them for validation, and the executor refuses them too.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from runs.executors.base import FAILED, SUCCESS, ExecutionContext, ExecutionResult, run_process
from runs.executors.sources import SourceError, source_of, task_file

PREVIEW_ROWS = 1000
# sql_task blocks Databricks has and Lakeflow cannot run, with the reason given to the user.
UNSUPPORTED = {
    "query": "saved queries do not exist in Lakeflow; put the SQL in a file and use sql_task.file",
    "dashboard": "SQL dashboards do not exist in Lakeflow",
    "alert": "SQL alerts do not exist in Lakeflow",
}


def validation_error(block: dict[str, Any]) -> str | None:
    """Why a sql_task block cannot run (for job validation), or None."""
    for name, reason in UNSUPPORTED.items():
        if block.get(name) is not None:
            return f"sql_task.{name} is not supported: {reason}."
    file = block.get("file")
    if not isinstance(file, dict) or not file.get("path"):
        return "sql_task.file.path is required."
    if not block.get("warehouse_id"):
        return "sql_task.warehouse_id is required."
    return None


class SqlExecutor:
    task_type = "sql_task"

    def run(self, ctx: ExecutionContext) -> ExecutionResult:
        from compute.models import Warehouse, WarehouseState
        from compute.warehouses import get_warehouse, mark_running

        block = ctx.task.get(self.task_type) or {}
        if reason := validation_error(block):
            return ExecutionResult(FAILED, error=reason)
        try:
            warehouse = get_warehouse(str(block["warehouse_id"]))
        except Exception:
            return ExecutionResult(FAILED, error=f"SQL warehouse {block['warehouse_id']} does not exist.")
        try:
            path = task_file(ctx, block["file"]["path"], source_of(ctx, block["file"]))
        except SourceError as error:
            return ExecutionResult(FAILED, error=f"sql_task.file: {error}")
        if warehouse.state != WarehouseState.RUNNING:
            # A query starts a stopped warehouse, as on Databricks.
            mark_running(warehouse)
            if warehouse.state != WarehouseState.RUNNING:
                return ExecutionResult(
                    FAILED, error=f"SQL warehouse {warehouse.id} cannot start: {warehouse.health_summary}"
                )
        Warehouse.objects.filter(pk=warehouse.pk).update(last_used_at=_now())
        parameters = {**ctx.parameters, **{k: str(v) for k, v in (block.get("parameters") or {}).items()}}
        result_path = ctx.workdir / "sql_result.json"
        spec_path = ctx.workdir / "sql_spec.json"
        spec_path.write_text(json.dumps({
            "target": warehouse.target(),
            "script": path.read_text(encoding="utf-8"),
            "parameters": parameters,
            "preview_rows": PREVIEW_ROWS,
            "result_path": str(result_path),
        }))  # fmt: skip
        spec_path.chmod(0o600)  # it may hold a PostgreSQL password
        ctx.log.write(f"[sql] {block['file']['path']} on warehouse {warehouse.name} ({warehouse.id})\n")
        outcome = run_process([sys.executable, "-m", "runs.executors.sql_runner", str(spec_path)], ctx)
        spec_path.unlink(missing_ok=True)
        if outcome.canceled or outcome.timed_out or not result_path.is_file():
            return outcome.result()
        report = json.loads(result_path.read_text())
        if not report["ok"]:
            where = f" (line {report['line']} of {block['file']['path']})" if report.get("line") else ""
            return ExecutionResult(FAILED, error=f"{report['error']}{where}", exit_code=outcome.exit_code,
                                   error_trace="\n".join(outcome.tail) or None)  # fmt: skip
        return ExecutionResult(SUCCESS, exit_code=0, output={"sql_output": _sql_output(report, warehouse.id)})


def _sql_output(report: dict[str, Any], warehouse_id: str) -> dict[str, Any]:
    """Databricks' sql_output.query_output, plus the preview (columns, rows) Lakeflow keeps."""
    last = report.get("last") or {}
    output: dict[str, Any] = {
        "query_output": {
            "warehouse_id": warehouse_id,
            "query_text": last.get("query_text", ""),
            "sql_statements": [{"lookup_key": f"statement-{n}"} for n in range(1, report["statements"] + 1)],
        },
        "columns": last.get("columns", []),
        "rows": last.get("rows", []),
        "row_count": last.get("row_count", 0),
        "truncated": last.get("truncated", False),
    }
    return output


def _now():
    from django.utils import timezone

    return timezone.now()


executor = SqlExecutor()
