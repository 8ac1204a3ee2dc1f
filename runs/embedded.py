"""The embedded default's engine services, in the `lakeflow dev` process: a real Celery worker
(thread pool, LAKEFLOW_EMBEDDED_WORKERS threads) consuming the in-process broker, and the
reconciler loop. Tasks still run in child processes. Tests start the same worker (tests/runs).
"""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Callable

from celery import worker as celery_worker
from django.conf import settings

from runs.choices import Queue

log = logging.getLogger(__name__)


# Celery's loop for the thread pool polls the broker for up to 2 s at a time and checks for a stop
# only between polls, so stopping the worker took up to 2 s (every test with an engine paid it).
POLL_SECONDS = 0.1


class _WorkController(celery_worker.WorkController):
    """A WorkController that says when its consumer is ready (so callers can wait for it) and
    polls the in-process broker in short slices (so it stops promptly)."""

    def __init__(self, *args, **kwargs):
        self.ready = threading.Event()
        super().__init__(*args, **kwargs)

    def on_consumer_ready(self, consumer):
        transport = consumer.connection.transport
        drain = transport.drain_events

        def drain_in_slices(connection, timeout=None, **kwargs):
            return drain(connection, timeout=min(timeout or POLL_SECONDS, POLL_SECONDS), **kwargs)

        transport.drain_events = drain_in_slices
        self.ready.set()


def start_worker(
    *, concurrency: int | None = None, queues: list[str] | None = None, timeout: float = 30.0
) -> Callable[[], None]:
    """Start a Celery worker in a background thread of this process; returns its stop function."""
    from lakeflow.celery import app

    app.finalize()
    app.set_current()
    app.set_default()
    controller = _WorkController(
        app=app,
        hostname=f"embedded-{threading.get_ident()}@{socket.gethostname()}",
        concurrency=concurrency or settings.LAKEFLOW_EMBEDDED_WORKERS,
        pool="threads",
        queues=queues or [q.value for q in Queue],
        loglevel="WARNING",
        ready_callback=None,
        without_heartbeat=True,
        without_mingle=True,
        without_gossip=True,
    )
    thread = threading.Thread(target=controller.start, name="lakeflow-worker", daemon=True)
    thread.start()
    if not controller.ready.wait(timeout):
        raise RuntimeError("the embedded Celery worker did not start")

    def stop() -> None:
        controller.stop(in_sighandler=False)
        thread.join(timeout=15)

    return stop


def start() -> Callable[[], None]:
    """The embedded starter registered with lakeflow.embedded: worker threads + reconciler loop."""
    from runs.reconciler import start_loop

    stop_worker = start_worker()
    stop_loop = start_loop(settings.LAKEFLOW_RECONCILE_SECONDS)

    def stop() -> None:
        stop_loop()
        stop_worker()

    return stop
