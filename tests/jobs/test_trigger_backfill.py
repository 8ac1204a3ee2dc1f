"""Backfill: one run per interval over a past range, each with its own {{backfill.*}} values,
queued behind max_concurrent_runs."""

from __future__ import annotations

import pytest

from runs.models import JobRun
from tests.jobs import trigger_helpers
from tests.jobs.trigger_helpers import ECHO, create, log_of, wait_for

engine, script = trigger_helpers.engine, trigger_helpers.script  # the real-worker fixtures


pytestmark = pytest.mark.slow


def test_a_backfill_runs_each_day_once_with_its_own_date(engine, script, owner, api):
    job = create(
        owner,
        script("echo.py", ECHO),
        "{{job.parameters.day}}",
        "{{backfill.iso_datetime}}",
        parameters=[{"name": "day", "default": "none"}],
        max_concurrent_runs=1,
    )
    response = api.post(
        "/api/ui/jobs/backfill",
        {
            "job_id": job.pk,
            "start_time": "2024-02-27",
            "end_time": "2024-03-01",
            "unit": "DAYS",
            "job_parameters": {"day": "{{backfill.iso_date}}"},
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    runs = [JobRun.objects.get(pk=pk) for pk in response.json()["run_ids"]]
    assert [run.state for run in runs[1:]] == ["QUEUED", "QUEUED"]  # max_concurrent_runs=1: they wait
    runs = [wait_for(run, timeout=60) for run in runs]
    assert [run.state for run in runs] == ["SUCCESS"] * 3
    assert [run.job_parameters["day"] for run in runs] == ["2024-02-27", "2024-02-28", "2024-02-29"]
    assert "ARGS ['2024-02-29', '2024-02-29T00:00:00+00:00']" in log_of(runs[2])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"start_time": "2024-03-02", "end_time": "2024-03-01"}, "end_time must be after start_time"),
        ({"start_time": "2020-01-01", "end_time": "2024-01-01", "unit": "HOURS"}, "at most 1000 runs"),
        ({"start_time": "yesterday", "end_time": "2024-01-01"}, "start_time must be epoch milliseconds"),
        ({"start_time": "2024-01-01", "end_time": "2024-01-02", "unit": "YEARS"}, "unit must be one of"),
        (
            {
                "start_time": "2024-01-01",
                "end_time": "2024-01-02",
                "job_parameters": {"d": "{{backfill.nope}}"},
            },
            "backfill.nope",
        ),
    ],
)
def test_a_bad_backfill_is_refused_and_starts_nothing(owner, api, body, message):
    job = create(owner, "/Workspace/x.py")
    response = api.post("/api/ui/jobs/backfill", {"job_id": job.pk, **body}, format="json")
    assert response.status_code == 400
    assert message in response.json()["message"]
    assert not JobRun.objects.exists()
