"""Notification destinations, deliveries (with every attempt), and duration warnings of runs."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from lakeflow.notifications.choices import Channel, DeliveryStatus, DestinationType


def _new_id() -> str:
    return str(uuid.uuid4())


class NotificationDestination(models.Model):
    id = models.CharField(primary_key=True, max_length=36, default=_new_id, editable=False)
    display_name = models.CharField(max_length=255)
    destination_type = models.CharField(max_length=16, choices=DestinationType.choices)
    url = models.URLField(max_length=2048, blank=True, default="")
    username = models.CharField(max_length=255, blank=True, default="")
    # Encrypted with the secrets key (lakeflow.secrets.crypto): basic-auth password, signing secret.
    password_encrypted = models.TextField(blank=True, default="")
    signing_secret_encrypted = models.TextField(blank=True, default="")
    addresses = models.JSONField(default=list, blank=True)  # EMAIL destinations
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["display_name", "id"]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.destination_type})"


class Delivery(models.Model):
    """One notification to one recipient; ``attempts`` lists every try."""

    job_run = models.ForeignKey("runs.JobRun", on_delete=models.CASCADE, related_name="deliveries")
    task_key = models.CharField(max_length=100, blank=True, default="")  # task-level notifications
    event = models.CharField(max_length=48)
    channel = models.CharField(max_length=8, choices=Channel.choices)
    destination = models.ForeignKey(
        NotificationDestination, on_delete=models.SET_NULL, null=True, blank=True, related_name="deliveries"
    )
    recipient = models.CharField(max_length=2048)  # the address or URL
    status = models.CharField(max_length=8, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    payload = models.JSONField(default=dict)
    # [{"at": iso time, "status_code": int|None, "error": str}] one per attempt.
    attempts = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "deliveries"

    def __str__(self) -> str:
        return f"{self.event} -> {self.recipient} ({self.status})"


class DurationWarning(models.Model):
    """A run (task_key "") or one of its tasks passed its health rule RUN_DURATION_SECONDS
    GREATER_THAN threshold: once per run, and once per task of a run."""

    job_run = models.ForeignKey("runs.JobRun", on_delete=models.CASCADE, related_name="duration_warnings")
    task_key = models.CharField(max_length=100, blank=True, default="")
    threshold_seconds = models.PositiveIntegerField()
    fired_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["job_run", "task_key"], name="unique_duration_warning"),
        ]
