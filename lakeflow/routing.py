"""All websocket routes, gathered from the apps."""

from __future__ import annotations

websocket_urlpatterns: list = []
