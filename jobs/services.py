"""Operations on jobs: create, update (Databricks partial-update semantics), reset, delete,
restore a version, and change permissions.

Each is a keyword-only function in one transaction: settings are validated and normalized first
(``jobs.validation``), then written as rows, then a ``JobVersion`` snapshot of the settings as
``job_settings`` rebuilds them from the rows. Nothing is written when anything fails. Callers:
the API views, the CLI (``lakeflow jobs deploy``), tests.

A job's child rows (tasks, dependencies, parameters, job clusters) are replaced on every save:
their ids are not stable, so other code names tasks by task_key (runs execute a JobVersion's
settings, never these rows).
"""

from __future__ import annotations

import copy
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from jobs import permissions
from jobs.choices import PermissionLevel, TaskType, VersionChange
from jobs.models import Job, JobCluster, JobParameter, JobPermission, JobVersion, Task, TaskDependency
from jobs.signals import job_changed
from jobs.validation import INERT_JOB_FIELDS, for_task, task_type_of, validate_job_settings
from lakeflow import realtime
from lakeflow.api.errors import invalid, malformed
from lakeflow.audit import audit

# Task fields kept in Task columns (the rest of the task's wire object lives in Task.spec).
TASK_COLUMNS = (
    "description",
    "run_if",
    "disabled",
    "max_retries",
    "min_retry_interval_millis",
    "retry_on_timeout",
    "timeout_seconds",
)
# Job settings kept as their wire objects in same-named JSON columns.
JOB_JSON_FIELDS = (
    "schedule",
    "trigger",
    "continuous",
    "health",
    "email_notifications",
    "webhook_notifications",
    "notification_settings",
    "git_source",
    "environments",
)
# Array settings jobs/update merges entry by entry, by these key fields.
MERGED_ARRAYS = {
    "tasks": "task_key",
    "job_clusters": "job_cluster_key",
    "parameters": "name",
    "environments": "environment_key",
}
# Every top-level settings field (what fields_to_remove may name).
SETTINGS_FIELDS = frozenset(
    {
        "name",
        "description",
        "tags",
        "max_concurrent_runs",
        "queue",
        "timeout_seconds",
        "run_as",
        "parameters",
        "job_clusters",
        "tasks",
        *JOB_JSON_FIELDS,
        *INERT_JOB_FIELDS,
    }
)


# -- rows -> wire settings -----------------------------------------------------------------------


def task_settings(task: Task, keys: dict[int, str]) -> dict[str, Any]:
    """One task's wire object, rebuilt from its row and dependency rows (`keys`: id -> task_key)."""
    wire: dict[str, Any] = {"task_key": task.task_key, **copy.deepcopy(task.spec)}
    for column in TASK_COLUMNS:
        wire[column] = getattr(task, column)
    if not wire["description"]:
        del wire["description"]
    deps = [
        {"task_key": keys[dep.upstream_id], **({"outcome": dep.outcome} if dep.outcome else {})}
        for dep in task.dependencies.all()
    ]
    if deps:
        wire["depends_on"] = deps
    return wire


def job_settings(job: Job, *, with_tasks: bool = True, tasks: slice | None = None) -> dict[str, Any]:
    """The job's settings in the Databricks wire format, rebuilt from its rows.

    Equal to the normalized settings it was last written with (validate_job_settings output).
    `tasks` limits the task list to a slice (a jobs/get page) without reading the other tasks'
    rows -- only their keys, which depends_on names.
    """
    wire: dict[str, Any] = {
        "name": job.name,
        "max_concurrent_runs": job.max_concurrent_runs,
        "timeout_seconds": job.timeout_seconds,
        "queue": {"enabled": job.queue_enabled},
        "email_notifications": job.email_notifications or {},
        "webhook_notifications": job.webhook_notifications or {},
    }
    if job.description:
        wire["description"] = job.description
    if job.tags:
        wire["tags"] = job.tags
    for name in JOB_JSON_FIELDS:
        value = getattr(job, name)
        if value is not None and name not in wire:
            wire[name] = value
    if job.run_as_id:
        wire["run_as"] = {"user_name": job.run_as.username}
    params = [{"name": p.name, "default": p.default} for p in job.parameters.all()]
    if params:
        wire["parameters"] = params
    clusters = [
        {"job_cluster_key": c.job_cluster_key, "new_cluster": c.new_cluster} for c in job.job_clusters.all()
    ]
    if clusters:
        wire["job_clusters"] = clusters
    if with_tasks:
        if tasks is None:
            rows = list(job.tasks.all())
            keys = {row.pk: row.task_key for row in rows}
        else:
            rows = list(job.tasks.prefetch_related("dependencies")[tasks])
            keys = dict(job.tasks.values_list("pk", "task_key"))
        if rows:
            wire["tasks"] = [task_settings(row, keys) for row in rows]
    wire.update(copy.deepcopy(job.extra))
    return copy.deepcopy(wire)


