"""trigger.job_completion in Databricks' shape: a run once every monitored job has completed with
the chosen status since the trigger last fired."""

from __future__ import annotations

import importlib
from datetime import timedelta

import pytest
from databricks.sdk.service import jobs as dbx
from django.utils import timezone

from jobs.schedules.services import check_triggers
from runs import services as run_services
from tests.jobs import trigger_helpers
from tests.jobs.trigger_helpers import ECHO, FAIL, create, wait_for, wait_for_runs
from tests.runs.api_rows import finished_run

engine, script = trigger_helpers.engine, trigger_helpers.script  # the real-worker fixtures
TASKS = [{"task_key": "a", "spark_python_task": {"python_file": "/x.py"}}]


def completion(*upstream, if_status: str | None = None) -> dict:
    config: dict = {"jobs": [{"job_id": str(job.pk)} for job in upstream]}
    if if_status:
        config["if_status"] = if_status
    return {"job_completion": config}


# -- the wire shape ------------------------------------------------------------------------------


def _upstream(api) -> int:
    response = api.post("/api/2.2/jobs/create", {"name": "up", "tasks": TASKS}, format="json")
    return response.json()["job_id"]


@pytest.mark.django_db
def test_the_api_stores_and_returns_the_databricks_shape_with_its_default(api):
    a, b = _upstream(api), _upstream(api)
    trigger = {"job_completion": {"jobs": [{"job_id": a, "workspace_id": "123"}, {"job_id": str(b)}]}}
    body = {"name": "t", "tasks": TASKS, "trigger": trigger}
    response = api.post("/api/2.2/jobs/create", body, format="json")
    assert response.status_code == 200, response.json()
    got = api.get("/api/2.2/jobs/get", {"job_id": response.json()["job_id"]}).json()["settings"]["trigger"]
    assert got["job_completion"] == {
        "jobs": [{"job_id": str(a), "workspace_id": "123"}, {"job_id": str(b)}],
        "if_status": "SUCCESS",
    }


@pytest.mark.django_db
def test_a_job_completion_trigger_must_watch_existing_jobs_other_than_itself(api):
    body = {"name": "t", "tasks": TASKS, "trigger": {"job_completion": {"jobs": [{"job_id": "999999"}]}}}
    response = api.post("/api/2.2/jobs/create", body, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "error_code": "INVALID_PARAMETER_VALUE",
        "message": "trigger.job_completion.jobs[0].job_id names unknown job 999999.",
    }
    job_id = _upstream(api)
    update = {"trigger": {"job_completion": {"jobs": [{"job_id": str(job_id)}], "if_status": "DONE"}}}
    response = api.post("/api/2.2/jobs/update", {"job_id": job_id, "new_settings": update}, format="json")
    assert response.status_code == 400
    assert "jobs[0].job_id is this job itself" in response.json()["message"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"job_ids": [7], "result_states": ["FAILED"]}, 'no longer accepted; send Databricks\' {"jobs"'),
        ({}, "trigger.job_completion.jobs is required"),
        ({"jobs": []}, "trigger.job_completion.jobs must list at least one job"),
        ({"jobs": [{"job_id": str(i)} for i in range(1, 12)]}, "must have at most 10 entries, got 11"),
        ({"jobs": [{"job_id": "7"}, {"job_id": 7}]}, "job_completion.jobs lists a job more than once"),
        ({"jobs": [{"job_id": "seven"}]}, "job_completion.jobs[0].job_id must be a positive integer id"),
        ({"jobs": [{"workspace_id": "1"}]}, "job_completion.jobs[0].job_id is required"),
        ({"jobs": [{"job_id": "7"}], "if_status": "SUCCEEDED"}, "if_status must be one of SUCCESS, FAILED"),
    ],
)
def test_the_api_refuses_a_bad_job_completion_trigger_naming_the_field(api, config, message):
    body = {"name": "t", "tasks": TASKS, "trigger": {"job_completion": config}}
    response = api.post("/api/2.2/jobs/create", body, format="json")
    assert response.status_code == 400
    assert response.json()["error_code"] == "INVALID_PARAMETER_VALUE"
    assert message in response.json()["message"]


