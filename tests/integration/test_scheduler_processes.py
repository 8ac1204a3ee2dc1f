"""Real `lakeflow scheduler` processes (celery beat on the database scheduler) and a real
`lakeflow worker`, on PostgreSQL and Redis: seconds-level schedules fire, two schedulers running
at once still start each fire exactly once, and pausing stops fires at once."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest

from tests.integration.scheduler_cluster import Cluster

pytestmark = pytest.mark.slow

SETUP = """
from django.contrib.auth import get_user_model
from jobs import services
from pathlib import Path
from django.conf import settings
script = Path(settings.LAKEFLOW_HOME) / "workspace" / "tick.py"
script.parent.mkdir(parents=True, exist_ok=True)
script.write_text("print('tick')\\n")
user = get_user_model().objects.create_user("scheduler-owner", password="x-password-1")
job = services.create_job(user=user, settings={{
    "name": "every two seconds", "max_concurrent_runs": 100,
    "tasks": [{{"task_key": "tick", "spark_python_task": {{"python_file": "/Workspace/tick.py"}}}}],
    {settings}
}})
print(job.pk)
"""

PAUSE = """
from jobs import services
from jobs.models import Job
job = Job.objects.get(pk={job_id})
services.update_job(user=job.owner, job=job, new_settings={{"schedule": {{
    "quartz_cron_expression": "*/2 * * * * ?", "timezone_id": "Europe/Berlin", "pause_status": "PAUSED"}}}})
"""

CLAIMS = "SELECT fire_time, run_id FROM schedules_fireclaim WHERE job_id = %s ORDER BY fire_time"
RUNS = "SELECT id, trigger, state FROM runs_jobrun WHERE job_id = %s ORDER BY id"


def test_two_schedulers_fire_a_seconds_schedule_exactly_once_per_fire_until_paused(
    postgres_url, redis_url, tmp_path
):
    with Cluster(postgres_url, redis_url, tmp_path / "home") as cluster:
        job_id = int(
            cluster.python(
                SETUP.format(
                    settings='"schedule": {"quartz_cron_expression": "*/2 * * * * ?", '
                    '"timezone_id": "Europe/Berlin"},'
                )
            )
        )
        worker = cluster.start("worker", "worker", "--concurrency", "4", "--loglevel", "INFO")
        first = cluster.start("scheduler-1", "scheduler", "--loglevel", "INFO")
        second = cluster.start("scheduler-2", "scheduler", "--loglevel", "INFO")

        claims = cluster.wait(CLAIMS, lambda rows: len(rows) >= 5, 120, job_id)
        cluster.python(PAUSE.format(job_id=job_id))
        paused_at = datetime.now(UTC)  # committed by now (a fire due while it committed is fair)
        time.sleep(5)  # anything still in flight would show up by now
        claims = cluster.sql(CLAIMS, job_id)
        runs = cluster.wait(RUNS, lambda rows: all(r[2] in ("SUCCESS", "FAILED") for r in rows), 180, job_id)

        # Each fire is a distinct even second, claimed once, with exactly one run.
        fire_times = [row[0] for row in claims]
        assert len(fire_times) == len(set(fire_times)) >= 5
        assert all(t.second % 2 == 0 and t.microsecond == 0 for t in fire_times)
        assert sorted(r[0] for r in runs) == sorted(row[1] for row in claims)
        assert {r[1] for r in runs} == {"PERIODIC"}
        assert {r[2] for r in runs} == {"SUCCESS"}
        # Both schedulers really sent fires (so the claims did the deduplication)...
        assert "Sending fire " in cluster.log(first)
        assert "Sending fire " in cluster.log(second)
        # ...and pausing stopped them at once: no fire after the pause was committed.
        assert all(t <= paused_at for t in fire_times)
        cluster.stop_all()
        assert worker.returncode is not None


def test_a_file_dropped_in_a_watched_directory_starts_a_run_through_the_scheduler(
    postgres_url, redis_url, tmp_path
):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    with Cluster(postgres_url, redis_url, tmp_path / "home") as cluster:
        job_id = int(
            cluster.python(SETUP.format(settings=f'"trigger": {{"file_arrival": {{"url": "{inbox}"}}}},'))
        )
        cluster.start("worker", "worker", "--concurrency", "2")
        cluster.start("scheduler", "scheduler")
        cluster.wait(
            "SELECT 1 FROM schedules_triggerstate WHERE job_id = %s", bool, 30, job_id
        )  # baseline taken
        (inbox / "orders.csv").write_text("id\n1\n")
        runs = cluster.wait(RUNS, lambda rows: rows and rows[0][2] == "SUCCESS", 180, job_id)
        assert [(r[1], r[2]) for r in runs] == [("FILE_ARRIVAL", "SUCCESS")]


def test_after_scheduler_downtime_only_the_latest_missed_fire_runs_once(postgres_url, redis_url, tmp_path):
    with Cluster(postgres_url, redis_url, tmp_path / "home") as cluster:
        job_id = int(
            cluster.python(
                SETUP.format(
                    settings='"schedule": {"quartz_cron_expression": "*/20 * * * * ?", "timezone_id": "UTC"},'
                )
            )
        )
        cluster.start("worker", "worker", "--concurrency", "2")
        scheduler = cluster.start("scheduler-before", "scheduler")
        [(first_fire, _)] = cluster.wait(CLAIMS, lambda rows: len(rows) == 1, 60, job_id)
        cluster.stop(scheduler)
        # Two fires are missed while no scheduler runs; the restart comes just after the second.
        latest_missed = first_fire.astimezone(UTC) + timedelta(seconds=40)
        time.sleep(max(0.0, (latest_missed - datetime.now(UTC)).total_seconds() + 0.2))
        restarted_at = datetime.now(UTC)
        cluster.start("scheduler-after", "scheduler")
        claims = cluster.wait(CLAIMS, lambda rows: len(rows) >= 2, 30, job_id)
        catch_up = claims[1][0].astimezone(UTC)
        # The one catch-up is the latest fire missed before the restarted scheduler began (its first
        # regular fire would come after the restart), and the one missed before it is not
        # backfilled. 20 s slots leave the restarted scheduler ample time to start before the next.
        assert catch_up < restarted_at
        assert catch_up == latest_missed
        runs = cluster.sql(RUNS, job_id)
        assert len(runs) == len(cluster.sql(CLAIMS, job_id))
