"""Health rule RUN_DURATION_SECONDS: the warning fires once while the run is still running (an eta
task at start + n, the reconciler as safety net), is recorded on the run, and is notified."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from lakeflow.notifications.models import Delivery, DurationWarning
from runs import health, services
from runs.reconciler import reconcile_once
from tests.notifications.conftest import eventually
from tests.runs.conftest import python_task, wait_for

RULE = {"rules": [{"metric": "RUN_DURATION_SECONDS", "op": "GREATER_THAN", "value": 1}]}


def test_a_long_run_warns_once_while_running_and_notifies(engine, smtp, make_job, script, owner, api):
    job = make_job(
        [python_task("slow", script("s.py", "import time\ntime.sleep(4)\n"))],
        health=RULE,
        email_notifications={"on_duration_warning_threshold_exceeded": ["slow@x.test"]},
    )
    run = services.run_now(job=job, user=owner)
    warning = eventually(lambda: DurationWarning.objects.filter(job_run=run).first())
    run.refresh_from_db()
    assert run.state == "RUNNING"  # fired while the run still runs
    assert warning.threshold_seconds == 1 and warning.fired_at - run.start_time >= timedelta(seconds=1)
    run = wait_for(run)
    assert run.state == "SUCCESS"
    assert health.check_run(run.pk) is False  # never twice
    events = run.events.filter(to_state=health.WARNING_STATE)
    assert events.count() == 1 and "more than 1 seconds" in events.get().message
    shown = api.get("/api/2.2/jobs/runs/get", {"run_id": run.pk}).json()["duration_warning"]
    assert "more than 1 seconds" in shown["message"] and shown["fired_time"] >= shown_start(run)
    timeline = api.get(f"/api/ui/runs/{run.pk}/timeline").json()
    assert health.WARNING_STATE in [e["to_state"] for e in timeline["events"]]
    mail = eventually(lambda: Delivery.objects.filter(job_run=run, status="SENT").first())
    assert mail.event == "on_duration_warning_threshold_exceeded" and mail.recipient == "slow@x.test"
    assert "longer than its duration" in smtp.messages[0]["Subject"]


def shown_start(run) -> int:
    return int(run.start_time.timestamp() * 1000)


def test_a_quick_run_does_not_warn(engine, make_job, script, owner, api):
    job = make_job([python_task("quick", script("q.py", "print(1)\n"))], health=RULE)
    run = wait_for(services.run_now(job=job, user=owner))
    assert run.state == "SUCCESS"
    assert "duration_warning" not in api.get("/api/2.2/jobs/runs/get", {"run_id": run.pk}).json()
    assert health.check_run(run.pk, now=timezone.now() + timedelta(hours=1)) is False
    assert not DurationWarning.objects.exists()


def test_the_reconciler_fires_a_warning_whose_message_was_lost(transactional_db, make_job, owner):
    job = make_job([{"task_key": "t", "spark_python_task": {"python_file": "/Workspace/x.py"}}], health=RULE)
    from runs.models import JobRun

    run = JobRun.objects.create(
        job=job,
        settings=job.latest_version().settings,
        state="RUNNING",
        start_time=timezone.now() - timedelta(seconds=5),
    )
    assert health.check_due_runs() == 1
    assert health.check_due_runs() == 0
    assert DurationWarning.objects.filter(job_run=run).count() == 1
    reconcile_once()  # wired into the reconciler: nothing new fires
    assert DurationWarning.objects.count() == 1


def test_the_threshold_is_the_smallest_duration_rule():
    rules = {"rules": [RULE["rules"][0] | {"value": 30}, RULE["rules"][0] | {"value": 10}]}
    assert health.duration_threshold({"health": rules}) == 10
    assert health.duration_threshold({}) is None
