"""Dynamic value references (``{{job.run_id}}``, ``{{tasks.ingest.values.rows}}``, ...) and the
parameter precedence of a task. Pure: the engine builds the namespaces, this module substitutes.

Namespaces are a plain dict (``{"job": {...}, "task": {...}, "tasks": {...}, "workspace": {...}}``)
whose values are nested dicts, strings, numbers or callables (called lazily when a reference
reaches them), so other features add their own: ``namespaces["input"] = item`` for for_each,
``namespaces["backfill"] = {...}``, ``namespaces["job"]["trigger"]["file_arrival"] = {...}``.

Parameter precedence (deliberately unlike Databricks, where a job parameter wins): job parameter
defaults < run-now ``job_parameters`` overrides < a **task parameter of the same key**.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

REFERENCE = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")


class UnknownReference(ValueError):
    """A ``{{...}}`` that names nothing: the task fails with this message; the engine goes on."""

    def __init__(self, reference: str, where: str = "", detail: str = ""):
        self.reference = reference
        self.detail = detail  # a better message than "unknown" (e.g. a secret the user cannot read)
        place = f" in {where}" if where else ""
        super().__init__(f"{detail or f'Unknown dynamic value reference {{{{{reference}}}}}'}{place}.")


def render(value: Any) -> str:
    """How a looked-up value appears inside a string: strings as-is, the rest as JSON."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value)


class Value:
    """A leaf holding a user value (a task value may itself be a dict: it is not a namespace)."""

    __slots__ = ("value",)

    def __init__(self, value: Any):
        self.value = value


def lookup(reference: str, namespaces: Mapping[str, Any]) -> Any:
    # Path-style namespaces ({{secrets/scope/key}}): a callable stored under "<head>/" gets the rest.
    head, slash, rest = reference.partition("/")
    if slash and callable(path_lookup := namespaces.get(head + "/")):
        return path_lookup(rest)
    node: Any = namespaces
    for part in reference.split("."):
        if callable(node):
            node = node()
        if isinstance(node, Value) and isinstance(node.value, Mapping):  # a field of a JSON value
            node = Value(node.value[part]) if part in node.value else None
            if node is None:
                raise UnknownReference(reference)
            continue
        if not isinstance(node, Mapping) or part not in node:
            raise UnknownReference(reference)
        node = node[part]
    if callable(node):
        node = node()
    if isinstance(node, Value):
        return node.value
    if isinstance(node, Mapping):  # a namespace, not a value
        raise UnknownReference(reference)
    return node


def resolve_text(text: str, namespaces: Mapping[str, Any], *, where: str = "") -> str:
    def substitute(match: re.Match) -> str:
        try:
            return render(lookup(match.group(1), namespaces))
        except UnknownReference as e:
            raise UnknownReference(e.reference, where, e.detail) from None

    return REFERENCE.sub(substitute, text) if "{{" in text else text


def resolve(value: Any, namespaces: Mapping[str, Any], *, where: str = "") -> Any:
    """Substitute every reference in the strings of a JSON-like value (dicts, lists, strings)."""
    if isinstance(value, str):
        return resolve_text(value, namespaces, where=where)
    if isinstance(value, list):
        return [resolve(item, namespaces, where=where) for item in value]
    if isinstance(value, dict):
        return {
            key: resolve(item, namespaces, where=f"{where}.{key}" if where else key)
            for key, item in value.items()
        }
    return value


def time_values(moment: datetime | None) -> dict[str, Any]:
    """{{job.start_time.*}}: the parts Databricks documents (UTC)."""
    if moment is None:
        return {}
    return {
        "iso_date": moment.date().isoformat(),
        "iso_datetime": moment.isoformat(timespec="seconds"),
        "timestamp_ms": int(moment.timestamp() * 1000),
        "year": moment.year,
        "month": moment.month,
        "day": moment.day,
        "hour": moment.hour,
        "minute": moment.minute,
        "second": moment.second,
        "is_weekday": moment.weekday() < 5,
        "is_weekend": moment.weekday() >= 5,
    }


def namespaces_for(
    *,
    job: Mapping[str, Any],
    task: Mapping[str, Any],
    tasks: Mapping[str, Any] | Callable,
    workspace: Mapping[str, Any],
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The standard namespaces plus the legacy flat names ({{job_id}}, {{run_id}}, {{task_key}}...)."""
    spaces: dict[str, Any] = {"job": job, "task": task, "tasks": tasks, "workspace": workspace}
    spaces.update(
        {
            "job_id": job.get("id"),
            "run_id": task.get("run_id"),
            "parent_run_id": job.get("run_id"),
            "task_key": task.get("name"),
            "task_retry_count": task.get("retry_count", 0),
        }
    )
    if start := job.get("start_time"):
        spaces["start_date"] = start.get("iso_date")
        spaces["start_time"] = start.get("timestamp_ms")
    spaces.update(extra or {})
    return spaces


# Each task type's named parameters (the block field holding a name -> value map).
NAMED_PARAMETER_FIELDS = {
    "notebook_task": "base_parameters",
    "python_wheel_task": "named_parameters",
    "sql_task": "parameters",
    "run_job_task": "job_parameters",
    "dbt_task": None,
    "pipeline_task": None,
    "spark_python_task": None,
    "spark_jar_task": None,
}


def task_parameters(kind: str, block: Mapping[str, Any]) -> dict[str, str]:
    field = NAMED_PARAMETER_FIELDS.get(kind)
    value = block.get(field) if field else None
    return {str(k): render(v) for k, v in value.items()} if isinstance(value, Mapping) else {}


def effective_parameters(
    job_parameters: Mapping[str, str], kind: str, block: Mapping[str, Any]
) -> dict[str, str]:
    """The named parameters a task sees: job parameters, overridden by the task's own of the same key."""
    return {**{k: render(v) for k, v in job_parameters.items()}, **task_parameters(kind, block)}
