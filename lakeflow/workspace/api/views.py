"""Workspace API views (Databricks /api/2.0/workspace/*): read the request, call services."""

from __future__ import annotations

import base64
import binascii

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from lakeflow.api.errors import ApiError, malformed
from lakeflow.api.params import Params
from lakeflow.workspace import services
from lakeflow.workspace.api import serializers as s

TAGS = ["Workspace"]
_PATH_QUERY = OpenApiParameter("path", str, required=True)


def _prefix(path: str | None) -> str:
    return "/Workspace" if path and (path == "/Workspace" or path.startswith("/Workspace/")) else ""


def _params(request: Request) -> Params:
    """JSON bodies as they are; multipart/form values arrive as text (like query strings)."""
    if request.content_type.startswith(("multipart/", "application/x-www-form-urlencoded")):
        return Params(dict(request.data.items()), from_query=True)
    return Params.of(request)


@extend_schema(tags=TAGS, request=s.ImportRequestSerializer, responses=s.EmptySerializer)
class ImportView(APIView):
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def post(self, request: Request) -> Response:
        # The limit applies to the request body (a JSON body carries base64, 4/3 of the bytes) and
        # to an uploaded file; an oversized body is refused before it is read.
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        length = int(request.META.get("CONTENT_LENGTH") or 0)
        too_big = ApiError(
            "MAX_NOTEBOOK_SIZE_EXCEEDED", f"The request is {length} bytes; the limit is {limit}."
        )
        if limit is not None and length > limit + 65536:
            raise too_big
        try:
            p = _params(request)
        except RequestDataTooBig:
            raise too_big from None
        upload = request.FILES.get("content")
        if upload is not None:
            if limit is not None and upload.size > limit:
                raise ApiError(
                    "MAX_NOTEBOOK_SIZE_EXCEEDED", f"The file is {upload.size} bytes; the limit is {limit}."
                )
            content = upload.read()
        else:
            encoded = p.str("content")
            if encoded is None:
                raise ApiError("INVALID_PARAMETER_VALUE", "Missing required field: content")
            try:
                content = base64.b64decode(encoded, validate=True)
            except (binascii.Error, ValueError):
                raise malformed("Field content must be base64-encoded.") from None
        services.import_object(
            user=request.user,
            path=p.str("path", required=True),
            content=content,
            format=(p.str("format") or "SOURCE").upper(),
            language=(p.str("language") or "").upper() or None,
            overwrite=p.bool("overwrite"),
        )
        return Response({})


@extend_schema(
    tags=TAGS,
    parameters=[
        _PATH_QUERY,
        OpenApiParameter("format", str, enum=list(services.EXPORT_FORMATS)),
        OpenApiParameter("direct_download", bool),
    ],
    responses={200: s.ExportResponseSerializer, (200, "application/octet-stream"): OpenApiTypes.BINARY},
)
class ExportView(APIView):
    def get(self, request: Request) -> Response | HttpResponse:
        p = Params.of(request)
        exported = services.export_object(
            path=p.str("path", required=True), format=(p.str("format") or "SOURCE").upper()
        )
        if p.bool("direct_download"):
            response = HttpResponse(exported.content, content_type="application/octet-stream")
            response["Content-Disposition"] = f'attachment; filename="{exported.filename}"'
            return response
        return Response(
            {"content": base64.b64encode(exported.content).decode(), "file_type": exported.file_type}
        )


@extend_schema(tags=TAGS, parameters=[_PATH_QUERY], responses=s.ListResponseSerializer)
class ListView(APIView):
    def get(self, request: Request) -> Response:
        path = Params.of(request).str("path", required=True)
        found = services.list_objects(path=path)
        # Databricks answers an empty folder with {}.
        return Response({"objects": [s.object_info(o, prefix=_prefix(path)) for o in found]} if found else {})


@extend_schema(tags=TAGS, parameters=[_PATH_QUERY], responses=s.ObjectInfoSerializer)
class GetStatusView(APIView):
    def get(self, request: Request) -> Response:
        path = Params.of(request).str("path", required=True)
        return Response(s.object_info(services.get_status(path=path), prefix=_prefix(path)))


@extend_schema(tags=TAGS, request=s.PathSerializer, responses=s.EmptySerializer)
class MkdirsView(APIView):
    def post(self, request: Request) -> Response:
        services.mkdirs(user=request.user, path=Params.of(request).str("path", required=True))
        return Response({})


@extend_schema(tags=TAGS, request=s.DeleteRequestSerializer, responses=s.EmptySerializer)
class DeleteView(APIView):
    def post(self, request: Request) -> Response:
        p = Params.of(request)
        services.delete(user=request.user, path=p.str("path", required=True), recursive=p.bool("recursive"))
        return Response({})
