"""Celery tasks (control queue): create an event's deliveries; make one delivery attempt;
fire a run's or a task run's duration warning at its threshold."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="notifications.notify", ignore_result=True)
def notify(run_id: int, event: str, task_run_id: int | None = None, state: str = "") -> None:
    from lakeflow.notifications.services import notify as create

    create(run_id=run_id, event=event, task_run_id=task_run_id, state=state)


@shared_task(name="notifications.deliver", ignore_result=True)
def deliver(delivery_id: int) -> None:
    from lakeflow.notifications.services import attempt

    attempt(delivery_id)


@shared_task(name="notifications.check_run_duration", ignore_result=True)
def check_run_duration(run_id: int, task_run_id: int | None = None) -> None:
    """The run's duration rule, or (with a task run) its task's rule."""
    from runs.health import check_run, check_task_run

    if task_run_id is None:
        check_run(run_id)
    else:
        check_task_run(task_run_id)
