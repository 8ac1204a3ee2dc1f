from __future__ import annotations

import pytest

from jobs import services
from jobs.models import Job

pytestmark = pytest.mark.django_db


def nb(key: str, *upstream: str) -> dict:
    task = {"task_key": key, "notebook_task": {"notebook_path": f"/Workspace/{key}"}}
    if upstream:
        task["depends_on"] = [{"task_key": u} for u in upstream]
    return task


def create(api, **settings) -> int:
    response = api.post(
        "/api/2.2/jobs/create", {"name": "etl", "tasks": [nb("a")], **settings}, format="json"
    )
    assert response.status_code == 200, response.json()
    return response.json()["job_id"]


@pytest.mark.parametrize("version", ["2.2", "2.1"])
def test_create_then_get_returns_the_settings(api, owner, version):
    response = api.post(
        f"/api/{version}/jobs/create", {"name": "etl", "tasks": [nb("a"), nb("b", "a")]}, format="json"
    )
    job_id = response.json()["job_id"]
    body = api.get(f"/api/{version}/jobs/get", {"job_id": job_id}).json()
    assert body["job_id"] == job_id
    assert body["creator_user_name"] == "owner"
    assert body["run_as_user_name"] == "owner"
    assert body["created_time"] == int(Job.objects.get().created_at.timestamp() * 1000)
    assert [t["task_key"] for t in body["settings"]["tasks"]] == ["a", "b"]
    assert body["settings"]["tasks"][1]["depends_on"] == [{"task_key": "a"}]


def test_create_refuses_a_cycle_and_writes_nothing(api):
    response = api.post("/api/2.2/jobs/create", {"tasks": [nb("a", "b"), nb("b", "a")]}, format="json")
    assert response.status_code == 400
    assert response.json()["error_code"] == "INVALID_PARAMETER_VALUE"
    assert "cycle: a -> b -> a" in response.json()["message"]
    assert not Job.objects.exists()


def test_create_refuses_a_body_that_is_not_an_object(api):
    response = api.post("/api/2.2/jobs/create", ["x"], format="json")
    assert (response.status_code, response.json()["error_code"]) == (400, "MALFORMED_REQUEST")


def test_create_with_an_access_control_list_grants_at_once(api, member):
    job_id = create(api, access_control_list=[{"user_name": "member", "permission_level": "CAN_VIEW"}])
    acl = api.get(f"/api/2.0/permissions/jobs/{job_id}").json()["access_control_list"]
    assert {
        "user_name": "member",
        "display_name": "member",
        "all_permissions": [{"permission_level": "CAN_VIEW", "inherited": False}],
    } in acl


def test_create_with_a_bad_access_control_list_creates_nothing(api):
    response = api.post(
        "/api/2.2/jobs/create",
        {"name": "x", "access_control_list": [{"user_name": "ghost", "permission_level": "CAN_VIEW"}]},
        format="json",
    )
    assert response.status_code == 400
    assert "UserName(ghost) does not exist" in response.json()["message"]
    assert not Job.objects.exists()


@pytest.mark.parametrize(
    ("query", "status", "code"),
    [
        ({"job_id": 999}, 400, "INVALID_PARAMETER_VALUE"),
        ({}, 400, "INVALID_PARAMETER_VALUE"),
        ({"job_id": "abc"}, 400, "INVALID_PARAMETER_VALUE"),
    ],
)
def test_get_reports_bad_job_ids(api, query, status, code):
    response = api.get("/api/2.2/jobs/get", query)
    assert (response.status_code, response.json()["error_code"]) == (status, code)


def test_get_of_an_unknown_job_says_it_does_not_exist(api):
    assert api.get("/api/2.2/jobs/get", {"job_id": 999}).json()["message"] == "Job 999 does not exist."


def test_requests_without_credentials_are_401(client):
    response = client.get("/api/2.2/jobs/list")
    assert (response.status_code, response.json()["error_code"]) == (401, "UNAUTHENTICATED")


