"""Celery tasks of the compute app: thin, explicit names, ids in, supervisor/services out."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="compute.reconcile_cluster", ignore_result=True)
def reconcile_cluster(cluster_id: str) -> None:
    """One supervisor step for one cluster (queued when its state changed)."""
    from compute.supervisor import reconcile

    reconcile(cluster_id)


@shared_task(name="compute.supervise_clusters", ignore_result=True)
def supervise_clusters() -> None:
    """Periodic: one supervisor step for every cluster that needs one (beat, every few seconds)."""
    from compute.supervisor import supervise_once

    supervise_once()


@shared_task(name="compute.install_libraries", ignore_result=True)
def install_libraries(cluster_id: str) -> None:
    """Install the cluster's PENDING libraries into its environment."""
    from compute.libraries import install_pending

    install_pending(cluster_id=cluster_id)
