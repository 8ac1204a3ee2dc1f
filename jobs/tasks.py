"""Celery tasks of schedules and triggers: thin, explicit names, ids in, services out."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="lakeflow.schedules.fire", ignore_result=True)
def fire_schedule(job_id: int, schedule: dict, fire_time: str | None = None) -> None:
    """One due fire of a job's schedule, sent by `lakeflow scheduler` with its scheduled instant."""
    from jobs.schedules.services import fire_schedule as fire

    if fire_time is not None:
        fire(job_id=job_id, schedule=schedule, fire_time=fire_time)


@shared_task(name="lakeflow.schedules.fire_batch", ignore_result=True)
def fire_schedule_batch(fires: list[dict]) -> None:
    """The fires `lakeflow scheduler` found due together (a thousand jobs on the same minute):
    one message and one read of the beat rows and jobs for many fires."""
    from jobs.schedules.services import fire_schedules

    fire_schedules(fires)


@shared_task(name="lakeflow.triggers.check", ignore_result=True)
def check_job_triggers(job_id: int, **_: object) -> None:
    """Check a job's event trigger / continuous setting (beat every few seconds, and run ends)."""
    from jobs.schedules.services import check_triggers

    check_triggers(job_id=job_id)
