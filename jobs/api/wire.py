"""Jobs rows -> Databricks wire objects (Job, BaseJob, JobAccessControlResponse ...).

Jobs API 2.2 pages the big arrays of a job (tasks, job_clusters, parameters, environments) 100
at a time: jobs/get answers the first 100 of each with ``next_page_token`` when any has more, and
the databricks-sdk follows the token and extends each array. jobs/list with ``expand_tasks``
shows the first 100 and says ``has_more``.
"""

from __future__ import annotations

import base64
from typing import Any

from jobs.choices import PermissionLevel
from jobs.models import Job, JobVersion
from jobs.services import job_settings
from lakeflow.accounts.api.serializers import epoch_millis
from lakeflow.api.errors import invalid

PAGED_ARRAYS = ("tasks", "job_clusters", "parameters", "environments")  # tasks first
ARRAY_PAGE = 100

PERMISSION_DESCRIPTIONS = {
    PermissionLevel.CAN_VIEW: "Can view the job and its runs",
    PermissionLevel.CAN_MANAGE_RUN: "Can view, run, cancel and repair runs of the job",
    PermissionLevel.CAN_MANAGE: "Can edit, delete and change permissions of the job, and manage its runs",
    PermissionLevel.IS_OWNER: "Owns the job: every permission; the job's runs run as the owner by default",
}


def _base(job: Job) -> dict[str, Any]:
    run_as = job.effective_run_as
    return {
        "job_id": job.pk,
        "creator_user_name": job.owner.username,
        "run_as_user_name": run_as.username,
        "created_time": epoch_millis(job.created_at),
    }


def _page_token(page: int) -> str:
    return base64.urlsafe_b64encode(f"page:{page}".encode()).decode().rstrip("=")


def parse_array_page(token: str | None) -> int:
    """The page number in a jobs/get page_token (0 without a token)."""
    if not token:
        return 0
    try:
        text = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        kind, _, number = text.partition(":")
        if kind == "page" and int(number) > 0:
            return int(number)
    except (ValueError, UnicodeDecodeError):
        pass
    raise invalid(f"Invalid page_token: {token!r}.")


def job_object(job: Job, *, page: int = 0, paged: bool = True) -> dict[str, Any]:
    """jobs/get: the Job object; page N > 0 carries the Nth 100 entries of each big array.

    Without `paged` (API 2.1) every entry comes at once."""
    if not paged:
        return {**_base(job), "settings": job_settings(job)}
    start = page * ARRAY_PAGE
    settings = job_settings(job, tasks=slice(start, start + ARRAY_PAGE))
    sizes = [job.tasks.count(), *(len(settings.get(name, [])) for name in PAGED_ARRAYS[1:])]
    wire = {**_base(job), "settings": settings}
    if max(sizes) <= ARRAY_PAGE and page == 0:
        return wire
    # Paged: every array present (the SDK extends each one), this page's slice of each.
    for name in PAGED_ARRAYS[1:]:
        settings[name] = settings.get(name, [])[start : start + ARRAY_PAGE]
    settings.setdefault("tasks", [])
    if max(sizes) > start + ARRAY_PAGE:
        wire["next_page_token"] = _page_token(page + 1)
        wire["has_more"] = True
    return wire


def base_job(job: Job, *, expand_tasks: bool, paged: bool = True) -> dict[str, Any]:
    """jobs/list: BaseJob; without expand_tasks the settings leave out tasks and job_clusters."""
    settings = job_settings(job, with_tasks=expand_tasks)
    wire = {**_base(job), "settings": settings}
    if not expand_tasks:
        settings.pop("job_clusters", None)
        return wire
    if not paged:
        return wire
    more = False
    for name in PAGED_ARRAYS:
        if len(settings.get(name, [])) > ARRAY_PAGE:
            settings[name] = settings[name][:ARRAY_PAGE]
            more = True
    wire["has_more"] = more
    return wire


def _user_entry(user, level: str) -> dict[str, Any]:
    return {
        "user_name": user.username,
        "display_name": user.get_full_name() or user.username,
        "all_permissions": [{"permission_level": level, "inherited": False}],
    }


def job_permissions(job: Job) -> dict[str, Any]:
    """/api/2.0/permissions/jobs/{id}: ObjectPermissions with the owner first."""
    acl = [_user_entry(job.owner, PermissionLevel.IS_OWNER)]
    for grant in job.permissions.select_related("user", "group").order_by("group__name", "user__username"):
        if grant.user_id is not None:
            acl.append(_user_entry(grant.user, grant.level))
        else:
            acl.append(
                {
                    "group_name": grant.group.name,
                    "all_permissions": [{"permission_level": grant.level, "inherited": False}],
                }
            )
    return {"object_id": f"/jobs/{job.pk}", "object_type": "job", "access_control_list": acl}


def permission_levels() -> dict[str, Any]:
    return {
        "permission_levels": [
            {"permission_level": level, "description": PERMISSION_DESCRIPTIONS[level]}
            for level in PermissionLevel.values
        ]
    }


def version_summary(version: JobVersion) -> dict[str, Any]:
    return {
        "version": version.version,
        "change": version.change,
        "author": version.author.username if version.author else None,
        "created_time": epoch_millis(version.created_at),
        "name": version.settings.get("name"),
    }


def version_object(version: JobVersion) -> dict[str, Any]:
    return {**version_summary(version), "settings": version.settings}
