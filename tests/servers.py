"""Real ASGI servers for tests, serving lakeflow.asgi with static files as in production: a uvicorn
server on a thread of the test process, and `lakeflow web` processes on the test database for tests
that need several server processes.

The processes are started, not forked: forking a process whose engine threads write to the SQLite
test database copies SQLite's in-process lock bookkeeping mid-write, and the child's first write can
then wait forever for a lock nobody holds (SQLite: "do not carry a connection across fork")."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from channels.testing.live import make_application
from django.conf import settings
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def use_redis_layer(settings, redis_url: str) -> dict[str, str]:
    """Point the channel layer at Redis under a per-test key prefix; returns the environment that
    gives a `lakeflow web` process the same layer."""
    prefix = f"lakeflow-test-{uuid.uuid4().hex[:8]}:"
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [redis_url], "prefix": f"{prefix}asgi"},
        }
    }
    return {"REDIS_URL": redis_url, "LAKEFLOW_REDIS_KEY_PREFIX": prefix}


def current_database_url() -> str:
    """The URL of the database this test runs on, for processes started by the test."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{host}:{port}/{db['NAME']}"


@contextmanager
def web_processes(count: int, **env: str) -> Iterator[list[str]]:
    """``count`` `lakeflow web` processes on this test's database and LAKEFLOW_HOME, plus ``env``;
    yields their base URLs (http://127.0.0.1:<port>)."""
    child_env = {
        **{k: v for k, v in os.environ.items() if k not in ("CELERY_BROKER_URL", "REDIS_URL")},
        "DATABASE_URL": current_database_url(),
        "LAKEFLOW_HOME": str(settings.LAKEFLOW_HOME),
        "SECRET_KEY": settings.SECRET_KEY,
        "DJANGO_SETTINGS_MODULE": "lakeflow.settings",
        "PYTHONUNBUFFERED": "1",
        **env,
    }
    processes: list[tuple[subprocess.Popen, str, Path]] = []
    try:
        for index in range(count):
            port = free_port()
            log = Path(settings.LAKEFLOW_HOME) / f"web-{index}.log"
            process = subprocess.Popen(
                [sys.executable, str(ROOT / "manage.py"), "web", "--port", str(port)],
                env=child_env,
                cwd=ROOT,
                stdout=log.open("w"),
                stderr=subprocess.STDOUT,
            )
            processes.append((process, f"http://127.0.0.1:{port}", log))
        for process, url, log in processes:
            _wait_until_serving(process, url, log)
        yield [url for _, url, _ in processes]
    finally:
        for process, _, _ in processes:
            process.terminate()
        for process, _, _ in processes:
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_serving(process: subprocess.Popen, url: str, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"`lakeflow web` exited with {process.returncode}:\n{log.read_text()}")
        try:
            urllib.request.urlopen(f"{url}/healthz", timeout=1)
            return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"`lakeflow web` did not serve within 60 s:\n{log.read_text()}")


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
