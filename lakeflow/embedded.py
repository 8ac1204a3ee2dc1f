"""The embedded default's background services, started by `lakeflow dev` in its own process:
Celery worker threads on the in-process broker, the reconciler, and the schedule loop.

Each service registers a starter here; `lakeflow dev` calls ``start_background_services()``
once the database is migrated, and ``stop_background_services()`` on shutdown.
"""

from __future__ import annotations

from collections.abc import Callable

# Each starter returns a stop function.
_STARTERS: list[Callable[[], Callable[[], None]]] = []
_STOPPERS: list[Callable[[], None]] = []


def register(starter: Callable[[], Callable[[], None]]) -> Callable[[], Callable[[], None]]:
    _STARTERS.append(starter)
    return starter


def start_background_services() -> None:
    for starter in _STARTERS:
        _STOPPERS.append(starter())


def stop_background_services() -> None:
    while _STOPPERS:
        _STOPPERS.pop()()
