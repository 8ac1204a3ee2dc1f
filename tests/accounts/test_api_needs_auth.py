"""Every endpoint under /api/ answers 401 in the Databricks format without credentials, except
the browser's login and CSRF-cookie endpoints (and endpoints that carry their own secret)."""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

PUBLIC = {"api/ui/auth/login", "api/ui/auth/csrf"}
# Webhook triggers are called by other systems and authenticate by the secret in their URL.
SECRET_URL_PREFIXES = ("/api/hooks/",)
# Rendered by drf-spectacular's own renderers (the status is what matters there).
NOT_JSON = {"/api/schema/", "/api/docs/"}


def _api_routes() -> list[str]:
    routes: list[str] = []

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern) and route.lstrip("^").startswith("api/"):
                routes.append(route)

    walk(get_resolver().url_patterns, "")
    return sorted(set(routes))


def _sample(route: str) -> str:
    """A concrete path for a route: converters and regex groups become a number."""
    path = re.sub(r"<(?:\w+:)?\w+>", "1", route)
    path = re.sub(r"\(\?P<\w+>[^)]*\)", "1", path)
    return "/" + path.lstrip("^").rstrip("$").replace("\\", "")


def _protected_routes() -> list[str]:
    """Every API route but the public-by-design ones."""
    return [
        route
        for route in _api_routes()
        if _sample(route).strip("/") not in PUBLIC and not _sample(route).startswith(SECRET_URL_PREFIXES)
    ]


@pytest.mark.parametrize("route", _protected_routes())
def test_api_endpoints_refuse_anonymous_callers(client, route):
    path = _sample(route)
    for method in ("get", "post"):
        response = getattr(client, method)(path, content_type="application/json")
        assert response.status_code == 401, f"{method.upper()} {path}: {response.status_code}"
        if path not in NOT_JSON:
            assert response.json()["error_code"] == "UNAUTHENTICATED"
