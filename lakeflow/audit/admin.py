"""The audit log in the admin: read-only, filterable by action, source and time."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from lakeflow.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("at", "actor_name", "action", "target_type", "target_id", "source")
    list_filter = ("action", "source", "target_type", "at")
    search_fields = ("actor_name", "target_id")
    date_hierarchy = "at"
    readonly_fields = ("at", "actor", "actor_name", "action", "target_type", "target_id", "source", "details")
    fields = readonly_fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False
