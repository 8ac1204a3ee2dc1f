"""run_job_task end to end: a parent run starts a child job's run through the real worker, waits
for it, takes its result, and cancels it when the parent is cancelled."""

from __future__ import annotations

import time

from jobs.models import Job, JobVersion
from runs import services
from runs.api import wire
from runs.models import JobRun
from tests.runs.conftest import python_task, task_states, wait_for

PARAM = "import json, os, sys\nprint('got', json.loads(os.environ['LAKEFLOW_PARAMETERS']))\n"
FAIL = "raise ValueError('child is broken')\n"
SLEEP = "import time\ntime.sleep(60)\n"


def run_job(key: str, job_id: int, **params) -> dict:
    return {"task_key": key, "run_job_task": {"job_id": job_id, "job_parameters": params}}


def test_a_run_job_task_runs_the_child_job_and_succeeds_with_it(engine, make_job, script, owner):
    child_job = make_job([python_task("c", script("p.py", PARAM))], name="child")
    parent_job = make_job([run_job("call", child_job.pk, color="blue")], name="parent")
    run = wait_for(services.run_now(job=parent_job, user=owner))
    assert run.state == "SUCCESS", run.state_message
    child = JobRun.objects.get(job=child_job)
    call = run.task_runs.get(task_key="call")
    assert child.parent_task_run == call and child.trigger == "RUN_JOB_TASK"
    assert child.state == "SUCCESS" and child.job_parameters.get("color") == "blue"
    assert call.output["run_job_output"] == {"run_id": child.pk}
    assert "'color': 'blue'" in child.task_runs.get(task_key="c").read_log()[0]


def test_a_failing_child_run_fails_the_task_naming_the_child_run(engine, make_job, script, owner):
    child_job = make_job([python_task("c", script("f.py", FAIL))], name="child")
    parent_job = make_job([run_job("call", child_job.pk), python_task("after", script("ok.py", "1"), "call")])
    run = wait_for(services.run_now(job=parent_job, user=owner))
    child = JobRun.objects.get(job=child_job)
    assert run.state == "FAILED" and child.state == "FAILED"
    assert task_states(run) == {"call": "FAILED", "after": "UPSTREAM_FAILED"}
    assert f"child run {child.pk}" in run.task_runs.get(task_key="call").error


def test_a_run_as_user_without_manage_run_on_the_target_job_fails_the_task(
    engine, make_job, script, owner, member
):
    other = Job.objects.create(name="not yours", owner=member)
    JobVersion.objects.create(
        job=other,
        version=1,
        settings={"name": "x", "tasks": [python_task("c", script("ok.py", "1"))]},
        author=member,
    )
    run = wait_for(services.run_now(job=make_job([run_job("call", other.pk)]), user=owner))
    assert run.state == "FAILED"
    assert "CAN_MANAGE_RUN" in run.task_runs.get(task_key="call").error
    assert not JobRun.objects.filter(job=other).exists()


def test_cancelling_the_parent_run_cancels_the_child_run(engine, make_job, script, owner):
    child_job = make_job([python_task("c", script("s.py", SLEEP))], name="child")
    run = services.run_now(job=make_job([run_job("call", child_job.pk)]), user=owner)
    child = wait_for(JobRun.objects.get(job=child_job), states={"RUNNING"})
    deadline = time.monotonic() + 30
    while child.task_runs.get(task_key="c").state != "RUNNING" and time.monotonic() < deadline:
        time.sleep(0.05)
    services.cancel_run(run=run, user=owner)
    assert wait_for(run).state == "CANCELED"
    assert wait_for(child).state == "CANCELED"
    assert task_states(run) == {"call": "CANCELED"}


def test_a_retried_run_job_task_starts_a_new_child_run_per_attempt(engine, make_job, script, owner):
    child_job = make_job([python_task("c", script("f.py", FAIL))], name="child")
    task = {**run_job("call", child_job.pk), "max_retries": 1}
    run = wait_for(services.run_now(job=make_job([task]), user=owner), timeout=60)
    assert run.state == "FAILED"
    attempts = list(run.task_runs.filter(task_key="call").order_by("attempt_number"))
    assert [a.state for a in attempts] == ["FAILED", "FAILED"]
    children = JobRun.objects.filter(job=child_job).order_by("id")
    assert [c.parent_task_run_id for c in children] == [a.pk for a in attempts]


def test_runs_get_output_of_the_task_names_the_child_run(engine, make_job, script, owner, api):
    child_job = make_job([python_task("c", script("ok.py", "1"))], name="child")
    run = wait_for(services.run_now(job=make_job([run_job("call", child_job.pk)]), user=owner))
    call = run.task_runs.get(task_key="call")
    body = api.get("/api/2.2/jobs/runs/get-output", {"run_id": wire.task_run_wire_id(call.pk)}).json()
    assert body["run_job_output"] == {"run_id": JobRun.objects.get(job=child_job).pk}


def test_the_reconciler_finishes_a_run_job_task_whose_child_ended_unnoticed(
    transactional_db, make_job, script, owner
):
    from django.db import transaction

    from runs.reconciler import reconcile_once
    from runs.transitions import transition_run

    child_job = make_job([python_task("c", script("ok.py", "1"))], name="child")
    run = services.run_now(job=make_job([run_job("call", child_job.pk)]), user=owner)
    child = JobRun.objects.get(job=child_job)
    with transaction.atomic():  # the child ends without end_run: as if its process died right after
        transition_run(child, "SUCCESS")
    assert run.task_runs.get(task_key="call").state == "RUNNING"
    assert reconcile_once()["run_job_finished"] == 1
    run.refresh_from_db()
    assert run.state == "SUCCESS" and task_states(run) == {"call": "SUCCESS"}


def test_a_run_job_task_passes_python_params_to_the_child_scripts(engine, make_job, script, owner):
    child_job = make_job([python_task("c", script("argv.py", "import sys\nprint('argv', sys.argv[1:])\n"))])
    call = {"task_key": "call", "run_job_task": {"job_id": child_job.pk, "python_params": ["a", "b"]}}
    run = wait_for(services.run_now(job=make_job([call], name="parent"), user=owner))
    assert run.state == "SUCCESS", run.state_message
    child = JobRun.objects.get(job=child_job)
    assert child.overriding_parameters == {"python_params": ["a", "b"]}
    assert "argv ['a', 'b']" in child.task_runs.get(task_key="c").read_log()[0]
