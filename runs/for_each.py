"""for_each_task: one iteration task run per input, at most ``concurrency`` at a time.

The orchestrator runs the for_each task inline (no process of its own). ``start`` resolves its
``inputs`` (a JSON array, possibly from a reference), stores the resolved list on the task run, and
creates every iteration row (TaskRun with ``parent_task_run`` and ``iteration_index``) BLOCKED,
queueing the first ``concurrency``. Each iteration is executed by a worker like any task (own log,
own retries); ``iteration_ended`` — called by ``orchestrator.finish`` with the run locked —
queues the next one, and once none is left finishes the for_each task: FAILED if any failed.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from django.utils import timezone

from runs import dispatch, references, rules
from runs.choices import TASK_TERMINAL, TaskRunState
from runs.executors.base import ExecutionResult
from runs.models import JobRun, TaskRun

T = TaskRunState


def start(task_run: TaskRun, run: JobRun, latest: dict[str, TaskRun]) -> None:
    from runs import context
    from runs.transitions import transition_task

    block = task_run.task_settings.get("for_each_task") or {}
    try:
        text = references.resolve_text(
            str(block.get("inputs", "")),
            context.namespaces(task_run, run, latest),
            where="for_each_task.inputs",
        )
        inputs = json.loads(text)
    except ValueError as e:  # UnknownReference, JSONDecodeError
        message = f"for_each_task.inputs is not a JSON array: {e}"
        return transition_task(task_run, T.FAILED, message=message, fields={"error": message})
    if not isinstance(inputs, list):
        message = "for_each_task.inputs must be a JSON array."
        return transition_task(task_run, T.FAILED, message=message, fields={"error": message})
    task_run.resolved_task = {"for_each_task": {**block, "inputs": json.dumps(inputs)}}
    task_run.save(update_fields=["resolved_task"])
    if not inputs:
        return _end(task_run, run, T.SUCCESS, "")
    nested_key = (block.get("task") or {}).get("task_key") or task_run.task_key
    now = timezone.now()
    TaskRun.objects.bulk_create(
        TaskRun(
            job_run=run,
            task_key=nested_key,
            parent_task_run=task_run,
            iteration_index=i,
            repair=task_run.repair,
            created_at=now,
        )
        for i in range(len(inputs))
    )
    _fill(task_run, run)


def iteration_input(task_run: TaskRun) -> Any:
    """The input of an iteration: its index in the for_each task's resolved inputs."""
    parent = task_run.parent_task_run
    inputs = json.loads(((parent.resolved_task or {}).get("for_each_task") or {}).get("inputs") or "[]")
    return inputs[task_run.iteration_index or 0]


def _latest(parent: TaskRun) -> dict[int, TaskRun]:
    latest: dict[int, TaskRun] = {}
    for row in TaskRun.objects.filter(parent_task_run=parent).order_by("attempt_number", "id"):
        latest[row.iteration_index or 0] = row
    return latest


def _fill(parent: TaskRun, run: JobRun) -> None:
    """Queue BLOCKED iterations, in order, while fewer than ``concurrency`` are active."""
    from runs.transitions import transition_task

    concurrency = int((parent.task_settings.get("for_each_task") or {}).get("concurrency") or 1)
    latest = _latest(parent)
    active = sum(1 for r in latest.values() if r.state not in TASK_TERMINAL and r.state != T.BLOCKED)
    for index in sorted(latest):
        row = latest[index]
        if active >= concurrency:
            break
        if row.state != T.BLOCKED:
            continue
        row.parent_task_run = parent
        row.job_run = run
        try:
            queue = dispatch.queue_for(row)
        except dispatch.PlacementError as refused:
            transition_task(row, T.FAILED, message=str(refused), fields={"error": str(refused)})
            continue
        transition_task(row, T.QUEUED, fields={"queue": queue, "dispatch_count": 1})
        dispatch.send(row.pk, queue)
        active += 1


def iteration_ended(iteration: TaskRun, run: JobRun) -> None:
    """An iteration attempt ended (run locked): retry it, queue the next, or end the for_each task."""
    parent = TaskRun.objects.select_for_update(no_key=True).get(pk=iteration.parent_task_run_id)
    parent.job_run = run
    if parent.state != T.RUNNING:
        return
    iteration.parent_task_run = parent
    _maybe_retry(iteration, run)
    if not parent.cancel_requested:
        _fill(parent, run)
    latest = _latest(parent)
    if any(r.state not in TASK_TERMINAL for r in latest.values()):
        return
    failed = [i for i, r in sorted(latest.items()) if r.state != T.SUCCESS]
    if parent.cancel_requested:
        return _end(parent, run, T.CANCELED, "The for_each task was cancelled.")
    if failed:
        return _end(
            parent, run, T.FAILED, f"{len(failed)} of {len(latest)} iterations failed (index {failed[0]})."
        )
    _end(parent, run, T.SUCCESS, "")


def _end(parent: TaskRun, run: JobRun, state: str, error: str) -> None:
    from runs.orchestrator import record_result

    record_result(parent, run, ExecutionResult(state, error=error or None))


def _maybe_retry(iteration: TaskRun, run: JobRun) -> None:
    from runs.orchestrator import RETRYABLE, past_deadline
    from runs.transitions import announce_attempt, transition_task

    if iteration.state not in RETRYABLE or iteration.parent_task_run.cancel_requested:
        return
    node = rules.node_from_settings(iteration.task_settings)
    used = TaskRun.objects.filter(
        parent_task_run_id=iteration.parent_task_run_id, iteration_index=iteration.iteration_index
    ).count()
    now = timezone.now()
    retry = rules.retry_decision(
        node,
        attempt_number=used - 1,
        state=iteration.state,
        run_stopping=bool(run.stop_reason) or past_deadline(run, now),
    )
    if retry is None:
        return
    nxt = TaskRun.objects.create(
        job_run=run,
        task_key=iteration.task_key,
        attempt_number=iteration.attempt_number + 1,
        parent_task_run=iteration.parent_task_run,
        iteration_index=iteration.iteration_index,
        repair=iteration.repair,
        state=T.WAITING_FOR_RETRY,
        created_at=now,
        not_before=now + timedelta(seconds=retry.delay_seconds),
        queue=iteration.queue,
        dispatch_count=1,
        queued_at=now,
    )
    announce_attempt(nxt, now=now)
    if retry.delay_seconds <= 0:
        transition_task(nxt, T.QUEUED, now=now)
    dispatch.send(nxt.pk, nxt.queue, countdown=retry.delay_seconds)


def cancel_iterations(parents: list[TaskRun], run: JobRun, message: str) -> list[int]:
    """Stopping a run: BLOCKED iterations end CANCELED now; returns the active ones to stop.
    A for_each task with nothing left running ends CANCELED at once."""
    from runs.transitions import transition_task

    stop: list[int] = []
    for parent in parents:
        parent.cancel_requested = True
        latest = _latest(parent)
        for row in latest.values():
            row.job_run = run
            if row.state in (T.BLOCKED, T.QUEUED, T.WAITING_FOR_RETRY):  # not started: no process to stop
                transition_task(row, T.CANCELED, message=message)
            elif row.state not in TASK_TERMINAL:
                stop.append(row.pk)
        if not stop or not any(r.pk in stop for r in latest.values()):
            _end(parent, run, T.CANCELED, "The for_each task was cancelled.")
    return stop