def test_list_pages_with_tokens_and_offsets(api):
    ids = [create(api, name=f"job {i}") for i in range(5)]
    first = api.get("/api/2.2/jobs/list", {"limit": 2}).json()
    assert [j["job_id"] for j in first["jobs"]] == ids[::-1][:2]
    assert first["has_more"] is True and "prev_page_token" not in first
    second = api.get("/api/2.2/jobs/list", {"limit": 2, "page_token": first["next_page_token"]}).json()
    assert [j["job_id"] for j in second["jobs"]] == ids[::-1][2:4]
    back = api.get("/api/2.2/jobs/list", {"limit": 2, "page_token": second["prev_page_token"]}).json()
    assert [j["job_id"] for j in back["jobs"]] == ids[::-1][:2]
    last = api.get("/api/2.2/jobs/list", {"limit": 2, "offset": 4}).json()
    assert [j["job_id"] for j in last["jobs"]] == [ids[0]]
    assert last["has_more"] is False and "next_page_token" not in last


@pytest.mark.parametrize(
    ("query", "fragment"),
    [
        ({"limit": 101}, "limit must be at most 100"),
        ({"limit": -1}, "limit must be at least 0"),
        ({"page_token": "zz"}, "Invalid page_token"),
    ],
)
def test_list_refuses_bad_paging(api, query, fragment):
    response = api.get("/api/2.2/jobs/list", query)
    assert response.status_code == 400
    assert fragment in response.json()["message"]


def test_list_filters_by_exact_name_ignoring_case(api):
    create(api, name="Daily ETL")
    create(api, name="Daily ETL 2")
    jobs = api.get("/api/2.2/jobs/list", {"name": "daily etl"}).json()["jobs"]
    assert [j["settings"]["name"] for j in jobs] == ["Daily ETL"]


def test_list_leaves_tasks_out_unless_expanded(api):
    create(api, job_clusters=[{"job_cluster_key": "c", "new_cluster": {}}])
    plain = api.get("/api/2.2/jobs/list").json()["jobs"][0]["settings"]
    assert "tasks" not in plain and "job_clusters" not in plain
    expanded = api.get("/api/2.2/jobs/list", {"expand_tasks": "true"}).json()["jobs"][0]
    assert [t["task_key"] for t in expanded["settings"]["tasks"]] == ["a"]
    assert expanded["has_more"] is False


def test_get_pages_tasks_beyond_one_hundred(api):
    job_id = create(api, tasks=[nb(f"t{i:03}") for i in range(250)])
    first = api.get("/api/2.2/jobs/get", {"job_id": job_id}).json()
    keys = [t["task_key"] for t in first["settings"]["tasks"]]
    token = first["next_page_token"]
    while token:
        page = api.get("/api/2.2/jobs/get", {"job_id": job_id, "page_token": token}).json()
        assert page["settings"]["job_clusters"] == []  # every paged array present, as the SDK extends each
        keys += [t["task_key"] for t in page["settings"]["tasks"]]
        token = page.get("next_page_token")
    assert keys == [f"t{i:03}" for i in range(250)]


def test_update_merges_and_removes(api):
    job_id = create(
        api,
        tasks=[nb("a"), nb("b", "a")],
        schedule={"quartz_cron_expression": "0 0 1 * * ?", "timezone_id": "UTC"},
    )
    response = api.post(
        "/api/2.2/jobs/update",
        {
            "job_id": job_id,
            "new_settings": {"name": "renamed", "tasks": [nb("c", "a")]},
            "fields_to_remove": ["schedule", "tasks/b"],
        },
        format="json",
    )
    assert (response.status_code, response.json()) == (200, {})
    settings = api.get("/api/2.2/jobs/get", {"job_id": job_id}).json()["settings"]
    assert settings["name"] == "renamed"
    assert "schedule" not in settings
    assert [t["task_key"] for t in settings["tasks"]] == ["a", "c"]


@pytest.mark.parametrize(
    ("body", "code", "fragment"),
    [
        ({"new_settings": "x"}, "MALFORMED_REQUEST", "new_settings must be an object"),
        ({"fields_to_remove": "schedule"}, "MALFORMED_REQUEST", "fields_to_remove must be an array"),
        ({"fields_to_remove": ["nope"]}, "INVALID_PARAMETER_VALUE", "unknown field 'nope'"),
        (
            {"new_settings": {"tasks": [nb("z", "missing")]}},
            "INVALID_PARAMETER_VALUE",
            'Task "z": depends_on',
        ),
    ],
)
def test_update_reports_bad_bodies(api, body, code, fragment):
    job_id = create(api)
    response = api.post("/api/2.2/jobs/update", {"job_id": job_id, **body}, format="json")
    assert (response.status_code, response.json()["error_code"]) == (400, code)
    assert fragment in response.json()["message"]


