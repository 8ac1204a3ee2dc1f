"""Health rule RUN_DURATION_SECONDS: the warning fires once while the run is still running (an eta
task at start + n, the reconciler as safety net), is recorded on the run, and is notified."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from lakeflow.notifications.models import Delivery, DurationWarning
from runs import health, services
from runs.api.wire import ms
from runs.reconciler import reconcile_once
from tests.notifications.conftest import eventually
from tests.runs.conftest import python_task, wait_for

EVENT = "on_duration_warning_threshold_exceeded"
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


def test_a_long_task_warns_once_for_that_task_and_notifies_its_recipients(
    engine, smtp, make_job, script, owner, api
):
    slow = python_task("slow", script("s.py", "import time\ntime.sleep(4)\n"))
    slow |= {"health": RULE, "email_notifications": {EVENT: ["task-owner@x.test"]}}
    job = make_job([slow, python_task("quick", script("q.py", "print(1)\n"))])
    run = services.run_now(job=job, user=owner)
    warning = eventually(lambda: DurationWarning.objects.filter(job_run=run).first())
    task_run = run.task_runs.get(task_key="slow")
    assert task_run.state == "RUNNING"  # fired while the task still runs
    assert (warning.task_key, warning.threshold_seconds) == ("slow", 1)
    run = wait_for(run)
    assert run.state == "SUCCESS"
    assert health.check_task_run(task_run.pk, now=timezone.now() + timedelta(hours=1)) is False  # once
    (event,) = run.events.filter(to_state=health.WARNING_STATE)
    assert (event.task_run_id, event.task_key) == (task_run.pk, "slow")
    assert event.message.startswith("Task slow has been running for more than 1 seconds")
    # The run itself has no rule: its header shows no warning; the task shows its own.
    shown = api.get("/api/2.2/jobs/runs/get", {"run_id": run.pk}).json()
    assert "duration_warning" not in shown
    tasks = {task["task_key"]: task for task in shown["tasks"]}
    assert tasks["slow"]["duration_warning"] == {"fired_time": ms(event.at), "message": event.message}
    assert "duration_warning" not in tasks["quick"]
    mail = eventually(lambda: Delivery.objects.filter(job_run=run, status="SENT").first())
    assert (mail.event, mail.task_key, mail.recipient) == (EVENT, "slow", "task-owner@x.test")


def test_the_reconciler_fires_a_task_warning_whose_message_was_lost(transactional_db, make_job, owner):
    task = {"task_key": "t", "spark_python_task": {"python_file": "/Workspace/x.py"}, "health": RULE}
    job = make_job([task])
    from runs.models import JobRun, TaskRun

    started = timezone.now() - timedelta(seconds=5)
    run = JobRun.objects.create(
        job=job, settings=job.latest_version().settings, state="RUNNING", start_time=started
    )
    TaskRun.objects.create(job_run=run, task_key="t", state="RUNNING", start_time=started)
    assert health.check_due_runs() == 1
    assert health.check_due_runs() == 0
    assert list(DurationWarning.objects.values_list("task_key", flat=True)) == ["t"]


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
