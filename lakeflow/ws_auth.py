"""Websocket authentication: the session cookie (browser) or `Authorization: Bearer` (scripts).

Channels' AuthMiddlewareStack puts the session's user in ``scope["user"]``; a connection that sends
a Bearer token is authenticated by the token instead (an invalid one leaves it anonymous, and the
consumer refuses it, as the REST API would). Bad tokens count against the same per-IP limit as on
the REST API.
"""

from __future__ import annotations

from channels.auth import AuthMiddlewareStack
from channels.db import database_sync_to_async
from channels.middleware import BaseMiddleware
from django.contrib.auth.models import AnonymousUser

from lakeflow.accounts import ratelimit
from lakeflow.accounts.authentication import user_for_token


def _bearer(scope) -> str | None:
    for name, value in scope.get("headers", []):
        if name.lower() == b"authorization":
            scheme, _, raw = value.decode(errors="replace").partition(" ")
            if scheme.lower() == "bearer" and raw.strip():
                return raw.strip()
    return None


@database_sync_to_async
def _authenticate(raw: str, ip: str):
    keys = ratelimit.keys(ip, kind="token")
    if ratelimit.is_locked(keys):
        return AnonymousUser(), None
    user, token = user_for_token(raw)
    if user is None:
        ratelimit.record_failure(keys)
        return AnonymousUser(), None
    return user, token


class BearerTokenMiddleware(BaseMiddleware):
    async def __call__(self, scope, receive, send):
        raw = _bearer(scope)
        if raw is not None:
            client = scope.get("client") or ("unknown", None)
            user, token = await _authenticate(raw, client[0] or "unknown")
            scope = {**scope, "user": user, "auth": token}
        return await super().__call__(scope, receive, send)


def WebsocketAuthMiddleware(inner):
    return AuthMiddlewareStack(BearerTokenMiddleware(inner))
