"""for_each_task end to end: every iteration is its own task run executed by the real worker, with
{{input}} resolved, at most `concurrency` at a time, and the task fails if one iteration fails."""

from __future__ import annotations

import json
import time

import pytest

from runs import services
from runs.api import wire
from runs.models import TaskRun
from tests.runs.conftest import python_task, task_states, wait_for

# Records its start/end moments in a file per iteration, so the test can check the overlap.
ITERATION = """import json, os, sys, time
value = sys.argv[1]
out = sys.argv[2]
start = time.time()
time.sleep(0.3)
if value == "bad":
    raise ValueError("bad input")
print("iteration got", value)
open(os.path.join(out, value + ".json"), "w").write(json.dumps([start, time.time()]))
"""
SET_LIST = """from lakeflow.runtime import dbutils
dbutils.jobs.taskValues.set("list", [{"name": "x"}, {"name": "y"}])
"""


@pytest.fixture
def out(tmp_path):
    """Where the iterations record what they ran."""
    path = tmp_path / "iterations"
    path.mkdir()
    return path


def for_each(key: str, inputs: str, path: str, arg: str, out: str, concurrency: int = 1, *deps) -> dict:
    task = {
        "task_key": key,
        "for_each_task": {
            "inputs": inputs,
            "concurrency": concurrency,
            "task": python_task(f"{key}_iteration", path, parameters=[arg, out]),
        },
    }
    if deps:
        task["depends_on"] = [{"task_key": d} for d in deps]
    return task


def overlap(out) -> int:
    """The largest number of iterations that were running at the same moment."""
    spans = [json.loads(p.read_text()) for p in out.iterdir()]
    moments = sorted([(s, 1) for s, _ in spans] + [(e, -1) for _, e in spans])
    most = now = 0
    for _, step in moments:
        now += step
        most = max(most, now)
    return most


def test_a_for_each_over_a_literal_list_runs_one_iteration_per_input(engine, make_job, script, owner, out):
    path = script("it.py", ITERATION)
    job = make_job([for_each("loop", '["a", "b", "c", "d"]', path, "{{input}}", str(out), 2)])
    run = wait_for(services.run_now(job=job, user=owner), timeout=60)
    assert run.state == "SUCCESS", run.state_message
    iterations = TaskRun.objects.filter(parent_task_run__isnull=False).order_by("iteration_index")
    assert [i.iteration_index for i in iterations] == [0, 1, 2, 3]
    assert all(i.state == "SUCCESS" for i in iterations)
    assert "iteration got c" in iterations[2].read_log()[0]
    assert sorted(p.name for p in out.iterdir()) == ["a.json", "b.json", "c.json", "d.json"]
    assert overlap(out) <= 2
    loop = run.task_runs.get(task_key="loop", parent_task_run__isnull=True)
    stats = wire.task_run(loop, run.tasks_settings[0], iterations=iterations)["for_each_task"]["stats"]
    assert stats["task_run_stats"]["succeeded_iterations"] == 4
    assert stats["task_run_stats"]["total_iterations"] == 4


def test_concurrency_one_runs_the_iterations_one_after_another(engine, make_job, script, owner, out):
    job = make_job([for_each("loop", '["a", "b", "c"]', script("it.py", ITERATION), "{{input}}", str(out))])
    assert wait_for(services.run_now(job=job, user=owner), timeout=60).state == "SUCCESS"
    assert overlap(out) == 1


def test_a_for_each_over_a_task_value_reads_input_fields(
    engine, live_server, settings, make_job, script, owner, out
):
    settings.LAKEFLOW_URL = live_server.url  # the producer sets its task value through the API
    job = make_job(
        [
            python_task("make", script("set.py", SET_LIST)),
            for_each(
                "loop",
                "{{tasks.make.values.list}}",
                script("it.py", ITERATION),
                "{{input.name}}",
                str(out),
                2,
                "make",
            ),
        ]
    )
    run = wait_for(services.run_now(job=job, user=owner), timeout=60)
    assert run.state == "SUCCESS", [(t.task_key, t.state, t.error) for t in run.task_runs.all()]
    assert sorted(p.name for p in out.iterdir()) == ["x.json", "y.json"]


