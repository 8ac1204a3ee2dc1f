"""The cluster operations users (and the run engine) ask for.

Keyword-only functions in ``transaction.atomic``; permission checks belong to the callers (views
use compute.permissions). They change the state through ``compute.lifecycle.transition`` and
``nudge`` the supervisor after commit; bringing workers up and down happens there, not here.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from compute import broadcast
from compute.choices import (
    CLUSTER_ACTIVE,
    ClusterKind,
    ClusterSource,
    ClusterState,
    EventCause,
    EventType,
    TerminationCode,
)
from compute.lifecycle import record, termination_reason, transition
from compute.models import Cluster
from compute.specs import parse_cluster_spec
from lakeflow.api.errors import conflict
from lakeflow.audit import audit

S = ClusterState


def _nudge(cluster: Cluster) -> None:
    from compute.supervisor import nudge

    cluster_id = cluster.cluster_id
    transaction.on_commit(lambda: nudge(cluster_id))


def _user_name(user) -> str:
    return getattr(user, "username", "") or ""


def _apply_spec(cluster: Cluster, spec: dict[str, Any], *, require_version: bool = True) -> None:
    """Check a wire spec (ApiError naming the field) and copy it onto the cluster."""
    for name, value in parse_cluster_spec(spec, require_version=require_version).items():
        setattr(cluster, name, value)
    cluster.target_workers = Cluster.processes_for(cluster.min_workers)


@transaction.atomic
def create_cluster(
    *,
    user,
    spec: dict[str, Any],
    source: str = ClusterSource.API,
    kind: str = ClusterKind.ALL_PURPOSE,
    job_run=None,
    job_cluster_key: str = "",
) -> Cluster:
    """Create a cluster from a wire spec (PENDING: the supervisor brings its workers up).
    Job clusters may leave spark_version out (Lakeflow has one runtime)."""
    cluster = Cluster(
        kind=kind, source=source, creator=user, job_run=job_run, job_cluster_key=job_cluster_key
    )
    _apply_spec(cluster, spec, require_version=kind == ClusterKind.ALL_PURPOSE)
    cluster.start_time = cluster.last_activity_time = timezone.now()
    cluster.save()
    record(cluster, EventType.CREATING, {"user": _user_name(user), "cluster_size": _size(cluster)})
    _nudge(cluster)
    audit.record(user, audit.Action.CLUSTER_START, "cluster", cluster.cluster_id, details={"created": kind})
    return cluster


def _size(cluster: Cluster) -> dict[str, Any]:
    if cluster.is_autoscaling:
        return {
            "autoscale": {
                "min_workers": cluster.autoscale_min_workers,
                "max_workers": cluster.autoscale_max_workers,
            }
        }
    return {"num_workers": cluster.num_workers}


@transaction.atomic
def edit_cluster(*, cluster: Cluster, user, spec: dict[str, Any]) -> Cluster:
    """Replace the spec. A running cluster restarts to apply it (its workers get the new
    environment); a terminated one stays terminated, as on Databricks."""
    cluster = Cluster.objects.select_for_update().get(pk=cluster.pk)
    if cluster.state not in (S.RUNNING, S.TERMINATED, S.ERROR):
        raise conflict(
            f"Cluster {cluster.cluster_id} is in unexpected state {cluster.state}: "
            "it can be edited when RUNNING or TERMINATED."
        )
    previous = _size(cluster)
    _apply_spec(cluster, spec)
    cluster.save()
    record(
        cluster,
        EventType.EDITED,
        {"user": _user_name(user), "previous_cluster_size": previous, "cluster_size": _size(cluster)},
    )
    if cluster.state == S.RUNNING:
        transition(
            cluster,
            S.RESTARTING,
            message="Restarting to apply the edited spec",
            details={"user": _user_name(user)},
        )
        _nudge(cluster)
    return cluster


@transaction.atomic
def start_cluster(*, cluster: Cluster, user=None, strict: bool = True) -> Cluster:
    """Start a terminated (or failed) cluster. `strict` (the API) refuses an active cluster, as
    Databricks does; the run engine passes strict=False to "make sure it is up"."""
    cluster = Cluster.objects.select_for_update().get(pk=cluster.pk)
    if cluster.state in (S.TERMINATED, S.ERROR):
        cluster.target_workers = Cluster.processes_for(cluster.min_workers)
        cluster.save(update_fields=["target_workers"])
        transition(
            cluster,
            S.PENDING,
            message="Starting",
            event=EventType.STARTING,
            details={"user": _user_name(user)},
        )
        _nudge(cluster)
        audit.record(user, audit.Action.CLUSTER_START, "cluster", cluster.cluster_id)
    elif cluster.state == S.TERMINATING:
        # Starting a cluster that is still stopping: Databricks refuses; the engine waits.
        if strict:
            raise conflict(f"Cluster {cluster.cluster_id} is in unexpected state TERMINATING.")
    elif strict:
        raise conflict(f"Cluster {cluster.cluster_id} is in unexpected state {cluster.state}.")
    return cluster


@transaction.atomic
def restart_cluster(*, cluster: Cluster, user=None) -> Cluster:
    cluster = Cluster.objects.select_for_update().get(pk=cluster.pk)
    if cluster.state != S.RUNNING:
        raise conflict(
            f"Cluster {cluster.cluster_id} is in unexpected state {cluster.state}: "
            "only a RUNNING cluster can be restarted."
        )
    transition(cluster, S.RESTARTING, message="Restarting", details={"user": _user_name(user)})
    _nudge(cluster)
    audit.record(user, audit.Action.CLUSTER_START, "cluster", cluster.cluster_id, details={"restart": True})
    return cluster


@transaction.atomic
def resize_cluster(
    *, cluster: Cluster, user=None, num_workers: int | None = None, autoscale: tuple[int, int] | None = None
) -> Cluster:
    cluster = Cluster.objects.select_for_update().get(pk=cluster.pk)
    if cluster.state != S.RUNNING:
        raise conflict(
            f"Cluster {cluster.cluster_id} is in unexpected state {cluster.state}: "
            "only a RUNNING cluster can be resized."
        )
    previous = _size(cluster)
    if autoscale is not None:
        cluster.autoscale_min_workers, cluster.autoscale_max_workers = autoscale
        cluster.num_workers = 0
    else:
        cluster.num_workers = num_workers or 0
        cluster.autoscale_min_workers = cluster.autoscale_max_workers = None
    cluster.target_workers = Cluster.processes_for(cluster.min_workers)
    cluster.save()
    transition(
        cluster,
        S.RESIZING,
        message=f"Resizing to {cluster.target_workers} workers",
        details={
            "cause": EventCause.USER_REQUEST,
            "user": _user_name(user),
            "previous_cluster_size": previous,
            "cluster_size": _size(cluster),
            "target_num_workers": cluster.target_workers,
        },
    )
    _nudge(cluster)
    return cluster


@transaction.atomic
def terminate_cluster(
    *, cluster: Cluster, user=None, code: str = TerminationCode.USER_REQUEST, message: str = ""
) -> Cluster:
    """Terminate (clusters/delete, autotermination, end of a job cluster's run); idempotent."""
    cluster = Cluster.objects.select_for_update().get(pk=cluster.pk)
    if cluster.state in (S.TERMINATED, S.TERMINATING):
        return cluster
    params = {"username": _user_name(user)} if user is not None else {}
    transition(
        cluster,
        S.TERMINATING,
        message=message or "Terminating",
        reason=termination_reason(code, **params),
        details={"user": _user_name(user)},
    )
    _nudge(cluster)
    audit.record(user, audit.Action.CLUSTER_STOP, "cluster", cluster.cluster_id, details={"code": str(code)})
    return cluster


@transaction.atomic
def permanent_delete_cluster(*, cluster: Cluster, user=None) -> None:
    """Terminate and hide at once; the supervisor removes the row once the workers are gone."""
    cluster = terminate_cluster(cluster=cluster, user=user)
    cluster.deleted_at = timezone.now()
    cluster.save(update_fields=["deleted_at"])
    broadcast.cluster_changed(cluster)  # cluster.deleted
    _nudge(cluster)


@transaction.atomic
def ensure_started(*, cluster_id: str) -> Cluster:
    """For the run engine: a task is about to be queued on this cluster. Start it when it is
    terminated (as Databricks does for existing_cluster_id) and count it as activity."""
    cluster = Cluster.objects.select_for_update().get(cluster_id=cluster_id)
    cluster.last_activity_time = timezone.now()
    cluster.save(update_fields=["last_activity_time"])
    if cluster.state not in CLUSTER_ACTIVE and cluster.state != S.TERMINATING:
        start_cluster(cluster=cluster, strict=False)
        cluster.refresh_from_db()
    elif cluster.state == S.TERMINATING:
        # It comes back up once its old workers are gone: the supervisor's step 4 sees a queued task.
        pass
    return cluster
