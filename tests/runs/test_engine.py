"""The engine end to end: real worker threads consuming the embedded broker, every task in a real
child process. Each test is one behaviour a user watching a run would see."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from runs import services
from runs.choices import TaskRunState
from runs.models import RunEvent, TaskRun
from tests.runs.conftest import python_task, task_states, wait_for
from tests.runs.test_realtime import received

OK = "print('ok')\n"
FAIL = "raise ValueError('boom: the input is bad')\n"
SLEEP = "import os, sys, time\nopen(sys.argv[1], 'w').write(str(os.getpid()))\ntime.sleep(60)\n"


def test_a_chain_of_python_tasks_runs_in_order_and_succeeds(engine, make_job, script, owner):
    ok = script("ok.py", "print('hello')\n")
    job = make_job([python_task("a", ok), python_task("b", ok, "a"), python_task("c", ok, "b")])
    run = wait_for(services.run_now(job=job, user=owner))
    assert run.state == "SUCCESS"
    assert task_states(run) == {"a": "SUCCESS", "b": "SUCCESS", "c": "SUCCESS"}
    a, b, c = (run.task_runs.get(task_key=k) for k in "abc")
    assert a.end_time <= b.start_time and b.end_time <= c.start_time
    assert "hello" in a.read_log()[0]
    assert run.triggered_by == owner and run.number_in_job == 1


def test_every_state_change_is_in_the_event_log(engine, make_job, script, owner):
    job = make_job([python_task("a", script("ok.py", OK))])
    run = wait_for(services.run_now(job=job, user=owner))
    task_events = list(
        RunEvent.objects.filter(job_run=run, task_key="a").values_list("from_state", "to_state")
    )
    assert task_events == [("BLOCKED", "QUEUED"), ("QUEUED", "RUNNING"), ("RUNNING", "SUCCESS")]
    run_events = list(RunEvent.objects.filter(job_run=run, task_key="").values_list("to_state", flat=True))
    assert run_events == ["PENDING", "RUNNING", "SUCCESS"]


def test_a_failing_task_fails_the_run_with_the_exceptions_last_line(engine, make_job, script, owner):
    job = make_job([python_task("a", script("fail.py", FAIL)), python_task("b", script("ok.py", OK), "a")])
    run = wait_for(services.run_now(job=job, user=owner))
    assert run.state == "FAILED"
    assert task_states(run) == {"a": "FAILED", "b": "UPSTREAM_FAILED"}
    a = run.task_runs.get(task_key="a")
    assert a.error == "ValueError: boom: the input is bad"
    assert a.exit_code == 1
    assert "Traceback" in a.error_trace


def test_a_leaf_that_runs_after_a_failure_gives_success_with_failures(engine, make_job, script, owner):
    job = make_job(
        [
            python_task("a", script("fail.py", FAIL)),
            python_task("cleanup", script("ok.py", OK), "a", run_if="ALL_DONE"),
        ]
    )
    run = wait_for(services.run_now(job=job, user=owner))
    assert run.state == "SUCCESS_WITH_FAILURES"
    assert run.wire_state()["state"]["result_state"] == "SUCCESS_WITH_FAILURES"


def test_fan_out_and_fan_in_run_every_task(engine, make_job, script, owner):
    ok = script("ok.py", OK)
    middle = [python_task(f"m{i}", ok, "start") for i in range(6)]
    job = make_job(
        [python_task("start", ok), *middle, python_task("end", ok, *[t["task_key"] for t in middle])]
    )
    run = wait_for(services.run_now(job=job, user=owner))
    assert run.state == "SUCCESS"
    assert set(task_states(run).values()) == {"SUCCESS"}
    end = run.task_runs.get(task_key="end")
    assert all(tr.end_time <= end.start_time for tr in run.task_runs.exclude(task_key="end"))


def test_a_missing_python_file_fails_the_task(engine, make_job, owner):
    job = make_job([python_task("a", "/Workspace/nowhere.py")])
    run = wait_for(services.run_now(job=job, user=owner))
    assert run.state == "FAILED"
    assert "does not exist" in run.task_runs.get().error


def test_parameters_reach_the_script_with_references_resolved(engine, make_job, script, owner):
    code = (
        "import sys\nfrom lakeflow.runtime import dbutils\nprint('argv', sys.argv[1:])\n"
        "print('env', dbutils.widgets.get('env'), dbutils.widgets.get('day'))\n"
    )
    job = make_job(
        [
            python_task(
                "a",
                script("p.py", code),
                parameters=[
                    "{{job.parameters.env}}",
                    "{{job.run_id}}",
                    "{{task.name}}",
                    "{{job.trigger.type}}",
                ],
            )
        ],
        parameters=[{"name": "env", "default": "dev"}, {"name": "day", "default": "mon"}],
    )
    run = wait_for(services.run_now(job=job, user=owner, job_parameters={"env": "prod"}))
    assert run.state == "SUCCESS", run.task_runs.get().error
    log = run.task_runs.get().read_log()[0]
    assert f"argv ['prod', '{run.pk}', 'a', 'ONE_TIME']" in log
    assert "env prod mon" in log
    assert run.job_parameters == {"env": "prod", "day": "mon"}
    assert run.task_runs.get().resolved_parameters == {"env": "prod", "day": "mon"}


def test_an_unknown_reference_fails_only_that_task_naming_it(engine, make_job, script, owner):
    ok = script("ok.py", OK)
    job = make_job([python_task("bad", ok, parameters=["{{job.nope}}"]), python_task("good", ok)])
    run = wait_for(services.run_now(job=job, user=owner))
    assert task_states(run) == {"bad": "FAILED", "good": "SUCCESS"}
    assert "{{job.nope}}" in run.task_runs.get(task_key="bad").error


def test_disabled_tasks_and_only_leave_tasks_out(engine, make_job, script, owner):
    ok = script("ok.py", OK)
    job = make_job(
        [
            python_task("a", ok),
            python_task("b", ok, "a"),
            python_task("c", ok, "b", disabled=True),
            python_task("x", ok),
        ]
    )
    run = wait_for(services.run_now(job=job, user=owner, only=["+b", "c"]))
    assert task_states(run) == {"a": "SUCCESS", "b": "SUCCESS", "c": "DISABLED", "x": "EXCLUDED"}
    assert run.state == "SUCCESS"


def test_a_failed_attempt_is_retried_as_a_new_attempt(engine, make_job, script, owner, tmp_path):
    marker = tmp_path / "tried"
    code = (
        f"import pathlib\np = pathlib.Path({str(marker)!r})\nif not p.exists():\n"
        "    p.write_text('1'); raise SystemExit('first attempt fails')\nprint('second works')\n"
    )
    job = make_job([python_task("a", script("flaky.py", code), max_retries=2, min_retry_interval_millis=200)])
    layer = get_channel_layer()
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(f"job-{job.pk}", channel)
    run = wait_for(services.run_now(job=job, user=owner))
    assert run.state == "SUCCESS"
    attempts = list(run.task_runs.order_by("attempt_number").values_list("attempt_number", "state"))
    assert attempts == [(0, "FAILED"), (1, "SUCCESS")]
    states = RunEvent.objects.filter(job_run=run, task_key="a").values_list("to_state", flat=True)
    assert "WAITING_FOR_RETRY" in states
    # The new attempt is announced like a transition, so an open page shows "Retrying" at once.
    published = [
        (e["state"], e["attempt_number"]) for e in received(channel) if e["type"] == "task_run.state"
    ]
    assert ("WAITING_FOR_RETRY", 1) in published


def test_retries_stop_at_max_retries(engine, make_job, script, owner):
    job = make_job([python_task("a", script("fail.py", FAIL), max_retries=2)])
    run = wait_for(services.run_now(job=job, user=owner))
    assert run.state == "FAILED"
    assert list(run.task_runs.values_list("state", flat=True)) == ["FAILED"] * 3


def test_a_task_timeout_kills_the_process_tree_and_ends_timedout(engine, make_job, script, owner, tmp_path):
    pid_file = tmp_path / "pid"
    job = make_job(
        [python_task("a", script("sleep.py", SLEEP), parameters=[str(pid_file)], timeout_seconds=1)]
    )
    run = wait_for(services.run_now(job=job, user=owner))
    assert run.state == "TIMEDOUT"
    assert task_states(run) == {"a": "TIMEDOUT"}
    assert not _alive(int(pid_file.read_text()))


def test_retry_on_timeout_retries_a_timed_out_task(engine, make_job, script, owner, tmp_path):
    job = make_job(
        [
            python_task(
                "a",
                script("sleep.py", SLEEP),
                parameters=[str(tmp_path / "pid")],
                timeout_seconds=1,
                max_retries=1,
                retry_on_timeout=True,
            )
        ]
    )
    run = wait_for(services.run_now(job=job, user=owner))
    assert list(run.task_runs.values_list("state", flat=True)) == ["TIMEDOUT", "TIMEDOUT"]


def test_the_job_timeout_stops_the_run(engine, make_job, script, owner, tmp_path):
    pid_file = tmp_path / "pid"
    ok = script("ok.py", OK)
    job = make_job(
        [python_task("a", script("sleep.py", SLEEP), parameters=[str(pid_file)]), python_task("b", ok, "a")],
        timeout_seconds=1,
    )
    run = wait_for(services.run_now(job=job, user=owner))
    assert run.state == "TIMEDOUT"
    assert task_states(run) == {"a": "TIMEDOUT", "b": "CANCELED"}
    assert not _alive(int(pid_file.read_text()))


def test_cancel_kills_the_running_process_tree_and_ends_the_run_canceled(
    engine, make_job, script, owner, tmp_path
):
    pid_file = tmp_path / "pid"
    job = make_job(
        [
            python_task("a", script("sleep.py", SLEEP), parameters=[str(pid_file)]),
            python_task("b", script("ok.py", OK), "a"),
        ]
    )
    run = services.run_now(job=job, user=owner)
    _wait_until(pid_file.exists)
    services.cancel_run(run=run, user=owner)
    run = wait_for(run, timeout=10)
    assert run.state == "CANCELED"
    assert task_states(run) == {"a": "CANCELED", "b": "CANCELED"}
    assert not _alive(int(pid_file.read_text()))
    assert run.wire_state()["status"]["termination_details"]["code"] == "USER_CANCELED"


def test_queued_runs_wait_for_a_slot_and_start_in_order(engine, make_job, script, owner, tmp_path):
    job = make_job(
        [python_task("a", script("sleep.py", SLEEP), parameters=[str(tmp_path / "pid")])],
        max_concurrent_runs=1,
    )
    first = services.run_now(job=job, user=owner)
    second = services.run_now(job=job, user=owner)
    third = services.run_now(job=job, user=owner)
    assert (second.state, third.state) == ("QUEUED", "QUEUED")
    services.cancel_run(run=first, user=owner)
    wait_for(second, states={"RUNNING"})
    third.refresh_from_db()
    assert third.state == "QUEUED"
    services.cancel_all_runs(job=job, user=owner)
    assert wait_for(third).state == "CANCELED"
    assert task_states(third) == {"a": "CANCELED"}


def test_without_queueing_an_extra_run_is_skipped(engine, make_job, script, owner, tmp_path):
    job = make_job(
        [python_task("a", script("sleep.py", SLEEP), parameters=[str(tmp_path / "pid")])],
        max_concurrent_runs=1,
        queue_enabled=False,
    )
    first = services.run_now(job=job, user=owner)
    second = services.run_now(job=job, user=owner)
    assert second.state == "SKIPPED"
    wire = second.wire_state()
    assert wire["state"]["life_cycle_state"] == "SKIPPED"
    assert wire["status"]["termination_details"]["code"] == "MAX_CONCURRENT_RUNS_EXCEEDED"
    services.cancel_run(run=first, user=owner)
    wait_for(first)


def test_repair_reruns_failed_tasks_inside_the_original_run(engine, make_job, script, owner, tmp_path):
    marker = tmp_path / "fixed"
    code = f"import pathlib, sys\nif not pathlib.Path({str(marker)!r}).exists(): sys.exit('not fixed yet')\n"
    ok = script("ok.py", OK)
    job = make_job(
        [python_task("a", ok), python_task("b", script("b.py", code), "a"), python_task("c", ok, "b")]
    )
    run = wait_for(services.run_now(job=job, user=owner))
    assert task_states(run) == {"a": "SUCCESS", "b": "FAILED", "c": "UPSTREAM_FAILED"}
    marker.write_text("yes")
    repair = services.repair_run(run=run, user=owner, rerun_all_failed_tasks=True)
    run = wait_for(run)
    assert run.state == "SUCCESS"
    assert task_states(run) == {"a": "SUCCESS", "b": "SUCCESS", "c": "SUCCESS"}
    assert run.repair_count == 1 and repair.rerun_tasks == ["b", "c"]
    assert run.task_runs.filter(task_key="a").count() == 1
    assert list(run.task_runs.filter(task_key="b").values_list("attempt_number", "repair")) == [
        (0, None),
        (1, repair.pk),
    ]


def test_the_same_idempotency_token_returns_the_same_run_under_a_race(engine, make_job, script, owner):
    job = make_job([python_task("a", script("ok.py", OK))], max_concurrent_runs=20)
    results: list[int] = []
    errors: list[BaseException] = []

    def trigger():
        try:
            results.append(services.run_now(job=job, user=owner, idempotency_token="token-1").pk)
        except BaseException as e:
            errors.append(e)
        finally:
            from django.db import connection

            connection.close()

    threads = [threading.Thread(target=trigger) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(results) == 10 and len(set(results)) == 1
    assert job.runs.count() == 1
    wait_for(job.runs.get())


def test_a_duplicated_message_never_runs_a_task_twice(engine, make_job, script, owner, tmp_path):
    from runs import dispatch

    counter = tmp_path / "count"
    code = f"import time\nopen({str(counter)!r}, 'a').write('x')\ntime.sleep(0.5)\n"
    job = make_job([python_task("a", script("count.py", code))])
    run = services.run_now(job=job, user=owner)
    task_run = run.task_runs.get()
    for _ in range(3):
        dispatch.send_now(task_run.pk, task_run.queue or "lakeflow.serverless")
    run = wait_for(run)
    time.sleep(0.3)
    assert run.state == "SUCCESS"
    assert counter.read_text() == "x"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is dead for our purpose.
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().split()[2] != "Z"


def _wait_until(predicate, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached")
        time.sleep(0.02)


@pytest.mark.parametrize("state", [TaskRunState.SUCCESS])
def test_task_run_wire_state_matches_databricks(state):
    wire = TaskRun(state=state).wire_state()
    assert wire["state"] == {
        "life_cycle_state": "TERMINATED",
        "result_state": "SUCCESS",
        "state_message": "",
        "user_cancelled_or_timedout": False,
    }
