"""lakeflow.runtime from task code: task values between tasks, condition tasks reading them,
notebook.exit output, and the task-run-scoped credential."""

from __future__ import annotations

import pytest

from runs import credentials, services
from tests.runs.conftest import python_task, task_states, wait_for

SET = (
    "from lakeflow.runtime import dbutils\ndbutils.jobs.taskValues.set('rows', 12)\n"
    "dbutils.jobs.taskValues.set('meta', {'ok': True})\n"
)
GET = (
    "from lakeflow.runtime import dbutils\n"
    "print('rows', dbutils.jobs.taskValues.get('producer', 'rows'))\n"
    "print('meta', dbutils.jobs.taskValues.get('producer', 'meta')['ok'])\n"
    "print('missing', dbutils.jobs.taskValues.get('producer', 'nope', default='dflt'))\n"
)


@pytest.fixture
def runtime(engine, live_server, settings):
    settings.LAKEFLOW_URL = live_server.url


def test_task_values_flow_to_downstream_tasks(runtime, make_job, script, owner):
    job = make_job(
        [
            python_task("producer", script("set.py", SET)),
            python_task(
                "consumer", script("get.py", GET), "producer", parameters=["{{tasks.producer.values.rows}}"]
            ),
        ]
    )
    run = wait_for(services.run_now(job=job, user=owner))
    consumer = run.task_runs.get(task_key="consumer")
    assert run.state == "SUCCESS", consumer.error or run.task_runs.get(task_key="producer").error
    log = consumer.read_log()[0]
    assert "rows 12" in log and "meta True" in log and "missing dflt" in log
    assert consumer.resolved_task["spark_python_task"]["parameters"] == ["12"]
    assert dict(run.task_values.values_list("key", "value")) == {"rows": 12, "meta": {"ok": True}}


@pytest.mark.parametrize(
    ("threshold", "taken", "excluded"), [("10", "big", "small"), ("100", "small", "big")]
)
def test_a_condition_task_branches_on_a_task_value(
    runtime, make_job, script, owner, threshold, taken, excluded
):
    ok = script("ok.py", "print('ok')\n")
    job = make_job(
        [
            python_task("producer", script("set.py", SET)),
            {
                "task_key": "check",
                "depends_on": [{"task_key": "producer"}],
                "condition_task": {
                    "op": "GREATER_THAN",
                    "left": "{{tasks.producer.values.rows}}",
                    "right": threshold,
                },
            },
            python_task(
                "big", ok, run_if="ALL_SUCCESS", depends_on=[{"task_key": "check", "outcome": "true"}]
            ),
            python_task("small", ok, depends_on=[{"task_key": "check", "outcome": "false"}]),
        ]
    )
    run = wait_for(services.run_now(job=job, user=owner))
    states = task_states(run)
    assert (states["check"], states[taken], states[excluded]) == ("SUCCESS", "SUCCESS", "EXCLUDED")
    assert run.state == "SUCCESS"


def test_a_condition_with_an_unknown_reference_fails(engine, make_job, owner):
    job = make_job(
        [
            {
                "task_key": "check",
                "condition_task": {"op": "EQUAL_TO", "left": "{{tasks.x.values.y}}", "right": "1"},
            }
        ]
    )
    run = wait_for(services.run_now(job=job, user=owner))
    assert run.state == "FAILED"
    assert "{{tasks.x.values.y}}" in run.task_runs.get().error


def test_notebook_exit_becomes_the_task_output(runtime, make_job, script, owner):
    code = (
        "from lakeflow.runtime import dbutils\nprint('before')\n"
        "dbutils.notebook.exit('all good')\nprint('never')\n"
    )
    run = wait_for(services.run_now(job=make_job([python_task("a", script("exit.py", code))]), user=owner))
    task_run = run.task_runs.get()
    assert run.state == "SUCCESS", task_run.error
    assert task_run.output["notebook_output"]["result"] == "all good"
    assert "never" not in task_run.read_log()[0]


def test_the_runtime_credential_only_works_while_its_task_runs(engine, make_job, script, owner, client):
    run = wait_for(services.run_now(job=make_job([python_task("a", script("ok.py", "pass\n"))]), user=owner))
    token = credentials.issue(run.task_runs.get().pk)
    response = client.post(
        "/api/2.0/lakeflow/runtime/task-values/set",
        {"key": "k", "value": 1},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 401
    assert response.json()["error_code"]


@pytest.mark.parametrize("token", ["", "not-a-token", credentials.issue(1) + "x"])
def test_the_runtime_api_refuses_other_credentials(db, client, token):
    response = client.get(
        "/api/2.0/lakeflow/runtime/task-values/get?task_key=a&key=b", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert response.status_code == 401


def test_outside_a_run_task_values_use_the_debug_value(monkeypatch):
    from lakeflow.runtime import dbutils

    monkeypatch.delenv("LAKEFLOW_TASK_TOKEN", raising=False)
    monkeypatch.setenv("LAKEFLOW_PARAMETERS", '{"a": "1"}')
    dbutils.jobs.taskValues.set("k", 1)  # a no-op outside a run
    assert dbutils.jobs.taskValues.get("t", "k", debugValue=5) == 5
    assert dbutils.widgets.get("a") == "1"
    with pytest.raises(TypeError):
        dbutils.jobs.taskValues.get("t", "k")
    with pytest.raises(ValueError, match="InputWidgetNotDefined"):
        dbutils.widgets.get("b")
