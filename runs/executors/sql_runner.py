"""The child-process side of sql_task: ``python -m runs.executors.sql_runner spec.json``.

Reads the spec the executor wrote (engine target, script, parameters), runs the statements in
order with ``{{name}}`` markers bound as parameters, prints one line per statement to the task
log, and writes the outcome (preview of the last result, or the error and its script line) as
JSON to ``spec["result_path"]``. Exit code 0 on success, 1 on a SQL error.

Why a child process although DuckDB cannot run user Python: a query can still exhaust memory or
crash the engine, and a child is what lets a timeout or cancel stop it hard (run_process kills
the process tree) without touching the worker.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from compute import warehouse_engines as engines


def run(spec: dict[str, Any]) -> dict[str, Any]:
    target, script, values = spec["target"], spec["script"], spec["parameters"]
    dialect = engines.dialect_of(target)
    statements = engines.split_statements(script, dialect)
    if not statements:
        return {"ok": False, "error": "The SQL file holds no statement.", "line": None}
    engine = engines.open_engine(target)
    last: dict[str, Any] | None = None
    try:
        for number, statement in enumerate(statements, 1):
            started = time.monotonic()
            try:
                bound = engines.bind(statement.text, values, dialect=dialect, style="braces")
                result = engine.execute(bound.sql, bound.values, limit=spec["preview_rows"])
            except engines.SqlError as error:
                line = statement.line + (error.line - 1 if error.line else 0)
                where = f"statement {number}/{len(statements)} (line {statement.line})"
                print(f"[sql] {where} failed: {error.message}")
                return {"ok": False, "error": error.message, "line": line, "statement": number}
            rows = f"{result.total_row_count} rows" if result is not None else "done"
            print(f"[sql] statement {number}/{len(statements)} (line {statement.line}): {rows} "
                  f"in {time.monotonic() - started:.3f}s", flush=True)  # fmt: skip
            if result is not None:
                last = {
                    "statement": number,
                    "query_text": statement.text,
                    "columns": [{"name": c.name, "type_name": c.type_name} for c in result.columns],
                    "rows": [[engines.as_text(v) for v in row] for row in result.rows],
                    "row_count": result.total_row_count,
                    "truncated": result.truncated,
                }
    finally:
        engine.close()
    return {"ok": True, "statements": len(statements), "last": last}


def main(argv: list[str]) -> int:
    spec = json.loads(Path(argv[1]).read_text())
    try:
        outcome = run(spec)
    except engines.SqlError as error:
        outcome = {"ok": False, "error": error.message, "line": error.line}
    Path(spec["result_path"]).write_text(json.dumps(outcome))
    return 0 if outcome["ok"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
