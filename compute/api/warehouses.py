"""`/api/2.0/sql/warehouses`: list, get, create, edit, start, stop, delete in Databricks' shape.

The wire object is the SDK's GetWarehouseResponse plus ``lakeflow_connection`` (the engine behind
the warehouse, password masked), which Databricks clients ignore. The SDK cannot send unknown
fields, so a custom tag ``lakeflow.connection`` sets the connection too.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlparse

from django.conf import settings
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from compute import warehouse_engines as engines
from compute import warehouses as services
from compute.models.warehouses import CLUSTER_SIZES, Warehouse, WarehouseState
from lakeflow.api.errors import invalid, malformed
from lakeflow.api.params import Params

CONNECTION_TAG = "lakeflow.connection"
SPOT_POLICIES = ("COST_OPTIMIZED", "RELIABILITY_OPTIMIZED", "POLICY_UNSPECIFIED")
WAREHOUSE_TYPES = ("TYPE_UNSPECIFIED", "CLASSIC", "PRO")


def warehouse_wire(warehouse: Warehouse) -> dict[str, Any]:
    url = urlparse(settings.LAKEFLOW_URL)
    https = url.scheme == "https"
    path = f"/sql/1.0/warehouses/{warehouse.id}"
    running = warehouse.state == WarehouseState.RUNNING
    body: dict[str, Any] = {
        "id": warehouse.id,
        "name": warehouse.name,
        "state": warehouse.state,
        "cluster_size": warehouse.cluster_size,
        "auto_stop_mins": warehouse.auto_stop_mins,
        "min_num_clusters": warehouse.min_num_clusters,
        "max_num_clusters": warehouse.max_num_clusters,
        "num_clusters": 1 if running else 0,
        "num_active_sessions": 0,
        "enable_photon": warehouse.enable_photon,
        "enable_serverless_compute": warehouse.enable_serverless_compute,
        "spot_instance_policy": warehouse.spot_instance_policy,
        "warehouse_type": warehouse.warehouse_type,
        "creator_name": warehouse.creator.username if warehouse.creator else "lakeflow",
        "odbc_params": {
            "hostname": url.hostname or "127.0.0.1",
            "path": path,
            "port": url.port or (443 if https else 80),
            "protocol": url.scheme or "http",
        },
        "jdbc_url": f"jdbc:lakeflow://{url.netloc}{path}",
        "health": {"status": "FAILED", "summary": warehouse.health_summary}
        if warehouse.health_summary
        else {"status": "HEALTHY"},
        "lakeflow_connection": engines.redact(warehouse.target()),
    }
    for name in ("channel", "tags", "statement_timeout"):
        value = getattr(warehouse, name)
        if value is not None:
            body[name] = value
    return body


def _connection(value: Any) -> str:
    if not isinstance(value, str):
        raise malformed("Field lakeflow_connection must be a string.")
    if value == "":
        return ""
    try:
        engines.dialect_of(value)
    except ValueError as error:
        raise invalid(f"Field lakeflow_connection: {error}") from None
    if value.startswith(engines.DUCKDB_PREFIX):
        path = value[len(engines.DUCKDB_PREFIX) :]
        if path != ":memory:" and not path.startswith("/"):
            raise invalid(
                "Field lakeflow_connection: a DuckDB file must be an absolute path (duckdb:///abs/x.duckdb)."
            )
    return value


def _tags(value: Any) -> tuple[dict[str, Any], str | None]:
    """Check `tags`; take out the lakeflow.connection tag (returned separately)."""
    if not isinstance(value, dict):
        raise malformed("Field tags must be an object with custom_tags.")
    pairs = value.get("custom_tags") or []
    if not isinstance(pairs, list):
        raise malformed("Field tags.custom_tags must be an array.")
    kept, connection = [], None
    for index, pair in enumerate(pairs):
        if not isinstance(pair, dict) or not isinstance(pair.get("key"), str) or not pair["key"]:
            raise invalid(f"Field tags.custom_tags[{index}] must be an object with a non-empty string key.")
        if pair.get("value") is not None and not isinstance(pair["value"], str):
            raise malformed(f"Field tags.custom_tags[{index}].value must be a string.")
        if pair["key"] == CONNECTION_TAG:
            connection = pair.get("value") or ""
        else:
            kept.append({"key": pair["key"], "value": pair.get("value", "")})
    if len(kept) > 45:
        raise invalid("Field tags.custom_tags must have fewer than 46 tags.")
    return {"custom_tags": kept}, connection


def read_fields(p: Params, *, creating: bool) -> dict[str, Any]:
    """The model fields a create/edit body sets, each checked as Databricks does."""
    fields: dict[str, Any] = {}
    name = p.str("name", required=creating, max_length=100)
    if name is not None:
        if not name.strip():
            raise invalid("Field name must not be empty.")
        fields["name"] = name
    size = p.str("cluster_size")
    if size is not None:
        if size not in CLUSTER_SIZES:
            raise invalid(f"Field cluster_size must be one of {', '.join(CLUSTER_SIZES)}; got {size!r}.")
        fields["cluster_size"] = size
    stop = p.int("auto_stop_mins", min=0)
    if stop is not None:
        if 0 < stop < 10:
            raise invalid(f"Field auto_stop_mins must be 0 (never) or at least 10; got {stop}.")
        fields["auto_stop_mins"] = stop
    low = p.int("min_num_clusters", min=1, max=30)
    high = p.int("max_num_clusters", min=1, max=40)
    if low is not None:
        fields["min_num_clusters"] = low
    if high is not None:
        fields["max_num_clusters"] = high
    if low is not None and high is not None and high < low:
        raise invalid(f"Field max_num_clusters ({high}) must be at least min_num_clusters ({low}).")
    if creating and high is None and low is not None:
        fields["max_num_clusters"] = low
    for flag in ("enable_photon", "enable_serverless_compute"):
        if flag in p and p.raw(flag) is not None:
            fields[flag] = p.bool(flag)
    for name_, choices in (("spot_instance_policy", SPOT_POLICIES), ("warehouse_type", WAREHOUSE_TYPES)):
        value = p.str(name_)
        if value is not None:
            if value not in choices:
                raise invalid(f"Field {name_} must be one of {', '.join(choices)}; got {value!r}.")
            fields[name_] = value
    channel = p.dict("channel")
    if channel is not None:
        fields["channel"] = channel
    timeout = p.int("statement_timeout", min=0)
    if timeout is not None:
        fields["statement_timeout"] = timeout
    tag_connection = None
    if p.raw("tags") is not None:
        fields["tags"], tag_connection = _tags(p.raw("tags"))
    connection = p.raw("lakeflow_connection", tag_connection)
    if connection is not None:
        fields["connection"] = _connection(connection)
    for unsupported in ("instance_profile_arn",):
        if p.raw(unsupported):
            raise invalid(f"Field {unsupported} is not supported by Lakeflow warehouses.")
    return fields


def _id(value: str) -> str:
    if not re.fullmatch(r"[\w-]{1,64}", value):
        raise invalid(f"Invalid SQL warehouse id {value!r}.")
    return value


@extend_schema(tags=["SQL warehouses"])
class WarehousesView(APIView):
    def get(self, request: Request) -> Response:
        return Response({"warehouses": [warehouse_wire(w) for w in services.list_warehouses()]})

    def post(self, request: Request) -> Response:
        fields = read_fields(Params.of(request), creating=True)
        warehouse = services.create_warehouse(user=request.user, fields=fields)
        return Response({"id": warehouse.id})


@extend_schema(tags=["SQL warehouses"])
class WarehouseView(APIView):
    def get(self, request: Request, warehouse_id: str) -> Response:
        return Response(warehouse_wire(services.get_warehouse(_id(warehouse_id))))

    def delete(self, request: Request, warehouse_id: str) -> Response:
        services.delete_warehouse(user=request.user, warehouse_id=_id(warehouse_id))
        return Response({})


@extend_schema(tags=["SQL warehouses"])
class EditWarehouseView(APIView):
    def post(self, request: Request, warehouse_id: str) -> Response:
        fields = read_fields(Params.of(request), creating=False)
        services.edit_warehouse(user=request.user, warehouse_id=_id(warehouse_id), fields=fields)
        return Response({})


@extend_schema(tags=["SQL warehouses"])
class StartWarehouseView(APIView):
    def post(self, request: Request, warehouse_id: str) -> Response:
        services.start_warehouse(user=request.user, warehouse_id=_id(warehouse_id))
        return Response({})


@extend_schema(tags=["SQL warehouses"])
class StopWarehouseView(APIView):
    def post(self, request: Request, warehouse_id: str) -> Response:
        services.stop_warehouse(user=request.user, warehouse_id=_id(warehouse_id))
        return Response({})
