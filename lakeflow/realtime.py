"""Websocket events, one wrapper: ``publish(group, payload)`` sends after the current transaction
commits (never mid-transaction), through the Channels layer. Groups: ``run-<id>``, ``job-<id>``,
``task-run-<id>``. A failing channel layer never fails the engine.

The events of one transaction go out together in one batch: a task ending publishes several
(its state, the next tasks queued, the run's state), and each separate hop into the layer's
event loop costs about a millisecond on the engine's hot path.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction

log = logging.getLogger(__name__)


class _Batch:
    """The on-commit callback carrying one transaction's events."""

    def __init__(self) -> None:
        self.items: list[tuple[str, dict[str, Any]]] = []

    def __call__(self) -> None:
        send_many(self.items)


def publish(group: str, payload: dict[str, Any]) -> None:
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        send_many([(group, payload)])
        return
    # Join the batch this transaction registered at the same savepoint level (Django drops it on
    # rollback of that savepoint); a batch of an enclosing or earlier savepoint is left alone.
    current = set(connection.savepoint_ids)
    for sids, func, _robust in reversed(connection.run_on_commit):
        if isinstance(func, _Batch) and sids == current:
            func.items.append((group, payload))
            return
    batch = _Batch()
    batch.items.append((group, payload))
    transaction.on_commit(batch)


def send_now(group: str, payload: dict[str, Any]) -> None:
    send_many([(group, payload)])


def send_many(items: list[tuple[str, dict[str, Any]]]) -> None:
    if not items:
        return
    try:
        from asgiref.sync import async_to_sync
        from channels.layers import get_channel_layer

        layer = get_channel_layer()
        if layer is None:
            return

        async def send_all() -> None:
            for group, payload in items:
                await layer.group_send(group, {"type": "lakeflow.event", "event": payload})

        async_to_sync(send_all)()
    except Exception:
        log.warning("could not publish %d event(s)", len(items), exc_info=True)
