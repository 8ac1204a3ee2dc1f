"""drf-spectacular's AutoSchema, with two project rules.

1. Our views are APIViews reading Databricks-shaped JSON with ``Params`` (not DRF serializers).
   One that declares no serializer and no ``@extend_schema`` is documented as taking and returning
   a JSON object, instead of drf-spectacular's "unable to guess serializer" error (which also
   breaks ``manage.py check --deploy``). Views that describe their bodies keep their own schema.
2. Operation ids come from the whole path, variables included, so a collection and its item
   (``/sql/warehouses`` and ``/sql/warehouses/{id}``) never get the same id.

``error_responses`` documents the error statuses of an operation that declares its schema.
"""

from __future__ import annotations

import re
from typing import Any

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.types import OpenApiTypes
from rest_framework.generics import GenericAPIView


class AutoSchema(SpectacularAutoSchema):
    def _get_serializer(self):
        view = self.view
        declares = (
            isinstance(view, GenericAPIView)
            or callable(getattr(view, "get_serializer", None))
            or callable(getattr(view, "get_serializer_class", None))
            or hasattr(view, "serializer_class")
        )
        if not declares:
            return OpenApiTypes.OBJECT
        return super()._get_serializer()

    def get_operation_id(self) -> str:
        segments = []
        for segment in self.path.strip("/").split("/"):
            is_variable = segment.startswith("{")
            segments.append(f"by_{segment.strip('{}')}" if is_variable else segment)
        if segments[:1] == ["api"]:
            segments = segments[1:]
        return re.sub(r"[^0-9A-Za-z_]+", "_", "_".join([*segments, self.method.lower()]))


def error_responses(*statuses: int) -> dict[int, Any]:
    """``{status: the Databricks error body}`` for ``@extend_schema(responses=...)``: the given
    statuses and 401 (no token, or a bad one), which every authenticated operation may answer."""
    from runs.api.schema import ErrorSerializer

    return {status: ErrorSerializer for status in sorted({401, *statuses})}
