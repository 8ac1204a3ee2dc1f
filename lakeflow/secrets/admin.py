"""Secret scopes in the admin: names, ACLs and keys; values are never shown."""

from __future__ import annotations

from django.contrib import admin

from lakeflow.secrets.models import Secret, SecretAcl, SecretScope


class AclInline(admin.TabularInline):
    model = SecretAcl
    extra = 0


class SecretInline(admin.TabularInline):
    model = Secret
    fields = ("key", "updated_at")
    readonly_fields = fields
    extra = 0
    can_delete = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(SecretScope)
class SecretScopeAdmin(admin.ModelAdmin):
    list_display = ("name", "creator", "created_at")
    search_fields = ("name",)
    inlines = [AclInline, SecretInline]