def test_reset_replaces_everything(api):
    job_id = create(api, tags={"x": "1"})
    response = api.post(
        "/api/2.2/jobs/reset",
        {"job_id": job_id, "new_settings": {"name": "new", "tasks": [nb("z")]}},
        format="json",
    )
    assert response.status_code == 200
    settings = api.get("/api/2.2/jobs/get", {"job_id": job_id}).json()["settings"]
    assert settings["name"] == "new" and "tags" not in settings
    assert [t["task_key"] for t in settings["tasks"]] == ["z"]


def test_reset_needs_new_settings(api):
    job_id = create(api)
    response = api.post("/api/2.2/jobs/reset", {"job_id": job_id}, format="json")
    assert response.status_code == 400
    assert "new_settings" in response.json()["message"]


def test_delete_removes_the_job(api):
    job_id = create(api)
    assert api.post("/api/2.2/jobs/delete", {"job_id": job_id}, format="json").status_code == 200
    response = api.post("/api/2.2/jobs/delete", {"job_id": job_id}, format="json")
    assert (response.status_code, response.json()["message"]) == (400, f"Job {job_id} does not exist.")


def test_versions_are_listed_shown_and_restored(api):
    job_id = create(api, name="v1")
    api.post("/api/2.2/jobs/update", {"job_id": job_id, "new_settings": {"name": "v2"}}, format="json")
    versions = api.get(f"/api/ui/jobs/{job_id}/versions").json()["versions"]
    assert [(v["version"], v["change"], v["author"], v["name"]) for v in versions] == [
        (2, "update", "owner", "v2"),
        (1, "create", "owner", "v1"),
    ]
    assert api.get(f"/api/ui/jobs/{job_id}/versions/1").json()["settings"]["name"] == "v1"
    restored = api.post(f"/api/ui/jobs/{job_id}/versions/1/restore").json()
    assert (restored["version"], restored["change"], restored["settings"]["name"]) == (3, "restore", "v1")
    assert api.get("/api/2.2/jobs/get", {"job_id": job_id}).json()["settings"]["name"] == "v1"
    missing = api.get(f"/api/ui/jobs/{job_id}/versions/9")
    assert (missing.status_code, missing.json()["error_code"]) == (404, "RESOURCE_DOES_NOT_EXIST")


def test_permission_levels_are_listed(api):
    job_id = create(api)
    levels = api.get(f"/api/2.0/permissions/jobs/{job_id}/permissionLevels").json()["permission_levels"]
    assert [level["permission_level"] for level in levels] == [
        "CAN_VIEW",
        "CAN_MANAGE_RUN",
        "CAN_MANAGE",
        "IS_OWNER",
    ]


def test_permissions_of_an_unknown_job_are_404(api):
    response = api.get("/api/2.0/permissions/jobs/999")
    assert (response.status_code, response.json()["error_code"]) == (404, "RESOURCE_DOES_NOT_EXIST")


def test_put_replaces_and_patch_adds_grants(api, member, outsider):
    job_id = create(api)
    url = f"/api/2.0/permissions/jobs/{job_id}"
    api.put(
        url,
        {"access_control_list": [{"user_name": "member", "permission_level": "CAN_MANAGE"}]},
        format="json",
    )
    api.patch(
        url,
        {"access_control_list": [{"user_name": "outsider", "permission_level": "CAN_VIEW"}]},
        format="json",
    )
    acl = api.get(url).json()["access_control_list"]
    assert [(e["user_name"], e["all_permissions"][0]["permission_level"]) for e in acl] == [
        ("owner", "IS_OWNER"),
        ("member", "CAN_MANAGE"),
        ("outsider", "CAN_VIEW"),
    ]
    body = api.put(
        url,
        {"access_control_list": [{"user_name": "outsider", "permission_level": "CAN_MANAGE_RUN"}]},
        format="json",
    ).json()
    assert [
        (e["user_name"], e["all_permissions"][0]["permission_level"]) for e in body["access_control_list"]
    ] == [
        ("owner", "IS_OWNER"),
        ("outsider", "CAN_MANAGE_RUN"),
    ]


