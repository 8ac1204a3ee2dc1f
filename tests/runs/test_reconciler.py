"""The reconciler: lost messages are re-dispatched, stale attempts failed (and retried), runs
whose tasks all ended are finished, queued runs started."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from runs import orchestrator, services
from runs.models import TaskRun
from runs.reconciler import reconcile_once, worker_is_gone
from tests.runs.conftest import python_task, task_states, wait_for


def test_a_lost_message_is_dispatched_again(transactional_db, make_job, script, owner, settings):
    from lakeflow.celery import app
    from runs.embedded import start_worker

    job = make_job([python_task("a", script("ok.py", "print('ok')\n"))])
    run = services.run_now(job=job, user=owner)  # no worker yet: the message waits in the broker
    with app.connection_for_write() as conn:  # ... and is lost
        conn.default_channel.queue_purge("lakeflow.serverless")
    settings.LAKEFLOW_DISPATCH_GRACE_SECONDS = 0
    stop = start_worker(concurrency=2)
    try:
        assert reconcile_once()["redispatched"] == 1
        run = wait_for(run)
    finally:
        stop()
    assert run.state == "SUCCESS"
    assert run.task_runs.get().dispatch_count == 2


def test_an_attempt_whose_worker_stopped_heartbeating_fails_and_is_retried(
    engine, make_job, script, owner, settings
):
    job = make_job([python_task("a", script("ok.py", "print('ok')\n"), max_retries=1)], max_concurrent_runs=5)
    run = services.run_now(job=job, user=owner)
    wait_for(run)
    # Simulate a second run whose attempt was claimed by a worker on another machine that died.
    run2 = services.run_now(job=job, user=owner)
    first = run2.task_runs.get()
    wait_for(run2)
    TaskRun.objects.filter(pk=first.pk).update(
        state="RUNNING",
        worker="elsewhere:1:t",
        end_time=None,
        heartbeat_at=timezone.now() - timedelta(hours=1),
    )
    type(run2).objects.filter(pk=run2.pk).update(state="RUNNING", end_time=None)
    counts = reconcile_once()
    assert counts["failed"] == 1
    run2 = wait_for(run2)
    attempts = list(run2.task_runs.order_by("attempt_number").values_list("state", "error"))
    assert attempts[0][0] == "FAILED" and "stopped heartbeating" in attempts[0][1]
    assert attempts[1][0] == "SUCCESS"
    assert run2.state == "SUCCESS"


def test_a_run_whose_tasks_all_ended_is_finished(engine, make_job, script, owner):
    job = make_job([python_task("a", script("ok.py", "pass\n"))])
    run = wait_for(services.run_now(job=job, user=owner))
    type(run).objects.filter(pk=run.pk).update(state="RUNNING", end_time=None)  # as if we crashed mid-commit
    reconcile_once()
    run.refresh_from_db()
    assert run.state == "SUCCESS"


def test_the_job_timeout_is_applied_to_a_run_waiting_for_a_retry(engine, make_job, script, owner):
    job = make_job(
        [
            python_task(
                "a",
                script("fail.py", "raise SystemExit(3)\n"),
                max_retries=3,
                min_retry_interval_millis=60_000,
            )
        ],
        timeout_seconds=3600,
    )
    run = wait_for(services.run_now(job=job, user=owner), states={"RUNNING"})
    wait_for_task = lambda: run.task_runs.filter(state="WAITING_FOR_RETRY").exists()  # noqa: E731
    import time

    while not wait_for_task():
        time.sleep(0.05)
    type(run).objects.filter(pk=run.pk).update(deadline=timezone.now() - timedelta(seconds=1))
    reconcile_once()
    run = wait_for(run)
    assert run.state == "TIMEDOUT"
    assert task_states(run) == {"a": "TIMEDOUT"}


def test_a_worker_of_this_host_whose_process_is_gone_is_detected():
    import socket

    assert worker_is_gone(f"{socket.gethostname()}:999999:t")
    assert not worker_is_gone(f"{socket.gethostname()}:1:t")  # init exists
    assert not worker_is_gone("another-host:999999:t")


def test_the_reconcile_command_prints_what_it_did(db, capsys):
    from django.core.management import call_command

    call_command("reconcile")
    assert "redispatched: 0" in capsys.readouterr().out


def test_claiming_is_idempotent(engine, make_job, script, owner):
    job = make_job([python_task("a", script("ok.py", "pass\n"))])
    run = wait_for(services.run_now(job=job, user=owner))
    assert orchestrator.claim(run.task_runs.get().pk, "me") is None
