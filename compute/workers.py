"""The worker side of a cluster: what runs inside a worker process (or embedded worker thread).

``lakeflow worker --cluster NAME`` consumes ``queue_for_cluster(NAME)``. When the worker is ready
(Celery's ``worker_ready``) it marks its ClusterWorker row READY -- the row its provider created
(named in LAKEFLOW_CLUSTER_WORKER), or a new unmanaged row when it joins from another machine --
then heartbeats until it shuts down, when it marks the row GONE. The supervisor counts READY rows:
a cluster is RUNNING only once its workers really consume its queue.
"""

from __future__ import annotations

import logging
import os
import socket
import threading

from celery.signals import worker_ready, worker_shutdown
from django.conf import settings
from django.db import close_old_connections, connection
from django.db.models import Q
from django.utils import timezone

from compute.choices import ClusterKind, WorkerState
from compute.models import CLUSTER_QUEUE_PREFIX, Cluster, ClusterWorker

log = logging.getLogger(__name__)
WORKER_ENV = "LAKEFLOW_CLUSTER_WORKER"


class UnknownCluster(LookupError):
    pass


def resolve_cluster(name: str) -> Cluster:
    """A cluster by id, else by (unique) name."""
    live = Cluster.objects.filter(deleted_at__isnull=True)
    cluster = live.filter(cluster_id=name).first()
    if cluster is not None:
        return cluster
    matches = list(live.filter(cluster_name=name)[:2])
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise UnknownCluster(f"Several clusters are named {name!r}: use the cluster id.")
    raise UnknownCluster(f"Cluster {name!r} does not exist (neither an id nor a name).")


def queue_for_cluster(name: str) -> str:
    """`lakeflow worker --cluster NAME` -> the queue to consume."""
    return resolve_cluster(name).queue


def _cluster_of_queue(queue: str) -> Cluster | None:
    if queue.startswith(CLUSTER_QUEUE_PREFIX):
        return Cluster.objects.filter(cluster_id=queue[len(CLUSTER_QUEUE_PREFIX) :]).first()
    # The serverless pool's own workers (started by the provider) report; plain `lakeflow worker`
    # processes on the same queue are not the pool's to scale down.
    if os.environ.get(WORKER_ENV):
        return (
            Cluster.objects.filter(kind=ClusterKind.SERVERLESS, deleted_at__isnull=True).first()
            if (queue == _serverless_queue())
            else None
        )
    return None


def _serverless_queue() -> str:
    from runs.choices import Queue

    return Queue.SERVERLESS.value


def worker_up(cluster: Cluster, name: str) -> ClusterWorker:
    """Mark this worker READY (creating the row of a worker that joined by itself)."""
    now = timezone.now()
    worker = ClusterWorker.objects.filter(cluster=cluster, name=name).exclude(state=WorkerState.GONE).first()
    if worker is None:
        worker = ClusterWorker(
            cluster=cluster, name=name, hostname=socket.gethostname(), pid=os.getpid(), managed=False
        )
    worker.state = WorkerState.READY
    worker.ready_at = worker.heartbeat_at = now
    worker.save()
    from compute.supervisor import nudge

    nudge(cluster.cluster_id)
    return worker


class Heartbeat(threading.Thread):
    """Writes heartbeat_at of this process's worker rows every LAKEFLOW_HEARTBEAT_SECONDS."""

    def __init__(self, names: list[str]):
        super().__init__(name="lakeflow-cluster-heartbeat", daemon=True)
        self.names = names
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(settings.LAKEFLOW_HEARTBEAT_SECONDS):
            try:
                ClusterWorker.objects.filter(name__in=self.names).filter(
                    Q(state=WorkerState.READY) | Q(state=WorkerState.STOPPING)
                ).update(heartbeat_at=timezone.now())
            except Exception:
                log.warning("cluster worker heartbeat failed", exc_info=True)
            finally:
                close_old_connections()
        connection.close()


