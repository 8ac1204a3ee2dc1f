"""Who may do what to a job: the one place job access is decided.

Levels are ranked (``PERMISSION_RANK``): each includes the weaker ones. Admins count as
CAN_MANAGE on every job, the owner holds IS_OWNER, and everyone else holds the highest of the
levels granted to them directly or through one of their groups. Views, services, the run engine
and websocket consumers all ask here, so a read over REST and over a socket agree.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from jobs.choices import PERMISSION_RANK, PermissionLevel
from jobs.models import Job, JobPermission
from lakeflow.api.errors import ApiError, denied, invalid

# What a caller needs for each kind of action (one name per action, so callers read clearly).
VIEW = PermissionLevel.CAN_VIEW
MANAGE_RUN = PermissionLevel.CAN_MANAGE_RUN
MANAGE = PermissionLevel.CAN_MANAGE
OWNER = PermissionLevel.IS_OWNER


def is_admin(user) -> bool:
    """Workspace admins: superusers and staff (the `--admin` users of `lakeflow users create`)."""
    return bool(user and user.is_authenticated and (user.is_superuser or user.is_staff))


def _granted_levels(user, job: Job) -> list[str]:
    """Levels granted to the user directly or through any of their groups."""
    return list(
        JobPermission.objects.filter(job=job)
        .filter(Q(user=user) | Q(group__in=user.groups.all()))
        .values_list("level", flat=True)
    )


def level_of(user, job: Job) -> str | None:
    """The strongest level the user holds on the job, or None if they hold none."""
    if user is None or not user.is_authenticated:
        return None
    if job.owner_id == user.pk:
        return OWNER
    if is_admin(user):
        return MANAGE
    levels = _granted_levels(user, job)
    if not levels:
        return None
    return max(levels, key=lambda level: PERMISSION_RANK[level])


def can(user, job: Job, level: str) -> bool:
    """True when the user's level on the job is at least `level`."""
    held = level_of(user, job)
    return held is not None and PERMISSION_RANK[held] >= PERMISSION_RANK[level]


def require(user, job: Job, level: str) -> None:
    """Raise 403 PERMISSION_DENIED unless the user holds at least `level` on the job."""
    if not can(user, job, level):
        name = getattr(user, "username", None) or "anonymous"
        raise denied(f"User {name} does not have {PermissionLevel(level).value} permission on job {job.pk}.")


def visible_jobs(user) -> QuerySet[Job]:
    """Jobs the user may at least view: all for admins; else owned or granted (directly or via group)."""
    if user is None or not user.is_authenticated:
        return Job.objects.none()
    if is_admin(user):
        return Job.objects.all()
    granted = JobPermission.objects.filter(Q(user=user) | Q(group__in=user.groups.all())).values("job_id")
    return Job.objects.filter(Q(owner=user) | Q(pk__in=granted))


def job_does_not_exist(job_id: object) -> ApiError:
    """Databricks answers an unknown job id with 400 INVALID_PARAMETER_VALUE "Job <id> does not
    exist." -- the databricks-sdk maps exactly that (on jobs/get) to ResourceDoesNotExist."""
    return invalid(f"Job {job_id} does not exist.")


def get_job_for(user, job_id: int, level: str = VIEW) -> Job:
    """Fetch a job the user may act on at `level`.

    Unknown ids raise Databricks' "Job <id> does not exist." (400); a job the user holds less
    than `level` on raises 403 PERMISSION_DENIED. Jobs the user cannot even view are reported as
    403 as well (the issue's rule), not hidden as missing.
    """
    job = Job.objects.select_related("owner", "run_as").filter(pk=job_id).first()
    if job is None:
        raise job_does_not_exist(job_id)
    require(user, job, level)
    return job