def test_one_failing_iteration_fails_the_for_each_task(engine, make_job, script, owner, out):
    path = script("it.py", ITERATION)
    job = make_job([for_each("loop", '["a", "bad", "c"]', path, "{{input}}", str(out), 3)])
    run = wait_for(services.run_now(job=job, user=owner), timeout=60)
    assert run.state == "FAILED"
    assert task_states(run) == {"loop": "FAILED"}
    loop = run.task_runs.get(task_key="loop", parent_task_run__isnull=True)
    assert "1 of 3 iterations failed" in loop.error
    states = dict(TaskRun.objects.filter(parent_task_run=loop).values_list("iteration_index", "state"))
    assert states == {0: "SUCCESS", 1: "FAILED", 2: "SUCCESS"}


def test_inputs_that_are_not_a_json_array_fail_the_task(engine, make_job, script, owner, out):
    job = make_job([for_each("loop", '{"a": 1}', script("it.py", ITERATION), "{{input}}", str(out))])
    run = wait_for(services.run_now(job=job, user=owner))
    assert run.state == "FAILED"
    assert "JSON array" in run.task_runs.get(task_key="loop").error


def test_a_failed_iteration_is_retried_as_its_own_attempt(engine, make_job, script, owner, out):
    flaky = script(
        "flaky.py",
        "import os, sys\nmark = os.path.join(sys.argv[2], 'tried')\n"
        "if not os.path.exists(mark):\n    open(mark, 'w').close()\n"
        "    raise SystemExit('first try fails')\n",
    )
    task = for_each("loop", '["only"]', flaky, "{{input}}", str(out))
    task["for_each_task"]["task"]["max_retries"] = 1
    run = wait_for(services.run_now(job=make_job([task]), user=owner), timeout=60)
    assert run.state == "SUCCESS", run.state_message
    attempts = TaskRun.objects.filter(parent_task_run__isnull=False).order_by("attempt_number")
    assert [(a.iteration_index, a.attempt_number, a.state) for a in attempts] == [
        (0, 0, "FAILED"),
        (0, 1, "SUCCESS"),
    ]


def test_cancelling_the_run_cancels_running_and_waiting_iterations(engine, make_job, script, owner, out):
    sleepy = script("sleep.py", "import time\ntime.sleep(60)\n")
    run = services.run_now(
        job=make_job([for_each("loop", "[1, 2, 3]", sleepy, "{{input}}", str(out))]), user=owner
    )
    first = TaskRun.objects.get(parent_task_run__isnull=False, iteration_index=0)
    deadline = time.monotonic() + 30
    while first.state != "RUNNING" and time.monotonic() < deadline:
        time.sleep(0.05)
        first.refresh_from_db()
    services.cancel_run(run=run, user=owner)
    assert wait_for(run).state == "CANCELED"
    assert task_states(run) == {"loop": "CANCELED"}
    states = dict(
        TaskRun.objects.filter(parent_task_run__isnull=False).values_list("iteration_index", "state")
    )
    assert states == {0: "CANCELED", 1: "CANCELED", 2: "CANCELED"}


def test_runs_get_reports_the_iteration_stats_over_the_api(engine, make_job, script, owner, out, api):
    path = script("it.py", ITERATION)
    run = wait_for(
        services.run_now(
            job=make_job([for_each("loop", '["a", "bad"]', path, "{{input}}", str(out), 2)]), user=owner
        ),
        timeout=60,
    )
    body = api.get("/api/2.2/jobs/runs/get", {"run_id": run.pk}).json()
    loop = next(t for t in body["tasks"] if t["task_key"] == "loop")
    stats = loop["for_each_task"]["stats"]["task_run_stats"]
    assert (stats["total_iterations"], stats["succeeded_iterations"], stats["failed_iterations"]) == (2, 1, 1)
