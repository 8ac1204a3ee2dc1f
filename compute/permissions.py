"""Who may do what to a cluster: the one place cluster access is decided.

Levels are ranked (CAN_ATTACH_TO < CAN_RESTART < CAN_MANAGE). Admins hold CAN_MANAGE on every
cluster, the creator of an all-purpose cluster holds CAN_MANAGE, everyone else the highest level
granted to them or one of their groups. Creating clusters needs an admin or the Django permission
``compute.add_cluster`` (the "allow cluster create" entitlement an admin grants in the admin).
The serverless pool is open to every user.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from compute.choices import CLUSTER_PERMISSION_RANK, ClusterKind, ClusterPermissionLevel
from compute.models import Cluster, ClusterPermission
from jobs.permissions import is_admin
from lakeflow.api.errors import ApiError, denied, invalid

ATTACH = ClusterPermissionLevel.CAN_ATTACH_TO
RESTART = ClusterPermissionLevel.CAN_RESTART
MANAGE = ClusterPermissionLevel.CAN_MANAGE
CREATE_PERMISSION = "compute.add_cluster"


def can_create(user) -> bool:
    return bool(user and user.is_authenticated and (is_admin(user) or user.has_perm(CREATE_PERMISSION)))


def require_create(user) -> None:
    if not can_create(user):
        raise denied(
            f"User {getattr(user, 'username', 'anonymous')} is not allowed to create clusters: "
            "ask an admin for the allow-cluster-create entitlement."
        )


def level_of(user, cluster: Cluster) -> str | None:
    """The strongest level the user holds on the cluster, or None."""
    if user is None or not user.is_authenticated:
        return None
    if is_admin(user):
        return MANAGE
    if cluster.kind == ClusterKind.SERVERLESS:
        return ATTACH
    if cluster.creator_id == user.pk:
        return MANAGE
    levels = list(
        ClusterPermission.objects.filter(cluster=cluster)
        .filter(Q(user=user) | Q(group__in=user.groups.all()))
        .values_list("level", flat=True)
    )
    if not levels:
        return None
    return max(levels, key=lambda level: CLUSTER_PERMISSION_RANK[level])


def can(user, cluster: Cluster, level: str) -> bool:
    held = level_of(user, cluster)
    return held is not None and CLUSTER_PERMISSION_RANK[held] >= CLUSTER_PERMISSION_RANK[level]


def require(user, cluster: Cluster, level: str) -> None:
    if not can(user, cluster, level):
        name = getattr(user, "username", None) or "anonymous"
        raise denied(f"User {name} does not have {level} permission on cluster {cluster.cluster_id}.")


def visible_clusters(user) -> QuerySet[Cluster]:
    """Clusters the user may at least attach to (and so see)."""
    live = Cluster.objects.filter(deleted_at__isnull=True)
    if user is None or not user.is_authenticated:
        return live.none()
    if is_admin(user):
        return live
    granted = ClusterPermission.objects.filter(Q(user=user) | Q(group__in=user.groups.all())).values(
        "cluster_id"
    )
    return live.filter(Q(creator=user) | Q(pk__in=granted) | Q(kind=ClusterKind.SERVERLESS))


def cluster_does_not_exist(cluster_id: object) -> ApiError:
    """Databricks answers an unknown cluster id with 400 INVALID_PARAMETER_VALUE."""
    return invalid(f"Cluster {cluster_id} does not exist")


def get_cluster_for(user, cluster_id: str, level: str = ATTACH) -> Cluster:
    """Fetch a (not deleted) cluster the user holds at least `level` on."""
    cluster = Cluster.objects.filter(cluster_id=cluster_id, deleted_at__isnull=True).first()
    if cluster is None:
        raise cluster_does_not_exist(cluster_id)
    require(user, cluster, level)
    return cluster
