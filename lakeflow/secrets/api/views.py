"""Secrets API 2.0 (/api/2.0/secrets/...) in the Databricks shape (databricks-sdk SecretsAPI)."""

from __future__ import annotations

import base64
import binascii

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from lakeflow.accounts.api.serializers import EmptySerializer
from lakeflow.api.errors import invalid
from lakeflow.api.params import Params
from lakeflow.api.schema import error_responses
from lakeflow.secrets import services
from lakeflow.secrets.api import schema
from lakeflow.secrets.api.schema import ERRORS, query

TAGS = ["Secrets"]


def _ms(moment) -> int:
    return int(moment.timestamp() * 1000)


def _query(request: Request) -> Params:
    return Params(dict(request.query_params.items()), from_query=True)


@extend_schema(
    tags=TAGS,
    request=schema.CreateScopeRequestSerializer,
    responses={200: EmptySerializer, **error_responses(400, 409)},
)
@api_view(["POST"])
def create_scope(request: Request) -> Response:
    p = Params.of(request)
    backend = p.str("scope_backend_type", default="DATABRICKS")
    if backend != "DATABRICKS":
        raise invalid("scope_backend_type must be DATABRICKS: Lakeflow keeps secrets in its own database.")
    services.create_scope(
        user=request.user,
        name=p.str("scope", required=True),
        initial_manage_principal=p.str("initial_manage_principal"),
    )
    return Response({})


@extend_schema(tags=TAGS, responses={200: schema.ListScopesResponseSerializer, **error_responses()})
@api_view(["GET"])
def list_scopes(request: Request) -> Response:
    scopes = services.visible_scopes(user=request.user)
    return Response({"scopes": [{"name": s.name, "backend_type": "DATABRICKS"} for s in scopes]})


@extend_schema(tags=TAGS, request=schema.ScopeRequestSerializer, responses={200: EmptySerializer, **ERRORS})
@api_view(["POST"])
def delete_scope(request: Request) -> Response:
    services.delete_scope(user=request.user, name=Params.of(request).str("scope", required=True))
    return Response({})


@extend_schema(
    tags=TAGS, request=schema.PutSecretRequestSerializer, responses={200: EmptySerializer, **ERRORS}
)
@api_view(["POST"])
def put_secret(request: Request) -> Response:
    p = Params.of(request)
    scope = p.str("scope", required=True)
    key = p.str("key", required=True)
    text, raw = p.str("string_value"), p.str("bytes_value")
    if (text is None) == (raw is None):
        raise invalid("Exactly one of string_value and bytes_value must be given.")
    if raw is not None:
        try:
            value = base64.b64decode(raw, validate=True)
        except (binascii.Error, ValueError):
            raise invalid("bytes_value must be base64.") from None
    else:
        value = text.encode()
    services.put_secret(user=request.user, scope=scope, key=key, value=value)
    return Response({})


@extend_schema(
    tags=TAGS,
    parameters=[query("scope"), query("key")],
    responses={200: schema.GetSecretResponseSerializer, **ERRORS},
)
@api_view(["GET"])
def get_secret(request: Request) -> Response:
    p = _query(request)
    key = p.str("key", required=True)
    value = services.read_value(user=request.user, scope=p.str("scope", required=True), key=key)
    return Response({"key": key, "value": base64.b64encode(value).decode()})


@extend_schema(
    tags=TAGS, parameters=[query("scope")], responses={200: schema.ListSecretsResponseSerializer, **ERRORS}
)
@api_view(["GET"])
def list_secrets(request: Request) -> Response:
    secrets = services.list_secrets(user=request.user, scope=_query(request).str("scope", required=True))
    return Response(
        {"secrets": [{"key": s.key, "last_updated_timestamp": _ms(s.updated_at)} for s in secrets]}
    )


@extend_schema(
    tags=TAGS, request=schema.SecretKeyRequestSerializer, responses={200: EmptySerializer, **ERRORS}
)
@api_view(["POST"])
def delete_secret(request: Request) -> Response:
    p = Params.of(request)
    services.delete_secret(
        user=request.user, scope=p.str("scope", required=True), key=p.str("key", required=True)
    )
    return Response({})


@extend_schema(tags=TAGS, request=schema.PutAclRequestSerializer, responses={200: EmptySerializer, **ERRORS})
@api_view(["POST"])
def put_acl(request: Request) -> Response:
    p = Params.of(request)
    services.put_acl(
        user=request.user,
        scope=p.str("scope", required=True),
        principal=p.str("principal", required=True),
        permission=p.str("permission", required=True),
    )
    return Response({})


@extend_schema(
    tags=TAGS,
    parameters=[query("scope"), query("principal", schema.PRINCIPAL_HELP)],
    responses={200: schema.AclSerializer, **ERRORS},
)
@api_view(["GET"])
def get_acl(request: Request) -> Response:
    p = _query(request)
    acl = services.get_acl(
        user=request.user, scope=p.str("scope", required=True), principal=p.str("principal", required=True)
    )
    return Response({"principal": acl.principal, "permission": acl.permission})


@extend_schema(
    tags=TAGS, parameters=[query("scope")], responses={200: schema.ListAclsResponseSerializer, **ERRORS}
)
@api_view(["GET"])
def list_acls(request: Request) -> Response:
    acls = services.list_acls(user=request.user, scope=_query(request).str("scope", required=True))
    return Response({"items": [{"principal": a.principal, "permission": a.permission} for a in acls]})


@extend_schema(tags=TAGS, request=schema.AclKeyRequestSerializer, responses={200: EmptySerializer, **ERRORS})
@api_view(["POST"])
def delete_acl(request: Request) -> Response:
    p = Params.of(request)
    services.delete_acl(
        user=request.user, scope=p.str("scope", required=True), principal=p.str("principal", required=True)
    )
    return Response({})