def with_rows(queryset):
    """Prefetch everything job_settings reads, for lists of jobs."""
    return queryset.select_related("owner", "run_as").prefetch_related(
        "parameters", "job_clusters", "tasks__dependencies"
    )


# -- wire settings -> rows -----------------------------------------------------------------------


def _resolve_run_as(user, job: Job | None, settings: dict) -> Any:
    """The run_as user, checking that only admins make a job run as somebody else (issue 9)."""
    run_as = settings.get("run_as")
    if run_as is None:
        return None
    name = run_as["user_name"]
    target = get_user_model().objects.filter(username=name).first()
    if target is None:
        raise invalid(f"run_as.user_name names unknown user {name!r}.")
    unchanged = job is not None and job.run_as_id == target.pk
    if target.pk != user.pk and not unchanged and not permissions.is_admin(user):
        raise permissions.denied(f"Only admins may set run_as to another user ({name}).")
    return target


def _run_job_targets(settings: dict) -> dict[int, str]:
    """job id -> the task key of a run_job_task (top level or inside a for_each) that runs it."""
    wanted: dict[int, str] = {}
    for task in settings.get("tasks", []):
        for candidate in (task, (task.get(TaskType.FOR_EACH) or {}).get("task") or {}):
            if TaskType.RUN_JOB in candidate:
                wanted[candidate[TaskType.RUN_JOB]["job_id"]] = task["task_key"]
    return wanted


def _check_run_job_targets(settings: dict, job_id: int | None = None) -> None:
    """run_job_task.job_id must name an existing job (Databricks checks this on save), and no
    chain of run_job tasks may lead back to this job (it would run itself forever)."""
    wanted = _run_job_targets(settings)
    existing = set(Job.objects.filter(pk__in=wanted).values_list("pk", flat=True))
    for target, key in wanted.items():
        if target not in existing:
            raise for_task(key).invalid(f"run_job_task.job_id names unknown job {target}.")
    if job_id is None:
        return  # a job being created: nothing can refer to it yet
    for target, key in wanted.items():
        seen: set[int] = set()
        frontier = [target]
        while frontier:
            current = frontier.pop()
            if current == job_id:
                raise for_task(key).invalid(
                    f"run_job_task.job_id {target} would run job {job_id} itself "
                    "(directly or through other jobs)."
                )
            if current in seen:
                continue
            seen.add(current)
            version = JobVersion.objects.filter(job_id=current).order_by("-version").first()
            if version is not None:
                frontier.extend(_run_job_targets(version.settings))


def _check_job_completion_targets(settings: dict, job_id: int | None) -> None:
    """trigger.job_completion must watch existing jobs, and not the job itself (with if_status
    DONE it would start itself forever)."""
    monitored = ((settings.get("trigger") or {}).get("job_completion") or {}).get("jobs") or []
    ids = [int(item["job_id"]) for item in monitored]
    existing = set(Job.objects.filter(pk__in=ids).values_list("pk", flat=True))
    for index, target in enumerate(ids):
        where = f"trigger.job_completion.jobs[{index}].job_id"
        if target == job_id:
            raise invalid(f"{where} is this job itself; a job cannot start on its own completion.")
        if target not in existing:
            raise invalid(f"{where} names unknown job {target}.")


def _write_rows(job: Job, settings: dict, run_as) -> None:
    """Make the job's rows say exactly `settings` (already normalized)."""
    job.name = settings["name"]
    job.description = settings.get("description", "")
    job.tags = settings.get("tags", {})
    job.max_concurrent_runs = settings["max_concurrent_runs"]
    job.queue_enabled = settings["queue"]["enabled"]
    job.timeout_seconds = settings["timeout_seconds"]
    for name in JOB_JSON_FIELDS:
        setattr(job, name, settings.get(name))
    job.run_as = run_as
    job.extra = {name: settings[name] for name in INERT_JOB_FIELDS if name in settings}
    job.save()

    # Child rows are replaced wholesale: simpler than diffing, and versions keep the history.
    job.tasks.all().delete()
    job.parameters.all().delete()
    job.job_clusters.all().delete()
    JobParameter.objects.bulk_create(
        JobParameter(job=job, name=p["name"], default=p["default"], position=i)
        for i, p in enumerate(settings.get("parameters", []))
    )
    JobCluster.objects.bulk_create(
        JobCluster(job=job, job_cluster_key=c["job_cluster_key"], new_cluster=c["new_cluster"], position=i)
        for i, c in enumerate(settings.get("job_clusters", []))
    )
    tasks = settings.get("tasks", [])
    rows = Task.objects.bulk_create(_task_row(job, task, i) for i, task in enumerate(tasks))
    by_key = {row.task_key: row for row in rows}
    TaskDependency.objects.bulk_create(
        TaskDependency(
            task=by_key[task["task_key"]],
            upstream=by_key[dep["task_key"]],
            outcome=dep.get("outcome"),
            position=i,
        )
        for task in tasks
        for i, dep in enumerate(task.get("depends_on", []))
    )


