"""Wire shapes of the Token API (Databricks /api/2.0/token/*) and the browser's session API."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rest_framework import serializers

from lakeflow.accounts.models import Token


def epoch_millis(moment: datetime | None) -> int | None:
    return None if moment is None else int(moment.timestamp() * 1000)


def token_info(token: Token) -> dict[str, Any]:
    """Databricks PublicTokenInfo: expiry_time is -1 for a token that never expires."""
    return {
        "token_id": str(token.pk),
        "creation_time": epoch_millis(token.created_at),
        "expiry_time": epoch_millis(token.expires_at) if token.expires_at else -1,
        "comment": token.comment,
    }


def me(user) -> dict[str, Any]:
    return {
        "id": user.pk,
        "user_name": user.get_username(),
        "email": user.email,
        "display_name": user.get_full_name() or user.get_username(),
        "is_admin": bool(user.is_superuser or user.is_staff),
    }


def scim_user(user) -> dict[str, Any]:
    """The SCIM 2.0 User Databricks returns for /preview/scim/v2/Me (what `w.current_user.me()` reads)."""
    body: dict[str, Any] = {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "id": str(user.pk),
        "userName": user.get_username(),
        "displayName": user.get_full_name() or user.get_username(),
        "active": user.is_active,
        "emails": [{"value": user.email, "type": "work", "primary": True}] if user.email else [],
        "groups": [{"display": "users", "value": "users"}],
    }
    if user.is_superuser or user.is_staff:
        body["groups"].append({"display": "admins", "value": "admins"})
    return body


# Schema-only serializers (drf-spectacular documents the endpoints with them).
class TokenInfoSerializer(serializers.Serializer):
    token_id = serializers.CharField()
    creation_time = serializers.IntegerField()
    expiry_time = serializers.IntegerField(help_text="Epoch milliseconds, or -1 when it never expires.")
    comment = serializers.CharField()


class CreateTokenRequestSerializer(serializers.Serializer):
    lifetime_seconds = serializers.IntegerField(required=False, help_text="No expiry when omitted.")
    comment = serializers.CharField(required=False)


class CreateTokenResponseSerializer(serializers.Serializer):
    token_value = serializers.CharField(help_text="Shown once; Lakeflow keeps only its hash.")
    token_info = TokenInfoSerializer()


class ListTokensResponseSerializer(serializers.Serializer):
    token_infos = TokenInfoSerializer(many=True)


class DeleteTokenRequestSerializer(serializers.Serializer):
    token_id = serializers.CharField()


class LoginRequestSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField()


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    user_name = serializers.CharField()
    email = serializers.CharField()
    display_name = serializers.CharField()
    is_admin = serializers.BooleanField()


class ScimUserSerializer(serializers.Serializer):
    id = serializers.CharField()
    userName = serializers.CharField()  # SCIM field names are camelCase
    displayName = serializers.CharField()
    active = serializers.BooleanField()
    emails = serializers.ListField(child=serializers.DictField())
    groups = serializers.ListField(child=serializers.DictField())


class CsrfSerializer(serializers.Serializer):
    csrf_token = serializers.CharField()


class EmptySerializer(serializers.Serializer):
    pass
