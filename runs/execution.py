"""Executing one task attempt inside a Celery worker: claim → resolve → run the executor (child
process) while heartbeating → finish (which advances the run). Shaped like NetBox's
JobRunner.handle: start, run, terminate; user-code failure (FAILED) is kept apart from our own
(INTERNAL_ERROR).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import traceback

from django.conf import settings
from django.db import OperationalError, close_old_connections, connection

from runs import context, orchestrator
from runs.choices import TaskRunState
from runs.executors import ExecutorError, get_executor
from runs.executors.base import ExecutionResult
from runs.references import UnknownReference

log = logging.getLogger(__name__)

# Attempts this process is executing: task run id -> cancel event (cancel in-process at once).
_LOCAL: dict[int, threading.Event] = {}
_LOCAL_LOCK = threading.Lock()


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.current_thread().name}"


def cancel_local(task_run_id: int) -> None:
    with _LOCAL_LOCK:
        event = _LOCAL.get(task_run_id)
    if event is not None:
        event.set()


def execute(task_run_id: int) -> None:
    task_run = orchestrator.claim(task_run_id, worker_id())
    if task_run is None:
        return  # a duplicate or stale message: someone else has (or had) this attempt
    if context.task_kind(task_run.task_settings) in orchestrator.INLINE_KINDS:
        orchestrator.start_inline(task_run.pk)  # a retry of run_job / for_each: no process here
        return
    cancel = threading.Event()
    with _LOCAL_LOCK:
        _LOCAL[task_run.pk] = cancel
    resolved: dict = {}
    try:
        result = _run(task_run, cancel, resolved)
    except Exception as e:
        log.exception("task run %s: internal error", task_run.pk)
        result = ExecutionResult(
            TaskRunState.INTERNAL_ERROR,
            error=f"Lakeflow could not run the task: {e}",
            error_trace=traceback.format_exc(),
        )
    finally:
        with _LOCAL_LOCK:
            _LOCAL.pop(task_run.pk, None)
    _finish(task_run.pk, result, resolved, task_run.job_run_id)


def _finish(
    task_run_id: int, result: ExecutionResult, resolved: dict, run_id: int, attempts: int = 5
) -> None:
    """Record the result; a transient database error (deadlock victim, dropped connection) is
    retried, because an attempt left RUNNING would wait for the heartbeat timeout."""
    for attempt in range(attempts):
        try:
            orchestrator.finish(task_run_id, result, resolved=resolved, run_id=run_id)
            return
        except OperationalError:
            if attempt == attempts - 1:
                raise
            log.warning("task run %s: finishing failed, retrying", task_run_id, exc_info=True)
            close_old_connections()
            time.sleep(0.05 * (2**attempt))


def _run(task_run, cancel: threading.Event, resolved_fields: dict) -> ExecutionResult:
    run = task_run.job_run
    # 1. Substitute {{...}}: an unknown reference fails this task, naming it.
    try:
        resolved, params = context.resolve_task(task_run, run)
    except UnknownReference as e:
        return ExecutionResult(TaskRunState.FAILED, error=str(e))
    from lakeflow.secrets import runtime as secrets  # issue 9: secret values never stored or logged

    redact = secrets.redactor(run)
    resolved_fields.update(
        resolved_task=secrets.redact_value(resolved, redact),
        resolved_parameters=secrets.redact_value(params, redact),
    )
    # 2. The executor for its type.
    try:
        executor = get_executor(context.task_kind(resolved))
    except ExecutorError as e:
        return ExecutionResult(TaskRunState.INTERNAL_ERROR, error=str(e))
    timeout, _ = context.timeout_for(resolved, run)
    try:
        ctx = context.build(task_run, run, resolved, params, timeout=timeout)
    except UnknownReference as e:  # a {{secrets/...}} in an environment variable
        return ExecutionResult(TaskRunState.FAILED, error=str(e))
    ctx.cancel = cancel
    ctx.log.redact = redact
    # 3. Run it, heartbeating (and watching for cancel) on the side.
    beat = Heartbeat(task_run.pk, cancel)
    beat.start()
    try:
        return secrets.redact_result(executor.run(ctx), redact)
    except ExecutorError as e:
        error = ExecutionResult(TaskRunState.INTERNAL_ERROR, error=str(e), error_trace=traceback.format_exc())
        return secrets.redact_result(error, redact)
    finally:
        beat.stop()
        ctx.log.close()


class Heartbeat(threading.Thread):
    """Stamps the attempt's heartbeat every LAKEFLOW_HEARTBEAT_SECONDS and sets the cancel event
    when the attempt was asked to stop (cancel, job timeout) or was taken from us (stale)."""

    def __init__(self, task_run_id: int, cancel: threading.Event):
        super().__init__(name=f"heartbeat-{task_run_id}", daemon=True)
        self.task_run_id = task_run_id
        self.cancel = cancel
        self._done = threading.Event()

    def run(self) -> None:
        interval = max(float(settings.LAKEFLOW_HEARTBEAT_SECONDS), 0.1)
        try:
            while not self._done.wait(interval):
                try:
                    if orchestrator.heartbeat(self.task_run_id):
                        self.cancel.set()
                except Exception:
                    log.warning("heartbeat of task run %s failed", self.task_run_id, exc_info=True)
                    close_old_connections()
        finally:
            connection.close()

    def stop(self) -> None:
        self._done.set()
