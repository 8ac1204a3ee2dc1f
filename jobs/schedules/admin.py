"""Admin: schedule rows are derived from job settings, so they are shown read-only."""

from __future__ import annotations

from django.contrib import admin
from django_celery_beat import admin as beat_admin
from django_celery_beat.models import (
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    SolarSchedule,
)

from jobs.schedules.models import FireClaim, JobWebhook, TriggerState


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyPeriodicTaskAdmin(ReadOnlyAdmin, beat_admin.PeriodicTaskAdmin):
    actions = None


for model in (PeriodicTask, CrontabSchedule, IntervalSchedule, ClockedSchedule, SolarSchedule):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
admin.site.register(PeriodicTask, ReadOnlyPeriodicTaskAdmin)
for model in (CrontabSchedule, IntervalSchedule, ClockedSchedule, FireClaim, TriggerState):
    admin.site.register(model, ReadOnlyAdmin)


@admin.register(JobWebhook)
class JobWebhookAdmin(ReadOnlyAdmin):
    exclude = ("token_hash",)
