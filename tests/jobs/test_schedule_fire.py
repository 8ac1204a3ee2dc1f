"""A scheduled fire starts exactly one run: the claim insert picks one winner among schedulers
and duplicate messages; stale, paused and off-schedule fires start nothing."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jobs import services as job_services
from jobs.schedules.models import FireClaim
from jobs.schedules.services import fire_schedule, fire_schedules
from runs.models import JobRun
from tests.jobs import trigger_helpers
from tests.jobs.schedule_helpers import beat_rows, cron, kwargs_of, make_job

engine, script = trigger_helpers.engine, trigger_helpers.script  # the real-worker fixtures


def spec_of(job, slot="schedule") -> dict:
    return kwargs_of(beat_rows(job)[slot])["schedule"]


def last_minute() -> str:
    return (datetime.now(UTC).replace(second=0, microsecond=0)).isoformat()


@pytest.mark.django_db
def test_a_fire_starts_one_periodic_run_and_a_duplicate_starts_none(owner):
    job = make_job(owner, schedule=cron("0 * * * * ?"))
    first = fire_schedule(job_id=job.pk, schedule=spec_of(job), fire_time=last_minute())
    again = fire_schedule(job_id=job.pk, schedule=spec_of(job), fire_time=last_minute())
    assert first is not None and again is None
    assert first.trigger == "PERIODIC"
    assert JobRun.objects.filter(job=job).count() == 1
    assert FireClaim.objects.get(job=job).run_id == first.pk


@pytest.mark.django_db
def test_a_fire_sent_before_the_schedule_changed_is_dropped(owner):
    job = make_job(owner, schedule=cron("0 * * * * ?"))
    old = spec_of(job)
    job_services.update_job(user=owner, job=job, new_settings={"schedule": cron("0 0 * * * ?")})
    assert fire_schedule(job_id=job.pk, schedule=old, fire_time=last_minute()) is None
    assert not JobRun.objects.exists()


@pytest.mark.django_db
def test_a_paused_schedule_fires_nothing(owner):
    job = make_job(owner, schedule=cron("0 * * * * ?"))
    spec = spec_of(job)
    job_services.update_job(
        user=owner, job=job, new_settings={"schedule": cron("0 * * * * ?", pause="PAUSED")}
    )
    assert fire_schedule(job_id=job.pk, schedule=spec, fire_time=last_minute()) is None
    assert not JobRun.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("offset", [timedelta(seconds=7), timedelta(minutes=5)])
def test_an_instant_that_is_not_a_fire_time_or_lies_in_the_future_fires_nothing(owner, offset):
    job = make_job(owner, schedule=cron("0 * * * * ?"))
    when = datetime.now(UTC).replace(second=0, microsecond=0) + offset
    assert fire_schedule(job_id=job.pk, schedule=spec_of(job), fire_time=when.isoformat()) is None


@pytest.mark.django_db
def test_fires_closer_than_the_minimum_interval_are_dropped(owner, settings):
    settings.LAKEFLOW_SCHEDULE_MIN_INTERVAL_SECONDS = 10
    job = make_job(owner, schedule=cron("*/5 * * * * ?"))
    base = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(minutes=1)
    fired = [
        fire_schedule(
            job_id=job.pk, schedule=spec_of(job), fire_time=(base + timedelta(seconds=s)).isoformat()
        )
        for s in (0, 5, 10, 15, 20)
    ]
    assert [run is not None for run in fired] == [True, False, True, False, True]


@pytest.mark.django_db(transaction=True)
def test_two_schedulers_firing_the_same_instant_at_once_start_one_run(owner):
    job = make_job(owner, schedule=cron("0 * * * * ?"))
    spec, when = spec_of(job), last_minute()
    barrier = threading.Barrier(4)
    results = []

    def fire() -> None:
        barrier.wait()
        try:
            results.append(fire_schedule(job_id=job.pk, schedule=spec, fire_time=when))
        finally:
            connection.close()

    threads = [threading.Thread(target=fire) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(run is not None for run in results) == 1
    assert JobRun.objects.filter(job=job).count() == 1


@pytest.mark.django_db
def test_a_batch_starts_each_fire_once_and_a_failing_fire_loses_no_other(owner):
    good, broken, other = (make_job(owner, schedule=cron("0 * * * * ?")) for _ in range(3))
    # A version without tasks makes run_now refuse this job's fire.
    latest = broken.latest_version()
    type(latest).objects.create(
        job=broken, version=latest.version + 1, settings={**latest.settings, "tasks": []}
    )
    fires = [
        {"job_id": job.pk, "schedule": spec_of(job), "fire_time": last_minute()}
        for job in (good, broken, good, other)
    ]
    runs = fire_schedules(fires)
    assert [run is not None for run in runs] == [True, False, False, True]
    assert sorted(JobRun.objects.values_list("job_id", flat=True)) == [good.pk, other.pk]


@pytest.mark.django_db
def test_a_batch_reads_the_beat_rows_and_jobs_once(owner, django_assert_max_num_queries):
    jobs = [make_job(owner, schedule=cron("0 * * * * ?")) for _ in range(5)]
    fires = [{"job_id": job.pk, "schedule": spec_of(job), "fire_time": last_minute()} for job in jobs]
    with CaptureQueriesContext(connection) as queries:
        assert all(fire_schedules(fires))
    beat_reads = [q for q in queries.captured_queries if 'FROM "django_celery_beat_periodictask"' in q["sql"]]
    job_reads = [q for q in queries.captured_queries if q["sql"].startswith('SELECT "jobs_job"."id"')]
    assert len(beat_reads) == 1
    assert len(job_reads) == 1 + len(jobs)  # the batch read, then each run's row lock


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["periodic", "run_once"])
def test_a_fire_the_scheduler_sends_starts_a_run_on_the_worker_with_its_trigger(engine, script, owner, kind):
    from jobs.schedules.beat import LakeflowScheduler
    from lakeflow.celery import app
    from tests.jobs.trigger_helpers import ECHO, create, wait_for_runs
    from tests.runs.conftest import wait_for

    at = datetime.now(UTC).replace(microsecond=0) - timedelta(seconds=5)
    if kind == "periodic":
        job = create(owner, script("echo.py", ECHO), trigger={"periodic": {"interval": 1, "unit": "MINUTES"}})
        expected = ("PERIODIC", None)
    else:
        trigger = {"run_once": {"timestamp_ms": int(at.timestamp() * 1000)}}
        job = create(owner, script("echo.py", ECHO), trigger=trigger)
        expected = ("ONE_TIME", {"source": "RUN_ONCE", "scheduled_time": at.isoformat()})
    # As if the interval had been set up ten minutes ago and the scheduler had been down since
    # before the fire: the grid's last point (anchor + n minutes) or the one-off instant is due.
    row = beat_rows(job)["trigger"]
    if kind == "periodic":
        spec = kwargs_of(row)
        spec["schedule"]["anchor"] = (at - timedelta(minutes=10)).isoformat()
        row.kwargs = json.dumps(spec)
    row.last_run_at = at - timedelta(minutes=2)
    row.save()
    scheduler = LakeflowScheduler(app=app, lazy=False)
    while scheduler.tick() == 0:  # sends the due fire on the broker to the engine's worker
        pass
    scheduler.sync()
    [run] = wait_for_runs(job, 1)
    assert (run.trigger, run.trigger_info) == expected
    assert wait_for(run).state == "SUCCESS"
