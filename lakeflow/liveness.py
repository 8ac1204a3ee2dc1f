"""Work a process runs on its own threads outside the task engine — SQL statements, pipeline
updates — heartbeats its rows, so the reconciler can fail a row whose process died instead of
leaving it RUNNING forever (task runs have their own heartbeat in runs.execution).

``held(model, pk)`` marks a row as being worked on by this process: one daemon thread per process
stamps ``heartbeat_at`` on all held rows every LAKEFLOW_HEARTBEAT_SECONDS (one UPDATE per model).
``stale(model, states)`` is what the reconciler fails: rows in an active state whose heartbeat is
older than LAKEFLOW_HEARTBEAT_TIMEOUT_SECONDS.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, models
from django.utils import timezone

log = logging.getLogger(__name__)

_held: dict[type[models.Model], set] = {}
_lock = threading.Lock()
_beater: threading.Thread | None = None
_wake = threading.Event()


@contextmanager
def held(model: type[models.Model], pk) -> Iterator[None]:
    global _beater
    with _lock:
        _held.setdefault(model, set()).add(pk)
        if _beater is None or not _beater.is_alive():
            _beater = threading.Thread(target=_beat_forever, name="liveness-heartbeat", daemon=True)
            _beater.start()
    try:
        yield
    finally:
        with _lock:
            _held.get(model, set()).discard(pk)


def beat_once() -> int:
    """Stamp every row this process holds; returns how many were stamped."""
    with _lock:
        work = {model: list(pks) for model, pks in _held.items() if pks}
    now = timezone.now()
    return sum(model.objects.filter(pk__in=pks).update(heartbeat_at=now) for model, pks in work.items())


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
