"""Runs API paths: Databricks Jobs API 2.2 with /api/2.1/ aliases, and the UI-only endpoints."""

from __future__ import annotations

from django.urls import path

from runs.api import runtime, ui, views

_ENDPOINTS = [
    ("jobs/run-now", views.run_now, "run-now"),
    ("jobs/runs/submit", views.submit, "runs-submit"),
    ("jobs/runs/get", views.get_run, "runs-get"),
    ("jobs/runs/list", views.list_runs, "runs-list"),
    ("jobs/runs/get-output", views.get_run_output, "runs-get-output"),
    ("jobs/runs/export", views.export_run, "runs-export"),
    ("jobs/runs/cancel", views.cancel_run, "runs-cancel"),
    ("jobs/runs/cancel-all", views.cancel_all_runs, "runs-cancel-all"),
    ("jobs/runs/repair", views.repair_run, "runs-repair"),
    ("jobs/runs/delete", views.delete_run, "runs-delete"),
]

urlpatterns = (
    [
        path(f"api/{version}/{route}", view, name=f"{name}-{version}")
        for version in ("2.2", "2.1")
        for route, view, name in _ENDPOINTS
    ]
    + [
        path("api/ui/runs", ui.runs, name="ui-runs"),
        path("api/ui/runs/<int:run_id>/timeline", ui.timeline, name="ui-run-timeline"),
        path("api/ui/jobs/<int:job_id>/matrix", ui.matrix, name="ui-job-matrix"),
        path("api/ui/runs/<int:run_id>/extras", ui.run_extras, name="ui-run-extras"),
        path("api/ui/task-runs/<int:task_run_id>/extras", ui.task_run_extras, name="ui-task-run-extras"),
    ]
    + runtime.urlpatterns
)  # /api/2.0/lakeflow/runtime/...: what task code reaches (lakeflow.runtime)
