"""The cluster supervisor: brings each cluster's workers in line with its state, one step at a time.

``reconcile(cluster_id)`` is one step for one cluster; ``supervise_once()`` one step for every
cluster that needs attention. They run in Celery tasks (``compute.reconcile_cluster``,
``compute.supervise_clusters`` on the control queue) or in ``Supervisor``, a thread of
``lakeflow dev`` (embedded) and of the tests -- never in a web request. API calls only change the
state and ``nudge()`` the supervisor.

Per state (numbered as the code below):
1. PENDING / RESTARTING / RESIZING: start (or stop) workers until the target count is ready, then
   RUNNING; a worker that dies before it is ready, or a start timeout, sends the cluster to ERROR.
2. RUNNING: replace lost workers (NODES_LOST), autoscale between min and max from queue depth,
   autoterminate an idle all-purpose cluster.
3. TERMINATING: stop the workers; TERMINATED once they are really gone.
4. TERMINATED / ERROR: make sure no managed worker is left behind.
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import close_old_connections, transaction
from django.utils import timezone

from compute.choices import (
    CLUSTER_ACTIVE,
    ClusterKind,
    ClusterState,
    EventCause,
    EventType,
    LibraryStatus,
    TerminationCode,
    WorkerState,
)
from compute.lifecycle import record, termination_reason, transition
from compute.models import Cluster
from compute.providers import get_provider
from compute.providers.base import WorkerStatus, live_workers

log = logging.getLogger(__name__)
S = ClusterState


# -- queue depth (what the autoscaler and autotermination look at) -----------------------------------


def task_counts(cluster: Cluster) -> tuple[int, int]:
    """(queued, running) task runs on this cluster."""
    from runs.choices import TaskRunState
    from runs.models import TaskRun

    active = TaskRun.objects.filter(state__in=(TaskRunState.QUEUED, TaskRunState.RUNNING))
    if cluster.kind == ClusterKind.SERVERLESS:
        active = active.filter(queue=cluster.queue)
    else:
        active = active.filter(cluster_id=cluster.cluster_id)
    rows = active.values_list("state", flat=True)
    queued = sum(1 for state in rows if state == TaskRunState.QUEUED)
    return queued, len(rows) - queued


def desired_size(cluster: Cluster, queued: int, running: int) -> int:
    """Autoscaling target: enough slots for every queued and running task, within [min, max].
    The serverless pool adds a worker per task nobody has taken yet, and may shrink to zero."""
    if cluster.kind == ClusterKind.SERVERLESS:
        return min(cluster.max_workers, cluster.target_workers + queued) if queued else cluster.min_workers
    low = Cluster.processes_for(cluster.min_workers)
    high = Cluster.processes_for(cluster.max_workers)
    return max(low, min(high, queued + running))


# -- one step ------------------------------------------------------------------------------------------


def reconcile(cluster_id: str) -> str | None:
    """One supervisor step for one cluster; returns its state afterwards (None once deleted)."""
    with transaction.atomic():
        cluster = Cluster.objects.select_for_update().filter(cluster_id=cluster_id).first()
        if cluster is None:
            return None
        provider = get_provider(cluster.provider)
        status = provider.status(cluster)
        step = STEPS.get(cluster.state)
        if step is not None:
            step(cluster, provider, status)
        if cluster.deleted_at and cluster.state == S.TERMINATED and not live_workers(cluster).exists():
            cluster.delete()
            return None
        return cluster.state


def _fail(cluster: Cluster, status: WorkerStatus, provider) -> None:
    message = "; ".join(dict.fromkeys(status.failures))[:2000] or "workers could not be started"
    provider.stop(cluster)
    transition(
        cluster,
        S.ERROR,
        message=f"Cluster workers could not start: {message}",
        reason=termination_reason(TerminationCode.INIT_FAILURE, message=message),
    )


def _bringing_up(cluster: Cluster, provider, status: WorkerStatus) -> None:
    """1. PENDING / RESTARTING / RESIZING."""
    target = cluster.target_workers
    if status.failures and status.ready == 0:
        _fail(cluster, status, provider)
        return
    if status.failures:
        record(cluster, EventType.NODES_LOST, {"reason": {"parameters": {"message": status.failures[0]}}})
    if cluster.state == S.RESTARTING:
        # The workers older than the restart go first; new ones start once they are gone.
        old = list(live_workers(cluster).filter(started_at__lt=cluster.state_changed_at))
        if old:
            provider.stop(cluster, old)
            return
    provider.resize(cluster, target)
    status = provider.status(cluster)
    if status.ready >= target and status.stopping == 0:
        previous = cluster.state
        if previous in (S.PENDING, S.RESTARTING):
            # Libraries uninstalled while it ran leave with the (re)start, as on Databricks.
            cluster.libraries.filter(status=LibraryStatus.UNINSTALL_ON_RESTART).delete()
        transition(cluster, S.RUNNING, details={"current_num_workers": status.ready})
        if previous == S.RESIZING:
            record(
                cluster,
                EventType.UPSIZE_COMPLETED,
                {"current_num_workers": status.ready, "target_num_workers": target},
            )


def _running(cluster: Cluster, provider, status: WorkerStatus) -> None:
    """2. RUNNING."""
    now = timezone.now()
    queued, running = task_counts(cluster)
    if queued or running:
        cluster.last_activity_time = now
        cluster.save(update_fields=["last_activity_time"])
    # a. Autotermination of an idle all-purpose cluster.
    if (
        cluster.kind == ClusterKind.ALL_PURPOSE
        and cluster.autotermination_minutes
        and not (queued or running)
    ):
        idle_for = (now - (cluster.last_activity_time or cluster.state_changed_at)).total_seconds()
        limit = cluster.autotermination_minutes * settings.LAKEFLOW_AUTOTERMINATION_UNIT_SECONDS
        if idle_for >= limit:
            reason = termination_reason(
                TerminationCode.INACTIVITY, inactivity_duration_min=str(cluster.autotermination_minutes)
            )
            transition(cluster, S.TERMINATING, message="Inactive cluster terminated", reason=reason)
            provider.stop(cluster)
            return
    # b. Autoscaling from queue depth.
    if cluster.is_autoscaling:
        want = desired_size(cluster, queued, running)
        idle_enough = (
            now - cluster.state_changed_at
        ).total_seconds() >= settings.LAKEFLOW_AUTOSCALE_DOWN_IDLE_SECONDS
        if want > cluster.target_workers or (want < cluster.target_workers and idle_enough):
            _autoscale(cluster, provider, want)
            return
    # c. Lost workers are replaced.
    active = status.ready + status.starting
    if active < cluster.target_workers:
        record(
            cluster,
            EventType.NODES_LOST,
            {"current_num_workers": status.ready, "target_num_workers": cluster.target_workers},
        )
        if status.ready == 0:
            transition(
                cluster,
                S.PENDING,
                message="Replacing lost workers",
                event=EventType.STARTING,
                details={"cause": EventCause.AUTORECOVERY},
            )
        provider.start(cluster, cluster.target_workers)


def _autoscale(cluster: Cluster, provider, want: int) -> None:
    previous = cluster.target_workers
    cluster.target_workers = want
    cluster.save(update_fields=["target_workers"])
    details = {"cause": EventCause.AUTOSCALE, "current_num_workers": previous, "target_num_workers": want}
    if want > previous:
        transition(cluster, S.RESIZING, message=f"Autoscaling up to {want} workers", details=details)
        provider.start(cluster, want)
    else:
        # Downscaling only stops idle workers' processes gracefully: warm shutdown finishes a task.
        record(cluster, EventType.RESIZING, details)
        record(cluster, EventType.DECOMMISSION_STARTED, details)
        provider.resize(cluster, want)
        cluster.state_changed_at = timezone.now()
        cluster.save(update_fields=["state_changed_at"])


def _terminating(cluster: Cluster, provider, status: WorkerStatus) -> None:
    """3. TERMINATING."""
    if status.live:
        provider.stop(cluster)
        status = provider.status(cluster)
    if status.live == 0 or not live_workers(cluster).filter(managed=True).exists():
        transition(cluster, S.TERMINATED, message=cluster.state_message, reason=cluster.termination_reason)


def _stopped(cluster: Cluster, provider, status: WorkerStatus) -> None:
    """4. TERMINATED / ERROR: no managed worker is left running; a task queued while the cluster
    was terminating starts it again."""
    strays = live_workers(cluster).filter(managed=True).exclude(state=WorkerState.STOPPING)
    if strays.exists():
        provider.stop(cluster, list(strays))
    if cluster.state == S.TERMINATED and not cluster.deleted_at and task_counts(cluster)[0]:
        cluster.target_workers = Cluster.processes_for(cluster.min_workers)
        cluster.save(update_fields=["target_workers"])
        transition(cluster, S.PENDING, message="Starting for a queued task", event=EventType.STARTING)


STEPS = {
    S.PENDING: _bringing_up,
    S.RESTARTING: _bringing_up,
    S.RESIZING: _bringing_up,
    S.RUNNING: _running,
    S.TERMINATING: _terminating,
    S.TERMINATED: _stopped,
    S.ERROR: _stopped,
}


def clusters_to_supervise() -> list[str]:
    """Clusters with a state to reach, or with workers to watch or clean up."""
    busy = Cluster.objects.filter(state__in=[*CLUSTER_ACTIVE, S.TERMINATING]).values_list(
        "cluster_id", flat=True
    )
    with_workers = live_workers_of_stopped_clusters().values_list("cluster__cluster_id", flat=True).distinct()
    return list(dict.fromkeys([*busy, *with_workers, *terminated_with_queued_tasks()]))


def terminated_with_queued_tasks() -> list[str]:
    from runs.choices import TaskRunState
    from runs.models import TaskRun

    waiting = TaskRun.objects.filter(state=TaskRunState.QUEUED).exclude(cluster_id="").values("cluster_id")
    return list(
        Cluster.objects.filter(
            state=S.TERMINATED, deleted_at__isnull=True, cluster_id__in=waiting
        ).values_list("cluster_id", flat=True)
    )


def live_workers_of_stopped_clusters():
    from compute.choices import WORKER_LIVE
    from compute.models import ClusterWorker

    return ClusterWorker.objects.filter(state__in=WORKER_LIVE, cluster__state__in=(S.TERMINATED, S.ERROR))


def supervise_once() -> None:
    from compute.serverless import ensure_pool

    ensure_pool()
    for cluster_id in clusters_to_supervise():
        try:
            reconcile(cluster_id)
        except Exception:
            log.exception("cluster %s: supervisor step failed", cluster_id)


# -- who runs it ------------------------------------------------------------------------------------


class Supervisor(threading.Thread):
    """The supervisor loop as a thread: every LAKEFLOW_CLUSTER_SUPERVISE_SECONDS, or at once when
    nudged (a state change in this process, a worker becoming ready)."""

    def __init__(self, interval: float | None = None):
        super().__init__(name="lakeflow-cluster-supervisor", daemon=True)
        self.interval = interval if interval is not None else settings.LAKEFLOW_CLUSTER_SUPERVISE_SECONDS
        self.wake = threading.Event()
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            self.wake.wait(self.interval)
            self.wake.clear()
            if self.stopped.is_set():
                break
            try:
                supervise_once()
            except Exception:
                log.exception("cluster supervisor step failed")
            finally:
                close_old_connections()

    def stop(self) -> None:
        self.stopped.set()
        self.wake.set()
        self.join(timeout=10)


_RUNNING: list[Supervisor] = []


def start_supervisor(interval: float | None = None) -> Supervisor:
    supervisor = Supervisor(interval)
    supervisor.start()
    _RUNNING.append(supervisor)
    return supervisor


def stop_supervisor(supervisor: Supervisor) -> None:
    supervisor.stop()
    if supervisor in _RUNNING:
        _RUNNING.remove(supervisor)


def nudge(cluster_id: str) -> None:
    """Have the supervisor look at a cluster soon: wake the in-process loop, else queue a task."""
    if _RUNNING:
        for supervisor in _RUNNING:
            supervisor.wake.set()
        return
    from compute.tasks import reconcile_cluster
    from runs.choices import Queue

    try:
        reconcile_cluster.apply_async((cluster_id,), queue=Queue.CONTROL.value)
    except Exception:
        log.warning("could not queue the supervisor for cluster %s", cluster_id, exc_info=True)
