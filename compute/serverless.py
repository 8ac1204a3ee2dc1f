"""The serverless pool: tasks with no compute run on the engine's queue (``lakeflow.serverless``),
served by every `lakeflow worker` started without --cluster. In production the supervisor also
scales a pool of extra worker processes on that queue with demand: the ``serverless`` cluster row
(kind SERVERLESS, autoscale 0..LAKEFLOW_SERVERLESS_MAX_WORKERS). Nothing to configure; queued
serverless tasks that no worker has taken yet make it grow, idleness makes it shrink to zero.
In `lakeflow dev` the engine's worker threads are the pool.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from compute.choices import ClusterKind, ClusterSource, ClusterState, EventType
from compute.lifecycle import record
from compute.models import Cluster

SERVERLESS_ID = "serverless"


def pool_enabled() -> bool:
    return not settings.CELERY_EMBEDDED and settings.LAKEFLOW_SERVERLESS_MAX_WORKERS > 0


@transaction.atomic
def ensure_pool() -> Cluster | None:
    """The serverless pool's row (created RUNNING with no workers), or None when disabled."""
    if not pool_enabled():
        return None
    ceiling = settings.LAKEFLOW_SERVERLESS_MAX_WORKERS
    cluster, created = Cluster.objects.get_or_create(
        cluster_id=SERVERLESS_ID,
        defaults={
            "cluster_name": "Serverless",
            "kind": ClusterKind.SERVERLESS,
            "source": ClusterSource.API,
            "autoscale_min_workers": 0,
            "autoscale_max_workers": ceiling,
            "state": ClusterState.RUNNING,
            "target_workers": 0,
        },
    )
    if created:
        record(
            cluster,
            EventType.CREATING,
            {"cluster_size": {"autoscale": {"min_workers": 0, "max_workers": ceiling}}},
        )
    elif cluster.autoscale_max_workers != ceiling:
        cluster.autoscale_max_workers = ceiling
        cluster.save(update_fields=["autoscale_max_workers"])
    return cluster
