from __future__ import annotations

import pytest

from jobs import services
from jobs.models import Job

pytestmark = pytest.mark.django_db

NOTEBOOK = {"task_key": "a", "notebook_task": {"notebook_path": "/Workspace/a"}}


@pytest.fixture
def browser(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def job(owner):
    return services.create_job(user=owner, settings={"name": "etl", "tasks": [NOTEBOOK], "tags": {"a": "1"}})


def form_data(job: Job, **changes) -> dict:
    data = {
        "name": job.name,
        "description": job.description,
        "tags": '{"a": "1"}',
        "max_concurrent_runs": job.max_concurrent_runs,
        "timeout_seconds": job.timeout_seconds,
        "queue_enabled": "on",
        "owner": job.owner_id,
        "tasks-TOTAL_FORMS": job.tasks.count(),
        "tasks-INITIAL_FORMS": job.tasks.count(),
        "permissions-TOTAL_FORMS": 0,
        "permissions-INITIAL_FORMS": 0,
    }
    for i, task in enumerate(job.tasks.all()):
        data[f"tasks-{i}-id"] = task.pk
        data[f"tasks-{i}-job"] = job.pk
    data.update(changes)
    return data


@pytest.mark.parametrize(
    "url",
    [
        "/admin/jobs/job/",
        "/admin/jobs/job/{job}/change/",
        "/admin/jobs/jobversion/",
        "/admin/jobs/jobpermission/",
    ],
)
def test_admin_pages_render(browser, job, url):
    assert browser.get(url.format(job=job.pk)).status_code == 200


def test_saving_a_job_in_the_admin_writes_a_version(browser, job, admin_user):
    response = browser.post(f"/admin/jobs/job/{job.pk}/change/", form_data(job, name="renamed"))
    assert response.status_code == 302, response.content.decode()[:2000]
    latest = job.versions.first()
    assert (latest.version, latest.change, latest.author, latest.settings["name"]) == (
        2,
        "update",
        admin_user,
        "renamed",
    )
    assert [t["task_key"] for t in latest.settings["tasks"]] == ["a"]


def test_the_admin_refuses_invalid_settings(browser, job):
    response = browser.post(f"/admin/jobs/job/{job.pk}/change/", form_data(job, max_concurrent_runs=5000))
    assert response.status_code == 200  # the form again, with the error
    assert "max_concurrent_runs must be at most 1000" in response.content.decode()
    assert job.versions.count() == 1


def test_job_versions_are_read_only_in_the_admin(browser, job):
    version = job.versions.get()
    assert browser.post(f"/admin/jobs/jobversion/{version.pk}/change/", {}).status_code == 403