def _task_row(job: Job, task: dict, position: int) -> Task:
    spec = {k: v for k, v in task.items() if k not in ("task_key", "depends_on", *TASK_COLUMNS)}
    return Task(
        job=job,
        task_key=task["task_key"],
        position=position,
        task_type=task_type_of(task),
        description=task.get("description", ""),
        **{column: task[column] for column in TASK_COLUMNS if column != "description"},
        spec=spec,
    )


def _save(*, user, job: Job, settings: dict, change: str) -> JobVersion:
    """Validate, write the rows and a new version; the one path every change takes."""
    settings = validate_job_settings(settings)
    _check_run_job_targets(settings, job.pk)
    _check_job_completion_targets(settings, job.pk)
    run_as = _resolve_run_as(user, job if job.pk else None, settings)
    from compute.placement import check_cluster_references

    check_cluster_references(settings, run_as or job.owner)  # the runs' user may attach to its clusters
    _write_rows(job, settings, run_as)
    # The normalized settings are what job_settings() rebuilds from the rows just written (the
    # round trip is tested), so the snapshot needs no second read of a big job's rows.
    last = job.versions.order_by("-version").values_list("version", flat=True).first() or 0
    version = JobVersion.objects.create(
        job=job, version=last + 1, settings=settings, author=user, change=change
    )
    job_changed.send(sender=Job, job=job, version=version, change=change)
    action = audit.Action.JOB_CREATE if change == VersionChange.CREATE else audit.Action.JOB_UPDATE
    audit.record(user, action, "job", job.pk, details={"change": str(change), "version": version.version})
    # Open editors and job pages refresh on this (sent after commit).
    realtime.publish(f"job-{job.pk}", {"type": "job.updated", "job_id": job.pk, "version": version.version})
    return version


# -- operations ----------------------------------------------------------------------------------


@transaction.atomic
def create_job(*, user, settings: dict) -> Job:
    """Create a job owned by `user` (the creator is the owner, IS_OWNER) from wire settings."""
    job = Job(owner=user)
    _save(user=user, job=job, settings=settings, change=VersionChange.CREATE)
    return job


def _locked(job: Job) -> Job:
    """Re-read the job row under a lock, so concurrent edits write consecutive versions."""
    return Job.objects.select_for_update().get(pk=job.pk)


def merge_settings(current: dict, new_settings: dict, fields_to_remove: list[str]) -> dict:
    """Databricks jobs/update: remove the named fields, then apply new_settings.

    Top-level fields are replaced; tasks, job_clusters, parameters and environments are merged
    entry by entry by their key (an entry with a known key is replaced whole, a new key is
    appended). fields_to_remove names top-level fields or single entries ("tasks/<task_key>",
    "job_clusters/<job_cluster_key>").
    """
    merged = copy.deepcopy(current)
    for index, name in enumerate(fields_to_remove):
        if not isinstance(name, str):
            raise invalid(f"fields_to_remove[{index}] must be a string.")
        _remove_field(merged, name, new_settings)
    for name, value in new_settings.items():
        key = MERGED_ARRAYS.get(name)
        if key and isinstance(value, list) and isinstance(merged.get(name), list):
            merged[name] = _merge_by_key(merged[name], value, key)
        else:
            merged[name] = copy.deepcopy(value)
    return merged


def _remove_field(settings: dict, name: str, new_settings: dict) -> None:
    top, _, entry = name.partition("/")
    if top not in SETTINGS_FIELDS:
        raise invalid(f"fields_to_remove names unknown field {name!r}.")
    if not entry:
        if top in new_settings:
            raise invalid(f"Field {top!r} is both in new_settings and in fields_to_remove.")
        settings.pop(top, None)
        return
    if top not in ("tasks", "job_clusters"):
        raise invalid(
            f"fields_to_remove can remove single entries only of tasks and job_clusters, not {name!r}."
        )
    key = MERGED_ARRAYS[top]
    entries = settings.get(top, [])
    kept = [item for item in entries if not (isinstance(item, dict) and item.get(key) == entry)]
    if len(kept) == len(entries):
        raise invalid(f"fields_to_remove names {name!r}, but the job has no such entry.")
    settings[top] = kept


def _merge_by_key(current: list, new: list, key: str) -> list:
    merged = list(current)
    position = {item.get(key): i for i, item in enumerate(merged) if isinstance(item, dict)}
    for item in new:
        name = item.get(key) if isinstance(item, dict) else None
        if name is not None and name in position:
            merged[position[name]] = copy.deepcopy(item)
        else:
            position[name] = len(merged)
            merged.append(copy.deepcopy(item))
    return merged


