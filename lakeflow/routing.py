"""All websocket routes, gathered from the apps (message shapes: docs/websockets.md)."""

from __future__ import annotations

from django.urls import path

from compute import consumers as compute_consumers
from lakeflow import consumers

websocket_urlpatterns: list = [
    path("ws/runs/<int:run_id>/", consumers.RunConsumer.as_asgi()),
    path("ws/jobs/<int:job_id>/", consumers.JobConsumer.as_asgi()),
    path("ws/task-runs/<int:task_run_id>/logs/", consumers.TaskRunLogConsumer.as_asgi()),
    path("ws/compute/", compute_consumers.ComputeConsumer.as_asgi()),
    path("ws/clusters/<str:cluster_id>/", compute_consumers.ClusterConsumer.as_asgi()),
]
