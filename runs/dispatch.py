"""Every "please execute TaskRun N" message goes through ``send()``; ``queue_for()`` decides the
Celery queue (the compute feature extends it: a task on a cluster goes to that cluster's queue).
Messages are sent after commit, so a worker never sees a row the database does not have yet.
"""

from __future__ import annotations

import logging

from django.db import transaction

log = logging.getLogger(__name__)


class PlacementError(Exception):
    """queue_for refuses a task: its compute cannot be used (a deleted cluster, no CAN_ATTACH_TO).
    The orchestrator fails the task with this message instead of queueing it."""


def queue_for(task_run) -> str:
    """The Celery queue that executes ``task_run``: its cluster's queue (creating or starting the
    cluster, see compute.placement), else the serverless pool."""
    from compute.placement import place

    return place(task_run)


def send(task_run_id: int, queue: str, *, countdown: float | None = None) -> None:
    """Queue the execution message once the current transaction commits."""
    transaction.on_commit(lambda: send_now(task_run_id, queue, countdown=countdown))


def send_now(task_run_id: int, queue: str, *, countdown: float | None = None) -> None:
    from runs.tasks import execute_task_run

    try:
        execute_task_run.apply_async((task_run_id,), queue=queue, countdown=countdown or None)
    except Exception:
        log.warning(
            "could not send task run %s to %s; the reconciler will re-dispatch it",
            task_run_id,
            queue,
            exc_info=True,
        )
