"""The Pipelines API 2.0 wire format: reading a spec from a request, writing pipelines, updates
and events as the Databricks SDK parses them."""

from __future__ import annotations

import re
from typing import Any

from lakeflow.api.errors import invalid, malformed
from lakeflow.pipelines.models import Pipeline, PipelineEvent, PipelineUpdate, UpdateState

# Spec fields kept as given (accepted; Lakeflow has no behaviour for them).
INERT_FIELDS = (
    "catalog",
    "channel",
    "clusters",
    "edition",
    "photon",
    "serverless",
    "development",
    "notifications",
    "tags",
    "budget_policy_id",
    "storage",
    "root_path",
    "environment",
    "event_log",
    "filters",
    "deployment",
)
LIBRARY_KINDS = ("file", "notebook", "glob")


def epoch_ms(moment) -> int | None:
    return int(moment.timestamp() * 1000) if moment else None


def read_spec(data: dict[str, Any]) -> dict[str, Any]:
    """The PipelineSpec fields of a create/edit body, checked; unknown fields are dropped."""
    spec: dict[str, Any] = {}
    name = data.get("name")
    if name is not None:
        if not isinstance(name, str):
            raise malformed("Field name must be a string.")
        if not name.strip() or len(name) > 255:
            raise invalid("Field name must be 1-255 characters.")
        spec["name"] = name
    libraries = data.get("libraries") or []
    if not isinstance(libraries, list):
        raise malformed("Field libraries must be an array.")
    for index, library in enumerate(libraries):
        if not isinstance(library, dict) or len(library) != 1:
            raise invalid(f"Field libraries[{index}] must set exactly one of {', '.join(LIBRARY_KINDS)}.")
        kind, value = next(iter(library.items()))
        if kind not in LIBRARY_KINDS:
            raise invalid(
                f"Field libraries[{index}].{kind} is not supported: Lakeflow pipelines are SQL files "
                f"or SQL notebooks ({', '.join(LIBRARY_KINDS)})."
            )
        key = "include" if kind == "glob" else "path"
        if (
            not isinstance(value, dict)
            or not isinstance(value.get(key), str)
            or not value[key].startswith("/")
        ):
            raise invalid(f"Field libraries[{index}].{kind}.{key} must be an absolute workspace path.")
    spec["libraries"] = libraries
    schema, target = data.get("schema"), data.get("target")
    if schema and target:
        raise invalid("Fields schema and target cannot both be set (target is the older name of schema).")
    for field_name, value in (("schema", schema), ("target", target)):
        if value is not None:
            if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z_][\w]{0,127}", value):
                raise invalid(
                    f"Field {field_name} must be a schema name (letters, digits, _); got {value!r}."
                )
            spec[field_name] = value
    configuration = data.get("configuration")
    if configuration is not None:
        if not isinstance(configuration, dict) or not all(isinstance(v, str) for v in configuration.values()):
            raise malformed("Field configuration must be an object of strings.")
        spec["configuration"] = configuration
    if data.get("continuous"):
        raise invalid(
            "Field continuous: continuous pipelines are not supported; schedule a pipeline_task instead."
        )
    if "continuous" in data:
        spec["continuous"] = False
    for field_name in INERT_FIELDS:
        if data.get(field_name) is not None:
            spec[field_name] = data[field_name]
    return spec


def check_warehouse(spec: dict[str, Any]) -> None:
    from compute.warehouses import get_warehouse

    warehouse_id = (spec.get("configuration") or {}).get("lakeflow.warehouse_id")
    if warehouse_id:
        try:
            get_warehouse(warehouse_id)
        except Exception:
            raise invalid(
                f"configuration.lakeflow.warehouse_id: SQL warehouse {warehouse_id} does not exist."
            ) from None


def _latest_updates(pipeline: Pipeline, count: int = 5) -> list[dict[str, Any]]:
    return [
        {
            "update_id": u.id,
            "state": u.state,
            "creation_time": u.created_at.isoformat().replace("+00:00", "Z"),
        }
        for u in pipeline.updates.all()[:count]
    ]


def _health(pipeline: Pipeline) -> str:
    last = pipeline.updates.exclude(state__in=(UpdateState.QUEUED,)).first()
    return "UNHEALTHY" if last is not None and last.state == UpdateState.FAILED else "HEALTHY"


def pipeline_wire(pipeline: Pipeline) -> dict[str, Any]:
    creator = pipeline.creator.username if pipeline.creator else None
    return {
        "pipeline_id": pipeline.id,
        "name": pipeline.name,
        "state": pipeline.state,
        "health": _health(pipeline),
        "spec": {"id": pipeline.id, **pipeline.spec},
        "creator_user_name": creator,
        "run_as_user_name": creator,
        "last_modified": epoch_ms(pipeline.last_modified),
        "latest_updates": _latest_updates(pipeline),
    }


def pipeline_status_wire(pipeline: Pipeline) -> dict[str, Any]:
    body = pipeline_wire(pipeline)
    return {
        key: body[key]
        for key in (
            "pipeline_id",
            "name",
            "state",
            "health",
            "creator_user_name",
            "run_as_user_name",
            "latest_updates",
        )
    }


def update_wire(update: PipelineUpdate) -> dict[str, Any]:
    body: dict[str, Any] = {
        "pipeline_id": update.pipeline_id,
        "update_id": update.id,
        "state": update.state,
        "cause": update.cause,
        "full_refresh": update.full_refresh,
        "creation_time": epoch_ms(update.created_at),
        # Lakeflow's own summary (row and expectation counts per dataset); clients ignore it.
        "lakeflow_datasets": update.datasets,
    }
    if update.error:
        body["lakeflow_error"] = update.error
    return body


def event_wire(event: PipelineEvent) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": str(event.id),
        "sequence": {"control_plane_seq_no": event.id},
        "timestamp": event.timestamp.isoformat().replace("+00:00", "Z"),
        "event_type": event.event_type,
        "level": event.level,
        "maturity_level": "STABLE",
        "message": event.message,
        "origin": {
            "pipeline_id": event.pipeline_id,
            "pipeline_name": event.pipeline.name,
            **({"update_id": event.update_id} if event.update_id else {}),
            **(
                {"dataset_name": event.dataset_name, "flow_name": event.dataset_name}
                if event.dataset_name
                else {}
            ),
        },
        "details": event.details,
    }
    if event.level == "ERROR":
        body["error"] = {
            "fatal": True,
            "exceptions": [{"class_name": "PipelineError", "message": event.message}],
        }
    return body
