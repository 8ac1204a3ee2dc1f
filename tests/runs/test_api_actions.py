"""Runs API actions: run-now, runs/submit, cancel, cancel-all, repair, delete -- their fields,
their errors, who may call them, and idempotency under racing requests.

Most tests run inside a test transaction, so the engine's dispatch messages (sent on commit) are
never sent: the stored run is what the API promised. The racing test runs against a live server
with a real worker, so every run it starts also finishes.
"""

from __future__ import annotations

import threading

import pytest
import requests

from jobs.models import JobPermission
from runs.api.wire import task_run_wire_id
from runs.models import JobRun, RunRepair
from tests.conftest import token_for
from tests.runs.api_rows import finished_run, job_with
from tests.runs.conftest import wait_for


def post(client, path: str, body: dict, version: str = "2.2"):
    return client.post(f"/api/{version}/jobs/{path}", body, format="json")


def error(response) -> tuple[int, str, str]:
    body = response.json()
    return response.status_code, body["error_code"], body["message"]


@pytest.fixture
def job(owner):
    return job_with(owner, "a", "b", parameters=[{"name": "day", "default": "monday"}])


# --- run-now -------------------------------------------------------------------------------------


@pytest.mark.parametrize("version", ["2.2", "2.1"])
def test_run_now_starts_a_run_with_the_given_parameters(api, job, version):
    response = post(api, "run-now", {"job_id": job.pk, "job_parameters": {"day": "friday"}}, version)
    assert response.status_code == 200, response.content
    body = response.json()
    run = JobRun.objects.get(pk=body["run_id"])
    assert body == {"run_id": run.pk, "number_in_job": 1}
    assert run.job_parameters == {"day": "friday"}
    assert run.state in ("PENDING", "RUNNING")
    listed = api.get("/api/2.2/jobs/runs/get", {"run_id": run.pk}).json()
    assert listed["job_parameters"] == [{"name": "day", "default": "monday", "value": "friday"}]


def test_run_now_only_runs_the_named_tasks(api, job):
    run_id = post(api, "run-now", {"job_id": job.pk, "only": ["b"]}).json()["run_id"]
    assert JobRun.objects.get(pk=run_id).only == ["b"]


def test_run_now_takes_legacy_named_parameters_as_job_parameters(api, job):
    run_id = post(api, "run-now", {"job_id": job.pk, "notebook_params": {"day": "sunday"}}).json()["run_id"]
    assert JobRun.objects.get(pk=run_id).job_parameters == {"day": "sunday"}


def test_run_now_without_queueing_skips_a_run_over_the_concurrency_limit(api, job):
    post(api, "run-now", {"job_id": job.pk})  # max_concurrent_runs is 1
    run_id = post(api, "run-now", {"job_id": job.pk, "queue": {"enabled": False}}).json()["run_id"]
    run = api.get("/api/2.2/jobs/runs/get", {"run_id": run_id}).json()
    assert run["state"]["life_cycle_state"] == "SKIPPED"
    assert run["status"]["termination_details"]["code"] == "MAX_CONCURRENT_RUNS_EXCEEDED"
    assert run["tasks"] == []


def test_run_now_with_the_same_idempotency_token_returns_the_same_run(api, job):
    first = post(api, "run-now", {"job_id": job.pk, "idempotency_token": "nightly-2026-01-02"}).json()
    second = post(api, "run-now", {"job_id": job.pk, "idempotency_token": "nightly-2026-01-02"}).json()
    assert first == second
    assert JobRun.objects.filter(job=job).count() == 1


