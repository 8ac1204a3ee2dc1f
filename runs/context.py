"""What a task attempt runs with: its dynamic-reference namespaces, resolved parameters and task
block, and the ExecutionContext its executor receives (paths, environment, credential, timeout).
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from runs import credentials, references, rules
from runs.api.wire import task_run_wire_id
from runs.choices import TASK_WIRE
from runs.executors.base import ExecutionContext, LogSink
from runs.models import JobRun, TaskRun, TaskValue


def namespaces(task_run: TaskRun, run: JobRun, latest: dict[str, TaskRun] | None = None) -> dict[str, Any]:
    """The {{...}} namespaces for one attempt. Task values and states are loaded only if referenced."""

    @cache
    def tasks() -> dict[str, Any]:
        rows = latest if latest is not None else _latest_unlocked(run)
        values: dict[str, dict[str, Any]] = {}
        for key, name, value in TaskValue.objects.filter(job_run=run).values_list("task_key", "key", "value"):
            values.setdefault(key, {})[name] = references.Value(value)
        return {
            key: {
                "values": values.get(key, {}),
                "result_state": TASK_WIRE[tr.state][1] or "",
                "run_id": task_run_wire_id(tr.pk),  # the id runs/get-output takes
                "execution_count": tr.attempt_number + 1,
            }
            for key, tr in rows.items()
        }

    job = {
        "id": run.job_id or "",
        "name": run.settings.get("name") or run.run_name,
        "run_id": run.pk,
        "repair_count": run.repair_count,
        "start_time": references.time_values(run.start_time or run.created_at),
        "trigger": {"type": run.trigger, "time": references.time_values(run.created_at)},
        "parameters": dict(run.job_parameters or {}),
    }
    task = {
        "name": task_run.task_key,
        "run_id": task_run_wire_id(task_run.pk),  # the id runs/get-output takes
        "execution_count": task_run.attempt_number + 1,
        "retry_count": task_run.attempt_number,
    }
    workspace = {"url": settings.LAKEFLOW_URL, "id": settings.LAKEFLOW_WORKSPACE_ID}
    from jobs.schedules.references import trigger_namespaces  # file arrival, table update, backfill

    extra = trigger_namespaces(run, job)
    from lakeflow.secrets.runtime import reference_namespaces  # {{secrets/scope/key}} (issue 9)

    extra = {**extra, **reference_namespaces(run)}
    if task_run.parent_task_run_id is not None:  # a for_each iteration: {{input}}, {{input.<field>}}
        from runs.for_each import iteration_input

        extra["input"] = references.Value(iteration_input(task_run))
    return references.namespaces_for(job=job, task=task, tasks=tasks, workspace=workspace, extra=extra)


def _latest_unlocked(run: JobRun) -> dict[str, TaskRun]:
    from runs.orchestrator import latest_attempts

    return latest_attempts(run, lock=False)


def evaluate_condition(task_run: TaskRun, run: JobRun, latest: dict[str, TaskRun]) -> tuple[str | None, str]:
    """(outcome "true"/"false", "") or (None, error message) for a condition_task."""
    block = task_run.task_settings.get("condition_task") or {}
    spaces = namespaces(task_run, run, latest)
    try:
        left = references.resolve_text(str(block.get("left", "")), spaces, where="condition_task.left")
        right = references.resolve_text(str(block.get("right", "")), spaces, where="condition_task.right")
        holds = rules.condition_holds(str(block.get("op", "")), left, right)
    except ValueError as e:  # UnknownReference included
        return None, str(e)
    resolved = {"condition_task": {**block, "left": left, "right": right}}
    if "secrets/" in f"{block.get('left')}{block.get('right')}":  # never store a secret's value
        from lakeflow.secrets.runtime import redact_value, redactor

        resolved = redact_value(resolved, redactor(run))
    task_run.resolved_task = resolved
    task_run.save(update_fields=["resolved_task"])
    return ("true" if holds else "false"), ""


def task_kind(task: dict) -> str:
    return rules.node_from_settings(task).kind


def resolve_task(task_run: TaskRun, run: JobRun) -> tuple[dict, dict[str, str]]:
    """(the task's settings with references substituted, its named parameters).

    Raises references.UnknownReference naming the bad reference.
    """
    task = task_run.task_settings
    kind = task_kind(task)
    spaces = namespaces(task_run, run)
    resolved = references.resolve(task, spaces)
    params = references.effective_parameters(run.job_parameters or {}, kind, resolved.get(kind) or {})
    params = {
        key: references.resolve_text(value, spaces, where=f"parameter {key}") for key, value in params.items()
    }
    return resolved, params


def log_path(task_run: TaskRun) -> Path:
    return Path(settings.LAKEFLOW_HOME) / "logs" / "runs" / str(task_run.job_run_id) / f"{task_run.pk}.log"


def api_url() -> str:
    return getattr(settings, "LAKEFLOW_API_URL", "") or settings.LAKEFLOW_URL


def child_env(task_run: TaskRun, params: dict[str, str]) -> dict[str, str]:
    """The child's environment: ours, plus what lakeflow.runtime reads (see its docstring)."""
    env = dict(os.environ)
    env.update(
        {
            "PYTHONUNBUFFERED": "1",  # logs readable while the task runs
            "LAKEFLOW_API_URL": api_url(),
            "LAKEFLOW_TASK_TOKEN": credentials.issue(task_run.pk),
            "LAKEFLOW_TASK_RUN_ID": str(task_run.pk),
            "LAKEFLOW_RUN_ID": str(task_run.job_run_id),
            "LAKEFLOW_TASK_KEY": task_run.task_key,
            "LAKEFLOW_PARAMETERS": json.dumps(params),
        }
    )
    from compute.placement import task_env  # a cluster's spark_env_vars and library environment

    env.update(task_env(task_run.cluster_id, env.get("PYTHONPATH", "")))
    return env


def resolve_env(env: dict[str, str], task_run: TaskRun, run: JobRun) -> dict[str, str]:
    from lakeflow.secrets.runtime import resolve_env as resolve_secrets

    return resolve_secrets(env, task_run, run)


def build(
    task_run: TaskRun, run: JobRun, resolved: dict, params: dict[str, str], *, timeout: float | None
) -> ExecutionContext:
    workdir = Path(settings.LAKEFLOW_HOME) / "work" / str(run.pk) / str(task_run.pk)
    workdir.mkdir(parents=True, exist_ok=True)
    return ExecutionContext(
        task_run_id=task_run.pk,
        task_key=task_run.task_key,
        task=resolved,
        parameters=params,
        workdir=workdir,
        env=resolve_env(child_env(task_run, params), task_run, run),  # {{secrets/...}} in env vars
        log=LogSink(log_path(task_run)),
        timeout=timeout,
    )


def timeout_for(task: dict, run: JobRun) -> tuple[float | None, bool]:
    remaining = (run.deadline - timezone.now()).total_seconds() if run.deadline else None
    return rules.effective_timeout(int(task.get("timeout_seconds") or 0), remaining)
