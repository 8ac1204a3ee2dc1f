"""URL map. Each app owns its API paths (with their /api/<version>/ prefixes) in <app>/api/urls.py."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from lakeflow import views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("", include("lakeflow.accounts.urls")),
    path("", include("lakeflow.workspace.urls")),
    path("", include("jobs.api.urls")),
    path("", include("runs.api.urls")),
    path("", include("compute.api.urls")),
    path("", include("lakeflow.pipelines.api.urls")),
    *[path("", include(f"lakeflow.{app}.api.urls")) for app in ("audit", "secrets", "notifications")],
    path("healthz", views.healthz, name="healthz"),
    path(".well-known/databricks-config", views.databricks_config, name="databricks-config"),
    re_path(r"^api/", views.ApiNotFound.as_view(), name="api-not-found"),
    # Everything else is the browser app (client-side routing).
    re_path(r"^(?!api/|admin/|static/|ws/).*$", views.spa, name="spa"),
]
