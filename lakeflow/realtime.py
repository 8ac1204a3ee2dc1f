"""Websocket events, one wrapper: ``publish(group, payload)`` sends after the current transaction
commits (never mid-transaction), through the Channels layer. Groups: ``run-<id>``, ``job-<id>``,
``task-run-<id>``. A failing channel layer never fails the engine.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction

log = logging.getLogger(__name__)


def publish(group: str, payload: dict[str, Any]) -> None:
    transaction.on_commit(lambda: send_now(group, payload))


def send_now(group: str, payload: dict[str, Any]) -> None:
    try:
        from asgiref.sync import async_to_sync
        from channels.layers import get_channel_layer

        layer = get_channel_layer()
        if layer is None:
            return
        async_to_sync(layer.group_send)(group, {"type": "lakeflow.event", "event": payload})
    except Exception:
        log.warning("could not publish to %s", group, exc_info=True)
