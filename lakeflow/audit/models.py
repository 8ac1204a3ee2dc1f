"""The audit log: append-only rows of who did what to which object, when, and from where."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from lakeflow.audit.choices import Action, Source


class AuditEvent(models.Model):
    at = models.DateTimeField(default=timezone.now, db_index=True)
    # The acting user (kept as a name too: the log outlives deleted users).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(max_length=150, blank=True, default="")
    action = models.CharField(max_length=40, choices=Action.choices, db_index=True)
    target_type = models.CharField(max_length=40)  # job, run, token, cluster, secret_scope
    target_id = models.CharField(max_length=255, blank=True, default="")
    source = models.CharField(max_length=16, choices=Source.choices)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        target = f"{self.target_type}:{self.target_id}"
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_name or '-'} {self.action} {target}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("AuditEvent rows are append-only")
        super().save(*args, **kwargs)
