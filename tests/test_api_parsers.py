"""Request bodies are JSON whatever their label: curl's default Content-Type
(application/x-www-form-urlencoded), as in Databricks' own curl examples, carries JSON too."""

from __future__ import annotations

import json

import pytest

FORM = "application/x-www-form-urlencoded"


@pytest.mark.parametrize("content_type", ["application/json", FORM])
def test_a_json_body_creates_a_job_whatever_its_label(api, content_type):
    body = json.dumps(
        {"name": "from curl", "tasks": [{"task_key": "a", "notebook_task": {"notebook_path": "/n"}}]}
    )
    response = api.post("/api/2.2/jobs/create", body, content_type=content_type)
    assert response.status_code == 200, response.json()
    job = api.get("/api/2.2/jobs/get", {"job_id": response.json()["job_id"]}).json()
    assert job["settings"]["name"] == "from curl"


def test_a_real_form_body_is_refused_as_malformed(api):
    response = api.post("/api/2.2/jobs/create", "name=from+a+form", content_type=FORM)
    assert response.status_code == 400
    assert response.json()["error_code"] == "MALFORMED_REQUEST"


def test_the_schema_advertises_json_bodies_only(api):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    create = schema["paths"]["/api/2.2/jobs/create"]["post"]["requestBody"]["content"]
    assert list(create) == ["application/json"]
