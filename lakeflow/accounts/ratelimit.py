"""Rate limiting of failed authentication (bad tokens, bad passwords).

A counter per client IP and per user name lives in Django's cache (Redis in production, so every
web process shares it; process memory in the embedded default). Once a key passes
LAKEFLOW_AUTH_FAILURE_LIMIT failures within LAKEFLOW_AUTH_FAILURE_WINDOW_SECONDS, further attempts
from it are refused with 429 REQUEST_LIMIT_EXCEEDED until the window ends — even with the right
secret, or guessing would simply go on.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from rest_framework.exceptions import Throttled

_PREFIX = "lakeflow:authfail:"
logger = logging.getLogger(__name__)


def client_ip(request: HttpRequest) -> str:
    # uvicorn already rewrites REMOTE_ADDR from X-Forwarded-For for trusted proxies
    # (`lakeflow web --forwarded-allow-ips`), so the header itself is never trusted here.
    return request.META.get("REMOTE_ADDR") or "unknown"


def keys_for(request: HttpRequest | None, username: str | None = None, *, kind: str = "login") -> list[str]:
    """The counters an attempt counts against. Bad tokens and bad passwords are counted apart, so
    a script retrying a revoked token cannot lock its machine's users out of the login page."""
    return keys(client_ip(request) if request is not None else None, username, kind=kind)


def keys(ip: str | None, username: str | None = None, *, kind: str = "login") -> list[str]:
    found = []
    if ip is not None:
        found.append(f"{_PREFIX}{kind}:ip:{ip}")
    if username:
        found.append(f"{_PREFIX}{kind}:user:{username.strip().lower()}")
    return found


def _cache_down(error: Exception) -> None:
    # The limiter fails open: an unreachable cache (Redis restarting) must not turn every API call
    # into a 500. The failure is logged so operators see it.
    logger.warning("Authentication rate limiter skipped: the cache is unavailable (%s).", error)


def is_locked(keys: list[str]) -> bool:
    limit = settings.LAKEFLOW_AUTH_FAILURE_LIMIT
    try:
        counts = cache.get_many(keys)
    except Exception as error:
        _cache_down(error)
        return False
    return any((counts.get(key) or 0) >= limit for key in keys)


def check(keys: list[str]) -> None:
    """Raise 429 REQUEST_LIMIT_EXCEEDED when any of the keys is locked out."""
    if is_locked(keys):
        raise Throttled(
            wait=settings.LAKEFLOW_AUTH_FAILURE_WINDOW_SECONDS,
            detail="Too many failed authentication attempts; try again later.",
        )


def record_failure(keys: list[str]) -> None:
    window = settings.LAKEFLOW_AUTH_FAILURE_WINDOW_SECONDS
    try:
        for key in keys:
            # add() starts the window only on the first failure; incr() keeps its expiry.
            cache.add(key, 0, timeout=window)
            try:
                cache.incr(key)
            except ValueError:  # expired between add() and incr()
                cache.set(key, 1, timeout=window)
    except Exception as error:
        _cache_down(error)


def reset(keys: list[str]) -> None:
    try:
        cache.delete_many(keys)
    except Exception as error:
        _cache_down(error)
