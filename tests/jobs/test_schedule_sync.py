"""django-celery-beat rows follow the job settings on create, update, reset, pause and delete."""

from __future__ import annotations

import pytest
from django.contrib.admin.sites import site
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from jobs import services
from jobs.schedules.sync import crontab_fields
from tests.jobs.schedule_helpers import beat_rows, cron, kwargs_of, make_job

pytestmark = pytest.mark.django_db


def test_a_cron_schedule_becomes_one_enabled_beat_row_carrying_the_quartz_spec(owner):
    job = make_job(owner, schedule=cron("0 0 12 ? * 6#3", "Europe/Berlin"))
    row = beat_rows(job)["schedule"]
    assert row.task == "lakeflow.schedules.fire"
    assert row.enabled
    assert row.queue == "lakeflow.control"
    assert kwargs_of(row) == {
        "job_id": job.pk,
        "schedule": {
            "kind": "cron",
            "quartz_cron_expression": "0 0 12 ? * 6#3",
            "timezone_id": "Europe/Berlin",
        },
    }
    assert (row.crontab.minute, row.crontab.hour, str(row.crontab.timezone)) == ("0", "12", "Europe/Berlin")


def test_pausing_disables_the_row_and_unpausing_restarts_from_now(owner):
    job = make_job(owner, schedule=cron("0 * * * * ?"))
    services.update_job(user=owner, job=job, new_settings={"schedule": cron("0 * * * * ?", pause="PAUSED")})
    row = beat_rows(job)["schedule"]
    assert not row.enabled
    before_unpause = timezone.now()
    services.update_job(user=owner, job=job, new_settings={"schedule": cron("0 * * * * ?")})
    row.refresh_from_db()
    assert row.enabled
    assert row.last_run_at >= before_unpause  # fires missed while paused are not caught up


def test_changing_the_expression_rewrites_the_row(owner):
    job = make_job(owner, schedule=cron("0 0 * * * ?"))
    services.update_job(user=owner, job=job, new_settings={"schedule": cron("0 30 6 * * ?", "Asia/Kolkata")})
    spec = kwargs_of(beat_rows(job)["schedule"])["schedule"]
    assert spec["quartz_cron_expression"] == "0 30 6 * * ?"
    assert spec["timezone_id"] == "Asia/Kolkata"


def test_an_interval_keeps_its_anchor_when_other_settings_change(owner):
    job = make_job(owner, trigger={"periodic": {"interval": 2, "unit": "HOURS"}})
    first = kwargs_of(beat_rows(job)["trigger"])["schedule"]
    services.update_job(user=owner, job=job, new_settings={"name": "renamed"})
    row = beat_rows(job)["trigger"]
    assert kwargs_of(row)["schedule"] == first
    assert first["every_seconds"] == 7200
    assert row.interval.every == 7200


def test_run_once_is_a_clocked_row(owner):
    job = make_job(owner, trigger={"run_once": {"timestamp_ms": 1893456000000}})
    row = beat_rows(job)["trigger"]
    assert kwargs_of(row)["schedule"] == {"kind": "once", "at": "2030-01-01T00:00:00+00:00"}
    assert row.clocked.clocked_time.year == 2030


@pytest.mark.parametrize(
    ("job_settings", "slot"),
    [
        (lambda upstream: {"trigger": {"file_arrival": {"url": "/tmp/in"}}}, "trigger"),
        (lambda upstream: {"trigger": {"table_update": {"table_names": ["main.sales"]}}}, "trigger"),
        (lambda upstream: {"trigger": {"job_completion": {"jobs": [{"job_id": upstream}]}}}, "trigger"),
        (lambda upstream: {"continuous": {"pause_status": "UNPAUSED"}}, "continuous"),
    ],
)
def test_event_triggers_are_polled_by_an_interval_row(owner, job_settings, slot):
    job = make_job(owner, **job_settings(str(make_job(owner).pk)))
    row = beat_rows(job)[slot]
    assert row.task == "lakeflow.triggers.check"
    assert row.interval is not None


