"""pipeline_task: run an update of a declarative pipeline and take its result.

The update runs in this thread (lakeflow/pipelines/engine.py explains why no child process: it
runs only SQL on the warehouse). The task's cancel signal and timeout stop it through the same
stop event the Pipelines API uses. COMPLETED -> SUCCESS; FAILED -> FAILED with the update's
error (a FAIL UPDATE expectation is named there); stopped -> CANCELED / TIMEDOUT.
"""

from __future__ import annotations

import threading
import time

from runs.executors.base import CANCELED, FAILED, SUCCESS, TIMEDOUT, ExecutionContext, ExecutionResult


class PipelineExecutor:
    task_type = "pipeline_task"

    def run(self, ctx: ExecutionContext) -> ExecutionResult:
        from lakeflow.api.errors import ApiError
        from lakeflow.pipelines import services
        from lakeflow.pipelines.engine import run_update

        block = ctx.task.get(self.task_type) or {}
        pipeline_id = str(block.get("pipeline_id") or "")
        try:
            update = services.start_update(
                user=None,
                pipeline_id=pipeline_id,
                cause="JOB_TASK",
                full_refresh=bool(block.get("full_refresh")),
                run_in_thread=False,
            )
        except ApiError as error:
            return ExecutionResult(FAILED, error=f"pipeline_task: {error.message}")
        ctx.log.write(
            f"[pipeline] update {update.id} of pipeline {pipeline_id} "
            f"({'full refresh' if update.full_refresh else 'incremental'})\n"
        )
        stop = services.register(update.id)
        relay = threading.Thread(target=_relay, args=(ctx.cancel, stop), daemon=True)
        relay.start()
        started = time.monotonic()
        try:
            done = run_update(update.id, cancel=stop, deadline=ctx.deadline(started))
        finally:
            services.forget(update.id)
            stop.set()  # ends the relay
        for event in done.events.order_by("id"):
            ctx.log.write(f"[pipeline] {event.level} {event.message}\n")
        output = {
            "pipeline_output": {
                "pipeline_id": pipeline_id,
                "update_id": done.id,
                "state": done.state,
                "datasets": done.datasets,
            }
        }
        if done.state == "COMPLETED":
            return ExecutionResult(SUCCESS, output=output)
        if done.state == "CANCELED":
            state = CANCELED if ctx.cancel.is_set() else TIMEDOUT
            return ExecutionResult(
                state, error=done.error or "The pipeline update was stopped.", output=output
            )
        return ExecutionResult(
            FAILED, error=done.error or f"The pipeline update ended {done.state}.", output=output
        )


def _relay(cancel: threading.Event, stop: threading.Event) -> None:
    """Pass the task's cancel on to the update's stop event."""
    while not stop.is_set():
        if cancel.wait(0.1):
            stop.set()
            return


executor = PipelineExecutor()
