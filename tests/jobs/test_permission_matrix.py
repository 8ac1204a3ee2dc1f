"""Each permission level x each job action, through the API (run-now belongs to the engine's tests)."""

from __future__ import annotations

import pytest

from jobs import services
from jobs.choices import PERMISSION_RANK

pytestmark = pytest.mark.django_db

NOTEBOOK = {"task_key": "a", "notebook_task": {"notebook_path": "/Workspace/a"}}

# action -> (the weakest level that may do it, the request)
ACTIONS = {
    "get": ("CAN_VIEW", lambda c, j: c.get("/api/2.2/jobs/get", {"job_id": j})),
    "update": (
        "CAN_MANAGE",
        lambda c, j: c.post(
            "/api/2.2/jobs/update", {"job_id": j, "new_settings": {"name": "x"}}, format="json"
        ),
    ),
    "reset": (
        "CAN_MANAGE",
        lambda c, j: c.post(
            "/api/2.2/jobs/reset", {"job_id": j, "new_settings": {"name": "y"}}, format="json"
        ),
    ),
    "delete": ("CAN_MANAGE", lambda c, j: c.post("/api/2.2/jobs/delete", {"job_id": j}, format="json")),
    "get permissions": ("CAN_VIEW", lambda c, j: c.get(f"/api/2.0/permissions/jobs/{j}")),
    "permission levels": ("CAN_VIEW", lambda c, j: c.get(f"/api/2.0/permissions/jobs/{j}/permissionLevels")),
    "change permissions": (
        "CAN_MANAGE",
        lambda c, j: c.patch(
            f"/api/2.0/permissions/jobs/{j}",
            {"access_control_list": [{"user_name": "outsider", "permission_level": "CAN_VIEW"}]},
            format="json",
        ),
    ),
    "list versions": ("CAN_VIEW", lambda c, j: c.get(f"/api/ui/jobs/{j}/versions")),
    "restore a version": ("CAN_MANAGE", lambda c, j: c.post(f"/api/ui/jobs/{j}/versions/1/restore")),
}
LEVELS = [None, "CAN_VIEW", "CAN_MANAGE_RUN", "CAN_MANAGE", "IS_OWNER", "ADMIN"]


def allowed(held: str | None, needed: str) -> bool:
    if held == "ADMIN":
        return True
    return held is not None and PERMISSION_RANK[held] >= PERMISSION_RANK[needed]


@pytest.fixture
def acting(request, owner, member, outsider, admin_user, client_for):
    """(job id, client) for a caller holding `level` on a fresh job owned by `owner`."""

    def make(level):
        job = services.create_job(user=owner, settings={"name": "etl", "tasks": [NOTEBOOK]})
        if level == "IS_OWNER":
            return job.pk, client_for(owner)
        if level == "ADMIN":
            return job.pk, client_for(admin_user)
        if level is not None:
            services.set_permissions(
                user=owner, job=job, acl=[{"user_name": "member", "permission_level": level}], replace=False
            )
        return job.pk, client_for(member)

    return make


@pytest.mark.parametrize("level", LEVELS, ids=lambda v: v or "no grant")
@pytest.mark.parametrize("action", ACTIONS)
def test_each_level_may_do_exactly_what_it_includes(acting, level, action):
    needed, call = ACTIONS[action]
    job_id, client = acting(level)
    response = call(client, job_id)
    if allowed(level, needed):
        assert response.status_code == 200, response.json()
    else:
        assert (response.status_code, response.json()["error_code"]) == (403, "PERMISSION_DENIED")


@pytest.mark.parametrize("level", LEVELS, ids=lambda v: v or "no grant")
def test_list_shows_a_job_only_from_can_view_up(acting, level):
    job_id, client = acting(level)
    listed = [j["job_id"] for j in client.get("/api/2.2/jobs/list").json()["jobs"]]
    assert (job_id in listed) == allowed(level, "CAN_VIEW")
