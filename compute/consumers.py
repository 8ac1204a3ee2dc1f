"""Compute websockets (message shapes: docs/websockets.md, "Compute"); events come from
compute.broadcast. Both check the REST read's permission: clusters/get needs CAN_ATTACH_TO,
clusters/list shows the clusters the user may attach to, SQL warehouses are visible to every user.
"""

from __future__ import annotations

from typing import Any

from channels.db import database_sync_to_async

from compute import broadcast
from lakeflow.api.errors import ApiError
from lakeflow.consumers import LakeflowConsumer, refused_for


class ComputeConsumer(LakeflowConsumer):
    """/ws/compute/: every cluster (of clusters/list) and warehouse the user can see, as they change."""

    async def authorize(self, user, kwargs: dict[str, Any]) -> list[str]:
        self.user = user
        return [broadcast.COMPUTE_GROUP]

    async def lakeflow_event(self, message: dict[str, Any]) -> None:
        event = message["event"]
        cluster_id = (event.get("cluster") or {}).get("cluster_id") or event.get("cluster_id")
        if cluster_id and not await database_sync_to_async(self._may_see)(cluster_id):
            return
        await self.send_json(event)

    def _may_see(self, cluster_id: str) -> bool:
        from compute import permissions
        from compute.models import Cluster

        cluster = Cluster.objects.filter(cluster_id=cluster_id).first()  # deleted ones too: cluster.deleted
        return cluster is not None and permissions.can(self.user, cluster, permissions.ATTACH)


class ClusterConsumer(LakeflowConsumer):
    """/ws/clusters/<cluster_id>/: one cluster's state (cluster.updated) and events (cluster.event)."""

    async def authorize(self, user, kwargs: dict[str, Any]) -> list[str]:
        cluster_id = kwargs["cluster_id"]
        await database_sync_to_async(self._check)(user, cluster_id)
        return [broadcast.cluster_group(cluster_id)]

    @staticmethod
    def _check(user, cluster_id: str) -> None:
        from compute import permissions

        try:
            permissions.get_cluster_for(user, cluster_id, permissions.ATTACH)
        except ApiError as error:
            raise refused_for(error) from error
