"""The job model: a job is rows (tasks, dependency edges, parameters, job clusters) plus job-level
settings; every change writes an immutable JobVersion snapshot of the full settings in the
Databricks wire format. Runs execute a snapshot, never the live rows.
"""

from __future__ import annotations

from django.conf import settings as django_settings
from django.db import models
from django.utils import timezone

from jobs.choices import PermissionLevel, RunIf, TaskType, VersionChange


class Job(models.Model):
    name = models.CharField(max_length=4096, default="Untitled")
    description = models.TextField(blank=True, default="")
    owner = models.ForeignKey(
        django_settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="owned_jobs"
    )
    # Whose permissions the runs have (run_as); null means the owner.
    run_as = models.ForeignKey(
        django_settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    tags = models.JSONField(default=dict, blank=True)
    max_concurrent_runs = models.PositiveIntegerField(default=1)
    queue_enabled = models.BooleanField(default=True)
    timeout_seconds = models.PositiveIntegerField(default=0)  # 0: no timeout
    # Schedule and triggers as their wire objects; django-celery-beat rows are derived from them.
    schedule = models.JSONField(null=True, blank=True)
    trigger = models.JSONField(null=True, blank=True)
    continuous = models.JSONField(null=True, blank=True)
    # The remaining job settings, each kept as its wire object.
    health = models.JSONField(null=True, blank=True)
    email_notifications = models.JSONField(null=True, blank=True)
    webhook_notifications = models.JSONField(null=True, blank=True)
    notification_settings = models.JSONField(null=True, blank=True)
    git_source = models.JSONField(null=True, blank=True)
    environments = models.JSONField(null=True, blank=True)
    # Accepted Databricks fields with no behaviour here (edit_mode, format, deployment, ...).
    extra = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["name"])]

    def __str__(self) -> str:
        return f"{self.name} (#{self.pk})"

    @property
    def effective_run_as(self):
        return self.run_as or self.owner

    def latest_version(self) -> JobVersion | None:
        return self.versions.order_by("-version").first()


class Task(models.Model):
    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="tasks")
    task_key = models.CharField(max_length=100)
    position = models.PositiveIntegerField(default=0)  # order in the settings' task list
    task_type = models.CharField(max_length=32, choices=TaskType.choices)
    description = models.TextField(blank=True, default="")
    run_if = models.CharField(max_length=32, choices=RunIf.choices, default=RunIf.ALL_SUCCESS)
    disabled = models.BooleanField(default=False)
    max_retries = models.IntegerField(default=0)  # -1: retry forever, as Databricks allows
    min_retry_interval_millis = models.PositiveIntegerField(default=0)
    retry_on_timeout = models.BooleanField(default=False)
    timeout_seconds = models.PositiveIntegerField(default=0)
    # The rest of the task's wire object: its type block (keyed by the Databricks name), compute
    # (existing_cluster_id / job_cluster_key / new_cluster / environment_key), libraries,
    # notifications, health ... everything but the columns above and depends_on.
    spec = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["job", "position"]
        constraints = [models.UniqueConstraint(fields=["job", "task_key"], name="unique_task_key_per_job")]

    def __str__(self) -> str:
        return self.task_key


class TaskDependency(models.Model):
    """An edge: `task` depends on `upstream` (optionally only on a condition task's outcome)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="dependencies")
    upstream = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="dependents")
    outcome = models.CharField(max_length=8, null=True, blank=True)  # "true" / "false" / None
    position = models.PositiveIntegerField(default=0)  # order in the task's depends_on list

    class Meta:
        ordering = ["task", "position"]
        constraints = [models.UniqueConstraint(fields=["task", "upstream"], name="unique_dependency")]


class JobParameter(models.Model):
    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="parameters")
    name = models.CharField(max_length=255)
    default = models.TextField(blank=True, default="")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["job", "position"]
        constraints = [models.UniqueConstraint(fields=["job", "name"], name="unique_job_parameter")]


class JobCluster(models.Model):
    """A job-scoped cluster spec; tasks reference it by job_cluster_key."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="job_clusters")
    job_cluster_key = models.CharField(max_length=100)
    new_cluster = models.JSONField(default=dict)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["job", "position"]
        constraints = [
            models.UniqueConstraint(fields=["job", "job_cluster_key"], name="unique_job_cluster_key")
        ]


class JobVersion(models.Model):
    """An immutable snapshot of the full job settings (wire format), written on every change."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    settings = models.JSONField()
    author = models.ForeignKey(
        django_settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    change = models.CharField(max_length=32, choices=VersionChange.choices, default=VersionChange.UPDATE)

    class Meta:
        ordering = ["job", "-version"]
        constraints = [models.UniqueConstraint(fields=["job", "version"], name="unique_job_version")]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("JobVersion rows are immutable")
        super().save(*args, **kwargs)


class JobPermission(models.Model):
    """One access-control entry: a user or a group holds a level on a job."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="permissions")
    user = models.ForeignKey(django_settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True)
    group = models.ForeignKey("auth.Group", on_delete=models.CASCADE, null=True, blank=True)
    level = models.CharField(max_length=32, choices=PermissionLevel.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["job", "user"], name="unique_job_user_permission"),
            models.UniqueConstraint(fields=["job", "group"], name="unique_job_group_permission"),
        ]