def test_the_sdk_sets_a_job_completion_trigger_and_reads_it_back(sdk):
    task = dbx.Task(task_key="a", spark_python_task=dbx.SparkPythonTask(python_file="/Workspace/a.py"))
    upstream = str(sdk.jobs.create(name="upstream", tasks=[task]).job_id)
    trigger = dbx.TriggerSettings(
        job_completion=dbx.JobCompletionTriggerConfiguration(
            # workspace_id 0: what {{workspace.id}} reports unless LAKEFLOW_WORKSPACE_ID is set
            jobs=[dbx.JobCompletionTriggerConfigurationMonitoredJob(job_id=upstream, workspace_id="0")],
            if_status=dbx.JobCompletionTriggerConfigurationIfStatus.FAILED,
        )
    )
    job_id = sdk.jobs.create(name="downstream", tasks=[task], trigger=trigger).job_id
    assert sdk.jobs.get(job_id).settings.trigger.job_completion == trigger.job_completion


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ({"job_ids": [7]}, {"jobs": [{"job_id": "7"}], "if_status": "SUCCESS"}),
        (
            {"job_ids": [7, 8], "result_states": ["FAILED", "TIMEDOUT"]},
            {"jobs": [{"job_id": "7"}, {"job_id": "8"}], "if_status": "FAILED"},
        ),
        (
            {"job_ids": [7], "result_states": ["SUCCESS", "CANCELED"]},
            {"jobs": [{"job_id": "7"}], "if_status": "DONE"},
        ),
    ],
)
def test_stored_triggers_of_the_old_shape_are_migrated_to_the_if_status_covering_them(old, new):
    migration = importlib.import_module("jobs.schedules.migrations.0003_job_completion_databricks_shape")
    assert migration.to_databricks_shape(old) == new


# -- when it fires -------------------------------------------------------------------------------


@pytest.fixture
def upstream(owner):
    return [create(owner, "/Workspace/up.py", name=f"up {i}") for i in range(2)]


@pytest.mark.django_db
def test_with_two_jobs_one_completion_waits_and_the_second_fires_once(owner, upstream):
    a, b = upstream
    job = create(owner, "/Workspace/x.py", trigger=completion(a, b))
    start = timezone.now()
    check_triggers(job_id=job.pk, now=start)  # baseline
    finished_run(a, owner, created_at=start + timedelta(seconds=1))
    latest_a = finished_run(a, owner, created_at=start + timedelta(seconds=2))
    assert check_triggers(job_id=job.pk) == []
    b_run = finished_run(b, owner, state="SUCCESS_WITH_FAILURES", created_at=start + timedelta(seconds=3))
    [run] = check_triggers(job_id=job.pk)
    assert run.trigger == "JOB_COMPLETION"
    completed = run.trigger_info["job_completion"]["completed_jobs"]
    assert [(c["job_id"], c["run_id"], c["termination_code"]) for c in completed] == [
        (str(a.pk), str(latest_a.pk), "SUCCESS"),  # a's latest completion contributes
        (str(b.pk), str(b_run.pk), "SUCCESS_WITH_FAILURES"),
    ]
    assert check_triggers(job_id=job.pk) == []  # both must complete again for the next run
    finished_run(b, owner, created_at=start + timedelta(seconds=4))
    assert check_triggers(job_id=job.pk) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("if_status", "fires_on"),
    [
        ("SUCCESS", {"SUCCESS", "SUCCESS_WITH_FAILURES"}),
        ("FAILED", {"FAILED", "TIMEDOUT", "CANCELED"}),
        ("DONE", {"SUCCESS", "SUCCESS_WITH_FAILURES", "FAILED", "TIMEDOUT", "CANCELED"}),
    ],
)
def test_if_status_chooses_which_endings_count(owner, upstream, if_status, fires_on):
    a = upstream[0]
    job = create(owner, "/Workspace/x.py", trigger=completion(a, if_status=if_status))
    start = timezone.now()
    check_triggers(job_id=job.pk, now=start)
    for offset, state in enumerate(("SUCCESS", "SUCCESS_WITH_FAILURES", "FAILED", "TIMEDOUT", "CANCELED")):
        finished_run(a, owner, state=state, created_at=start + timedelta(seconds=offset + 1))
        fired = check_triggers(job_id=job.pk)
        assert bool(fired) == (state in fires_on), state


@pytest.mark.django_db
def test_completions_before_the_trigger_was_set_up_start_nothing(owner, upstream):
    a = upstream[0]
    finished_run(a, owner, created_at=timezone.now() - timedelta(minutes=5))
    job = create(owner, "/Workspace/x.py", trigger=completion(a))
    check_triggers(job_id=job.pk)
    assert check_triggers(job_id=job.pk) == []


@pytest.mark.slow
def test_a_downstream_job_runs_when_both_upstream_jobs_have_really_completed(engine, script, owner):
    ok, fail = script("echo.py", ECHO), script("fail.py", FAIL)
    a, b = create(owner, ok, name="a"), create(owner, fail, name="b")
    downstream = create(owner, ok, name="downstream", trigger=completion(a, b, if_status="DONE"))
    check_triggers(job_id=downstream.pk)  # baseline
    wait_for(run_services.run_now(job=a, user=owner))
    assert check_triggers(job_id=downstream.pk) == []  # b has not completed yet
    failed = wait_for(run_services.run_now(job=b, user=owner))
    [run] = wait_for_runs(downstream, 1)  # started by the run-end hook, no poll
    assert run.trigger == "JOB_COMPLETION"
    assert run.trigger_info["job_completion"]["completed_jobs"][1]["run_id"] == str(failed.pk)
    assert wait_for(run).state == "SUCCESS"
