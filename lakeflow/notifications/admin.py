"""Destinations (secrets never shown) and deliveries with their attempts (read-only)."""

from __future__ import annotations

from django.contrib import admin

from lakeflow.notifications.models import Delivery, DurationWarning, NotificationDestination


@admin.register(NotificationDestination)
class NotificationDestinationAdmin(admin.ModelAdmin):
    list_display = ("display_name", "destination_type", "url", "created_at")
    fields = ("display_name", "destination_type", "url", "username", "addresses")
    search_fields = ("display_name", "url")


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("created_at", "job_run", "task_key", "event", "channel", "recipient", "status")
    list_filter = ("status", "channel", "event")
    search_fields = ("recipient", "job_run__id")
    readonly_fields = (
        "job_run",
        "task_key",
        "event",
        "channel",
        "destination",
        "recipient",
        "status",
        "payload",
        "attempts",
        "created_at",
        "updated_at",
    )
    fields = readonly_fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(DurationWarning)
class DurationWarningAdmin(admin.ModelAdmin):
    list_display = ("job_run", "task_key", "threshold_seconds", "fired_at")
    readonly_fields = ("job_run", "task_key", "threshold_seconds", "fired_at")
