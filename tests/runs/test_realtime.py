"""lakeflow.realtime: events go out after commit, in one batch per transaction, never on rollback."""

from __future__ import annotations

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from lakeflow import realtime


def received(channel: str) -> list[dict]:
    layer = get_channel_layer()
    events = []

    async def drain():
        import asyncio

        while True:
            try:
                message = await asyncio.wait_for(layer.receive(channel), 0.05)
            except TimeoutError:
                return
            events.append(message["event"])

    async_to_sync(drain)()
    return events


@pytest.fixture
def channel():
    layer = get_channel_layer()
    name = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)("run-1", name)
    return name


def test_events_are_sent_after_commit_only(transactional_db, channel):
    with transaction.atomic():
        realtime.publish("run-1", {"n": 1})
        realtime.publish("run-1", {"n": 2})
        assert received(channel) == []
    assert received(channel) == [{"n": 1}, {"n": 2}]


def test_a_rolled_back_transaction_sends_nothing(transactional_db, channel):
    with pytest.raises(ValueError), transaction.atomic():
        realtime.publish("run-1", {"n": 1})
        raise ValueError
    with transaction.atomic():
        realtime.publish("run-1", {"n": 2})
    assert received(channel) == [{"n": 2}]
