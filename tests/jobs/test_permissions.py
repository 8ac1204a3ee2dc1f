from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from jobs import permissions
from lakeflow.api.errors import ApiError
from tests.jobs.factories import JobFactory, JobPermissionFactory

pytestmark = pytest.mark.django_db


def test_the_owner_holds_is_owner(owner):
    job = JobFactory(owner=owner)
    assert permissions.level_of(owner, job) == "IS_OWNER"


def test_admins_hold_can_manage_on_every_job(owner, admin_user):
    job = JobFactory(owner=owner)
    assert permissions.level_of(admin_user, job) == "CAN_MANAGE"
    assert list(permissions.visible_jobs(admin_user)) == [job]


def test_a_user_without_grants_holds_nothing(owner, outsider):
    job = JobFactory(owner=owner)
    assert permissions.level_of(outsider, job) is None
    assert not permissions.can(outsider, job, "CAN_VIEW")
    assert list(permissions.visible_jobs(outsider)) == []


def test_the_highest_of_direct_and_group_grants_wins(owner, member):
    job = JobFactory(owner=owner)
    group = Group.objects.create(name="analysts")
    member.groups.add(group)
    JobPermissionFactory(job=job, user=member, level="CAN_VIEW")
    JobPermissionFactory(job=job, group=group, level="CAN_MANAGE_RUN")
    assert permissions.level_of(member, job) == "CAN_MANAGE_RUN"
    assert permissions.can(member, job, "CAN_VIEW")
    assert not permissions.can(member, job, "CAN_MANAGE")


def test_group_grants_make_a_job_visible_once(owner, member):
    job = JobFactory(owner=owner)
    group = Group.objects.create(name="analysts")
    member.groups.add(group)
    JobPermissionFactory(job=job, user=member, level="CAN_VIEW")
    JobPermissionFactory(job=job, group=group, level="CAN_VIEW")
    JobFactory(owner=owner)  # not granted
    assert list(permissions.visible_jobs(member)) == [job]


def test_require_raises_permission_denied(owner, member):
    job = JobFactory(owner=owner)
    JobPermissionFactory(job=job, user=member, level="CAN_VIEW")
    with pytest.raises(ApiError) as caught:
        permissions.require(member, job, "CAN_MANAGE")
    assert (caught.value.status_code, caught.value.error_code) == (403, "PERMISSION_DENIED")


def test_an_unknown_job_id_is_reported_as_databricks_does(owner):
    with pytest.raises(ApiError) as caught:
        permissions.get_job_for(owner, 424242)
    assert caught.value.error_code == "INVALID_PARAMETER_VALUE"
    assert caught.value.message == "Job 424242 does not exist."
