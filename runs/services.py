"""The run operations users ask for: run now, submit, cancel, cancel all, repair, delete.

Keyword-only functions, each in ``transaction.atomic``; called by views, the CLI, Celery tasks,
schedules and tests. Permission checks belong to the callers (views use jobs.permissions);
these take already-authorised arguments. Celery messages and websocket events are sent on commit.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from runs.models import JobRun


@transaction.atomic
def run_now(*, job, user, job_parameters: dict[str, str] | None = None, idempotency_token: str | None = None,
            only: list[str] | None = None, queue: dict | None = None, trigger: str = "ONE_TIME",
            trigger_info: dict | None = None, parent_task_run=None) -> JobRun:
    """Start a run of ``job``'s latest version. The same idempotency_token returns the same run."""
    raise NotImplementedError


@transaction.atomic
def submit_run(*, user, settings: dict[str, Any], idempotency_token: str | None = None,
               parent_task_run=None) -> JobRun:
    """A one-time run of inline settings (runs/submit): no saved job."""
    raise NotImplementedError


def cancel_run(*, run: JobRun, user) -> JobRun:
    """Cancel a run: pending tasks end CANCELED, running ones are stopped (process tree killed)."""
    raise NotImplementedError


def cancel_all_runs(*, job, user) -> int:
    """Cancel every active run of ``job``; returns how many."""
    raise NotImplementedError


def repair_run(*, run: JobRun, user, rerun_tasks: list[str] | None = None, rerun_all_failed_tasks: bool = False,
               rerun_dependent_tasks: bool = False, job_parameters: dict[str, str] | None = None):
    """Re-run tasks of a finished run inside it; returns the RunRepair row (its id is repair_id)."""
    raise NotImplementedError


def delete_run(*, run: JobRun, user) -> None:
    """Delete a finished run (an active run must be cancelled first)."""
    raise NotImplementedError