@pytest.mark.parametrize(
    ("body", "status", "code", "message"),
    [
        ({}, 400, "INVALID_PARAMETER_VALUE", "Missing required field: job_id"),
        ({"job_id": "1"}, 400, "MALFORMED_REQUEST", "job_id must be an integer"),
        ({"job_id": 999999}, 400, "INVALID_PARAMETER_VALUE", "Job 999999 does not exist."),
        ({"job_parameters": ["day"]}, 400, "MALFORMED_REQUEST", "job_parameters must be an object"),
        ({"job_parameters": {"day": 5}}, 400, "MALFORMED_REQUEST", "job_parameters.day must be a string"),
        ({"only": "a"}, 400, "MALFORMED_REQUEST", "only must be an array"),
        ({"only": ["zzz"]}, 400, "INVALID_PARAMETER_VALUE", "zzz"),
        ({"queue": {"enabled": "yes"}}, 400, "MALFORMED_REQUEST", "queue.enabled"),
        ({"idempotency_token": "x" * 65}, 400, "INVALID_PARAMETER_VALUE", "at most 64"),
        ({"python_params": "a"}, 400, "MALFORMED_REQUEST", "python_params must be an array"),
        ({"jar_params": [1]}, 400, "MALFORMED_REQUEST", "jar_params[0] must be a string"),
        (
            {"python_params": ["a"], "job_parameters": {"day": "x"}},
            400,
            "INVALID_PARAMETER_VALUE",
            "cannot be used together with python_params",
        ),
        (
            {"notebook_params": {"a": "1"}, "job_parameters": {"day": "x"}},
            400,
            "INVALID_PARAMETER_VALUE",
            "cannot be used together",
        ),
    ],
)
def test_run_now_rejects_bad_requests_and_writes_nothing(api, job, body, status, code, message):
    body = {"job_id": job.pk, **body} if "job_id" not in body and body else body
    response = post(api, "run-now", body)
    got_status, got_code, got_message = error(response)
    assert (got_status, got_code) == (status, code)
    assert message in got_message
    assert JobRun.objects.count() == 0


def test_run_now_rejects_a_body_that_is_not_an_object(api):
    response = post(api, "run-now", ["job_id"])
    assert error(response)[:2] == (400, "MALFORMED_REQUEST")


# --- runs/submit ---------------------------------------------------------------------------------


def test_submit_starts_a_one_time_run(api, owner):
    body = {
        "run_name": "adhoc",
        "tasks": [{"task_key": "t", "spark_python_task": {"python_file": "/Workspace/t.py"}}],
    }
    response = post(api, "runs/submit", body)
    assert response.status_code == 200, response.content
    run = JobRun.objects.get(pk=response.json()["run_id"])
    assert (run.job_id, run.run_type, run.run_name, run.triggered_by) == (None, "SUBMIT_RUN", "adhoc", owner)
    got = api.get("/api/2.2/jobs/runs/get", {"run_id": run.pk}).json()
    assert got["run_type"] == "SUBMIT_RUN" and "job_id" not in got


def test_submit_with_an_idempotency_token_returns_the_same_run(api):
    body = {
        "idempotency_token": "once",
        "tasks": [{"task_key": "t", "spark_python_task": {"python_file": "/Workspace/t.py"}}],
    }
    assert post(api, "runs/submit", body).json() == post(api, "runs/submit", body).json()
    assert JobRun.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "code", "message"),
    [
        ({"run_name": "no tasks"}, "INVALID_PARAMETER_VALUE", "tasks"),
        ({"tasks": []}, "INVALID_PARAMETER_VALUE", "tasks"),
        ({"tasks": "t"}, "MALFORMED_REQUEST", "tasks"),
        ({"tasks": [{"task_key": "t"}]}, "INVALID_PARAMETER_VALUE", "t"),
        (
            {"tasks": [{"task_key": "t", "spark_python_task": {}}]},
            "INVALID_PARAMETER_VALUE",
            "python_file",
        ),
    ],
)
def test_submit_rejects_bad_settings(api, body, code, message):
    response = post(api, "runs/submit", body)
    assert error(response)[:2] == (400, code)
    assert message in error(response)[2]
    assert JobRun.objects.count() == 0


def test_one_time_runs_are_visible_to_their_creator_and_admins_only(api, client_for, member, admin_user):
    body = {"tasks": [{"task_key": "t", "spark_python_task": {"python_file": "/Workspace/t.py"}}]}
    run_id = post(api, "runs/submit", body).json()["run_id"]
    assert api.get("/api/2.2/jobs/runs/get", {"run_id": run_id}).status_code == 200
    assert client_for(admin_user).get("/api/2.2/jobs/runs/get", {"run_id": run_id}).status_code == 200
    assert client_for(member).get("/api/2.2/jobs/runs/get", {"run_id": run_id}).status_code == 403
    listed = client_for(member).get("/api/2.2/jobs/runs/list").json()["runs"]
    assert listed == []


