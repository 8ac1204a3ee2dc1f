"""Clusters and their events, workers, libraries and permissions: see DESIGN §6.

A cluster is a named Celery queue (``Cluster.queue``) plus the worker processes that consume it
(``ClusterWorker`` rows, one per process, written by the workers themselves). States change only
through ``compute.lifecycle.transition()``, which writes the ClusterEvent.
"""

from __future__ import annotations

import secrets
import string

from django.conf import settings as django_settings
from django.db import models
from django.utils import timezone

from compute.choices import (
    ClusterKind,
    ClusterPermissionLevel,
    ClusterSource,
    ClusterState,
    EventType,
    LibraryStatus,
    WorkerState,
)

CLUSTER_QUEUE_PREFIX = "lakeflow.cluster."


def new_cluster_id() -> str:
    """Databricks' shape: "MMDD-HHMMSS-" + 8 random lowercase letters/digits."""
    now = timezone.now()
    suffix = "".join(secrets.choice(string.ascii_lowercase + string.digits) for _ in range(8))
    return f"{now:%m%d-%H%M%S}-{suffix}"


class Cluster(models.Model):
    cluster_id = models.CharField(max_length=64, unique=True, default=new_cluster_id)
    cluster_name = models.CharField(max_length=100, blank=True, default="")
    kind = models.CharField(max_length=16, choices=ClusterKind.choices, default=ClusterKind.ALL_PURPOSE)
    source = models.CharField(max_length=8, choices=ClusterSource.choices, default=ClusterSource.API)
    provider = models.CharField(max_length=32, default="local")

    # The spec as sent (kept and returned; spark_version and node_type_id have no effect here).
    spark_version = models.CharField(max_length=100, blank=True, default="")
    node_type_id = models.CharField(max_length=100, blank=True, default="")
    driver_node_type_id = models.CharField(max_length=100, blank=True, default="")
    num_workers = models.PositiveIntegerField(default=0)
    autoscale_min_workers = models.PositiveIntegerField(null=True, blank=True)
    autoscale_max_workers = models.PositiveIntegerField(null=True, blank=True)
    autotermination_minutes = models.PositiveIntegerField(default=0)  # 0: never
    spark_env_vars = models.JSONField(default=dict, blank=True)
    spark_conf = models.JSONField(default=dict, blank=True)
    custom_tags = models.JSONField(default=dict, blank=True)
    data_security_mode = models.CharField(max_length=40, blank=True, default="")
    single_user_name = models.CharField(max_length=255, blank=True, default="")
    # Accepted Databricks fields without behaviour here (aws_attributes, init_scripts, ...), as given.
    extra = models.JSONField(default=dict, blank=True)

    state = models.CharField(max_length=16, choices=ClusterState.choices, default=ClusterState.PENDING)
    state_message = models.TextField(blank=True, default="")
    state_changed_at = models.DateTimeField(default=timezone.now)
    termination_reason = models.JSONField(null=True, blank=True)  # {"code", "type", "parameters"}
    # How many worker processes the cluster should have now (autoscaling moves it between min/max).
    target_workers = models.PositiveIntegerField(default=1)

    creator = models.ForeignKey(
        django_settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # JOB clusters: the run that owns it and the job_cluster_key (or task_key) it serves.
    job_run = models.ForeignKey(
        "runs.JobRun", on_delete=models.SET_NULL, null=True, blank=True, related_name="clusters"
    )
    job_cluster_key = models.CharField(max_length=100, blank=True, default="")

    created_at = models.DateTimeField(default=timezone.now)
    start_time = models.DateTimeField(null=True, blank=True)
    running_since = models.DateTimeField(null=True, blank=True)
    terminated_time = models.DateTimeField(null=True, blank=True)
    last_restarted_time = models.DateTimeField(null=True, blank=True)
    # The last time a task was queued to or finished on it; autotermination counts from here.
    last_activity_time = models.DateTimeField(null=True, blank=True)
    # clusters/permanent-delete: hidden from the API at once, the row goes once its workers are gone.
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state"]), models.Index(fields=["kind", "state"])]

    def __str__(self) -> str:
        return f"{self.cluster_name or self.cluster_id} ({self.state})"

    @property
    def queue(self) -> str:
        """The Celery queue its workers consume; the serverless pool keeps the engine's queue."""
        if self.kind == ClusterKind.SERVERLESS:
            from runs.choices import Queue

            return Queue.SERVERLESS.value
        return f"{CLUSTER_QUEUE_PREFIX}{self.cluster_id}"

    @property
    def is_autoscaling(self) -> bool:
        return self.autoscale_max_workers is not None

    @property
    def min_workers(self) -> int:
        return self.autoscale_min_workers if self.is_autoscaling else self.num_workers

    @property
    def max_workers(self) -> int:
        return self.autoscale_max_workers if self.is_autoscaling else self.num_workers

    @staticmethod
    def processes_for(workers: int) -> int:
        """Worker processes for a size: one per worker, and a single-node cluster (0 workers) still
        has one process (the driver runs its tasks). Each process is one task slot."""
        return max(1, workers)


class ClusterEvent(models.Model):
    """Append-only: what happened to a cluster (clusters/events)."""

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="events")
    timestamp = models.DateTimeField(default=timezone.now, db_index=True)
    type = models.CharField(max_length=40, choices=EventType.choices)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["cluster", "timestamp", "id"]
        indexes = [models.Index(fields=["cluster", "timestamp"])]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("ClusterEvent rows are append-only")
        super().save(*args, **kwargs)


