"""Live compute updates: the websocket events published when a cluster or a SQL warehouse changes.

Called from the places that change them -- ``compute.lifecycle`` (every cluster state change and
every ClusterEvent) and ``compute.warehouses`` (every warehouse operation) -- and sent after commit
by ``lakeflow.realtime.publish``. Groups:

- ``compute``: ``cluster.updated`` / ``cluster.deleted`` / ``warehouse.updated`` /
  ``warehouse.deleted``; ``compute.consumers.ComputeConsumer`` drops clusters a socket's user may
  not see.
- ``cluster-<cluster_id>``: ``cluster.updated`` and ``cluster.event`` of one cluster.

Message shapes: docs/websockets.md ("Compute").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lakeflow import realtime

if TYPE_CHECKING:
    from compute.models import Cluster, ClusterEvent, Warehouse

COMPUTE_GROUP = "compute"


def cluster_group(cluster_id: str) -> str:
    return f"cluster-{cluster_id}"


def cluster_changed(cluster: Cluster, event: ClusterEvent | None = None) -> None:
    """Publish the cluster as clusters/get shows it now, and the event just written (if any)."""
    from compute.api import wire
    from compute.choices import ClusterKind

    group = cluster_group(cluster.cluster_id)
    # A caller's prefetched workers predate this change (the executors must be read now).
    getattr(cluster, "_prefetched_objects_cache", {}).pop("workers", None)
    if event is not None:
        realtime.publish(
            group,
            {
                "type": "cluster.event",
                "cluster_id": cluster.cluster_id,
                "event": wire.event(event, cluster.cluster_id),
            },
        )
    if cluster.deleted_at is not None:
        payload = {"type": "cluster.deleted", "cluster_id": cluster.cluster_id}
    else:
        payload = {"type": "cluster.updated", "cluster": wire.cluster_details(cluster)}
    realtime.publish(group, payload)
    # The serverless pool is not a cluster users manage (clusters/list leaves it out too).
    if cluster.kind != ClusterKind.SERVERLESS:
        realtime.publish(COMPUTE_GROUP, payload)


def warehouse_changed(warehouse: Warehouse) -> None:
    from compute.api.warehouses import warehouse_wire

    realtime.publish(COMPUTE_GROUP, {"type": "warehouse.updated", "warehouse": warehouse_wire(warehouse)})


def warehouse_deleted(warehouse_id: str) -> None:
    realtime.publish(COMPUTE_GROUP, {"type": "warehouse.deleted", "id": warehouse_id})
