"""The official databricks-sdk drives runs end to end: live server + a real Celery worker running
python-script tasks in child processes. Each `.result()` polls runs/get as the SDK does."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from databricks.sdk.errors import InvalidParameterValue, ResourceDoesNotExist
from databricks.sdk.service import jobs as sdk_jobs

from jobs import services as job_services

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

WAIT = timedelta(seconds=90)


def py_task(key: str, path: str, *deps: str, parameters: list[str] | None = None) -> dict:
    task: dict = {"task_key": key, "spark_python_task": {"python_file": path, "parameters": parameters or []}}
    if deps:
        task["depends_on"] = [{"task_key": d} for d in deps]
    return task


def create_job(owner, tasks: list[dict], **settings):
    return job_services.create_job(user=owner, settings={"name": "sdk job", "tasks": tasks, **settings})


def test_run_now_with_job_parameters_runs_to_success(engine, sdk, owner, script):
    path = script("greet.py", "import sys\nprint('hello', sys.argv[1])\n")
    job = create_job(
        owner,
        [py_task("greet", path, parameters=["{{job.parameters.who}}"])],
        parameters=[{"name": "who", "default": "nobody"}],
    )
    run = sdk.jobs.run_now(job.pk, job_parameters={"who": "lakeflow"}).result(timeout=WAIT)
    assert run.state.life_cycle_state == sdk_jobs.RunLifeCycleState.TERMINATED
    assert run.state.result_state == sdk_jobs.RunResultState.SUCCESS
    assert run.status.state == sdk_jobs.RunLifecycleStateV2State.TERMINATED
    assert run.job_id == job.pk and run.number_in_job == 1
    assert [p.as_dict() for p in run.job_parameters] == [
        {"name": "who", "default": "nobody", "value": "lakeflow"}
    ]
    [task] = run.tasks
    assert task.state.result_state == sdk_jobs.RunResultState.SUCCESS
    assert task.end_time >= task.start_time > 0
    output = sdk.jobs.get_run_output(task.run_id)
    assert "hello lakeflow" in output.logs
    resolved = sdk.jobs.get_run(run.run_id, include_resolved_values=True).tasks[0].resolved_values
    assert resolved.spark_python_task.parameters == ["lakeflow"]
    assert output.metadata.tasks[0].task_key == "greet"


def test_submit_runs_inline_tasks(engine, sdk, script):
    path = script("one.py", "print('one-time')\n")
    waiter = sdk.jobs.submit(
        run_name="adhoc",
        tasks=[
            sdk_jobs.SubmitTask(task_key="only", spark_python_task=sdk_jobs.SparkPythonTask(python_file=path))
        ],
    )
    run = waiter.result(timeout=WAIT)
    assert waiter.response.run_id == run.run_id
    assert run.run_type == sdk_jobs.RunType.SUBMIT_RUN
    assert run.run_name == "adhoc"
    assert run.state.result_state == sdk_jobs.RunResultState.SUCCESS
    assert "one-time" in sdk.jobs.get_run_output(run.tasks[0].run_id).logs


def test_a_failed_run_is_repaired_inside_the_same_run(engine, sdk, owner, script, lakeflow_home):
    marker = lakeflow_home / "fixed"
    flaky = script(
        "flaky.py",
        f"import pathlib\nif not pathlib.Path({str(marker)!r}).exists():\n"
        "    raise ValueError('not fixed yet')\n",
    )
    after = script("after.py", "print('after')\n")
    job = create_job(owner, [py_task("flaky", flaky), py_task("after", after, "flaky")])

    failed = sdk.jobs.run_now(job.pk).result(timeout=WAIT)
    assert failed.state.result_state == sdk_jobs.RunResultState.FAILED
    states = {t.task_key: t.state.result_state for t in failed.tasks}
    assert states == {
        "flaky": sdk_jobs.RunResultState.FAILED,
        "after": sdk_jobs.RunResultState.UPSTREAM_FAILED,
    }
    flaky_run = next(t for t in failed.tasks if t.task_key == "flaky")
    output = sdk.jobs.get_run_output(flaky_run.run_id)
    assert output.error == "ValueError: not fixed yet"
    assert "Traceback" in output.error_trace

    marker.write_text("yes")
    waiter = sdk.jobs.repair_run(failed.run_id, rerun_all_failed_tasks=True)
    repaired = waiter.result(timeout=WAIT)
    assert repaired.run_id == failed.run_id
    assert repaired.state.result_state == sdk_jobs.RunResultState.SUCCESS
    run = sdk.jobs.get_run(failed.run_id, include_history=True)
    assert [h.type for h in run.repair_history] == [
        sdk_jobs.RepairHistoryItemType.ORIGINAL,
        sdk_jobs.RepairHistoryItemType.REPAIR,
    ]
    assert run.repair_history[0].state.result_state == sdk_jobs.RunResultState.FAILED
    assert run.repair_history[1].id == waiter.response.repair_id
    assert sorted((t.task_key, t.attempt_number) for t in run.tasks) == [
        ("after", 0),
        ("after", 1),
        ("flaky", 0),
        ("flaky", 1),
    ]
    # A second repair must name the latest one, as Databricks requires.
    with pytest.raises(InvalidParameterValue):
        sdk.jobs.repair_run(failed.run_id, rerun_tasks=["after"])
    again = sdk.jobs.repair_run(
        failed.run_id, rerun_tasks=["after"], latest_repair_id=waiter.response.repair_id
    ).result(timeout=WAIT)
    assert again.state.result_state == sdk_jobs.RunResultState.SUCCESS


def test_cancel_run_stops_a_long_task(engine, sdk, owner, script):
    path = script("sleepy.py", "import time\nprint('sleeping', flush=True)\ntime.sleep(120)\n")
    job = create_job(owner, [py_task("sleepy", path)])
    run_id = sdk.jobs.run_now(job.pk).run_id
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        tasks = sdk.jobs.get_run(run_id).tasks
        if tasks and tasks[0].state.life_cycle_state == sdk_jobs.RunLifeCycleState.RUNNING:
            break
        time.sleep(0.1)
    run = sdk.jobs.cancel_run(run_id).result(timeout=WAIT)
    assert run.state.result_state == sdk_jobs.RunResultState.CANCELED
    assert run.state.user_cancelled_or_timedout is True
    assert run.tasks[0].state.result_state == sdk_jobs.RunResultState.CANCELED


def test_list_runs_and_unknown_runs(engine, sdk, owner, script):
    path = script("noop.py", "pass\n")
    job = create_job(owner, [py_task("noop", path)])
    first = sdk.jobs.run_now(job.pk).result(timeout=WAIT)
    second = sdk.jobs.run_now(job.pk).result(timeout=WAIT)
    listed = list(sdk.jobs.list_runs(job_id=job.pk, limit=1))
    assert [r.run_id for r in listed] == [second.run_id, first.run_id]
    assert [r.number_in_job for r in listed] == [2, 1]
    expanded = list(sdk.jobs.list_runs(job_id=job.pk, expand_tasks=True, completed_only=True))
    assert all(r.tasks[0].task_key == "noop" for r in expanded)
    with pytest.raises(ResourceDoesNotExist):
        sdk.jobs.get_run(999999)
    with pytest.raises(ResourceDoesNotExist):
        sdk.jobs.get_run_output(999999)


def test_a_notebook_result_and_its_html_reach_the_sdk(
    engine, sdk, owner, lakeflow_home, live_server, settings
):
    settings.LAKEFLOW_API_URL = live_server.url  # where dbutils in the task reaches Lakeflow
    notebook = lakeflow_home / "workspace" / "report.py"
    notebook.parent.mkdir(exist_ok=True)
    notebook.write_text(
        "# Databricks notebook source\n"
        "from lakeflow.runtime import dbutils\n"
        "print('rows: 3')\n"
        "# COMMAND ----------\n"
        "dbutils.notebook.exit('42')\n"
    )
    job = create_job(owner, [{"task_key": "report", "notebook_task": {"notebook_path": "/Workspace/report"}}])
    run = sdk.jobs.run_now(job.pk).result(timeout=WAIT)
    task_run_id = run.tasks[0].run_id
    output = sdk.jobs.get_run_output(task_run_id)
    assert run.state.result_state == sdk_jobs.RunResultState.SUCCESS, (output.error, output.logs)
    assert output.notebook_output.result == "42"
    views = sdk.jobs.export_run(task_run_id).views
    assert [(v.type, v.name) for v in views] == [(sdk_jobs.ViewType.NOTEBOOK, "/Workspace/report")]
    assert "rows: 3" in views[0].content
    assert sdk.jobs.export_run(task_run_id, views_to_export=sdk_jobs.ViewsToExport.DASHBOARDS).views == []


def test_the_sdk_pages_through_long_runs_and_many_runs(sdk, owner):
    from tests.runs.api_rows import finished_run, task_run

    job = create_job(owner, [py_task(f"t{i:03}", "/Workspace/t.py") for i in range(130)])
    big = finished_run(job, owner, {})
    for i in range(130):
        task_run(big, f"t{i:03}", "SUCCESS")
    for _ in range(29):
        finished_run(job, owner, {})
    run = sdk.jobs.get_run(big.pk)  # the SDK follows next_page_token
    assert [t.task_key for t in run.tasks] == [f"t{i:03}" for i in range(130)]
    runs = list(sdk.jobs.list_runs(job_id=job.pk))  # pages of 20 by default
    assert len(runs) == 30 and runs[-1].run_id == big.pk
    expanded = list(sdk.jobs.list_runs(job_id=job.pk, expand_tasks=True, limit=25))
    assert len(expanded[-1].tasks) == 130  # has_more -> the SDK fetched the rest with get_run


def test_task_run_id_references_are_the_ids_the_api_takes(engine, sdk, owner, script):
    path = script("me.py", "import sys\nprint('I am', sys.argv[1])\n")
    job = create_job(owner, [py_task("me", path, parameters=["{{task.run_id}}"])])
    run = sdk.jobs.run_now(job.pk).result(timeout=WAIT)
    task_run_id = run.tasks[0].run_id
    assert f"I am {task_run_id}" in sdk.jobs.get_run_output(task_run_id).logs


def test_python_params_replace_the_script_arguments_of_a_run_and_of_its_repair(engine, sdk, owner, script):
    path = script("args.py", "import sys\nprint('args', sys.argv[1:])\nsys.exit(sys.argv[1] == 'fail')\n")
    job = create_job(owner, [py_task("args", path, parameters=["from-job"])])
    run = sdk.jobs.run_now(job.pk, python_params=["fail", "x"]).result(timeout=WAIT)
    assert run.state.result_state == sdk_jobs.RunResultState.FAILED
    assert run.overriding_parameters.python_params == ["fail", "x"]
    assert "args ['fail', 'x']" in sdk.jobs.get_run_output(run.tasks[0].run_id).logs
    repaired = sdk.jobs.repair_run(run.run_id, rerun_all_failed_tasks=True, python_params=["ok"]).result(
        timeout=WAIT
    )
    assert repaired.state.result_state == sdk_jobs.RunResultState.SUCCESS
    assert "args ['ok']" in sdk.jobs.get_run_output(repaired.tasks[-1].run_id).logs
