"""Websocket authentication: the session cookie (browser) or `Authorization: Bearer` (scripts)."""

from __future__ import annotations

from channels.auth import AuthMiddlewareStack


def WebsocketAuthMiddleware(inner):
    return AuthMiddlewareStack(inner)