def worker_down(names: list[str], *, final: bool = True) -> None:
    """This worker is shutting down. A process its provider started only says STOPPING: the
    provider marks it GONE once the PID is really gone; a worker that joined by itself is GONE."""
    rows = ClusterWorker.objects.filter(name__in=names).exclude(state=WorkerState.GONE)
    if final:
        rows.update(state=WorkerState.GONE, stopped_at=timezone.now(), exit_message="stopped")
    else:
        rows.exclude(state=WorkerState.STOPPING).update(state=WorkerState.STOPPING, stopped_at=timezone.now())


# -- production workers (Celery's signals) ----------------------------------------------------------

_PROCESS_WORKERS: list[str] = []
_PROCESS_HEARTBEAT: list[Heartbeat] = []


def _consumed_queues(consumer) -> list[str]:
    queues = getattr(getattr(consumer, "task_consumer", None), "queues", None) or []
    names = [q.name for q in queues]
    if not names:
        names = list(consumer.app.amqp.queues.consume_from or {})
    return names


@worker_ready.connect
def _on_worker_ready(sender=None, **kwargs) -> None:
    try:
        clusters = [c for c in map(_cluster_of_queue, _consumed_queues(sender)) if c is not None]
        name = os.environ.get(WORKER_ENV) or sender.hostname
        for cluster in clusters:
            worker_up(cluster, name)
            _PROCESS_WORKERS.append(name)
        if _PROCESS_WORKERS:
            beat = Heartbeat(list(_PROCESS_WORKERS))
            beat.start()
            _PROCESS_HEARTBEAT.append(beat)
    finally:
        close_old_connections()


@worker_shutdown.connect
def _on_worker_shutdown(sender=None, **kwargs) -> None:
    for beat in _PROCESS_HEARTBEAT:
        beat.stopped.set()
    if _PROCESS_WORKERS:
        try:
            worker_down(list(_PROCESS_WORKERS), final=not os.environ.get(WORKER_ENV))
        finally:
            close_old_connections()


# -- embedded workers (threads of `lakeflow dev`) -----------------------------------------------------


def start_embedded_worker(cluster: Cluster, name: str) -> EmbeddedWorker:
    """Start one Celery worker (thread pool, one slot) on the cluster's queue in a thread."""
    worker = EmbeddedWorker(cluster, name)
    worker.start()
    return worker


class EmbeddedWorker(threading.Thread):
    """A thread running one Celery WorkController on the cluster's own app instance. The
    controller is built inside the thread: Celery's Django fixup closes the database connection
    of the thread that builds a worker, which must not be the supervisor's (mid-transaction)."""

    def __init__(self, cluster: Cluster, name: str):
        super().__init__(name=f"cluster-worker-{name}", daemon=True)
        self.cluster_pk = cluster.pk
        self.queue = cluster.queue
        self.worker_name = name
        self.app = _embedded_app(cluster)
        self.controller = None
        self.stop_requested = threading.Event()
        self._heartbeat: Heartbeat | None = None

    def run(self) -> None:
        from celery.worker import WorkController

        outer = self

        class ClusterWorkController(WorkController):
            def on_consumer_ready(self, consumer) -> None:
                try:
                    worker_up(Cluster.objects.get(pk=outer.cluster_pk), outer.worker_name)
                    outer._heartbeat = Heartbeat([outer.worker_name])
                    outer._heartbeat.start()
                finally:
                    close_old_connections()

        try:
            self.controller = ClusterWorkController(
                app=self.app,
                hostname=self.worker_name,
                pool="threads",
                concurrency=1,
                queues=[self.queue],
                without_heartbeat=True,
                without_mingle=True,
                without_gossip=True,
                loglevel="WARNING",
            )
            if not self.stop_requested.is_set():
                self.controller.start()
        finally:
            if self._heartbeat is not None:
                self._heartbeat.stopped.set()
            try:
                worker_down([self.worker_name])
            finally:
                connection.close()

    def stop(self) -> None:
        """Warm shutdown: the running task (if any) finishes first."""
        self.stop_requested.set()
        if self.controller is not None:
            self.controller.stop(in_sighandler=False)


def _embedded_app(cluster: Cluster):
    from compute.providers.local import embedded_app_for

    return embedded_app_for(cluster)
