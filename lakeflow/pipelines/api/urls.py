"""Pipelines API 2.0 paths."""

from __future__ import annotations

from django.urls import path

from lakeflow.pipelines.api import views

urlpatterns = [
    path("api/2.0/pipelines", views.PipelinesView.as_view(), name="pipelines"),
    path("api/2.0/pipelines/<str:pipeline_id>", views.PipelineView.as_view(), name="pipeline"),
    path("api/2.0/pipelines/<str:pipeline_id>/stop", views.StopPipelineView.as_view(), name="pipeline-stop"),
    path("api/2.0/pipelines/<str:pipeline_id>/updates", views.UpdatesView.as_view(), name="pipeline-updates"),
    path(
        "api/2.0/pipelines/<str:pipeline_id>/updates/<str:update_id>",
        views.UpdateView.as_view(),
        name="pipeline-update",
    ),
    path("api/2.0/pipelines/<str:pipeline_id>/events", views.EventsView.as_view(), name="pipeline-events"),
]
