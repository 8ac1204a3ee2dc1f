"""Small builders shared by the schedule and trigger tests."""

from __future__ import annotations

import json

from django_celery_beat.models import PeriodicTask

from jobs import services

PY_TASK = {"task_key": "main", "spark_python_task": {"python_file": "/tmp/never_run.py"}}


def make_job(user, **settings):
    return services.create_job(user=user, settings={"name": "scheduled", "tasks": [PY_TASK], **settings})


def cron(expr: str, tz: str = "UTC", pause: str = "UNPAUSED") -> dict:
    return {"quartz_cron_expression": expr, "timezone_id": tz, "pause_status": pause}


def beat_rows(job) -> dict[str, PeriodicTask]:
    return {
        p.name.rsplit(".", 1)[1]: p
        for p in PeriodicTask.objects.filter(name__startswith=f"lakeflow.job.{job.pk}.")
    }


def kwargs_of(task: PeriodicTask) -> dict:
    return json.loads(task.kwargs)
