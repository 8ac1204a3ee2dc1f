"""Secrets in runs, through a real worker and child processes: dbutils.secrets.get, {{secrets/...}}
in parameters and environment variables, [REDACTED] in logs, outputs, errors and resolved values,
and the run-as user's READ permission deciding what a run can read."""

from __future__ import annotations

import logging

import pytest

from lakeflow.secrets import services as secrets
from runs import services
from tests.runs.conftest import python_task, wait_for

VALUE = "s3cr3t-Value-42"

PRINTS = (
    "import os, sys\n"
    "from lakeflow.runtime import dbutils\n"
    "value = dbutils.secrets.get('team', 'pw')\n"
    "print('from dbutils', value)\n"
    "print('from argv', sys.argv[1])\n"
    "print('from env', os.environ['LF_SECRET_TEST'])\n"
    "print('same?', value == sys.argv[1] == os.environ['LF_SECRET_TEST'])\n"
)


@pytest.fixture
def runtime(engine, live_server, settings):
    settings.LAKEFLOW_URL = live_server.url


@pytest.fixture
def scope(owner):
    secrets.create_scope(user=owner, name="team")
    secrets.put_secret(user=owner, scope="team", key="pw", value=VALUE.encode())


def test_a_task_reads_secrets_and_every_printed_value_is_redacted(
    runtime, scope, make_job, script, owner, monkeypatch, caplog
):
    caplog.set_level(logging.DEBUG)
    # Inherited by every task's child environment (as a cluster's spark_env_vars would be).
    monkeypatch.setenv("LF_SECRET_TEST", "{{secrets/team/pw}}")
    job = make_job([python_task("t", script("p.py", PRINTS), parameters=["{{secrets/team/pw}}"])])
    run = wait_for(services.run_now(job=job, user=owner))
    task_run = run.task_runs.get()
    assert run.state == "SUCCESS", task_run.error
    log = task_run.read_log()[0]
    assert VALUE not in log
    assert "from dbutils [REDACTED]" in log and "from argv [REDACTED]" in log and "from env [REDACTED]" in log
    assert "same? True" in log  # the task itself saw the real value everywhere
    assert task_run.resolved_task["spark_python_task"]["parameters"] == ["[REDACTED]"]
    # No log line of the server, the worker or the runtime API carries the value.
    assert VALUE not in "\n".join(f"{r.getMessage()} {r.args}" for r in caplog.records)


def test_errors_outputs_and_task_values_are_redacted(runtime, scope, make_job, script, owner):
    fail = (
        "from lakeflow.runtime import dbutils\nraise SystemExit('bad ' + dbutils.secrets.get('team', 'pw'))\n"
    )
    exit_ = (
        "from lakeflow.runtime import dbutils\n"
        "dbutils.notebook.exit('out ' + dbutils.secrets.get('team', 'pw'))\n"
    )
    value = (
        "from lakeflow.runtime import dbutils\n"
        "secret = dbutils.secrets.get('team', 'pw')\n"
        "dbutils.jobs.taskValues.set('pw', secret)\n"
        "dbutils.jobs.taskValues.set('conn', {'url': 'db://u:' + secret + '@h', 'port': 5432})\n"
    )
    tasks = [("fail", "f.py", fail), ("exit", "e.py", exit_), ("value", "v.py", value)]
    job = make_job([python_task(key, script(name, code)) for key, name, code in tasks])
    run = wait_for(services.run_now(job=job, user=owner))
    failed = run.task_runs.get(task_key="fail")
    exited = run.task_runs.get(task_key="exit")
    assert failed.state == "FAILED"
    assert VALUE not in failed.error + failed.error_trace and "[REDACTED]" in failed.error
    assert exited.output["notebook_output"]["result"] == "out [REDACTED]"
    assert dict(run.task_values.values_list("key", "value")) == {
        "pw": "[REDACTED]",
        "conn": {"url": "db://u:[REDACTED]@h", "port": 5432},
    }


