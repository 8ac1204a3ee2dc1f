"""Real ASGI servers for tests, serving lakeflow.asgi with static files as in production:
Daphne processes forked from the test process (so they share its settings and test database) for
tests that need several server processes, and a uvicorn server on a thread of the test process.

Browser tests use the thread: forking a process whose engine threads write to the SQLite test
database copies SQLite's in-process lock bookkeeping mid-write, and the child's first write can
then wait forever for a lock nobody holds (SQLite: "do not carry a connection across fork")."""

from __future__ import annotations

import threading
import time
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


@contextmanager
def thread_server(*, port: int | None = None) -> Iterator[str]:
    """A uvicorn server (websockets included) on a thread of this process; yields its base URL.
    ``port`` brings a server back where a stopped one was, as a restart would."""
    import uvicorn

    application = make_application(static_wrapper=ASGIStaticFilesHandler)
    config = uvicorn.Config(
        application,
        host="127.0.0.1",
        port=port or 0,
        lifespan="off",
        log_level="warning",
        timeout_graceful_shutdown=2,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="asgi-test-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the ASGI test server did not start within 30 s")
        time.sleep(0.02)
    bound = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{bound}"
    finally:
        server.should_exit = True
        thread.join(15)
