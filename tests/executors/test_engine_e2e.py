"""Every task type of this package end to end: the official SDK against a live server, a real
Celery worker (tests/runs' `engine` fixture), real child processes and engines."""

from __future__ import annotations

import subprocess
from datetime import timedelta

import pytest
from databricks.sdk.service import jobs as sdk_jobs

from jobs import services as job_services
from tests.executors.test_git_sources import commit, git
from tests.executors.wheels import build_wheel
from tests.runs.conftest import engine, script  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("engine")]

WAIT = timedelta(seconds=120)
SUCCESS = sdk_jobs.RunResultState.SUCCESS


def run_job(sdk, owner, tasks: list[dict], **settings):
    job = job_services.create_job(user=owner, settings={"name": "e2e", "tasks": tasks, **settings})
    run = sdk.jobs.run_now(job.pk).result(timeout=WAIT)
    return run, {t.task_key: t for t in run.tasks}


def test_a_sql_task_previews_its_result_in_get_output(sdk, api, owner, put_file):
    put_file(
        "/Users/owner/q.sql",
        "CREATE OR REPLACE TABLE t AS SELECT range AS n FROM range(5);\n"
        "SELECT count(*) AS c, {{label}} AS label FROM t WHERE n >= {{low}}",
    )
    task = {
        "task_key": "q",
        "sql_task": {
            "file": {"path": "/Users/owner/q.sql"},
            "warehouse_id": "default",
            "parameters": {"label": "x'; DROP TABLE t; --", "low": "2"},
        },
    }
    run, tasks = run_job(sdk, owner, [task])
    assert run.state.result_state == SUCCESS
    output = api.get("/api/2.2/jobs/runs/get-output", {"run_id": tasks["q"].run_id}).json()["sql_output"]
    assert output["rows"] == [["3", "x'; DROP TABLE t; --"]]
    assert sdk.jobs.get_run_output(tasks["q"].run_id).sql_output.query_output.warehouse_id == "default"


def test_a_failing_sql_task_reports_the_engine_message_and_line(sdk, owner, put_file):
    put_file("/Users/owner/bad.sql", "SELECT 1;\nSELECT * FROM missing_e2e_table")
    task = {
        "task_key": "q",
        "sql_task": {"file": {"path": "/Users/owner/bad.sql"}, "warehouse_id": "default"},
    }
    run, tasks = run_job(sdk, owner, [task])
    assert run.state.result_state == sdk_jobs.RunResultState.FAILED
    error = sdk.jobs.get_run_output(tasks["q"].run_id).error
    assert "missing_e2e_table" in error and "(line 2 of /Users/owner/bad.sql)" in error


def test_a_notebook_gets_parameters_as_widgets_and_fails_with_the_cells_error(
    sdk, owner, put_file, live_server, settings
):
    settings.LAKEFLOW_API_URL = live_server.url
    put_file(
        "/Users/owner/nb.py",
        "# Databricks notebook source\n"
        "from lakeflow.runtime import dbutils\n"
        "print('city is', dbutils.widgets.get('city'))\n"
        "# COMMAND ----------\n"
        "raise KeyError(city)\n",
    )
    task = {
        "task_key": "nb",
        "notebook_task": {
            "notebook_path": "/Users/owner/nb",
            "base_parameters": {"city": "{{job.parameters.city}}"},
        },
    }
    run, tasks = run_job(sdk, owner, [task], parameters=[{"name": "city", "default": "Lyon"}])
    output = sdk.jobs.get_run_output(tasks["nb"].run_id)
    assert run.state.result_state == sdk_jobs.RunResultState.FAILED
    assert output.error == "KeyError: 'Lyon'"
    assert "city is Lyon" in output.logs


def test_a_wheel_task_runs_in_its_cached_environment(sdk, owner, put_file, tmp_path):
    wheel = build_wheel(tmp_path, "e2e-tool", "2.0", {"e2e_tool/__init__.py": "import sys\n"
                        "def main():\n    print('wheel says', ' '.join(sys.argv[1:]))\n"},
                        console_scripts={"go": "e2e_tool:main"})  # fmt: skip
    put_file(f"/Users/owner/{wheel.name}", wheel.read_bytes())
    task = {
        "task_key": "w",
        "libraries": [{"whl": f"/Workspace/Users/owner/{wheel.name}"}],
        "python_wheel_task": {
            "package_name": "e2e_tool",
            "entry_point": "go",
            "named_parameters": {"day": "monday"},
        },
    }
    run, tasks = run_job(sdk, owner, [task])
    assert run.state.result_state == SUCCESS
    assert "wheel says --day=monday" in sdk.jobs.get_run_output(tasks["w"].run_id).logs