def test_a_secret_the_run_as_user_cannot_read_fails_the_task(runtime, make_job, script, owner, admin_user):
    secrets.create_scope(user=admin_user, name="admins-only")
    secrets.put_secret(user=admin_user, scope="admins-only", key="pw", value=b"not-for-owner")
    by_param = python_task(
        "param", script("a.py", "print('ran')\n"), parameters=["{{secrets/admins-only/pw}}"]
    )
    by_code = python_task(
        "code",
        script("b.py", "from lakeflow.runtime import dbutils\ndbutils.secrets.get('admins-only', 'pw')\n"),
    )
    run = wait_for(services.run_now(job=make_job([by_param, by_code]), user=owner))
    param = run.task_runs.get(task_key="param")
    code = run.task_runs.get(task_key="code")
    assert param.state == "FAILED" and "cannot be read as owner" in param.error
    assert "does not have READ permission" in param.error
    assert code.state == "FAILED" and "does not have READ permission" in code.read_log()[0]


def test_a_job_running_as_another_user_reads_with_that_users_acl(
    runtime, make_job, script, owner, member, admin_user
):
    secrets.create_scope(user=admin_user, name="member-scope")
    secrets.put_secret(user=admin_user, scope="member-scope", key="pw", value=b"member-can-read")
    secrets.put_acl(user=admin_user, scope="member-scope", principal="member", permission="READ")
    code = "from lakeflow.runtime import dbutils\nprint(len(dbutils.secrets.get('member-scope', 'pw')))\n"
    job = make_job([python_task("t", script("m.py", code))])
    refused = wait_for(services.run_now(job=job, user=owner))
    assert refused.state == "FAILED"
    job.run_as = member
    job.save(update_fields=["run_as"])
    allowed = wait_for(services.run_now(job=job, user=owner))
    assert allowed.state == "SUCCESS", allowed.task_runs.get().error
    assert "15" in allowed.task_runs.get().read_log()[0]


def test_an_unknown_secret_reference_names_itself(runtime, make_job, script, owner, scope):
    job = make_job([python_task("t", script("x.py", "print(1)\n"), parameters=["{{secrets/team/nope}}"])])
    run = wait_for(services.run_now(job=job, user=owner))
    error = run.task_runs.get().error
    assert "{{secrets/team/nope}}" in error and "does not exist" in error


def test_a_condition_on_a_secret_works_without_storing_the_value(runtime, scope, make_job, script, owner):
    condition = {
        "task_key": "check",
        "condition_task": {"op": "EQUAL_TO", "left": "{{secrets/team/pw}}", "right": VALUE},
    }
    run = wait_for(services.run_now(job=make_job([condition]), user=owner))
    check = run.task_runs.get()
    assert check.state == "SUCCESS" and check.outcome == "true"
    assert check.resolved_task["condition_task"]["left"] == "[REDACTED]"
    assert VALUE not in str(check.resolved_task)


def test_a_notebook_printing_a_secret_keeps_it_out_of_its_html_and_ipynb(
    engine, live_server, settings, scope, make_job, owner, lakeflow_home
):
    settings.LAKEFLOW_API_URL = live_server.url
    notebook = lakeflow_home / "workspace" / "leak.py"
    notebook.parent.mkdir(exist_ok=True)
    notebook.write_text(
        "# Databricks notebook source\n"
        "from lakeflow.runtime import dbutils\n"
        "print('the value:', dbutils.secrets.get('team', 'pw'))\n"
    )
    job = make_job([{"task_key": "nb", "notebook_task": {"notebook_path": "/Workspace/leak"}}])
    run = wait_for(services.run_now(job=job, user=owner), timeout=120)
    task_run = run.task_runs.get()
    assert run.state == "SUCCESS", task_run.error
    artifacts = task_run.output["notebook_artifacts"]
    for path in (artifacts["html"], artifacts["ipynb"]):
        text = open(path, encoding="utf-8").read()  # noqa: SIM115
        assert VALUE not in text and "[REDACTED]" in text, path
