"""Executors, one module per task type (DESIGN §5). See base.py for the contract.

Modules are imported lazily, so a worker that never runs a notebook never imports papermill.
"""

from __future__ import annotations

from importlib import import_module

from runs.executors.base import ExecutionContext, ExecutionResult, Executor, ExecutorError

# task block name -> module defining `executor` (an Executor instance)
MODULES: dict[str, str] = {
    "spark_python_task": "runs.executors.python_script",
    "notebook_task": "runs.executors.notebook",
    "python_wheel_task": "runs.executors.python_wheel",
    "spark_jar_task": "runs.executors.jar",
    "sql_task": "runs.executors.sql",
    "pipeline_task": "runs.executors.pipeline",
    "dbt_task": "runs.executors.dbt",
}


def get_executor(task_type: str) -> Executor:
    module = MODULES.get(task_type)
    if module is None:
        raise ExecutorError(f"No executor for task type {task_type!r}")
    return import_module(module).executor


__all__ = ["MODULES", "ExecutionContext", "ExecutionResult", "Executor", "ExecutorError", "get_executor"]
