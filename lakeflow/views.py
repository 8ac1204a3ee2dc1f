"""Project-level pages: the browser app's shell and a health check."""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import ensure_csrf_cookie
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.views import APIView

from lakeflow.api.errors import ApiError

_PLACEHOLDER = """<!doctype html><html><head><meta charset="utf-8"><title>Lakeflow</title></head>
<body><h1>Lakeflow</h1><p>The browser app is not built. Run <code>make dev</code>.</p>
<p><a href="/api/docs/">API docs</a> · <a href="/admin/">Admin</a></p></body></html>"""


@ensure_csrf_cookie
def spa(request: HttpRequest) -> HttpResponse:
    """The React app's index.html; it routes on the client."""
    index = settings.FRONTEND_DIST / "index.html"
    if index.is_file():
        return HttpResponse(index.read_text(), content_type="text/html")
    return HttpResponse(_PLACEHOLDER, content_type="text/html")


def databricks_config(request: HttpRequest) -> JsonResponse:
    """The host-metadata probe the Databricks SDK makes when a client starts: no OIDC here, so
    the SDK keeps the token it was given (and does not log a failed probe)."""
    return JsonResponse({"oidc_endpoint": ""})


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@extend_schema(exclude=True)
class ApiNotFound(APIView):
    """Any other /api/ path: 401 without credentials (as everywhere under /api/), else Databricks'
    404 ENDPOINT_NOT_FOUND instead of an HTML page."""

    def _missing(self, request: Request, *args, **kwargs):
        raise ApiError("ENDPOINT_NOT_FOUND", f"No API found for '{request.method} {request.path}'.", 404)

    get = post = put = patch = delete = _missing
