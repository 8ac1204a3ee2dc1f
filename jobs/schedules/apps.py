"""Schedules and triggers: their own app label so their tables and migrations never collide with
the job model's (several people change jobs/migrations at once)."""

from __future__ import annotations

from django.apps import AppConfig


class SchedulesConfig(AppConfig):
    name = "jobs.schedules"
    label = "schedules"
    verbose_name = "Schedules and triggers"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from jobs.schedules import receivers  # noqa: F401  (connects job_changed / post_delete)
        from jobs.schedules.validation import register as register_trigger_kinds

        register_trigger_kinds()
        from jobs.schedules.embedded import start_schedule_loop
        from lakeflow.embedded import _STARTERS, register

        if start_schedule_loop not in _STARTERS:  # ready() may run twice under the test runner
            register(start_schedule_loop)
