"""Webhook trigger: a secret URL per job; a POSTed JSON body becomes the run's job parameters."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from runs.models import JobRun
from tests.jobs import trigger_helpers
from tests.jobs.trigger_helpers import ECHO, create, log_of, wait_for

engine, script = trigger_helpers.engine, trigger_helpers.script  # the real-worker fixtures


PARAMETERS = [{"name": "day", "default": "monday"}, {"name": "env", "default": "dev"}]


def enable(api, job) -> str:
    response = api.post("/api/ui/jobs/webhook/create", {"job_id": job.pk}, format="json")
    assert response.status_code == 200, response.json()
    return response.json()["path"]


def test_a_post_starts_a_run_with_the_body_as_job_parameters(engine, script, owner, api):
    job = create(
        owner,
        script("echo.py", ECHO),
        "{{job.parameters.day}}",
        "{{job.parameters.env}}",
        parameters=PARAMETERS,
    )
    path = enable(api, job)
    response = APIClient().post(
        path, {"day": "friday", "env": 3}, format="json"
    )  # no credentials: the URL is
    assert response.status_code == 200, response.json()
    run = wait_for(JobRun.objects.get(pk=response.json()["run_id"]))
    assert (run.trigger, run.trigger_info) == ("ONE_TIME", {"source": "WEBHOOK"})
    assert run.job_parameters == {"day": "friday", "env": "3"}
    assert "ARGS ['friday', '3']" in log_of(run)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "status", "code", "message"),
    [
        (
            {"day": "x", "region": "eu", "zone": "a"},
            400,
            "INVALID_PARAMETER_VALUE",
            "Unknown job parameters: region, zone",
        ),
        ({"day": {"nested": 1}}, 400, "INVALID_PARAMETER_VALUE", "'day' must be a string, number or boolean"),
        (["day"], 400, "MALFORMED_REQUEST", "JSON object"),
    ],
)
def test_a_bad_body_is_refused_and_starts_nothing(owner, api, body, status, code, message):
    job = create(owner, "/Workspace/x.py", parameters=PARAMETERS)
    response = APIClient().post(enable(api, job), body, format="json")
    assert (response.status_code, response.json()["error_code"]) == (status, code)
    assert message in response.json()["message"]
    assert not JobRun.objects.exists()


@pytest.mark.django_db
def test_a_wrong_token_a_rotated_token_and_a_deleted_webhook_are_not_found(owner, api):
    job = create(owner, "/Workspace/x.py")
    old = enable(api, job)
    new = enable(api, job)  # creating again rotates the token
    assert APIClient().post(old, {}, format="json").status_code == 404
    assert APIClient().post(new[:-4] + "abcd", {}, format="json").status_code == 404
    api.post("/api/ui/jobs/webhook/delete", {"job_id": job.pk}, format="json")
    assert APIClient().post(new, {}, format="json").status_code == 404
    assert not JobRun.objects.exists()


@pytest.mark.django_db
def test_a_paused_webhook_refuses_runs_until_unpaused(owner, api):
    job = create(owner, "/Workspace/x.py")
    path = enable(api, job)
    api.post("/api/ui/jobs/webhook/update", {"job_id": job.pk, "pause_status": "PAUSED"}, format="json")
    assert api.get("/api/ui/jobs/webhook/get", {"job_id": job.pk}).json()["pause_status"] == "PAUSED"
    response = APIClient().post(path, {}, format="json")
    assert (response.status_code, response.json()["error_code"]) == (409, "INVALID_STATE")
    api.post("/api/ui/jobs/webhook/update", {"job_id": job.pk, "pause_status": "UNPAUSED"}, format="json")
    assert APIClient().post(path, {}, format="json").status_code == 200


@pytest.mark.django_db
def test_only_managers_can_create_a_webhook(owner, member, client_for):
    job = create(owner, "/Workspace/x.py")
    response = client_for(member).post("/api/ui/jobs/webhook/create", {"job_id": job.pk}, format="json")
    assert response.status_code in (400, 403)