def test_group_grants_are_shown_by_group_name(api, member):
    from django.contrib.auth.models import Group

    Group.objects.create(name="analysts").user_set.add(member)
    job_id = create(api)
    url = f"/api/2.0/permissions/jobs/{job_id}"
    api.patch(
        url,
        {"access_control_list": [{"group_name": "analysts", "permission_level": "CAN_VIEW"}]},
        format="json",
    )
    acl = api.get(url).json()["access_control_list"]
    assert {
        "group_name": "analysts",
        "all_permissions": [{"permission_level": "CAN_VIEW", "inherited": False}],
    } in acl


@pytest.mark.parametrize(
    ("entry", "fragment"),
    [
        ({"user_name": "member", "permission_level": "CAN_DANCE"}, "permission_level must be one of"),
        ({"user_name": "ghost", "permission_level": "CAN_VIEW"}, "UserName(ghost) does not exist"),
        ({"group_name": "nobody", "permission_level": "CAN_VIEW"}, "GroupName(nobody) does not exist"),
        ({"permission_level": "CAN_VIEW"}, "must name a user_name or a group_name"),
        (
            {"service_principal_name": "sp", "permission_level": "CAN_VIEW"},
            "Service principals are not supported",
        ),
        ({"user_name": "member", "permission_level": "IS_OWNER"}, "Only admins may change the owner"),
    ],
)
def test_bad_permission_changes_are_refused(api, member, entry, fragment):
    job_id = create(api)
    response = api.patch(
        f"/api/2.0/permissions/jobs/{job_id}", {"access_control_list": [entry]}, format="json"
    )
    assert response.status_code in (400, 403)
    assert fragment in response.json()["message"]


def test_admins_can_transfer_ownership(client_for, admin_user, api, member):
    job_id = create(api)
    admin = client_for(admin_user)
    response = admin.patch(
        f"/api/2.0/permissions/jobs/{job_id}",
        {"access_control_list": [{"user_name": "member", "permission_level": "IS_OWNER"}]},
        format="json",
    )
    assert response.status_code == 200
    assert Job.objects.get().owner == member
    assert api.get("/api/2.2/jobs/get", {"job_id": job_id}).status_code == 403  # the old owner kept nothing


def test_schema_documents_the_jobs_endpoints(api):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    for path in (
        "/api/2.2/jobs/create",
        "/api/2.2/jobs/list",
        "/api/2.0/permissions/jobs/{job_id}",
        "/api/ui/jobs/{job_id}/versions",
    ):
        assert path in schema


def test_services_and_api_agree_on_the_settings(api, owner):
    job = services.create_job(user=owner, settings={"name": "svc", "tasks": [nb("a")]})
    assert api.get("/api/2.2/jobs/get", {"job_id": job.pk}).json()["settings"] == services.job_settings(job)


def test_api_2_1_returns_every_task_at_once(api):
    job_id = create(api, tasks=[nb(f"t{i:03}") for i in range(120)])
    body = api.get("/api/2.1/jobs/get", {"job_id": job_id}).json()
    assert len(body["settings"]["tasks"]) == 120 and "next_page_token" not in body
    listed = api.get("/api/2.1/jobs/list", {"expand_tasks": "true"}).json()["jobs"][0]
    assert len(listed["settings"]["tasks"]) == 120


def test_every_change_is_announced_to_the_job_group_after_commit(owner, django_capture_on_commit_callbacks):
    from asgiref.sync import async_to_sync
    from channels.layers import get_channel_layer

    layer = get_channel_layer()
    channel = async_to_sync(layer.new_channel)()
    job = services.create_job(user=owner, settings={"name": "live"})
    async_to_sync(layer.group_add)(f"job-{job.pk}", channel)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.update_job(user=owner, job=job, new_settings={"name": "live 2"})
    assert callbacks  # sent on commit, not during the transaction
    message = async_to_sync(layer.receive)(channel)
    assert message["event"] == {"type": "job.updated", "job_id": job.pk, "version": 2}


def test_access_control_entries_must_be_objects(api):
    response = api.post(
        "/api/2.2/jobs/create", {"name": "x", "access_control_list": ["member"]}, format="json"
    )
    assert (response.status_code, response.json()["error_code"]) == (400, "MALFORMED_REQUEST")
    assert not Job.objects.exists()
