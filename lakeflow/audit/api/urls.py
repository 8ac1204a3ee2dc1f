from __future__ import annotations

from django.urls import path

from lakeflow.audit.api import views

urlpatterns = [path("api/ui/audit", views.audit_log, name="ui-audit")]
