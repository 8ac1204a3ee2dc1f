"""The beat entry of a job: what is due, with which scheduled instant, and the missed-fire policy
(after downtime only the latest missed fire is sent, once)."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
from django_celery_beat.models import PeriodicTask

from jobs.schedules.beat import JobScheduleEntry, LakeflowScheduler
from jobs.schedules.plans import parse_time
from jobs.schedules.sync import FIRE_BATCH_TASK
from jobs.tasks import fire_schedule_batch
from lakeflow.celery import app
from runs.choices import Queue
from runs.models import JobRun
from tests.jobs.schedule_helpers import beat_rows, cron, make_job

pytestmark = pytest.mark.django_db


def entry_for(job, slot: str = "schedule", *, last_run_at: datetime | None = None) -> JobScheduleEntry:
    row = beat_rows(job)[slot]
    if last_run_at is not None:
        PeriodicTask.objects.filter(pk=row.pk).update(last_run_at=last_run_at)
        row.refresh_from_db()
    return JobScheduleEntry(row, app=app)


def test_after_a_day_of_downtime_only_the_latest_missed_fire_is_due(owner):
    job = make_job(owner, schedule=cron("0 * * * * ?"))  # every minute at :00
    entry = entry_for(job, last_run_at=datetime.now(UTC) - timedelta(days=1))
    due, delay = entry.is_due()
    assert due
    fire = parse_time(entry.kwargs["fire_time"])
    now = datetime.now(UTC)
    assert fire.second == 0 and now - timedelta(minutes=1) < fire <= now
    assert 0 < delay <= 60

    following = next(entry)
    assert following.last_run_at == fire  # the fire sent, not "now"
    due_again, _ = following.is_due()
    assert not due_again  # the other 1,439 missed fires are not backfilled


def test_a_schedule_that_is_not_due_asks_to_be_woken_at_its_next_fire(owner):
    job = make_job(owner, schedule=cron("0 0 0 1 1 ? 2099"))
    entry = entry_for(job, last_run_at=datetime.now(UTC))
    due, delay = entry.is_due()
    assert not due
    assert delay > 365 * 86400


def test_a_paused_schedule_is_never_due(owner):
    job = make_job(owner, schedule=cron("* * * * * ?", pause="PAUSED"))
    entry = entry_for(job, last_run_at=datetime.now(UTC) - timedelta(hours=1))
    assert entry.is_due()[0] is False


def test_an_interval_fires_on_its_anchor_grid(owner):
    job = make_job(owner, trigger={"periodic": {"interval": 1, "unit": "MINUTES"}})
    row = beat_rows(job)["trigger"]
    anchor = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=10, seconds=30)
    row.kwargs = row.kwargs.replace(row.kwargs.split('"anchor": "')[1].split('"')[0], anchor.isoformat())
    row.save()
    entry = entry_for(job, "trigger", last_run_at=anchor)
    due, _ = entry.is_due()
    fire = parse_time(entry.kwargs["fire_time"])
    assert due
    assert (fire - anchor).total_seconds() % 60 == 0
    assert datetime.now(UTC) - fire < timedelta(minutes=1)


def test_a_run_once_trigger_is_due_once(owner):
    at = datetime.now(UTC).replace(microsecond=0) - timedelta(seconds=5)
    job = make_job(owner, trigger={"run_once": {"timestamp_ms": int(at.timestamp() * 1000)}})
    entry = entry_for(job, "trigger", last_run_at=at - timedelta(minutes=1))
    assert entry.is_due()[0]
    assert parse_time(entry.kwargs["fire_time"]) == at
    assert not next(entry).is_due()[0]


@pytest.mark.django_db(transaction=True)  # the scheduler's sync closes stale connections
def test_fires_due_together_go_out_in_batches_that_start_every_run_once(owner, monkeypatch):
    jobs = [make_job(owner, schedule=cron("0 * * * * ?")) for _ in range(LakeflowScheduler.FIRE_BATCH + 5)]
    PeriodicTask.objects.update(last_run_at=datetime.now(UTC) - timedelta(minutes=1, seconds=1))
    sent: list[tuple[str, dict]] = []
    monkeypatch.setattr(app, "send_task", lambda name, **options: sent.append((name, options)))
    scheduler = LakeflowScheduler(app=app, lazy=False)
    while scheduler.tick() == 0:  # every due entry, then a wait for the next minute
        pass
    scheduler.sync()  # now, while the test database exists (nothing is left for exit)
    assert [name for name, _ in sent] == [FIRE_BATCH_TASK, FIRE_BATCH_TASK]
    assert [len(options["kwargs"]["fires"]) for _, options in sent] == [LakeflowScheduler.FIRE_BATCH, 5]
    assert {options["queue"] for _, options in sent} == {Queue.CONTROL.value}
    fires = [fire for _, options in sent for fire in options["kwargs"]["fires"]]
    assert sorted(fire["job_id"] for fire in fires) == sorted(job.pk for job in jobs)
    for _, options in sent:  # what the worker does with each message
        fire_schedule_batch(**options["kwargs"])
    assert JobRun.objects.filter(trigger="PERIODIC").count() == len(jobs)


@pytest.mark.django_db(transaction=True)  # the scheduler's sync closes stale connections
def test_saving_sent_fires_never_moves_last_run_at_back_before_a_schedule_edit(owner, monkeypatch):
    from jobs import services as job_services

    job = make_job(owner, schedule=cron("0 * * * * ?"))
    PeriodicTask.objects.update(last_run_at=datetime.now(UTC) - timedelta(minutes=1, seconds=1))
    monkeypatch.setattr(app, "send_task", lambda name, **options: None)
    scheduler = LakeflowScheduler(app=app, lazy=False)
    scheduler._last_sync = time.monotonic()  # as between two periodic syncs
    while scheduler.tick() == 0:  # sends last minute's fire; its time waits in memory to be saved
        pass
    assert scheduler._dirty
    before_edit = datetime.now(UTC)
    job_services.update_job(user=owner, job=job, new_settings={"schedule": cron("0 30 * * * ?")})
    scheduler.sync()
    assert beat_rows(job)["schedule"].last_run_at >= before_edit  # not the fire sent before the edit
