"""What a notification says: one JSON payload per event (webhooks), its Slack and email forms."""

from __future__ import annotations

from typing import Any

from runs.api.wire import ms, run_page_url
from runs.choices import RUN_WIRE, TASK_WIRE
from runs.models import JobRun, TaskRun

_TITLES = {
    "on_start": "started",
    "on_success": "succeeded",
    "on_failure": "failed",
    "on_duration_warning_threshold_exceeded": "is running longer than its duration threshold",
}


def build(run: JobRun, event: str, *, task_run: TaskRun | None = None, state: str = "") -> dict[str, Any]:
    """The run's essentials (and the task's, for task-level notifications) with a link."""
    wire = RUN_WIRE[state or run.state]
    failed = [
        {"task_key": tr.task_key, "result_state": TASK_WIRE[tr.state][1], "error": tr.error[:1000]}
        for tr in run.task_runs.filter(
            parent_task_run__isnull=True, state__in=("FAILED", "TIMEDOUT", "INTERNAL_ERROR")
        ).order_by("id")
    ]
    name = run.settings.get("name") or run.run_name
    payload: dict[str, Any] = {
        "event_type": f"jobs.{event}",
        "job_id": run.job_id,
        "job_name": name,
        "run_id": run.pk,
        "run_name": run.run_name or name,
        "run_page_url": run_page_url(run),
        "state": {"life_cycle_state": wire[0], "result_state": wire[1], "state_message": run.state_message},
        "result": wire[1],
        "trigger": run.trigger,
        "start_time": ms(run.start_time),
        "end_time": ms(run.end_time),
        "failed_tasks": failed,
    }
    if task_run is not None:
        task_wire = TASK_WIRE[state or task_run.state]
        payload["task"] = {
            "task_key": task_run.task_key,
            "attempt_number": task_run.attempt_number,
            "life_cycle_state": task_wire[0],
            "result_state": task_wire[1],
            "error": task_run.error[:1000],
        }
        payload["state"] = {"life_cycle_state": task_wire[0], "result_state": task_wire[1]}
        payload["result"] = task_wire[1]
    payload["text"] = summary(payload, event)
    return payload


def summary(payload: dict[str, Any], event: str) -> str:
    what = f"Task {payload['task']['task_key']} of job" if "task" in payload else "Job"
    line = f"{what} {payload['job_name']!r} run {payload['run_id']} {_TITLES.get(event, event)}"
    if payload.get("result") and event != "on_start":
        line += f" ({payload['result']})"
    return f"{line}: {payload['run_page_url']}"


def slack(payload: dict[str, Any]) -> dict[str, Any]:
    """A Slack incoming-webhook body."""
    return {"text": payload["text"]}


def email(payload: dict[str, Any]) -> tuple[str, str]:
    """(subject, body) of the email."""
    lines = [payload["text"], ""]
    lines += [f"Job: {payload['job_name']} (id {payload['job_id']})", f"Run: {payload['run_id']}"]
    lines += [f"State: {payload['state'].get('life_cycle_state')} {payload.get('result') or ''}".rstrip()]
    lines += [f"Trigger: {payload['trigger']}"]
    for task in payload["failed_tasks"]:
        lines.append(f"Failed task {task['task_key']}: {task['error']}")
    lines += ["", f"Open the run: {payload['run_page_url']}"]
    return f"[Lakeflow] {payload['text'].split(':')[0]}", "\n".join(lines)
