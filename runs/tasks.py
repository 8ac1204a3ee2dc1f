"""Celery tasks: thin, explicit names, ids in, engine functions out."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="runs.execute_task_run", ignore_result=True, acks_late=True, reject_on_worker_lost=True)
def execute_task_run(task_run_id: int) -> None:
    """Claim a QUEUED task run (a duplicate message finds it claimed and does nothing) and run it."""
    from runs.execution import execute

    execute(task_run_id)


@shared_task(name="runs.reconcile", ignore_result=True)
def reconcile() -> None:
    """Periodic safety net: re-dispatch lost messages, fail stale heartbeats, finish/start runs."""
    from runs.reconciler import reconcile_once

    reconcile_once()


@shared_task(name="runs.start_queued_runs", ignore_result=True)
def start_queued_runs(job_id: int) -> None:
    from runs.orchestrator import start_queued_runs as start

    start(job_id=job_id)
