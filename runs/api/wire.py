"""The one place JobRun / TaskRun / RunRepair rows become Databricks wire objects.

Shapes follow the Databricks Jobs API 2.2 (databricks-sdk ``Run``, ``RunTask``,
``RepairHistoryItem``, ``RunOutput``): times are epoch milliseconds, absent values are left out
(as Databricks does), and states come from the models' ``wire_state()`` (runs.choices holds the
state mapping).

Run ids: Databricks gives job runs and task runs ids from one space, and endpoints such as
runs/get-output take a *task* run id while runs/get takes a job run id. Our JobRun and TaskRun
tables each count from 1, so on the wire a task run's id is ``TASK_RUN_ID_BASE + pk``; job run
ids are their primary keys. ``task_run_wire_id`` / ``parse_run_id`` are the only places that
know this.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from runs.choices import (
    RUN_TERMINAL,
    RUN_WIRE,
    TASK_ACTIVE,
    JobRunState,
    RepairType,
    TaskRunState,
    wire_state,
)
from runs.models import JobRun, RunRepair, TaskRun

# Task run wire ids start here; job run ids (their pks) stay far below it.
TASK_RUN_ID_BASE = 1_000_000_000_000

# The largest run id and epoch-milliseconds time the API accepts (int64; the year 9999).
MAX_ID = 2**63 - 1
MAX_EPOCH_MS = 253_402_300_799_999

# Databricks returns arrays of runs/get in pages of 100 elements.
PAGE_SIZE = 100

# runs/get-output returns the last 5 MB of the logs, as Databricks does.
MAX_LOG_BYTES = 5 * 1024 * 1024

# Fields of a task's settings that the run fields below replace or that are not part of RunTask.
_NOT_RUN_TASK_FIELDS = {"task_key", "depends_on", "run_if"}

# Which fields of a task block carry parameters (runs/get include_resolved_values), per block.
RESOLVED_FIELDS: dict[str, tuple[str, ...]] = {
    "notebook_task": ("base_parameters",),
    "spark_python_task": ("parameters",),
    "spark_jar_task": ("parameters",),
    "spark_submit_task": ("parameters",),
    "python_wheel_task": ("parameters", "named_parameters"),
    "sql_task": ("parameters",),
    "dbt_task": ("commands",),
    "condition_task": ("left", "right"),
    "run_job_task": ("job_parameters",),
    "pipeline_task": ("parameters",),
}
TASK_BLOCKS = (*RESOLVED_FIELDS, "for_each_task")


def ms(value: dt.datetime | None) -> int:
    """Epoch milliseconds; 0 for a time that has not happened (Databricks' convention)."""
    return int(value.timestamp() * 1000) if value is not None else 0


def from_ms(value: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(value / 1000, tz=dt.UTC)


def task_run_wire_id(task_run_pk: int) -> int:
    return TASK_RUN_ID_BASE + task_run_pk


def parse_run_id(run_id: int) -> tuple[str, int]:
    """("task", TaskRun pk) or ("job", JobRun pk) for a wire run id."""
    if run_id > TASK_RUN_ID_BASE:
        return "task", run_id - TASK_RUN_ID_BASE
    return "job", run_id


def run_page_url(run: JobRun) -> str:
    """The browser page of the run."""
    return f"{settings.LAKEFLOW_URL}/runs/{run.pk}"


def _compact(obj: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in obj.items() if v is not None}


def _durations(start: dt.datetime | None, end: dt.datetime | None) -> dict[str, int]:
    """Databricks' duration fields. For multitask runs it reports setup/cleanup as 0 and the
    whole wall time as run_duration / execution_duration."""
    if start is None or end is None:
        return {}
    total = max(0, ms(end) - ms(start))
    return {"setup_duration": 0, "execution_duration": total, "cleanup_duration": 0, "run_duration": total}


# --- Task runs ----------------------------------------------------------------------------------


def _task_settings_by_key(run: JobRun) -> dict[str, dict]:
    return {task.get("task_key"): task for task in run.tasks_settings}


def _iteration_settings(parent_settings: dict) -> dict:
    """The nested task of a for_each task (what every iteration runs)."""
    return dict((parent_settings.get("for_each_task") or {}).get("task") or {})


def resolved_values(task_run: TaskRun) -> dict[str, Any] | None:
    """Databricks ResolvedValues: the parameter fields of the task block after substitution."""
    resolved = task_run.resolved_task or {}
    out: dict[str, Any] = {}
    for block, fields in RESOLVED_FIELDS.items():
        source = resolved.get(block)
        if not isinstance(source, dict):
            continue
        values = {field: source[field] for field in fields if source.get(field) is not None}
        if block == "notebook_task" and "base_parameters" not in values and task_run.resolved_parameters:
            values["base_parameters"] = task_run.resolved_parameters
        out[block] = values
    if not out and task_run.resolved_parameters is not None:
        # A block without a parameter field (python script with named parameters only, ...).
        out = {"parameters": task_run.resolved_parameters}
    return out or None


def _for_each_stats(iterations: Iterable[TaskRun]) -> dict[str, Any]:
    rows = list(iterations)
    latest: dict[int, TaskRun] = {}
    for row in rows:  # the last attempt of each iteration counts
        key = row.iteration_index or 0
        if key not in latest or row.attempt_number >= latest[key].attempt_number:
            latest[key] = row
    done = [r for r in latest.values() if r.state not in TASK_ACTIVE]
    succeeded = sum(1 for r in done if r.state == TaskRunState.SUCCESS)
    errors: dict[str, int] = {}
    for r in done:
        if r.state != TaskRunState.SUCCESS and r.error:
            errors[r.error] = errors.get(r.error, 0) + 1
    stats: dict[str, Any] = {
        "task_run_stats": {
            "total_iterations": len(latest),
            "scheduled_iterations": len(latest),
            "active_iterations": len(latest) - len(done),
            "completed_iterations": len(done),
            "succeeded_iterations": succeeded,
            "failed_iterations": len(done) - succeeded,
        }
    }
    if errors:
        stats["error_message_stats"] = [{"error_message": m, "count": c} for m, c in errors.items()]
    return stats


def task_run_progress(task_run: TaskRun) -> dict[str, Any]:
    """What moves as an attempt runs: its number, ``state`` / ``status`` objects and times (epoch
    ms). runs/get's task and the ``task_run.state`` websocket event both show these; they come
    from the row alone (no query), so the engine can send them on every transition."""
    return {
        "attempt_number": task_run.attempt_number,
        **task_run.wire_state(),
        # A task that never started (skipped, excluded ...) spans no time: start == end.
        "start_time": ms(task_run.start_time or task_run.end_time),
        "end_time": ms(task_run.end_time),
    }


def task_run(
    task_run: TaskRun,
    task_settings: dict,
    *,
    include_resolved_values: bool = False,
    iterations: Iterable[TaskRun] | None = None,
) -> dict[str, Any]:
    """One attempt of one task (Databricks RunTask): the task's settings plus its run fields."""
    out: dict[str, Any] = {k: v for k, v in task_settings.items() if k not in _NOT_RUN_TASK_FIELDS}
    start = task_run.start_time
    out.update(
        {
            "run_id": task_run_wire_id(task_run.pk),
            "task_key": task_run.task_key,
            **task_run_progress(task_run),
            **_durations(start, task_run.end_time),
            "run_if": task_settings.get("run_if") or "ALL_SUCCESS",
            "run_page_url": f"{run_page_url(task_run.job_run)}?task={task_run.task_key}",
        }
    )
    if start is not None and task_run.queued_at is not None:
        out["queue_duration"] = max(0, ms(start) - ms(task_run.queued_at))
    if task_settings.get("depends_on"):
        out["depends_on"] = [_compact(dict(dep)) for dep in task_settings["depends_on"]]
    if task_run.cluster_id:
        out["cluster_instance"] = {"cluster_id": task_run.cluster_id}
    if "condition_task" in out and task_run.outcome is not None:
        out["condition_task"] = {**out["condition_task"], "outcome": task_run.outcome}
    if "for_each_task" in out and iterations is not None:
        out["for_each_task"] = {**out["for_each_task"], "stats": _for_each_stats(iterations)}
    if include_resolved_values and (values := resolved_values(task_run)):
        out["resolved_values"] = values
    return _compact(out)


# --- Repair history -----------------------------------------------------------------------------


def repair_history(run: JobRun, task_runs: list[TaskRun], repairs: list[RunRepair]) -> list[dict[str, Any]]:
    """The original run, then each repair, with the task run ids each of them started.

    The latest item carries the run's current state; an earlier one the state the run ended in
    before the next repair started (read from the run's event log).
    """
    by_repair: dict[int | None, list[int]] = {}
    for tr in task_runs:
        by_repair.setdefault(tr.repair_id, []).append(task_run_wire_id(tr.pk))
    ended = _states_before(run, [r.start_time for r in repairs])
    items = [
        {
            "type": RepairType.ORIGINAL.value,
            "start_time": ms(run.created_at),
            "end_time": ms(repairs[0].start_time if repairs else run.end_time),
            **(ended[0] if repairs else run.wire_state()),
            "task_run_ids": by_repair.get(None, []),
        }
    ]
    for index, repair in enumerate(repairs):
        last = index == len(repairs) - 1
        items.append(
            {
                "type": RepairType.REPAIR.value,
                "id": repair.pk,
                "start_time": ms(repair.start_time),
                "end_time": ms(repair.end_time if not last else run.end_time),
                **(run.wire_state() if last else ended[index + 1]),
                "task_run_ids": by_repair.get(repair.pk, []),
            }
        )
    return items


def _states_before(run: JobRun, moments: list[dt.datetime]) -> list[dict[str, Any]]:
    """For each moment, the wire state the run had ended in before it (its event log)."""
    events = [e for e in run.events.all() if e.task_run_id is None] if moments else []
    out = []
    for moment in moments:
        before = [e for e in events if e.at <= moment and e.to_state in RUN_TERMINAL]
        state = before[-1].to_state if before else JobRunState.RUNNING
        out.append(wire_state(RUN_WIRE[state], before[-1].message if before else ""))
    return out


# --- Job runs -----------------------------------------------------------------------------------


def _job_parameters(run: JobRun) -> list[dict[str, str]]:
    """[{name, default, value}] of the job's parameter definitions and the run's values."""
    values = dict(run.job_parameters or {})
    out = []
    for definition in run.settings.get("parameters") or []:
        name = definition.get("name")
        item = {"name": name, "default": definition.get("default", "")}
        if name in values:
            item["value"] = str(values.pop(name))
        out.append(item)
    out.extend({"name": name, "value": str(value)} for name, value in values.items())
    return out


def _creator(run: JobRun) -> str | None:
    return run.triggered_by.username if run.triggered_by_id and run.triggered_by else None


def run_progress(run: JobRun) -> dict[str, Any]:
    """What moves as a run runs: its ``state`` / ``status`` objects and end time (epoch ms), from
    the row alone (no query). runs/get and the ``run.state`` websocket event both show these."""
    return {**run.wire_state(), "end_time": ms(run.end_time)}


def run_summary(run: JobRun) -> dict[str, Any]:
    """The run's own fields (no task list): the base of runs/get and of runs/list items."""
    out = {
        "job_id": run.job_id,
        "run_id": run.pk,
        "number_in_job": run.number_in_job or run.pk,
        "original_attempt_run_id": run.pk,
        "creator_user_name": _creator(run),
        "run_name": run.run_name or run.settings.get("name") or "Untitled",
        # start_time is when the run was triggered (Databricks: "may not be the time when the job
        # task starts executing"); runs/list orders and filters on it.
        "start_time": ms(run.created_at),
        **run_progress(run),
        **_durations(run.start_time, run.end_time),
        "trigger": run.trigger,
        "trigger_info": run.trigger_info or None,
        "overriding_parameters": run.overriding_parameters or None,
        "run_type": run.run_type,
        "run_page_url": run_page_url(run),
        "attempt_number": 0,
        "description": run.settings.get("description") or None,
        "git_source": run.settings.get("git_source") or None,
    }
    if run.state == JobRunState.QUEUED:
        # The only reason a run waits in the queue here is the job's max_concurrent_runs.
        reason = run.state_message or "Queued: the job's max_concurrent_runs is reached."
        out["state"]["queue_reason"] = reason
        out["status"]["queue_details"] = {"code": "MAX_CONCURRENT_RUNS_REACHED", "message": reason}
    if run.start_time is not None and run.start_time > run.created_at:
        out["queue_duration"] = ms(run.start_time) - ms(run.created_at)
    if run.end_time is not None:
        out["run_duration"] = max(0, ms(run.end_time) - ms(run.created_at))
    elif run.start_time is not None:
        # Databricks reports the elapsed time of a run that is still going.
        out["run_duration"] = max(0, ms(timezone.now()) - ms(run.created_at))
    return _compact(out)


def duration_warnings(run: JobRun) -> dict[int | None, dict[str, Any]]:
    """The health-rule warnings of the run (key None) and of its task runs (key: the task run's
    pk), a Lakeflow field (Databricks only notifies): when each fired and why, read from the run's
    events (runs/get prefetches them, so no extra query)."""
    from runs.health import WARNING_STATE

    warnings: dict[int | None, dict[str, Any]] = {}
    for event in run.events.all():
        if event.to_state == WARNING_STATE:
            warnings.setdefault(event.task_run_id, {"fired_time": ms(event.at), "message": event.message})
    return warnings


def job_run(
    run: JobRun,
    *,
    include_history: bool = False,
    include_resolved_values: bool = False,
    page: int = 0,
    page_size: int | None = PAGE_SIZE,
    with_tasks: bool = True,
) -> dict[str, Any]:
    """runs/get: the run with its task attempts, job parameters, job clusters, repair history.

    Arrays come in pages of ``page_size`` (API 2.2: 100; API 2.1 returned them whole: None);
    ``page`` picks one, and every page carries every array (empty once exhausted) so the SDK can
    extend them.
    """
    out = run_summary(run)
    warnings = duration_warnings(run)
    if None in warnings:
        out["duration_warning"] = warnings[None]
    all_task_runs = list(run.task_runs.all())
    tasks = [tr for tr in all_task_runs if tr.parent_task_run_id is None]
    iterations_of: dict[int, list[TaskRun]] = {}
    for tr in all_task_runs:
        if tr.parent_task_run_id is not None:
            iterations_of.setdefault(tr.parent_task_run_id, []).append(tr)
    settings_by_key = _task_settings_by_key(run)
    parameters = _job_parameters(run)
    clusters = list(run.settings.get("job_clusters") or [])
    history = repair_history(run, tasks, list(run.repairs.all())) if include_history else []

    size = page_size or 2**31  # no paging: everything on page 0
    lo, hi = page * size, (page + 1) * size
    if with_tasks:
        out["tasks"] = [
            task_run(
                tr,
                settings_by_key.get(tr.task_key, {}),
                include_resolved_values=include_resolved_values,
                iterations=iterations_of.get(tr.pk),
            )
            for tr in tasks[lo:hi]
        ]
        for tr, task in zip(tasks[lo:hi], out["tasks"], strict=True):
            if tr.pk in warnings:
                task["duration_warning"] = warnings[tr.pk]  # its task's health rule
    out["job_parameters"] = parameters[lo:hi]
    out["job_clusters"] = clusters[lo:hi]
    if include_history:
        out["repair_history"] = history[lo:hi]
    longest = max(len(tasks) if with_tasks else 0, len(parameters), len(clusters), len(history))
    if longest > hi:
        out["next_page_token"] = str(page + 1)
        out["has_more"] = True
    if page > 0:
        out["prev_page_token"] = str(page - 1)
    return out


def list_item(
    run: JobRun, *, expand_tasks: bool = False, page_size: int | None = PAGE_SIZE
) -> dict[str, Any]:
    """One runs/list element (BaseRun): the summary, with the first page of tasks if expanded."""
    if not expand_tasks:
        return run_summary(run)
    item = job_run(run, with_tasks=True, page_size=page_size)
    item.pop("next_page_token", None)
    item.pop("prev_page_token", None)
    return item


def task_run_as_run(tr: TaskRun, *, include_resolved_values: bool = False, page: int = 0) -> dict[str, Any]:
    """A task run addressed by its own id (runs/get on a task run id, get-output's metadata):
    a Run holding that one task, and the iterations of a for_each task."""
    run = tr.job_run
    settings_by_key = _task_settings_by_key(run)
    if tr.parent_task_run_id is not None:
        parent = tr.parent_task_run
        settings = _iteration_settings(settings_by_key.get(parent.task_key, {}))
    else:
        settings = settings_by_key.get(tr.task_key, {})
    iterations = sorted(tr.iterations.all(), key=lambda r: (r.iteration_index or 0, r.attempt_number))
    task = task_run(tr, settings, include_resolved_values=include_resolved_values, iterations=iterations)
    out = _compact(
        {
            "job_id": run.job_id,
            "job_run_id": run.pk,
            "run_id": task["run_id"],
            "number_in_job": task["run_id"],
            "original_attempt_run_id": task["run_id"],
            "creator_user_name": _creator(run),
            "run_name": tr.task_key,
            "state": task["state"],
            "status": task.get("status"),
            "start_time": task.get("start_time"),
            "end_time": task.get("end_time"),
            "setup_duration": task.get("setup_duration"),
            "execution_duration": task.get("execution_duration"),
            "cleanup_duration": task.get("cleanup_duration"),
            "run_duration": task.get("run_duration"),
            "attempt_number": tr.attempt_number,
            "cluster_instance": task.get("cluster_instance"),
            "trigger": run.trigger,
            "run_type": run.run_type,
            "run_page_url": task["run_page_url"],
            "tasks": [task],
            "job_parameters": [],
            "job_clusters": [],
            "repair_history": [],
        }
    )
    if iterations:
        lo, hi = page * PAGE_SIZE, (page + 1) * PAGE_SIZE
        iteration_settings = _iteration_settings(settings)
        out["iterations"] = [
            task_run(it, iteration_settings, include_resolved_values=include_resolved_values)
            for it in iterations[lo:hi]
        ]
        if len(iterations) > hi:
            out["next_page_token"] = str(page + 1)
            out["has_more"] = True
        if page > 0:
            out["tasks"] = []
    return out


# --- runs/get-output and runs/export -------------------------------------------------------------

# Output blocks an executor may store on TaskRun.output, as runs/get-output names them.
OUTPUT_BLOCKS = ("notebook_output", "sql_output", "run_job_output", "dbt_output", "info")


def run_output(tr: TaskRun) -> dict[str, Any]:
    """runs/get-output of one task run: logs (last 5 MB), error, type-specific output, metadata."""
    logs, truncated = tr.read_log(MAX_LOG_BYTES)
    out: dict[str, Any] = {"metadata": task_run_as_run(tr), "logs": logs, "logs_truncated": truncated}
    if tr.error:
        out["error"] = tr.error
    if tr.error_trace:
        out["error_trace"] = tr.error_trace
    stored = tr.output or {}
    for block in OUTPUT_BLOCKS:
        if stored.get(block) is not None:
            out[block] = stored[block]
    return out


def export_views(tr: TaskRun | None, views_to_export: str) -> dict[str, Any]:
    """runs/export: the executed notebook as HTML (CODE); we have no dashboards.

    The notebook executor records where it rendered the notebook
    (``output.notebook_artifacts.html``, a file in the attempt's work directory).
    """
    if tr is None or views_to_export == "DASHBOARDS":
        return {"views": []}
    html_path = ((tr.output or {}).get("notebook_artifacts") or {}).get("html")
    home = Path(settings.LAKEFLOW_HOME).resolve()
    if not html_path or not Path(html_path).resolve().is_relative_to(home) or not Path(html_path).is_file():
        return {"views": []}
    notebook = tr.task_settings.get("notebook_task") or {}
    name = notebook.get("notebook_path") or tr.task_key
    content = Path(html_path).read_text(encoding="utf-8", errors="replace")
    return {"views": [{"content": content, "name": name, "type": "NOTEBOOK"}]}
