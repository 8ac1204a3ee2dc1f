"""/api/2.0/permissions/clusters/{cluster_id} (GET/PUT/PATCH) and .../permissionLevels."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from compute import permissions
from compute.choices import ClusterPermissionLevel
from compute.models import Cluster, ClusterPermission
from jobs.services import _principal
from lakeflow.api.errors import invalid, malformed
from lakeflow.api.params import Params
from lakeflow.audit import audit

DESCRIPTIONS = {
    ClusterPermissionLevel.CAN_ATTACH_TO: "Can attach tasks and notebooks to the cluster and see it",
    ClusterPermissionLevel.CAN_RESTART: "Can also start, restart and terminate the cluster",
    ClusterPermissionLevel.CAN_MANAGE: "Can also edit, resize and delete the cluster and set permissions",
}


def _entry(level: str, *, user=None, group=None, inherited: bool = False) -> dict[str, Any]:
    perms = [{"permission_level": level, "inherited": inherited}]
    if inherited:
        perms[0]["inherited_from_object"] = ["/clusters/"]
    if user is not None:
        return {
            "user_name": user.username,
            "display_name": user.get_full_name() or user.username,
            "all_permissions": perms,
        }
    return {"group_name": group.name, "all_permissions": perms}


def cluster_permissions(cluster: Cluster) -> dict[str, Any]:
    acl = []
    if cluster.creator is not None:
        acl.append(_entry(ClusterPermissionLevel.CAN_MANAGE, user=cluster.creator))
    for grant in cluster.permissions.select_related("user", "group").order_by(
        "group__name", "user__username"
    ):
        acl.append(_entry(grant.level, user=grant.user, group=grant.group))
    acl.append(
        {
            "group_name": "admins",
            "all_permissions": [
                {
                    "permission_level": ClusterPermissionLevel.CAN_MANAGE,
                    "inherited": True,
                    "inherited_from_object": ["/clusters/"],
                }
            ],
        }
    )
    return {
        "object_id": f"/clusters/{cluster.cluster_id}",
        "object_type": "cluster",
        "access_control_list": acl,
    }


@transaction.atomic
def set_permissions(*, user, cluster: Cluster, acl: list, replace: bool) -> None:
    grants = []
    for index, entry in enumerate(acl):
        if not isinstance(entry, dict):
            raise malformed(f"access_control_list[{index}] must be an object.")
        kind, principal = _principal(entry)
        level = entry.get("permission_level")
        if level not in ClusterPermissionLevel.values:
            raise invalid(
                f"access_control_list[{index}].permission_level must be one of "
                f"{', '.join(ClusterPermissionLevel.values)}; got {level!r}."
            )
        grants.append((kind, principal, level))
    if replace:
        cluster.permissions.all().delete()
    for kind, principal, level in grants:
        if kind == "user" and principal.pk == cluster.creator_id:
            continue  # the creator holds CAN_MANAGE already
        ClusterPermission.objects.update_or_create(
            cluster=cluster, **{kind: principal}, defaults={"level": level}
        )
    details = {"acl": acl, "replace": replace}
    audit.record(user, audit.Action.CLUSTER_PERMISSIONS, "cluster", cluster.cluster_id, details=details)


@extend_schema(tags=["Permissions"])
class ClusterPermissionsView(APIView):
    def get(self, request: Request, cluster_id: str) -> Response:
        cluster = permissions.get_cluster_for(request.user, cluster_id, permissions.ATTACH)
        return Response(cluster_permissions(cluster))

    def put(self, request: Request, cluster_id: str) -> Response:
        return self._change(request, cluster_id, replace=True)

    def patch(self, request: Request, cluster_id: str) -> Response:
        return self._change(request, cluster_id, replace=False)

    def _change(self, request: Request, cluster_id: str, *, replace: bool) -> Response:
        cluster = permissions.get_cluster_for(request.user, cluster_id, permissions.MANAGE)
        acl = Params.of(request).list("access_control_list", default=[])
        set_permissions(user=request.user, cluster=cluster, acl=acl, replace=replace)
        return Response(cluster_permissions(cluster))


@extend_schema(tags=["Permissions"])
class ClusterPermissionLevelsView(APIView):
    def get(self, request: Request, cluster_id: str) -> Response:
        permissions.get_cluster_for(request.user, cluster_id, permissions.ATTACH)
        return Response(
            {
                "permission_levels": [
                    {"permission_level": level, "description": DESCRIPTIONS[level]}
                    for level in ClusterPermissionLevel.values
                ]
            }
        )
