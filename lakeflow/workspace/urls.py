"""Workspace API (Databricks paths)."""

from __future__ import annotations

from django.urls import path

from lakeflow.workspace.api import views

urlpatterns = [
    path("api/2.0/workspace/import", views.ImportView.as_view(), name="workspace-import"),
    path("api/2.0/workspace/export", views.ExportView.as_view(), name="workspace-export"),
    path("api/2.0/workspace/list", views.ListView.as_view(), name="workspace-list"),
    path("api/2.0/workspace/get-status", views.GetStatusView.as_view(), name="workspace-get-status"),
    path("api/2.0/workspace/mkdirs", views.MkdirsView.as_view(), name="workspace-mkdirs"),
    path("api/2.0/workspace/delete", views.DeleteView.as_view(), name="workspace-delete"),
]