@transaction.atomic
def update_job(
    *, user, job: Job, new_settings: dict | None = None, fields_to_remove: list[str] | None = None
) -> Job:
    """Partially update a job (Databricks jobs/update); needs CAN_MANAGE."""
    job = _locked(job)
    permissions.require(user, job, permissions.MANAGE)
    current = job_settings(with_rows(Job.objects.filter(pk=job.pk)).get())
    merged = merge_settings(current, new_settings or {}, fields_to_remove or [])
    _save(user=user, job=job, settings=merged, change=VersionChange.UPDATE)
    return job


@transaction.atomic
def reset_job(*, user, job: Job, new_settings: dict) -> Job:
    """Replace all of a job's settings (Databricks jobs/reset); needs CAN_MANAGE."""
    job = _locked(job)
    permissions.require(user, job, permissions.MANAGE)
    _save(user=user, job=job, settings=new_settings, change=VersionChange.RESET)
    return job


@transaction.atomic
def restore_version(*, user, job: Job, version: int) -> Job:
    """Make a past version's settings current again, as a new version; needs CAN_MANAGE."""
    job = _locked(job)
    permissions.require(user, job, permissions.MANAGE)
    old = job.versions.filter(version=version).first()
    if old is None:
        raise invalid(f"Job {job.pk} has no version {version}.")
    _save(user=user, job=job, settings=old.settings, change=VersionChange.RESTORE)
    return job


@transaction.atomic
def delete_job(*, user, job: Job) -> None:
    """Delete a job with its tasks, versions, permissions and runs; needs CAN_MANAGE."""
    job = _locked(job)
    permissions.require(user, job, permissions.MANAGE)
    audit.record(user, audit.Action.JOB_DELETE, "job", job.pk, details={"name": job.name})
    job.delete()


# -- permissions ---------------------------------------------------------------------------------


def principal_of(entry: dict) -> tuple[str, Any]:
    """('user', User) or ('group', Group) for an access-control entry naming one principal."""
    if entry.get("service_principal_name"):
        raise invalid("Service principals are not supported: Lakeflow has users and groups.")
    if entry.get("user_name"):
        user = get_user_model().objects.filter(username=entry["user_name"]).first()
        if user is None:
            raise invalid(f"Principal: UserName({entry['user_name']}) does not exist.")
        return "user", user
    if entry.get("group_name"):
        group = Group.objects.filter(name=entry["group_name"]).first()
        if group is None:
            raise invalid(f"Principal: GroupName({entry['group_name']}) does not exist.")
        return "group", group
    raise invalid("Each access_control_list entry must name a user_name or a group_name.")


_principal = principal_of  # the name compute.api.permissions imports


@transaction.atomic
def set_permissions(*, user, job: Job, acl: list[dict], replace: bool) -> Job:
    """Grant levels (PATCH: add/change the named entries; PUT: the list becomes the whole ACL).

    IS_OWNER on a user transfers ownership (admins only); the owner keeps IS_OWNER otherwise.
    Entries: {"user_name" | "group_name": ..., "permission_level": ...}.
    """
    job = _locked(job)
    permissions.require(user, job, permissions.MANAGE)
    grants: list[tuple[str, Any, str]] = []
    new_owner = None
    for index, entry in enumerate(acl):
        if not isinstance(entry, dict):
            raise malformed(f"access_control_list[{index}] must be an object.")
        kind, principal = principal_of(entry)
        level = entry.get("permission_level")
        if level not in PermissionLevel.values:
            raise invalid(
                f"permission_level must be one of {', '.join(PermissionLevel.values)}; got {level!r}."
            )
        if level == PermissionLevel.IS_OWNER:
            if kind != "user":
                raise invalid("IS_OWNER can only be held by a user, not a group.")
            if new_owner is not None and new_owner != principal:
                raise invalid("A job has exactly one owner; the list names IS_OWNER more than once.")
            new_owner = principal
            continue
        grants.append((kind, principal, level))

    if new_owner is not None and new_owner.pk != job.owner_id:
        if not permissions.is_admin(user):
            raise permissions.denied("Only admins may change the owner of a job.")
        job.owner = new_owner
        job.save(update_fields=["owner"])
    if replace:
        job.permissions.all().delete()
    for kind, principal, level in grants:
        if kind == "user" and principal.pk == job.owner_id:
            continue  # the owner's IS_OWNER already includes every level
        JobPermission.objects.update_or_create(job=job, **{kind: principal}, defaults={"level": level})
    job.permissions.filter(user_id=job.owner_id).delete()
    audit.record(user, audit.Action.JOB_PERMISSIONS, "job", job.pk, details={"acl": acl, "replace": replace})
    return job
