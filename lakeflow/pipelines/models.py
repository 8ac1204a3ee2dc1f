"""Declarative pipelines (our take on Delta Live Tables): a pipeline, its updates, its event log.

The pipeline's settings are kept as the Databricks wire ``spec`` (libraries, schema/target,
configuration ...); the data lives in the pipeline's SQL warehouse, not here.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


def new_id() -> str:
    return str(uuid.uuid4())


class PipelineState(models.TextChoices):
    """`state` of a pipeline on the wire (the SDK's PipelineState)."""

    IDLE = "IDLE"  # no update running
    RUNNING = "RUNNING"  # an update is running
    FAILED = "FAILED"  # reserved: Lakeflow reports a failed update as IDLE + health UNHEALTHY
    DELETED = "DELETED"  # gone


class UpdateState(models.TextChoices):
    """`state` of an update (the SDK's UpdateInfoState)."""

    QUEUED = "QUEUED"  # created, waiting for a thread or a job task to run it
    INITIALIZING = "INITIALIZING"  # reading and parsing the sources
    SETTING_UP_TABLES = "SETTING_UP_TABLES"  # resolving the dependency order, opening the warehouse
    RUNNING = "RUNNING"  # materializing datasets
    STOPPING = "STOPPING"  # a stop was asked; the current statement is being interrupted
    COMPLETED = "COMPLETED"  # every dataset materialized
    FAILED = "FAILED"  # a source, a statement or a FAIL UPDATE expectation failed
    CANCELED = "CANCELED"  # stopped


UPDATE_ACTIVE = (
    UpdateState.QUEUED,
    UpdateState.INITIALIZING,
    UpdateState.SETTING_UP_TABLES,
    UpdateState.RUNNING,
    UpdateState.STOPPING,
)


class Pipeline(models.Model):
    id = models.CharField(primary_key=True, max_length=64, default=new_id)
    name = models.CharField(max_length=255)
    spec = models.JSONField(default=dict)  # the PipelineSpec wire object, without id
    state = models.CharField(max_length=16, choices=PipelineState.choices, default=PipelineState.IDLE)
    creator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class PipelineUpdate(models.Model):
    id = models.CharField(primary_key=True, max_length=64, default=new_id)
    pipeline = models.ForeignKey(Pipeline, on_delete=models.CASCADE, related_name="updates")
    state = models.CharField(max_length=24, choices=UpdateState.choices, default=UpdateState.QUEUED)
    cause = models.CharField(max_length=32, default="API_CALL")
    full_refresh = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Stamped while a process runs it (lakeflow.liveness); stale while active: that process died.
    heartbeat_at = models.DateTimeField(default=timezone.now)
    error = models.TextField(blank=True, default="")
    # Per dataset: {"name": {"kind", "rows", "dropped", "expectations": [...]}}; the event log
    # holds the same, this is the summary runs and the API read back.
    datasets = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]


class PipelineEvent(models.Model):
    """One entry of a pipeline's event log; the auto id is its sequence."""

    pipeline = models.ForeignKey(Pipeline, on_delete=models.CASCADE, related_name="events")
    update = models.ForeignKey(PipelineUpdate, on_delete=models.CASCADE, null=True, related_name="events")
    timestamp = models.DateTimeField(default=timezone.now)
    event_type = models.CharField(max_length=32)  # create_update, update_progress, flow_progress ...
    level = models.CharField(max_length=8, default="INFO")  # INFO / WARN / ERROR / METRICS
    message = models.TextField()
    dataset_name = models.CharField(max_length=255, blank=True, default="")
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-id"]