# --- cancel, cancel-all ----------------------------------------------------------------------------


def test_cancel_ends_a_pending_run_canceled(api, job):
    run_id = post(api, "run-now", {"job_id": job.pk}).json()["run_id"]
    assert post(api, "runs/cancel", {"run_id": run_id}).json() == {}
    run = api.get("/api/2.2/jobs/runs/get", {"run_id": run_id}).json()
    assert run["state"]["result_state"] == "CANCELED"
    assert {t["state"]["result_state"] for t in run["tasks"]} == {"CANCELED"}


def test_cancel_of_a_finished_run_changes_nothing(api, job, owner):
    run = finished_run(job, owner)
    assert post(api, "runs/cancel", {"run_id": run.pk}).status_code == 200
    run.refresh_from_db()
    assert run.state == "SUCCESS"


@pytest.mark.parametrize(
    ("body", "code", "message"),
    [
        ({}, "INVALID_PARAMETER_VALUE", "Missing required field: run_id"),
        ({"run_id": 999999}, "INVALID_PARAMETER_VALUE", "Run 999999 does not exist."),
        ({"run_id": task_run_wire_id(1)}, "INVALID_PARAMETER_VALUE", "does not exist"),
        ({"run_id": 2**63}, "INVALID_PARAMETER_VALUE", "at most"),
        ({"run_id": "1"}, "MALFORMED_REQUEST", "must be an integer"),
    ],
)
def test_cancel_rejects_bad_requests(api, db, body, code, message):
    response = post(api, "runs/cancel", body)
    assert error(response)[:2] == (400, code)
    assert message in error(response)[2]


def test_cancel_takes_a_job_run_id_not_a_task_run_id(api, job, owner):
    task = finished_run(job, owner).task_runs.first()
    response = post(api, "runs/cancel", {"run_id": task_run_wire_id(task.pk)})
    assert error(response) == (
        400,
        "INVALID_PARAMETER_VALUE",
        f"Run {task_run_wire_id(task.pk)} is a task run; this request takes the id of a job run.",
    )


def test_cancel_all_cancels_every_active_run_of_the_job(api, job, owner):
    job.max_concurrent_runs = 5
    job.save()
    ids = [post(api, "run-now", {"job_id": job.pk}).json()["run_id"] for _ in range(3)]
    done = finished_run(job, owner)
    assert post(api, "runs/cancel-all", {"job_id": job.pk}).json() == {}
    states = dict(JobRun.objects.values_list("pk", "state"))
    assert [states[i] for i in ids] == ["CANCELED"] * 3
    assert states[done.pk] == "SUCCESS"


def test_cancel_all_queued_runs_cancels_only_queued_ones(api, job):
    first = post(api, "run-now", {"job_id": job.pk}).json()["run_id"]  # max_concurrent_runs is 1
    queued = post(api, "run-now", {"job_id": job.pk, "queue": {"enabled": True}}).json()["run_id"]
    assert JobRun.objects.get(pk=queued).state == "QUEUED"
    waiting = api.get("/api/2.2/jobs/runs/get", {"run_id": queued}).json()
    assert waiting["state"]["life_cycle_state"] == "QUEUED"
    assert "max_concurrent_runs" in waiting["state"]["queue_reason"]
    assert waiting["status"] == {
        "state": "QUEUED",
        "queue_details": {"code": "MAX_CONCURRENT_RUNS_REACHED", "message": waiting["state"]["queue_reason"]},
    }
    assert post(api, "runs/cancel-all", {"all_queued_runs": True}).status_code == 200
    assert JobRun.objects.get(pk=queued).state == "CANCELED"
    assert JobRun.objects.get(pk=first).state != "CANCELED"


@pytest.mark.parametrize(
    ("body", "code", "message"),
    [
        ({}, "INVALID_PARAMETER_VALUE", "job_id or all_queued_runs"),
        ({"job_id": 999999}, "INVALID_PARAMETER_VALUE", "Job 999999 does not exist."),
        ({"all_queued_runs": "yes"}, "MALFORMED_REQUEST", "boolean"),
    ],
)
def test_cancel_all_rejects_bad_requests(api, db, body, code, message):
    response = post(api, "runs/cancel-all", body)
    assert error(response)[:2] == (400, code)
    assert message in error(response)[2]


