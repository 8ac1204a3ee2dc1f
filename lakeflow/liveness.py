"""Work a process runs on its own threads outside the task engine — SQL statements, pipeline
updates — heartbeats its rows, so the reconciler can fail a row whose process died instead of
leaving it RUNNING forever (task runs have their own heartbeat in runs.execution).

``held(model, pk, interrupt=...)`` marks a row as being worked on by the calling thread: one daemon
thread per process stamps ``heartbeat_at`` on all held rows every LAKEFLOW_HEARTBEAT_SECONDS (one
UPDATE per model). ``stale(model, states)`` is what the reconciler fails: rows in an active state
whose heartbeat is older than LAKEFLOW_HEARTBEAT_TIMEOUT_SECONDS.

``drain()`` interrupts the held work and waits for its threads; it runs when the process exits.
A daemon thread still inside DuckDB when Python finalizes is ended mid-C++ and aborts the whole
process ("FATAL: exception not rethrown", exit 134), so a web process stopping while a statement
runs would crash instead of exiting, and its statement would wait for the reconciler.
"""

from __future__ import annotations

import atexit
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, models
from django.utils import timezone

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Holder:
    thread: threading.Thread
    interrupt: Callable[[], None] | None


_held: dict[type[models.Model], dict[object, _Holder]] = {}
_lock = threading.Lock()
_beater: threading.Thread | None = None
_wake = threading.Event()


@contextmanager
def held(model: type[models.Model], pk, *, interrupt: Callable[[], None] | None = None) -> Iterator[None]:
    """Heartbeat the row while the block runs; ``interrupt`` stops the work early (``drain``)."""
    global _beater
    with _lock:
        _held.setdefault(model, {})[pk] = _Holder(threading.current_thread(), interrupt)
        if _beater is None or not _beater.is_alive():
            _beater = threading.Thread(target=_beat_forever, name="liveness-heartbeat", daemon=True)
            _beater.start()
    try:
        yield
    finally:
        with _lock:
            _held.get(model, {}).pop(pk, None)


def beat_once() -> int:
    """Stamp every row this process holds; returns how many were stamped."""
    with _lock:
        work = {model: list(holders) for model, holders in _held.items() if holders}
    now = timezone.now()
    return sum(model.objects.filter(pk__in=pks).update(heartbeat_at=now) for model, pks in work.items())


def drain(timeout: float = 10.0) -> int:
    """Interrupt every piece of held work and wait (up to ``timeout`` seconds in all) for its
    threads to end; returns how many were still running when the wait ended."""
    with _lock:
        holders = [h for by_pk in _held.values() for h in by_pk.values()]
    for holder in holders:
        if holder.interrupt is not None:
            try:
                holder.interrupt()
            except Exception:
                log.warning("interrupting held work failed", exc_info=True)
    deadline = time.monotonic() + timeout
    for holder in holders:
        if holder.thread is not threading.current_thread():
            holder.thread.join(max(0.0, deadline - time.monotonic()))
    return sum(h.thread.is_alive() for h in holders if h.thread is not threading.current_thread())


atexit.register(drain)


def _beat_forever() -> None:
    while not _wake.wait(settings.LAKEFLOW_HEARTBEAT_SECONDS):
        try:
            close_old_connections()
            beat_once()
        except Exception:
            log.warning("liveness heartbeat failed", exc_info=True)


def stale(model: type[models.Model], states) -> models.QuerySet:
    cutoff = timezone.now() - timedelta(seconds=settings.LAKEFLOW_HEARTBEAT_TIMEOUT_SECONDS)
    return model.objects.filter(state__in=states, heartbeat_at__lt=cutoff)
