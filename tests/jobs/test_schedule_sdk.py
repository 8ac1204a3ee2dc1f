"""The official databricks-sdk sets, pauses and replaces schedules; beat rows follow each call."""

from __future__ import annotations

import pytest
from databricks.sdk.service import jobs as dbx
from django_celery_beat.models import PeriodicTask

from tests.jobs.schedule_helpers import kwargs_of

pytestmark = pytest.mark.django_db(transaction=True)


def rows(job_id: int) -> dict[str, PeriodicTask]:
    return {
        p.name.rsplit(".", 1)[1]: p
        for p in PeriodicTask.objects.filter(name__startswith=f"lakeflow.job.{job_id}.")
    }


def test_the_sdk_sets_pauses_and_replaces_a_schedule(sdk):
    task = dbx.Task(task_key="a", spark_python_task=dbx.SparkPythonTask(python_file="/Workspace/a.py"))
    cron = dbx.CronSchedule(quartz_cron_expression="0 15 10 ? * MON-FRI", timezone_id="America/New_York")
    job_id = sdk.jobs.create(name="sdk schedule", tasks=[task], schedule=cron).job_id
    assert rows(job_id)["schedule"].enabled
    assert kwargs_of(rows(job_id)["schedule"])["schedule"]["timezone_id"] == "America/New_York"

    cron.pause_status = dbx.PauseStatus.PAUSED
    sdk.jobs.update(job_id, new_settings=dbx.JobSettings(schedule=cron))
    assert not rows(job_id)["schedule"].enabled
    assert sdk.jobs.get(job_id).settings.schedule.pause_status == dbx.PauseStatus.PAUSED

    periodic = dbx.TriggerSettings(
        periodic=dbx.PeriodicTriggerConfiguration(
            interval=4, unit=dbx.PeriodicTriggerConfigurationTimeUnit.HOURS
        )
    )
    sdk.jobs.update(job_id, new_settings=dbx.JobSettings(trigger=periodic), fields_to_remove=["schedule"])
    assert set(rows(job_id)) == {"trigger"}
    assert sdk.jobs.get(job_id).settings.trigger.periodic.interval == 4

    sdk.jobs.delete(job_id)
    assert rows(job_id) == {}
