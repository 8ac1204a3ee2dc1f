"""Databricks' per-task-type run-now / repair parameters that are argv lists: ``python_params``,
``jar_params``, ``spark_submit_params``, ``dbt_commands``. Each replaces the list of every task
of its type in the run's settings ("overwrites the parameters specified in job setting"), for
tasks inside for_each loops too. Named ones (notebook_params, ...) become job parameters instead
(runs.api.views). Pure: settings in, new settings out.
"""

from __future__ import annotations

import copy
from typing import Any

# run-now field -> the task blocks it replaces, and the list field of those blocks
POSITIONAL: dict[str, tuple[tuple[str, ...], str]] = {
    "python_params": (("spark_python_task", "python_wheel_task"), "parameters"),
    "jar_params": (("spark_jar_task",), "parameters"),
    "spark_submit_params": (("spark_submit_task",), "parameters"),
    "dbt_commands": (("dbt_task",), "commands"),
}


# Named fields: they become the run's job parameters (what Databricks recommends they become).
NAMED = ("notebook_params", "sql_params", "python_named_params")


def named_as_job_parameters(fields: dict[str, Any]) -> dict[str, str]:
    """notebook_params, sql_params and python_named_params merged into one map."""
    merged: dict[str, str] = {}
    for name in NAMED:
        merged.update(fields.get(name) or {})
    return merged


def apply(settings: dict[str, Any], overrides: dict[str, list[str]]) -> dict[str, Any]:
    """The settings with each given positional list in place of its tasks' own."""
    if not overrides:
        return settings
    out = copy.deepcopy(settings)
    for task in out.get("tasks") or []:
        _apply_to_task(task, overrides)
    return out


def _apply_to_task(task: dict[str, Any], overrides: dict[str, list[str]]) -> None:
    for name, values in overrides.items():
        blocks, field = POSITIONAL[name]
        for block in blocks:
            if isinstance(task.get(block), dict):
                task[block][field] = list(values)
    inner = (task.get("for_each_task") or {}).get("task")
    if isinstance(inner, dict):
        _apply_to_task(inner, overrides)
