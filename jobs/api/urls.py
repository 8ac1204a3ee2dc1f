"""Jobs API paths: /api/2.2/jobs/* with /api/2.1/ aliases, job permissions, UI version history."""

from __future__ import annotations

from django.urls import path

from jobs.api import views

JOB_ENDPOINTS = [
    ("create", views.CreateJobView),
    ("get", views.GetJobView),
    ("list", views.ListJobsView),
    ("update", views.UpdateJobView),
    ("reset", views.ResetJobView),
    ("delete", views.DeleteJobView),
]

urlpatterns = [
    path(f"api/{version}/jobs/{action}", view.as_view(api_version=version), name=f"jobs-{action}-{version}")
    for version in ("2.2", "2.1")
    for action, view in JOB_ENDPOINTS
] + [
    path("api/2.0/permissions/jobs/<str:job_id>", views.JobPermissionsView.as_view(), name="job-permissions"),
    path(
        "api/2.0/permissions/jobs/<str:job_id>/permissionLevels",
        views.JobPermissionLevelsView.as_view(),
        name="job-permission-levels",
    ),
    path("api/ui/jobs/<int:job_id>/versions", views.JobVersionsView.as_view(), name="job-versions"),
    path(
        "api/ui/jobs/<int:job_id>/versions/<int:version>", views.JobVersionView.as_view(), name="job-version"
    ),
    path(
        "api/ui/jobs/<int:job_id>/versions/<int:version>/restore",
        views.RestoreJobVersionView.as_view(),
        name="job-version-restore",
    ),
]

# Schedules and triggers (jobs/api/schedules.py).
from jobs.api import schedules  # noqa: E402

urlpatterns += [
    path("api/ui/schedules/preview", schedules.SchedulePreviewView.as_view(), name="schedule-preview"),
    path("api/ui/jobs/webhook/<str:action>", schedules.WebhookView.as_view(), name="job-webhook"),
    path("api/ui/jobs/backfill", schedules.BackfillView.as_view(), name="job-backfill"),
    path(
        "api/hooks/jobs/<int:job_id>/<str:token>",
        schedules.WebhookTriggerView.as_view(),
        name="job-webhook-trigger",
    ),
]

# The browser's jobs list (jobs/api/ui_list.py).
from jobs.api import ui_list  # noqa: E402

urlpatterns += [path("api/ui/jobs", ui_list.JobsListView.as_view(), name="jobs-ui-list")]
