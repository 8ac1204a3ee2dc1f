"""Real ASGI servers for tests: Daphne processes forked from the test process (so they share its
settings and test database), serving lakeflow.asgi with static files, as in production."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial

import pytest
from channels.testing.live import make_application
from daphne.testing import DaphneProcess
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler


def use_redis_layer(settings, redis_url: str) -> None:
    """Point the channel layer at Redis under a per-test prefix (forked servers inherit it)."""
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [redis_url], "prefix": f"lakeflow-test-{uuid.uuid4().hex[:8]}"},
        }
    }


@contextmanager
def daphne_servers(count: int = 1, *, port: int | None = None) -> Iterator[list[str]]:
    """``count`` Daphne processes; yields their base URLs (http://127.0.0.1:<port>). ``port``
    (with count 1) brings a server back where a stopped one was, as a restart would."""
    servers = []
    try:
        for _ in range(count):
            server = DaphneProcess(
                "127.0.0.1", partial(make_application, static_wrapper=ASGIStaticFilesHandler), port=port
            )
            server.daemon = True
            server.start()
            servers.append(server)
            if not server.ready.wait(timeout=30):
                pytest.fail("Daphne did not start within 30 s")
        yield [f"http://127.0.0.1:{server.port.value}" for server in servers]
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.join(10)
