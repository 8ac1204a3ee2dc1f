"""Wire shapes of the Workspace API (Databricks /api/2.0/workspace/*)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from lakeflow.workspace.objects import ObjectType, WorkspaceObject


def object_info(obj: WorkspaceObject, *, prefix: str = "") -> dict[str, Any]:
    """Databricks ObjectInfo. ``prefix`` is "/Workspace" when the caller addressed it that way,
    so paths come back in the form they were asked in."""
    stat = obj.stat
    info: dict[str, Any] = {
        "path": (prefix + obj.path) if obj.parts else (prefix or "/"),
        "object_type": obj.object_type.value,
        "object_id": stat.st_ino,
        "resource_id": str(stat.st_ino),
    }
    if obj.object_type == ObjectType.NOTEBOOK:
        info["language"] = obj.language
    if obj.object_type != ObjectType.DIRECTORY:
        info["created_at"] = int(stat.st_ctime * 1000)
        info["modified_at"] = int(stat.st_mtime * 1000)
    if obj.object_type == ObjectType.FILE:
        info["size"] = stat.st_size
    return info


# Schema-only serializers (drf-spectacular documents the endpoints with them).
class ObjectInfoSerializer(serializers.Serializer):
    path = serializers.CharField()
    object_type = serializers.ChoiceField(choices=[t.value for t in ObjectType])
    object_id = serializers.IntegerField()
    resource_id = serializers.CharField()
    language = serializers.CharField(required=False)
    created_at = serializers.IntegerField(required=False)
    modified_at = serializers.IntegerField(required=False)
    size = serializers.IntegerField(required=False)


class ListResponseSerializer(serializers.Serializer):
    objects = ObjectInfoSerializer(many=True, required=False)


class ImportRequestSerializer(serializers.Serializer):
    path = serializers.CharField()
    content = serializers.CharField(required=False, help_text="Base64 (JSON) or a multipart file part.")
    format = serializers.ChoiceField(choices=["SOURCE", "JUPYTER", "AUTO", "RAW"], required=False)
    language = serializers.ChoiceField(choices=["PYTHON", "SQL", "SCALA", "R"], required=False)
    overwrite = serializers.BooleanField(required=False)


class ExportResponseSerializer(serializers.Serializer):
    content = serializers.CharField(help_text="Base64.")
    file_type = serializers.CharField()


class PathSerializer(serializers.Serializer):
    path = serializers.CharField()


class DeleteRequestSerializer(serializers.Serializer):
    path = serializers.CharField()
    recursive = serializers.BooleanField(required=False)


class EmptySerializer(serializers.Serializer):
    pass