# --- repair ---------------------------------------------------------------------------------------


@pytest.fixture
def failed(job, owner):
    return finished_run(job, owner, {"a": "FAILED", "b": "UPSTREAM_FAILED"}, state="FAILED")


def test_repair_reruns_the_failed_tasks_inside_the_run(api, failed):
    response = post(api, "runs/repair", {"run_id": failed.pk, "rerun_all_failed_tasks": True})
    assert response.status_code == 200, response.content
    repair = RunRepair.objects.get(pk=response.json()["repair_id"])
    assert repair.job_run_id == failed.pk and sorted(repair.rerun_tasks) == ["a", "b"]
    run = api.get("/api/2.2/jobs/runs/get", {"run_id": failed.pk, "include_history": True}).json()
    assert run["state"]["life_cycle_state"] in ("RUNNING", "PENDING")
    assert sorted((t["task_key"], t["attempt_number"]) for t in run["tasks"]) == [
        ("a", 0),
        ("a", 1),
        ("b", 0),
        ("b", 1),
    ]
    assert [h["type"] for h in run["repair_history"]] == ["ORIGINAL", "REPAIR"]


def test_repair_takes_new_job_parameters(api, failed):
    body = {"run_id": failed.pk, "rerun_tasks": ["a"], "job_parameters": {"day": "tuesday"}}
    assert post(api, "runs/repair", body).status_code == 200
    failed.refresh_from_db()
    assert failed.job_parameters["day"] == "tuesday"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, "Missing required field: run_id"),
        ({"rerun_tasks": ["nope"]}, "nope"),
        ({"rerun_dependent_tasks": True}, "rerun_tasks or rerun_all_failed_tasks"),
        ({"rerun_tasks": ["a"], "latest_repair_id": 7}, "has not been repaired"),
    ],
)
def test_repair_rejects_bad_requests(api, failed, body, message):
    body = {"run_id": failed.pk, **body} if body else body
    response = post(api, "runs/repair", body)
    assert error(response)[:2] == (400, "INVALID_PARAMETER_VALUE")
    assert message in error(response)[2]
    assert RunRepair.objects.count() == 0


def test_a_second_repair_must_name_the_latest_repair(api, failed):
    first = post(api, "runs/repair", {"run_id": failed.pk, "rerun_tasks": ["a"]}).json()["repair_id"]
    JobRun.objects.filter(pk=failed.pk).update(state="FAILED")  # as if the repair had finished
    missing = post(api, "runs/repair", {"run_id": failed.pk, "rerun_tasks": ["a"]})
    assert f"latest_repair_id must be {first}" in error(missing)[2]
    stale = post(
        api, "runs/repair", {"run_id": failed.pk, "rerun_tasks": ["a"], "latest_repair_id": first + 1}
    )
    assert "is not the latest repair" in error(stale)[2]


def test_an_active_run_cannot_be_repaired(api, job):
    run_id = post(api, "run-now", {"job_id": job.pk}).json()["run_id"]
    response = post(api, "runs/repair", {"run_id": run_id, "rerun_tasks": ["a"]})
    assert error(response)[:2] == (400, "INVALID_PARAMETER_VALUE")
    assert "still active" in error(response)[2]


# --- delete ----------------------------------------------------------------------------------------


def test_delete_removes_a_finished_run(api, failed):
    assert post(api, "runs/delete", {"run_id": failed.pk}).json() == {}
    response = api.get("/api/2.2/jobs/runs/get", {"run_id": failed.pk})
    assert error(response) == (400, "INVALID_PARAMETER_VALUE", f"Run {failed.pk} does not exist.")


def test_delete_refuses_an_active_run(api, job):
    run_id = post(api, "run-now", {"job_id": job.pk}).json()["run_id"]
    response = post(api, "runs/delete", {"run_id": run_id})
    assert error(response)[:2] == (400, "INVALID_PARAMETER_VALUE")
    assert JobRun.objects.filter(pk=run_id).exists()


