"""continuous: a new run as soon as the previous one ends; back-off after failures; pause stops it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from jobs import services as job_services
from jobs.schedules.services import check_triggers
from runs.models import JobRun
from tests.jobs import trigger_helpers
from tests.jobs.trigger_helpers import ECHO, FAIL, create, wait_for, wait_for_runs

engine, script = trigger_helpers.engine, trigger_helpers.script  # the real-worker fixtures


@pytest.mark.slow
def test_a_continuous_job_restarts_as_soon_as_its_run_ends_until_paused(engine, script, owner):
    job = create(owner, script("echo.py", ECHO), continuous={"pause_status": "UNPAUSED"})
    [first] = check_triggers(job_id=job.pk)  # enabling starts a run right away
    assert first.trigger == "CONTINUOUS"
    runs = wait_for_runs(job, 3)  # each end starts the next (run-end hook), no poll needed
    assert all(run.trigger == "CONTINUOUS" for run in runs)

    job_services.update_job(user=owner, job=job, new_settings={"continuous": {"pause_status": "PAUSED"}})
    for run in JobRun.objects.filter(job=job):
        wait_for(run)
    settled = JobRun.objects.filter(job=job).count()
    assert check_triggers(job_id=job.pk) == []
    assert JobRun.objects.filter(job=job).count() == settled


@pytest.mark.slow
def test_failed_runs_back_off_before_the_next_start(engine, script, owner, settings):
    settings.LAKEFLOW_CONTINUOUS_BACKOFF_SECONDS = 600
    job = create(owner, script("fail.py", FAIL), continuous={"pause_status": "UNPAUSED"})
    [first] = check_triggers(job_id=job.pk)
    first = wait_for(first)
    assert first.state == "FAILED"
    assert check_triggers(job_id=job.pk) == []  # 1 failure: wait 600 s
    [second] = check_triggers(job_id=job.pk, now=first.end_time + timedelta(seconds=601))
    second = wait_for(second)
    assert check_triggers(job_id=job.pk, now=second.end_time + timedelta(seconds=601)) == []  # 2: 1200 s
    assert len(check_triggers(job_id=job.pk, now=second.end_time + timedelta(seconds=1201))) == 1


@pytest.mark.django_db
@pytest.mark.parametrize(("mode", "status"), [("NEVER", 200), ("ON_FAILURE", 400)])
def test_task_retry_mode_on_failure_is_refused_as_not_supported_yet(api, mode, status):
    body = {
        "name": "c",
        "tasks": [{"task_key": "a", "spark_python_task": {"python_file": "/x.py"}}],
        "continuous": {"pause_status": "PAUSED", "task_retry_mode": mode},
    }
    response = api.post("/api/2.2/jobs/create", body, format="json")
    assert response.status_code == status, response.json()
    if status == 400:
        assert response.json()["error_code"] == "INVALID_PARAMETER_VALUE"
        assert "continuous.task_retry_mode ON_FAILURE is not supported yet" in response.json()["message"]
