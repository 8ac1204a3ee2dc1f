from __future__ import annotations

from django.db import models


class Event(models.TextChoices):
    ON_START = "on_start"  # the run (or task) started
    ON_SUCCESS = "on_success"  # it ended successfully
    ON_FAILURE = "on_failure"  # it failed, timed out, errored, was cancelled or skipped
    ON_DURATION_WARNING = "on_duration_warning_threshold_exceeded"  # health rule RUN_DURATION_SECONDS


class DestinationType(models.TextChoices):
    WEBHOOK = "WEBHOOK"  # generic webhook: JSON payload, optional basic auth and HMAC signature
    SLACK = "SLACK"  # Slack incoming webhook: {"text": ...}
    EMAIL = "EMAIL"  # a list of addresses


class Channel(models.TextChoices):
    EMAIL = "EMAIL"  # through Django's email backend
    WEBHOOK = "WEBHOOK"  # an HTTP POST to a destination


class DeliveryStatus(models.TextChoices):
    PENDING = "PENDING"  # not attempted yet
    RETRYING = "RETRYING"  # an attempt failed; another is scheduled with back-off
    SENT = "SENT"  # delivered (2xx / accepted by the mail server)
    FAILED = "FAILED"  # every attempt failed