# --- Who may do what ---------------------------------------------------------------------------------

ROLES = ["owner", "CAN_MANAGE_RUN", "CAN_VIEW", "outsider", "admin"]
# action -> the roles allowed to do it
ALLOWED = {
    "get": {"owner", "CAN_MANAGE_RUN", "CAN_VIEW", "admin"},
    "list": {"owner", "CAN_MANAGE_RUN", "CAN_VIEW", "admin"},
    "run-now": {"owner", "CAN_MANAGE_RUN", "admin"},
    "cancel": {"owner", "CAN_MANAGE_RUN", "admin"},
    "repair": {"owner", "CAN_MANAGE_RUN", "admin"},
    "delete": {"owner", "admin"},
}


def _act(client, action: str, job, run):
    if action == "get":
        return client.get("/api/2.2/jobs/runs/get", {"run_id": run.pk})
    if action == "list":
        return client.get("/api/2.2/jobs/runs/list", {"job_id": job.pk})
    if action == "run-now":
        return post(client, "run-now", {"job_id": job.pk})
    if action == "repair":
        return post(client, "runs/repair", {"run_id": run.pk, "rerun_all_failed_tasks": True})
    return post(client, f"runs/{action}", {"run_id": run.pk})


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ALLOWED))
def test_permission_matrix(role, action, job, failed, client_for, request):
    # Only the persona the case needs (each one costs a password hash).
    user = request.getfixturevalue({"outsider": "outsider", "admin": "admin_user"}.get(role, "owner"))
    if role.startswith("CAN_"):
        user = request.getfixturevalue("member")
    if role.startswith("CAN_"):
        JobPermission.objects.create(job=job, user=user, level=role)
    response = _act(client_for(user), action, job, failed)
    if role in ALLOWED[action]:
        assert response.status_code == 200, response.content
    else:
        assert error(response)[:2] == (403, "PERMISSION_DENIED")
        assert JobRun.objects.filter(pk=failed.pk, state="FAILED").exists()
        assert JobRun.objects.count() == 1 and RunRepair.objects.count() == 0


# --- Idempotency under racing requests ------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_ten_racing_run_now_requests_with_one_token_start_one_run(engine, live_server, owner, lakeflow_home):
    (lakeflow_home / "workspace").mkdir(exist_ok=True)
    (lakeflow_home / "workspace" / "a.py").write_text("pass\n")  # job_with's task runs /Workspace/a.py
    job = job_with(owner, "a")
    headers = {"Authorization": f"Bearer {token_for(owner)}"}
    barrier = threading.Barrier(10)
    answers: list[dict] = []
    lock = threading.Lock()

    def fire() -> None:
        barrier.wait()
        response = requests.post(
            f"{live_server.url}/api/2.2/jobs/run-now",
            json={"job_id": job.pk, "idempotency_token": "race"},
            headers=headers,
            timeout=60,
        )
        with lock:
            answers.append({"status": response.status_code, **response.json()})

    threads = [threading.Thread(target=fire) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [a["status"] for a in answers] == [200] * 10, answers
    assert len({a["run_id"] for a in answers}) == 1
    assert JobRun.objects.filter(job=job).count() == 1
    run = wait_for(JobRun.objects.get(job=job))
    assert run.state == "SUCCESS" and run.task_runs.count() == 1


@pytest.mark.parametrize(
    ("path", "body", "where"),
    [
        ("run-now", {"idempotency_token": "a\x00b"}, "idempotency_token"),
        ("run-now", {"job_parameters": {"day": "mon\x00"}}, "job_parameters.day"),
        ("runs/submit", {"run_name": "x\x00", "tasks": []}, "run_name"),
        ("runs/repair", {"rerun_tasks": ["a\x00"]}, "rerun_tasks[0]"),
    ],
)
def test_text_with_nul_characters_is_refused(api, job, path, body, where):
    body = {"job_id": job.pk, "run_id": 1, **body}
    response = post(api, path, body)
    assert error(response) == (
        400,
        "INVALID_PARAMETER_VALUE",
        f"Field {where} must not contain NUL characters.",
    )
    assert JobRun.objects.count() == 0