def test_removing_the_schedule_by_reset_or_deleting_the_job_removes_the_rows(owner):
    job = make_job(owner, schedule=cron("0 0 * * * ?"), continuous=None)
    services.reset_job(
        user=owner,
        job=job,
        new_settings={
            "name": "plain",
            "tasks": [{"task_key": "a", "spark_python_task": {"python_file": "/x.py"}}],
        },
    )
    assert beat_rows(job) == {}
    other = make_job(owner, trigger={"periodic": {"interval": 1, "unit": "DAYS"}})
    services.delete_job(user=owner, job=other)
    assert not PeriodicTask.objects.filter(name__startswith="lakeflow.job.").exists()


def test_switching_from_a_schedule_to_a_trigger_replaces_the_row(owner):
    job = make_job(owner, schedule=cron("0 0 * * * ?"))
    services.update_job(
        user=owner,
        job=job,
        new_settings={"trigger": {"periodic": {"interval": 5, "unit": "MINUTES"}}},
        fields_to_remove=["schedule"],
    )
    assert set(beat_rows(job)) == {"trigger"}


@pytest.mark.parametrize(
    ("quartz", "unix"),
    [
        ("0 15 10 ? * MON-FRI", ("15", "10", "*", "*", "MON-FRI")),
        ("0 0/5 * * * ?", ("0/5", "*", "*", "*", "*")),
        ("0 0 12 ? * 2,4", ("0", "12", "*", "*", "1,3")),  # Quartz 2=MON -> Unix 1
        ("0 0 12 LW * ?", ("0", "12", "*", "*", "*")),  # not expressible: '*' (display only)
        ("0 0 12 ? JUL 6L", ("0", "12", "*", "JUL", "*")),
    ],
)
def test_the_display_crontab_is_the_closest_unix_cron(quartz, unix):
    fields = crontab_fields(quartz)
    assert (
        fields["minute"],
        fields["hour"],
        fields["day_of_month"],
        fields["month_of_year"],
        fields["day_of_week"],
    ) == unix


def test_beat_rows_are_read_only_in_the_admin(rf, admin_user):
    request = rf.get("/admin/")
    request.user = admin_user
    model_admin = site._registry[PeriodicTask]
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


@pytest.mark.parametrize(
    ("schedule", "message"),
    [
        (cron("0 0 12 * * *"), "schedule.quartz_cron_expression must use '?'"),
        (cron("0 0 25 * * ?"), "hours field '25'"),
        (cron("0 0 12 ? * MON#9"), "day-of-week field 'MON#9'"),
        (cron("0 0 12 * * ?", "Mars/Olympus"), "schedule.timezone_id"),
    ],
)
def test_the_api_refuses_a_bad_schedule_naming_the_field(api, schedule, message):
    body = {
        "name": "bad",
        "tasks": [{"task_key": "a", "spark_python_task": {"python_file": "/x.py"}}],
        "schedule": schedule,
    }
    response = api.post("/api/2.2/jobs/create", body, format="json")
    assert response.status_code == 400
    assert response.json()["error_code"] == "INVALID_PARAMETER_VALUE"
    assert message in response.json()["message"]
    assert not PeriodicTask.objects.filter(name__startswith="lakeflow.job.").exists()


def test_the_api_accepts_minutes_intervals_and_run_once(api):
    task = [{"task_key": "a", "spark_python_task": {"python_file": "/x.py"}}]
    for trigger in (
        {"periodic": {"interval": 15, "unit": "MINUTES"}},
        {"run_once": {"timestamp_ms": 1893456000000}, "pause_status": "PAUSED"},
    ):
        response = api.post(
            "/api/2.2/jobs/create", {"name": "t", "tasks": task, "trigger": trigger}, format="json"
        )
        assert response.status_code == 200, response.json()
        got = api.get("/api/2.2/jobs/get", {"job_id": response.json()["job_id"]}).json()["settings"][
            "trigger"
        ]
        assert {k: v for k, v in got.items() if k != "pause_status"} == {
            k: v for k, v in trigger.items() if k != "pause_status"
        }
