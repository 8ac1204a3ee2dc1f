"""The provider interface: how a cluster gets its worker processes (DESIGN §6).

A cluster is a Celery queue (``Cluster.queue``) plus workers consuming it. A provider only brings
workers up and down; everything else (states, events, autoscaling, placing tasks) is the engine's
and stays the same whatever the provider. A worker process, wherever it runs, is started as

    lakeflow worker --cluster <cluster_id>

with ``LAKEFLOW_CLUSTER_WORKER=<ClusterWorker.name>`` in its environment and the installation's
DATABASE_URL / CELERY_BROKER_URL; on start it marks its ``ClusterWorker`` row READY and then
heartbeats (compute/workers.py), so a provider never has to talk to the worker itself.

To add a provider (Kubernetes pods, cloud VMs, ...):

1. subclass ``Provider``; ``start`` creates one ``ClusterWorker`` row per new worker (state
   STARTING, a unique ``name``) and launches a process/pod/VM running the command above;
2. ``stop`` asks workers to stop (SIGTERM / delete the pod) and marks them STOPPING;
3. ``status`` refreshes the rows from reality (a pod that is gone -> GONE) and returns counts;
   rows of workers that stop heartbeating are marked GONE by ``refresh_heartbeats`` for every
   provider;
4. register it in ``compute.providers.PROVIDERS`` and set ``Cluster.provider`` to its name.

Calls come from the supervisor (compute/supervisor.py), never from a web request, and must be
idempotent: the supervisor calls ``start(cluster, n)`` again and again until n workers are ready.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone

from compute.choices import WORKER_LIVE, WorkerState
from compute.models import Cluster, ClusterWorker


@dataclass
class WorkerStatus:
    """What a cluster's workers are doing right now."""

    ready: int = 0  # consuming the queue
    starting: int = 0  # launched, not consuming yet
    stopping: int = 0  # asked to stop, not gone yet
    # Workers that ended before they ever became ready, since the last call: why they failed.
    failures: list[str] = field(default_factory=list)

    @property
    def live(self) -> int:
        return self.ready + self.starting + self.stopping


class Provider(ABC):
    name: str = ""

    @abstractmethod
    def start(self, cluster: Cluster, n: int) -> None:
        """Make sure `n` workers are up or coming up (launch the missing ones; never remove)."""

    @abstractmethod
    def stop(self, cluster: Cluster, workers: Iterable[ClusterWorker] | None = None) -> None:
        """Ask `workers` (default: all live ones) to stop; they finish as GONE in ``status``."""

    def resize(self, cluster: Cluster, n: int) -> None:
        """Grow to `n` workers, or stop the newest extra ones (they finish their task first)."""
        active = list(live_workers(cluster).exclude(state=WorkerState.STOPPING).order_by("-started_at"))
        if len(active) < n:
            self.start(cluster, n)
        elif len(active) > n:
            self.stop(cluster, active[: len(active) - n])

    @abstractmethod
    def status(self, cluster: Cluster) -> WorkerStatus:
        """Refresh the cluster's ClusterWorker rows from reality and count them."""


def live_workers(cluster: Cluster):
    return ClusterWorker.objects.filter(cluster=cluster, state__in=WORKER_LIVE)


def mark_gone(worker: ClusterWorker, message: str = "") -> None:
    worker.state = WorkerState.GONE
    worker.stopped_at = timezone.now()
    if message:
        worker.exit_message = message
    worker.save(update_fields=["state", "stopped_at", "exit_message"])


def refresh_heartbeats(cluster: Cluster, *, managed_here: Iterable[int] = ()) -> None:
    """Mark GONE the live workers whose heartbeat went stale (workers no local PID check covers)."""
    timeout = settings.LAKEFLOW_HEARTBEAT_TIMEOUT_SECONDS
    cutoff = timezone.now() - timezone.timedelta(seconds=timeout)
    skip = set(managed_here)
    stale = live_workers(cluster).filter(
        state__in=(WorkerState.READY, WorkerState.STOPPING), heartbeat_at__lt=cutoff
    )
    for worker in stale:
        if worker.pk not in skip:
            mark_gone(worker, f"no heartbeat for {timeout} s")


def count(cluster: Cluster, failures: list[str]) -> WorkerStatus:
    status = WorkerStatus(failures=failures)
    for state in live_workers(cluster).values_list("state", flat=True):
        if state == WorkerState.READY:
            status.ready += 1
        elif state == WorkerState.STARTING:
            status.starting += 1
        else:
            status.stopping += 1
    return status