class ClusterWorker(models.Model):
    """One worker process consuming a cluster's queue. Started by a provider (pid known on
    `hostname`) or joined from another machine (`lakeflow worker --cluster NAME`); the process
    itself marks the row READY once it consumes the queue, then heartbeats."""

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="workers")
    name = models.CharField(max_length=255)  # the Celery node name, unique while live
    hostname = models.CharField(max_length=255, blank=True, default="")
    pid = models.IntegerField(null=True, blank=True)
    managed = models.BooleanField(default=True)  # started by this installation's provider
    state = models.CharField(max_length=16, choices=WorkerState.choices, default=WorkerState.STARTING)
    started_at = models.DateTimeField(default=timezone.now)
    ready_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    stopped_at = models.DateTimeField(null=True, blank=True)
    exit_message = models.TextField(blank=True, default="")
    log_path = models.CharField(max_length=1024, blank=True, default="")

    class Meta:
        ordering = ["cluster", "id"]
        indexes = [models.Index(fields=["cluster", "state"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.state})"


class ClusterLibrary(models.Model):
    """A library asked for on a cluster (Libraries API), with its install status."""

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="libraries")
    library = models.JSONField()  # the wire object: {"pypi": {"package": ...}} / {"whl": path} ...
    key = models.CharField(max_length=1024)  # canonical form of `library`, unique per cluster
    status = models.CharField(max_length=24, choices=LibraryStatus.choices, default=LibraryStatus.PENDING)
    messages = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["cluster", "id"]
        constraints = [models.UniqueConstraint(fields=["cluster", "key"], name="unique_cluster_library")]

    def __str__(self) -> str:
        return f"{self.key} ({self.status})"


class ClusterPermission(models.Model):
    """One access-control entry: a user or a group holds a level on a cluster."""

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="permissions")
    user = models.ForeignKey(django_settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True)
    group = models.ForeignKey("auth.Group", on_delete=models.CASCADE, null=True, blank=True)
    level = models.CharField(max_length=32, choices=ClusterPermissionLevel.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cluster", "user"], name="unique_cluster_user_permission"),
            models.UniqueConstraint(fields=["cluster", "group"], name="unique_cluster_group_permission"),
        ]


__all__ = [
    "CLUSTER_QUEUE_PREFIX",
    "Cluster",
    "ClusterEvent",
    "ClusterLibrary",
    "ClusterPermission",
    "ClusterWorker",
    "new_cluster_id",
]
