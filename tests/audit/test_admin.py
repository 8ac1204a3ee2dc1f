"""Permission and token changes made in the Django admin are in the audit log like the API's:
grant inlines, a grant's own page, a job's owner, token revoke and delete — source UI (a session)."""

from __future__ import annotations

from typing import Any

import pytest

from compute import services as compute_services
from jobs import services as job_services
from jobs.models import JobPermission
from lakeflow.accounts.models import Token
from lakeflow.audit.models import AuditEvent

JOB = {"name": "audited", "tasks": [{"task_key": "t", "notebook_task": {"notebook_path": "/Workspace/t"}}]}


@pytest.fixture
def job(owner):
    return job_services.create_job(user=owner, settings=JOB)


@pytest.fixture
def cluster(admin_user):
    return compute_services.create_cluster(
        user=admin_user, spec={"cluster_name": "adm", "spark_version": "python-3.11"}
    )


def admin_form(browser, url: str, **changes: Any) -> dict[str, Any]:
    """The change page's form as the browser would post it back, with `changes` applied."""
    context = browser.get(url).context
    forms = [context["adminform"].form]
    for inline in context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data: dict[str, Any] = {}
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = "on" if value is True else value
    data.update(changes)
    return data


def grant_row(user, level: str) -> dict[str, Any]:
    """One new row in the grants inline (`permissions`), which holds no rows yet."""
    return {"permissions-TOTAL_FORMS": 1, "permissions-0-user": user.pk, "permissions-0-level": level}


def events(action: str) -> list[tuple[str, str, str, dict]]:
    rows = AuditEvent.objects.filter(action=action).order_by("id")
    return [(e.actor_name, e.target_id, e.source, e.details) for e in rows]


def test_a_job_grant_added_in_the_job_page_is_recorded(browser, job, member):
    url = f"/admin/jobs/job/{job.pk}/change/"
    response = browser.post(url, admin_form(browser, url, **grant_row(member, "CAN_VIEW")))
    assert response.status_code == 302
    acl = [{"user_name": "member", "permission_level": "CAN_VIEW"}]
    assert events("jobs.permissions") == [("admin", str(job.pk), "UI", {"acl": acl, "replace": True})]


def test_a_job_owner_changed_in_the_admin_is_recorded(browser, job, member):
    url = f"/admin/jobs/job/{job.pk}/change/"
    assert browser.post(url, admin_form(browser, url, owner=member.pk)).status_code == 302
    job.refresh_from_db()
    assert job.owner == member
    acl = [{"user_name": "member", "permission_level": "IS_OWNER"}]
    assert events("jobs.permissions") == [("admin", str(job.pk), "UI", {"acl": acl, "replace": False})]


def test_a_job_page_saved_without_grant_changes_records_no_permission_change(browser, job):
    url = f"/admin/jobs/job/{job.pk}/change/"
    assert browser.post(url, admin_form(browser, url, name="renamed")).status_code == 302
    assert events("jobs.permissions") == []


def test_grants_added_and_deleted_on_their_own_admin_page_are_recorded(browser, job, member, outsider):
    add = admin_form(browser, "/admin/jobs/jobpermission/add/", job=job.pk, user=member.pk, level="CAN_VIEW")
    assert browser.post("/admin/jobs/jobpermission/add/", add).status_code == 302
    grant = JobPermission.objects.get()
    assert browser.post(f"/admin/jobs/jobpermission/{grant.pk}/delete/", {"post": "yes"}).status_code == 302
    JobPermission.objects.create(job=job, user=outsider, level="CAN_MANAGE")
    JobPermission.objects.create(job=job, user=member, level="CAN_VIEW")
    selected = list(JobPermission.objects.values_list("pk", flat=True))
    bulk = {"action": "delete_selected", "post": "yes", "_selected_action": selected}
    assert browser.post("/admin/jobs/jobpermission/", bulk).status_code == 302
    acls = [details["acl"] for *_, details in events("jobs.permissions")]
    assert acls == [[{"user_name": "member", "permission_level": "CAN_VIEW"}], [], []]


def test_a_cluster_grant_added_in_the_cluster_page_is_recorded(browser, cluster, member):
    url = f"/admin/compute/cluster/{cluster.pk}/change/"
    response = browser.post(url, admin_form(browser, url, **grant_row(member, "CAN_ATTACH_TO")))
    assert response.status_code == 302
    acl = [{"user_name": "member", "permission_level": "CAN_ATTACH_TO"}]
    recorded = ("admin", cluster.cluster_id, "UI", {"acl": acl, "replace": True})
    assert events("clusters.permissions") == [recorded]


def test_cluster_permission_changes_through_the_api_are_recorded(client_for, admin_user, cluster, member):
    acl = [{"user_name": "member", "permission_level": "CAN_RESTART"}]
    url = f"/api/2.0/permissions/clusters/{cluster.cluster_id}"
    assert client_for(admin_user).put(url, {"access_control_list": acl}, format="json").status_code == 200
    recorded = ("admin", cluster.cluster_id, "API", {"acl": acl, "replace": True})
    assert events("clusters.permissions") == [recorded]


def test_tokens_revoked_and_deleted_in_the_admin_are_recorded(browser, owner):
    revoked, _ = Token.issue(owner)
    deleted, _ = Token.issue(owner)
    bulk_deleted, _ = Token.issue(owner)
    browser.post("/admin/accounts/token/", {"action": "revoke", "_selected_action": [revoked.pk]})
    browser.post(f"/admin/accounts/token/{deleted.pk}/delete/", {"post": "yes"})
    browser.post(
        "/admin/accounts/token/",
        {"action": "delete_selected", "post": "yes", "_selected_action": [bulk_deleted.pk]},
    )
    assert events("tokens.revoke") == [
        ("admin", str(revoked.pk), "UI", {"owner": "owner"}),
        ("admin", str(deleted.pk), "UI", {"owner": "owner", "op": "delete"}),
        ("admin", str(bulk_deleted.pk), "UI", {"owner": "owner", "op": "delete"}),
    ]
    assert list(Token.objects.values_list("pk", flat=True)) == [revoked.pk]