@pytest.mark.usefixtures("javac")
def test_a_jar_task_runs_its_main_class(sdk, owner, put_file, tmp_path):
    (tmp_path / "Hello.java").write_text(
        'public class Hello { public static void main(String[] a) { System.out.println("jar " + a[0]); } }'
    )
    subprocess.run(["javac", "-d", str(tmp_path / "out"), str(tmp_path / "Hello.java")], check=True)
    subprocess.run(["jar", "cf", str(tmp_path / "h.jar"), "-C", str(tmp_path / "out"), "."], check=True)
    put_file("/Users/owner/h.jar", (tmp_path / "h.jar").read_bytes())
    task = {
        "task_key": "j",
        "libraries": [{"jar": "/Workspace/Users/owner/h.jar"}],
        "spark_jar_task": {"main_class_name": "Hello", "parameters": ["works"]},
        # JARs do not run on serverless compute: a one-task job cluster.
        "new_cluster": {"spark_version": "python-3.11", "num_workers": 1},
    }
    run, tasks = run_job(sdk, owner, [task])
    assert run.state.result_state == SUCCESS
    assert "jar works" in sdk.jobs.get_run_output(tasks["j"].run_id).logs


def test_a_pipeline_task_runs_an_update(sdk, owner, put_file):
    from compute import warehouse_engines as engines
    from compute.warehouses import ensure_default_warehouse
    from lakeflow.pipelines import services as pipeline_services

    warehouse = engines.open_engine(ensure_default_warehouse().target())
    warehouse.execute("CREATE SCHEMA IF NOT EXISTS e2e", [])
    warehouse.execute("CREATE OR REPLACE TABLE e2e.src AS SELECT range AS n FROM range(10)", [])
    warehouse.close()
    put_file(
        "/Users/owner/p.sql",
        "CREATE STREAMING TABLE copy (CONSTRAINT lt5 EXPECT (n < 5) "
        "ON VIOLATION DROP ROW) AS SELECT * FROM STREAM(src)",
    )
    pipeline = pipeline_services.create_pipeline(
        user=owner,
        spec={"name": "e2e", "schema": "e2e", "libraries": [{"file": {"path": "/Users/owner/p.sql"}}]},
    )
    run, tasks = run_job(sdk, owner, [{"task_key": "p", "pipeline_task": {"pipeline_id": pipeline.id}}])
    assert run.state.result_state == SUCCESS, sdk.jobs.get_run_output(tasks["p"].run_id).error
    update = pipeline.updates.get()
    assert (update.cause, update.datasets["copy"]["rows"], update.datasets["copy"]["dropped"]) == (
        "JOB_TASK",
        5,
        5,
    )


def test_tasks_with_source_git_read_the_pinned_commit(sdk, api, owner, tmp_path):
    origin = tmp_path / "origin"
    origin.mkdir()
    git(origin, "init", "-q", "-b", "main")
    sha = commit(origin, {"sql/one.sql": "SELECT 'from git' AS origin"}, "first")
    task = {
        "task_key": "g",
        "sql_task": {"file": {"path": "sql/one.sql", "source": "GIT"}, "warehouse_id": "default"},
    }
    run, tasks = run_job(
        sdk,
        owner,
        [task],
        git_source={"git_url": str(origin), "git_provider": "gitHub", "git_branch": "main"},
    )
    assert run.state.result_state == SUCCESS, sdk.jobs.get_run_output(tasks["g"].run_id).error
    output = api.get("/api/2.2/jobs/runs/get-output", {"run_id": tasks["g"].run_id}).json()["sql_output"]
    assert output["rows"] == [["from git"]]
    assert sdk.jobs.get_run(run.run_id).git_source.git_snapshot.used_commit == sha
