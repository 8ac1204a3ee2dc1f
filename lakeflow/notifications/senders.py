"""One delivery attempt: email through Django's email backend, webhooks with urllib.

Returns (status_code or None, error text or ""); never raises.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import urllib.error
import urllib.request

from django.conf import settings
from django.core.mail import send_mail

from lakeflow.notifications import payloads
from lakeflow.notifications.choices import DestinationType
from lakeflow.notifications.models import Delivery

SIGNATURE_HEADER = "X-Lakeflow-Signature"  # "sha256=<hex HMAC-SHA256 of the body>"
TIMEOUT_SECONDS = 10


def signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def send_email(delivery: Delivery) -> tuple[int | None, str]:
    subject, body = payloads.email(delivery.payload)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [delivery.recipient], fail_silently=False)
    except Exception as e:
        return None, f"{type(e).__name__}: {e}"
    return None, ""


def send_webhook(delivery: Delivery) -> tuple[int | None, str]:
    from lakeflow.secrets import crypto

    destination = delivery.destination
    if destination is None:
        return None, "The notification destination was deleted."
    is_slack = destination.destination_type == DestinationType.SLACK
    body = json.dumps(payloads.slack(delivery.payload) if is_slack else delivery.payload).encode()
    headers = {"Content-Type": "application/json", "User-Agent": "Lakeflow-Notifications"}
    if destination.signing_secret_encrypted:
        headers[SIGNATURE_HEADER] = signature(
            crypto.decrypt(destination.signing_secret_encrypted).decode(), body
        )
    if destination.username or destination.password_encrypted:
        password = (
            crypto.decrypt(destination.password_encrypted).decode() if destination.password_encrypted else ""
        )
        basic = base64.b64encode(f"{destination.username}:{password}".encode()).decode()
        headers["Authorization"] = f"Basic {basic}"
    request = urllib.request.Request(destination.url, data=body, headers=headers, method="POST")  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 - admin-set URL
            return response.status, ""
    except urllib.error.HTTPError as e:
        return e.code, f"HTTP {e.code} {e.reason}"
    except Exception as e:
        return None, f"{type(e).__name__}: {getattr(e, 'reason', e)}"
