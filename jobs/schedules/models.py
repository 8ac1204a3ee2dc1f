"""Rows of the schedule engine: fire claims (exactly-once), trigger state, webhooks."""

from __future__ import annotations

from django.conf import settings as django_settings
from django.db import models
from django.utils import timezone

from jobs.choices import PauseStatus


class FireClaim(models.Model):
    """One scheduled fire of one job. Whoever inserts the row starts the run; a second scheduler
    (or a duplicate message) hits the unique constraint and does nothing. One cheap insert per
    fire, no scan."""

    job = models.ForeignKey("jobs.Job", on_delete=models.CASCADE, related_name="fire_claims")
    fire_time = models.DateTimeField()  # the scheduled instant (UTC), not when it was handled
    source = models.CharField(max_length=32)  # cron / interval / once / backfill
    claimed_at = models.DateTimeField(default=timezone.now)
    run_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["job", "fire_time"], name="unique_fire_per_job_and_time")
        ]
        ordering = ["job", "-fire_time"]

    def __str__(self) -> str:
        return f"job {self.job_id} @ {self.fire_time.isoformat()}"


class TriggerState(models.Model):
    """What an event trigger has seen so far (files, table signatures, last upstream run, the
    continuous back-off). Locked with select_for_update while checked, so two schedulers checking
    the same job serialize and start at most one run per event."""

    job = models.ForeignKey("jobs.Job", on_delete=models.CASCADE, related_name="trigger_states")
    kind = models.CharField(max_length=32)  # file_arrival / table_update / job_completion / continuous
    config = models.JSONField(default=dict)  # the trigger settings the state belongs to
    state = models.JSONField(default=dict)
    last_triggered_at = models.DateTimeField(null=True, blank=True)
    # When the observation behind `state` was taken (before the row was locked): an older one is stale.
    observed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "kind"], name="unique_trigger_state_per_kind")]

    def __str__(self) -> str:
        return f"{self.kind} of job {self.job_id}"


class JobWebhook(models.Model):
    """A job's webhook trigger: POST /api/hooks/jobs/<job_id>/<token> starts a run. Only the
    token's SHA-256 is stored; the URL is shown once, when the webhook is created or rotated."""

    job = models.OneToOneField("jobs.Job", on_delete=models.CASCADE, related_name="webhook")
    token_hash = models.CharField(max_length=64)
    pause_status = models.CharField(max_length=16, choices=PauseStatus.choices, default=PauseStatus.UNPAUSED)
    created_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"webhook of job {self.job_id}"
