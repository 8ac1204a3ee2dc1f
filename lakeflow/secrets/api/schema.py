"""OpenAPI shapes of the Secrets API 2.0 (schema only: the views read fields with Params). Names
carry the services' pattern, so a client (or the fuzzer) sees what a valid scope or key is."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from lakeflow.api.schema import error_responses
from lakeflow.secrets.choices import AclPermission
from lakeflow.secrets.services import NAME

NAME_HELP = "1 to 128 letters, digits, dashes, underscores, periods or @."
PRINCIPAL_HELP = "A user name, a group name, or `users` (everyone)."


def _name(help_text: str = NAME_HELP) -> serializers.RegexField:
    return serializers.RegexField(NAME.pattern, help_text=help_text)


def query(name: str, help_text: str = NAME_HELP) -> OpenApiParameter:
    return OpenApiParameter(
        name, OpenApiTypes.STR, OpenApiParameter.QUERY, required=True, description=help_text
    )


# A scope, secret or ACL named in the request: a bad value, no permission, or no such thing.
ERRORS = error_responses(400, 403, 404)


class CreateScopeRequestSerializer(serializers.Serializer):
    scope = _name()
    initial_manage_principal = serializers.ChoiceField(
        ["users"], required=False, help_text="`users` gives everyone MANAGE; omitted, the creator gets it."
    )
    scope_backend_type = serializers.ChoiceField(["DATABRICKS"], required=False)


class ScopeSerializer(serializers.Serializer):
    name = serializers.CharField()
    backend_type = serializers.CharField(help_text="Always DATABRICKS.")


class ListScopesResponseSerializer(serializers.Serializer):
    scopes = ScopeSerializer(many=True)


class ScopeRequestSerializer(serializers.Serializer):
    scope = _name()


class PutSecretRequestSerializer(serializers.Serializer):
    scope = _name()
    key = _name()
    string_value = serializers.CharField(
        required=False, allow_blank=True, help_text="Exactly one of the two."
    )
    bytes_value = serializers.CharField(required=False, allow_blank=True, help_text="Base64.")


class SecretKeyRequestSerializer(serializers.Serializer):
    scope = _name()
    key = _name()


class GetSecretResponseSerializer(serializers.Serializer):
    key = serializers.CharField()
    value = serializers.CharField(help_text="Base64 of the value.")


class SecretMetadataSerializer(serializers.Serializer):
    key = serializers.CharField()
    last_updated_timestamp = serializers.IntegerField(help_text="Epoch milliseconds.")


class ListSecretsResponseSerializer(serializers.Serializer):
    secrets = SecretMetadataSerializer(many=True)


class AclSerializer(serializers.Serializer):
    principal = serializers.CharField()
    permission = serializers.ChoiceField(AclPermission.values)


class PutAclRequestSerializer(serializers.Serializer):
    scope = _name()
    principal = serializers.CharField(help_text=PRINCIPAL_HELP)
    permission = serializers.ChoiceField(AclPermission.values)


class AclKeyRequestSerializer(serializers.Serializer):
    scope = _name()
    principal = serializers.CharField(help_text=PRINCIPAL_HELP)


class ListAclsResponseSerializer(serializers.Serializer):
    items = AclSerializer(many=True)
