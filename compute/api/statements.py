"""`/api/2.0/sql/statements`: execute (with wait_timeout), get, cancel — Databricks' shape.

Only the INLINE disposition with JSON_ARRAY rows is offered (EXTERNAL_LINKS needs cloud storage
URLs); the whole result is one chunk.
"""

from __future__ import annotations

import re
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from compute import statements as services
from compute.models.warehouses import Statement, StatementState
from lakeflow.api.errors import invalid, malformed, not_found
from lakeflow.api.params import Params


def statement_wire(row: Statement) -> dict[str, Any]:
    status: dict[str, Any] = {"state": row.state}
    if row.state == StatementState.FAILED:
        status["error"] = {"error_code": row.error_code or "UNKNOWN", "message": row.error_message}
        if row.sql_state:
            status["sql_state"] = row.sql_state
    body: dict[str, Any] = {"statement_id": row.id, "status": status}
    if row.state == StatementState.SUCCEEDED and row.manifest is not None:
        body["manifest"] = row.manifest
        result: dict[str, Any] = {"chunk_index": 0, "row_offset": 0, "row_count": len(row.data_array or [])}
        if row.data_array is not None:
            result["data_array"] = row.data_array
        body["result"] = result
    return body


def wait_seconds(value: str) -> float:
    """`0s` (return at once) or 5s..50s, as Databricks accepts."""
    match = re.fullmatch(r"(\d+)s", value)
    if not match or not (int(match.group(1)) == 0 or 5 <= int(match.group(1)) <= 50):
        raise invalid(f"Field wait_timeout must be 0s or between 5s and 50s; got {value!r}.")
    return float(match.group(1))


def _parameters(raw: list | None) -> list[dict[str, Any]]:
    items = []
    names = set()
    for index, item in enumerate(raw or []):
        if not isinstance(item, dict):
            raise malformed(f"Field parameters[{index}] must be an object.")
        name = item.get("name")
        if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z_]\w*", name):
            raise invalid(f"Field parameters[{index}].name must be a parameter marker name; got {name!r}.")
        if name in names:
            raise invalid(f"Field parameters[{index}].name {name!r} is given more than once.")
        names.add(name)
        for key in ("value", "type"):
            if item.get(key) is not None and not isinstance(item[key], str):
                raise malformed(f"Field parameters[{index}].{key} must be a string.")
        items.append({"name": name, "value": item.get("value"), "type": item.get("type") or "STRING"})
    return items


@extend_schema(tags=["SQL statements"])
class ExecuteStatementView(APIView):
    def post(self, request: Request) -> Response:
        p = Params.of(request)
        disposition = p.str("disposition", default="INLINE")
        if disposition != "INLINE":
            raise invalid(f"Field disposition: only INLINE is supported by Lakeflow; got {disposition!r}.")
        fmt = p.str("format", default="JSON_ARRAY")
        if fmt != "JSON_ARRAY":
            raise invalid(f"Field format: only JSON_ARRAY is supported with INLINE; got {fmt!r}.")
        on_timeout = p.str("on_wait_timeout", default="CONTINUE")
        if on_timeout not in ("CONTINUE", "CANCEL"):
            raise invalid(f"Field on_wait_timeout must be CONTINUE or CANCEL; got {on_timeout!r}.")
        p.int("byte_limit", min=0)  # accepted; the row cap bounds the size
        row = services.execute_statement(
            user=request.user,
            warehouse_id=p.str("warehouse_id", required=True),
            statement=p.str("statement", required=True),
            parameters=_parameters(p.list("parameters")),
            wait_timeout=wait_seconds(p.str("wait_timeout", default="10s")),
            cancel_on_timeout=on_timeout == "CANCEL",
            row_limit=p.int("row_limit", min=0),
            catalog=p.str("catalog", default=""),
            schema=p.str("schema", default=""),
        )
        return Response(statement_wire(row))


@extend_schema(tags=["SQL statements"])
class StatementView(APIView):
    def get(self, request: Request, statement_id: str) -> Response:
        return Response(statement_wire(services.get_statement(user=request.user, statement_id=statement_id)))


@extend_schema(tags=["SQL statements"])
class ResultChunkView(APIView):
    """The whole result is chunk 0; there are no others."""

    def get(self, request: Request, statement_id: str, chunk_index: int) -> Response:
        row = services.get_statement(user=request.user, statement_id=statement_id)
        if row.state != StatementState.SUCCEEDED or chunk_index != 0 or row.data_array is None:
            raise not_found(f"Statement {statement_id} has no result chunk {chunk_index}.")
        return Response(
            {
                "chunk_index": 0,
                "row_offset": 0,
                "row_count": len(row.data_array),
                "data_array": row.data_array,
            }
        )


@extend_schema(tags=["SQL statements"])
class CancelStatementView(APIView):
    def post(self, request: Request, statement_id: str) -> Response:
        services.cancel_statement(user=request.user, statement_id=statement_id)
        return Response({})
