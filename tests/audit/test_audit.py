"""The audit log: who created, changed, ran, cancelled, deleted jobs; permissions; tokens;
clusters — with time and source (UI / API / SCHEDULE / CLI); admins read it, nobody edits it."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from lakeflow.audit.models import AuditEvent
from runs import services as run_services
from tests.runs.conftest import python_task, wait_for

JOB = {
    "name": "audited",
    "tasks": [{"task_key": "t", "spark_python_task": {"python_file": "/Workspace/t.py"}}],
}


def actions(**filters) -> list[tuple[str, str, str]]:
    return [(e.actor_name, e.action, e.source) for e in AuditEvent.objects.filter(**filters).order_by("id")]


def test_job_changes_through_the_api_are_recorded_with_source_api(api, owner, member):
    job_id = api.post("/api/2.2/jobs/create", JOB, format="json").json()["job_id"]
    api.post(
        "/api/2.2/jobs/update", {"job_id": job_id, "new_settings": {"max_concurrent_runs": 2}}, format="json"
    )
    api.patch(
        f"/api/2.0/permissions/jobs/{job_id}",
        {"access_control_list": [{"user_name": "member", "permission_level": "CAN_VIEW"}]},
        format="json",
    )
    api.post("/api/2.2/jobs/delete", {"job_id": job_id}, format="json")
    assert actions(target_type="job", target_id=str(job_id)) == [
        ("owner", "jobs.create", "API"),
        ("owner", "jobs.update", "API"),
        ("owner", "jobs.permissions", "API"),
        ("owner", "jobs.delete", "API"),
    ]


def test_a_browser_session_is_recorded_as_ui(owner):
    client = APIClient()
    client.force_login(owner)  # session auth (CSRF checks are off in the test client)
    assert client.post("/api/2.2/jobs/create", JOB, format="json").status_code == 200
    assert actions(action="jobs.create") == [("owner", "jobs.create", "UI")]


def test_runs_cancels_and_deletes_are_recorded(engine, make_job, script, owner):
    job = make_job([python_task("t", script("s.py", "import time\ntime.sleep(30)\n"))])
    run = run_services.run_now(job=job, user=owner)
    run_services.cancel_run(run=run, user=owner)
    wait_for(run)
    run_services.delete_run(run=run, user=owner)
    assert actions(target_type="run") == [
        ("owner", "runs.start", "CLI"),  # no request: a service called from the server itself
        ("owner", "runs.cancel", "CLI"),
        ("owner", "runs.delete", "CLI"),
    ]


def test_scheduled_runs_are_recorded_as_schedule(engine, make_job, script, owner):
    job = make_job([python_task("t", script("s.py", "print(1)\n"))])
    wait_for(run_services.run_now(job=job, user=owner, trigger="PERIODIC"))
    assert actions(action="runs.start") == [("owner", "runs.start", "SCHEDULE")]


def test_tokens_created_and_revoked_are_recorded_without_the_token(api, owner):
    created = api.post("/api/2.0/token/create", {"comment": "ci"}, format="json").json()
    api.post("/api/2.0/token/delete", {"token_id": created["token_info"]["token_id"]}, format="json")
    rows = list(AuditEvent.objects.filter(target_type="token").order_by("id"))
    assert [(r.action, r.source) for r in rows] == [("tokens.create", "API"), ("tokens.revoke", "API")]
    assert all(created["token_value"] not in str(r.details) for r in rows)


def test_cli_token_creation_is_recorded_as_cli(owner, capsys):
    call_command("token", "create", "--user", "owner")
    assert actions(action="tokens.create") == [("owner", "tokens.create", "CLI")]


def test_admins_read_the_log_filtered_and_paged(api, client_for, admin_user, member):
    for n in range(3):
        api.post("/api/2.2/jobs/create", {**JOB, "name": f"j{n}"}, format="json")
    admin = client_for(admin_user)
    first = admin.get("/api/ui/audit", {"action": "jobs.create", "limit": 2}).json()
    assert [e["user_name"] for e in first["events"]] == ["owner", "owner"]
    assert {"time", "action", "target_type", "target_id", "source", "details"} <= set(first["events"][0])
    rest = admin.get(
        "/api/ui/audit", {"action": "jobs.create", "page_token": first["next_page_token"]}
    ).json()
    assert len(rest["events"]) == 1 and "next_page_token" not in rest
    assert admin.get("/api/ui/audit", {"source": "SCHEDULE"}).json()["events"] == []
    assert admin.get("/api/ui/audit", {"source": "NOPE"}).status_code == 400
    assert client_for(member).get("/api/ui/audit").status_code == 403


def test_the_admin_shows_the_log_read_only(client, admin_user, api):
    api.post("/api/2.2/jobs/create", JOB, format="json")
    client.force_login(admin_user)
    assert client.get("/admin/audit/auditevent/").status_code == 200
    event = AuditEvent.objects.get()
    assert client.get(f"/admin/audit/auditevent/{event.pk}/change/").status_code == 200
    assert client.post(f"/admin/audit/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.get("/admin/audit/auditevent/add/").status_code == 403
    with pytest.raises(ValueError, match="append-only"):
        event.save()


def test_clusters_created_started_and_stopped_are_recorded(client_for, admin_user):
    from compute.choices import ClusterState
    from compute.lifecycle import transition
    from compute.models import Cluster

    admin = client_for(admin_user)
    spec = {"cluster_name": "audited", "spark_version": "python-3.11", "num_workers": 1}
    cluster_id = admin.post("/api/2.1/clusters/create", spec, format="json").json()["cluster_id"]
    assert (
        admin.post("/api/2.1/clusters/delete", {"cluster_id": cluster_id}, format="json").status_code == 200
    )
    cluster = Cluster.objects.get(cluster_id=cluster_id)
    transition(cluster, ClusterState.TERMINATED, message="stopped")  # what the supervisor does
    assert admin.post("/api/2.1/clusters/start", {"cluster_id": cluster_id}, format="json").status_code == 200
    assert actions(target_type="cluster") == [
        ("admin", "clusters.start", "API"),
        ("admin", "clusters.stop", "API"),
        ("admin", "clusters.start", "API"),
    ]
