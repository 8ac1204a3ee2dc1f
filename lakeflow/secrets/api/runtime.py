"""GET /api/2.0/lakeflow/runtime/secrets/get?scope=&key=: dbutils.secrets.get in task code.

Authenticated by the task-run credential; the value is read as the run's run-as user, so a
secret that user holds no READ on is refused (403) and the task fails with that message.
"""

from __future__ import annotations

import base64

from django.urls import path
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from lakeflow.api.errors import denied
from lakeflow.api.params import Params
from lakeflow.secrets import runtime, services
from runs.api.runtime import runtime_view


@extend_schema(
    tags=["Runtime"],
    responses={
        200: inline_serializer(
            "RuntimeSecret", {"key": serializers.CharField(), "value": serializers.CharField()}
        )
    },
)
@runtime_view(["GET"])
def get_secret(request: Request) -> Response:
    p = Params(dict(request.query_params.items()), from_query=True)
    scope = p.str("scope", required=True)
    key = p.str("key", required=True)
    run = request.auth.job_run
    user = runtime.run_as_user(run)
    if user is None:
        raise denied("The run has no run-as user to read secrets as.")
    value = services.read_value(user=user, scope=scope, key=key)
    return Response({"key": key, "value": base64.b64encode(value).decode()})


urlpatterns = [path("api/2.0/lakeflow/runtime/secrets/get", get_secret, name="runtime-secrets-get")]
