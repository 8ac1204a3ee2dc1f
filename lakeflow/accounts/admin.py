"""Admin for personal access tokens: list, revoke and delete (through the accounts services, which
record it in the audit log); the hash is never shown and tokens are issued only through the API or
`lakeflow token create` (where the raw value can be shown once)."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from lakeflow.accounts import services
from lakeflow.accounts.models import Token


@admin.register(Token)
class TokenAdmin(admin.ModelAdmin):
    list_display = ("token_prefix", "user", "comment", "created_at", "expires_at", "last_used_at", "state")
    list_filter = ("revoked_at", "expires_at")
    search_fields = ("user__username", "comment", "token_prefix")
    fields = (
        "user",
        "comment",
        "token_prefix",
        "task_run_id",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    )
    readonly_fields = fields
    actions = ["revoke"]

    @admin.display(description="State")
    def state(self, token: Token) -> str:
        if token.revoked_at:
            return "revoked"
        if token.expires_at and token.expires_at <= timezone.now():
            return "expired"
        return "active"

    @admin.action(description="Revoke selected tokens")
    def revoke(self, request: HttpRequest, queryset: QuerySet[Token]) -> None:
        count = services.revoke_tokens(user=request.user, tokens=queryset)
        self.message_user(request, f"Revoked {count} token(s).")

    def delete_model(self, request: HttpRequest, obj: Token) -> None:
        services.delete_tokens(user=request.user, tokens=Token.objects.filter(pk=obj.pk))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Token]) -> None:
        services.delete_tokens(user=request.user, tokens=queryset)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Token | None = None) -> bool:
        return False
