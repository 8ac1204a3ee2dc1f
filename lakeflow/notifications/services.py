"""Notification operations: destinations (admins manage them), and the deliveries of an event
— one row per recipient, attempted in Celery tasks, retried with exponential back-off."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from jobs.permissions import is_admin
from lakeflow.api.errors import denied, invalid, not_found
from lakeflow.notifications import payloads, senders
from lakeflow.notifications.choices import Channel, DeliveryStatus, DestinationType
from lakeflow.notifications.models import Delivery, NotificationDestination
from runs.choices import Queue
from runs.models import JobRun, TaskRun

log = logging.getLogger(__name__)

# Attempts per delivery, and the first back-off (doubling: 2, 4, 8, 16 s by default).
MAX_ATTEMPTS = 5


def backoff_seconds(attempt: int) -> float:
    base = float(getattr(settings, "LAKEFLOW_NOTIFICATION_BACKOFF_SECONDS", 2))
    return base * (2 ** (attempt - 1))


# -- destinations ----------------------------------------------------------------------------------
def _config_fields(config: dict[str, Any], current: NotificationDestination | None) -> dict[str, Any]:
    """Model fields from a Databricks ``config`` ({"generic_webhook"|"slack"|"email": {...}})."""
    from lakeflow.secrets import crypto

    kinds = [k for k in ("generic_webhook", "slack", "email") if k in config]
    unknown = sorted(set(config) - {"generic_webhook", "slack", "email"})
    if unknown:
        raise invalid(f"config.{unknown[0]} is not supported: use generic_webhook, slack or email.")
    if len(kinds) != 1:
        raise invalid("config must hold exactly one of generic_webhook, slack, email.")
    kind = kinds[0]
    block = config[kind]
    if not isinstance(block, dict):
        raise invalid(f"config.{kind} must be an object.")
    dtype = {"generic_webhook": DestinationType.WEBHOOK, "slack": DestinationType.SLACK}.get(
        kind, DestinationType.EMAIL
    )
    if current is not None and current.destination_type != dtype:
        raise invalid(f"A {current.destination_type} destination cannot become {dtype}.")
    fields: dict[str, Any] = {"destination_type": dtype}
    if dtype == DestinationType.EMAIL:
        addresses = block.get("addresses")
        if (
            not isinstance(addresses, list)
            or not addresses
            or not all(isinstance(a, str) and "@" in a for a in addresses)
        ):
            raise invalid("config.email.addresses must be a non-empty list of email addresses.")
        fields["addresses"] = addresses
        return fields
    url = block.get("url")
    if url is None and current is not None:
        url = current.url
    if not isinstance(url, str) or not url.startswith(("http://", "https://")) or len(url) > 2048:
        raise invalid(f"config.{kind}.url must be an http(s) URL.")
    fields["url"] = url
    for name in ("username", "password", "signing_secret"):
        if name in block and not isinstance(block[name], str | type(None)):
            raise invalid(f"config.{kind}.{name} must be a string.")
    if "username" in block:
        fields["username"] = block["username"] or ""
    if "password" in block:
        fields["password_encrypted"] = crypto.encrypt(block["password"].encode()) if block["password"] else ""
    if "signing_secret" in block:  # ours: HMAC-SHA256 of the body in X-Lakeflow-Signature
        secret = block["signing_secret"]
        fields["signing_secret_encrypted"] = crypto.encrypt(secret.encode()) if secret else ""
    return fields


def _require_admin(user) -> None:
    if not is_admin(user):
        raise denied("Only admins may manage notification destinations.")


def _display_name(value: Any) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > 255:
        raise invalid("display_name must be a non-empty string of at most 255 characters.")
    return value


@transaction.atomic
def create_destination(*, user, display_name: Any, config: dict[str, Any]) -> NotificationDestination:
    _require_admin(user)
    fields = _config_fields(config, None)
    return NotificationDestination.objects.create(
        display_name=_display_name(display_name), created_by=user, **fields
    )


def get_destination(destination_id: str) -> NotificationDestination:
    found = NotificationDestination.objects.filter(pk=destination_id).first()
    if found is None:
        raise not_found(f"Notification destination {destination_id} does not exist.")
    return found


@transaction.atomic
def update_destination(
    *, user, destination_id: str, display_name: Any = None, config: dict[str, Any] | None = None
) -> NotificationDestination:
    _require_admin(user)
    destination = get_destination(destination_id)
    if display_name is not None:
        destination.display_name = _display_name(display_name)
    if config is not None:
        for name, value in _config_fields(config, destination).items():
            setattr(destination, name, value)
    destination.save()
    return destination


@transaction.atomic
def delete_destination(*, user, destination_id: str) -> None:
    _require_admin(user)
    get_destination(destination_id).delete()


# -- deliveries ---------------------------------------------------------------------------------------
def _recipients(settings_block: dict, event: str) -> list[tuple[str, str, NotificationDestination | None]]:
    """[(channel, recipient, destination)] for one event of a job or task."""
    out: list[tuple[str, str, NotificationDestination | None]] = []
    for address in (settings_block.get("email_notifications") or {}).get(event) or []:
        out.append((Channel.EMAIL, address, None))
    for ref in (settings_block.get("webhook_notifications") or {}).get(event) or []:
        destination = NotificationDestination.objects.filter(pk=str((ref or {}).get("id"))).first()
        if destination is None:
            log.warning("notification destination %s does not exist", ref)
        elif destination.destination_type == DestinationType.EMAIL:
            out += [(Channel.EMAIL, a, destination) for a in destination.addresses]
        else:
            out.append((Channel.WEBHOOK, destination.url, destination))
    return out


def notify(*, run_id: int, event: str, task_run_id: int | None = None, state: str = "") -> list[int]:
    """Create the deliveries of one event and queue their first attempts; returns their ids."""
    run = JobRun.objects.filter(pk=run_id).first()
    if run is None:
        return []
    task_run = TaskRun.objects.filter(pk=task_run_id).first() if task_run_id else None
    block = task_run.task_settings if task_run else run.settings
    payload = payloads.build(run, event, task_run=task_run, state=state)
    ids = []
    with transaction.atomic():
        for channel, recipient, destination in _recipients(block, event):
            delivery = Delivery.objects.create(
                job_run=run,
                task_key=task_run.task_key if task_run else "",
                event=event,
                channel=channel,
                destination=destination,
                recipient=recipient,
                payload=payload,
            )
            ids.append(delivery.pk)
            queue_attempt(delivery.pk)
    return ids


def queue_attempt(delivery_id: int, countdown: float | None = None) -> None:
    def send() -> None:
        from lakeflow.notifications.tasks import deliver

        try:
            deliver.apply_async((delivery_id,), queue=Queue.CONTROL.value, countdown=countdown)
        except Exception:
            log.warning("could not queue delivery %s", delivery_id, exc_info=True)

    transaction.on_commit(send)


def attempt(delivery_id: int) -> Delivery | None:
    """One attempt of a delivery; a failure schedules the next one with back-off."""
    delivery = Delivery.objects.select_related("destination").filter(pk=delivery_id).first()
    if delivery is None or delivery.status in (DeliveryStatus.SENT, DeliveryStatus.FAILED):
        return delivery
    send = senders.send_email if delivery.channel == Channel.EMAIL else senders.send_webhook
    status_code, error = send(delivery)
    now = timezone.now()
    delivery.attempts = [
        *delivery.attempts,
        {"at": now.isoformat(), "status_code": status_code, "error": error},
    ]
    number = len(delivery.attempts)
    if not error:
        delivery.status = DeliveryStatus.SENT
    elif number >= MAX_ATTEMPTS:
        delivery.status = DeliveryStatus.FAILED
    else:
        delivery.status = DeliveryStatus.RETRYING
    delivery.updated_at = now
    with transaction.atomic():
        delivery.save(update_fields=["attempts", "status", "updated_at"])
        if delivery.status == DeliveryStatus.RETRYING:
            queue_attempt(delivery.pk, countdown=backoff_seconds(number))
    return delivery
