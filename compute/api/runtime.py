"""The Statement Execution API as task code reaches it (lakeflow.runtime.sql: a notebook's %sql cells):

  POST /api/2.0/lakeflow/runtime/sql/split              {"statement"} -> {"statements": [...]}
  POST /api/2.0/lakeflow/runtime/sql/statements         {"statement", "warehouse_id"?, "wait_timeout"?}
  GET  /api/2.0/lakeflow/runtime/sql/statements/<id>
  POST /api/2.0/lakeflow/runtime/sql/statements/<id>/cancel

Authenticated by the task-run credential (runs.api.runtime); statements run as the run's run-as
user, on ``warehouse_id`` if given, else the task's ``notebook_task.warehouse_id``, else the
default warehouse. Bodies and answers are /api/2.0/sql/statements' (compute.api.statements);
``split`` cuts a script into statements with the warehouse's own dialect, so a ``;`` inside a
string or comment never splits it.
"""

from __future__ import annotations

from django.urls import path
from rest_framework.request import Request
from rest_framework.response import Response

from compute import statements as services
from compute import warehouse_engines as engines
from compute.api.statements import statement_wire, wait_seconds
from compute.models.warehouses import DEFAULT_WAREHOUSE_ID
from compute.warehouses import get_warehouse
from lakeflow.api.errors import denied, invalid
from lakeflow.api.params import Params
from runs.api.runtime import runtime_view
from runs.models import TaskRun


def _user(task_run: TaskRun):
    from lakeflow.secrets.runtime import run_as_user

    user = run_as_user(task_run.job_run)
    if user is None:
        raise denied("The run has no run-as user to run SQL statements as.")
    return user


def _warehouse_id(p: Params, task_run: TaskRun) -> str:
    if given := p.str("warehouse_id", default=""):
        return given
    block = (task_run.resolved_task or {}).get("notebook_task") or {}
    return str(block.get("warehouse_id") or DEFAULT_WAREHOUSE_ID)


@runtime_view(["POST"])
def split_script(request: Request) -> Response:
    p = Params.of(request)
    warehouse = get_warehouse(_warehouse_id(p, request.auth))
    try:
        parts = engines.split_statements(
            p.str("statement", required=True), engines.dialect_of(warehouse.target())
        )
    except engines.SqlError as error:
        raise invalid(f"Field statement: {error.message}") from None
    return Response({"warehouse_id": warehouse.id, "statements": [part.text for part in parts]})


@runtime_view(["POST"])
def execute(request: Request) -> Response:
    p = Params.of(request)
    row = services.execute_statement(
        user=_user(request.auth),
        warehouse_id=_warehouse_id(p, request.auth),
        statement=p.str("statement", required=True),
        parameters=[],
        wait_timeout=wait_seconds(p.str("wait_timeout", default="10s")),
        cancel_on_timeout=False,
    )
    return Response(statement_wire(row))


@runtime_view(["GET"])
def get(request: Request, statement_id: str) -> Response:
    return Response(
        statement_wire(services.get_statement(user=_user(request.auth), statement_id=statement_id))
    )


@runtime_view(["POST"])
def cancel(request: Request, statement_id: str) -> Response:
    services.cancel_statement(user=_user(request.auth), statement_id=statement_id)
    return Response({})


urlpatterns = [
    path("api/2.0/lakeflow/runtime/sql/split", split_script, name="runtime-sql-split"),
    path("api/2.0/lakeflow/runtime/sql/statements", execute, name="runtime-sql-statements"),
    path("api/2.0/lakeflow/runtime/sql/statements/<str:statement_id>", get, name="runtime-sql-statement"),
    path("api/2.0/lakeflow/runtime/sql/statements/<str:statement_id>/cancel", cancel),
]
