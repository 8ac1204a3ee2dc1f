"""The cluster state machine: every state change goes through ``transition()``, which checks the
FROM -> TO table, stamps the times and writes the ClusterEvent. Views and providers never assign
``Cluster.state``. Both ``transition()`` and ``record()`` publish the change to websockets
(compute.broadcast, after commit).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from compute import broadcast
from compute.choices import TERMINATION_TYPE, ClusterState, EventType
from compute.models import Cluster, ClusterEvent

S = ClusterState

# FROM -> the states it may go to, and why.
ALLOWED: dict[str, frozenset[str]] = {
    # Starting: workers come up (RUNNING), cannot (ERROR), or the user gives up (TERMINATING).
    S.PENDING: frozenset({S.RUNNING, S.ERROR, S.TERMINATING}),
    # Up: resized (by hand or autoscaling), restarted, terminated, or lost every worker (PENDING).
    S.RUNNING: frozenset({S.RESIZING, S.RESTARTING, S.TERMINATING, S.PENDING, S.ERROR}),
    S.RESIZING: frozenset({S.RUNNING, S.TERMINATING, S.ERROR}),
    S.RESTARTING: frozenset({S.RUNNING, S.TERMINATING, S.ERROR}),
    # Only "every worker is gone" ends a termination.
    S.TERMINATING: frozenset({S.TERMINATED}),
    S.TERMINATED: frozenset({S.PENDING}),
    # A cluster that could not start may be started again or terminated (its stray workers stopped).
    S.ERROR: frozenset({S.PENDING, S.TERMINATING}),
}

# The event written when a cluster enters a state (RESIZING's event comes from the caller).
EVENT_ON_ENTER: dict[str, str] = {
    S.RUNNING: EventType.RUNNING,
    S.RESTARTING: EventType.RESTARTING,
    S.RESIZING: EventType.RESIZING,
    S.TERMINATING: EventType.TERMINATING,
    S.ERROR: EventType.ADD_NODES_FAILED,
}


class IllegalTransition(Exception):
    def __init__(self, cluster: Cluster, to: str):
        super().__init__(f"Cluster {cluster.cluster_id} cannot go from {cluster.state} to {to}")
        self.cluster = cluster
        self.to = to


def can_transition(from_state: str, to_state: str) -> bool:
    return to_state in ALLOWED.get(from_state, frozenset())


def record(
    cluster: Cluster, event_type: str, details: dict[str, Any] | None = None, *, publish: bool = True
) -> ClusterEvent:
    """Append one event (also used for events that do not change the state: EDITED, NODES_LOST...)
    and publish it with the cluster as it is now (``transition`` publishes once, itself)."""
    event = ClusterEvent.objects.create(cluster=cluster, type=event_type, details=details or {})
    if publish:
        broadcast.cluster_changed(cluster, event)
    return event


def termination_reason(code: str, **parameters: str) -> dict[str, Any]:
    return {"code": code, "type": TERMINATION_TYPE.get(code, "SUCCESS"), "parameters": parameters}


@transaction.atomic
def transition(
    cluster: Cluster,
    to: str,
    *,
    message: str = "",
    event: str | None = None,
    details: dict[str, Any] | None = None,
    reason: dict[str, Any] | None = None,
) -> Cluster:
    """Move `cluster` (a row the caller locked or just created) to `to`; raise IllegalTransition
    when the table does not allow it. Returns the saved cluster."""
    if not can_transition(cluster.state, to):
        raise IllegalTransition(cluster, to)
    now = timezone.now()
    previous = cluster.state
    cluster.state = to
    cluster.state_message = message
    cluster.state_changed_at = now
    fields = ["state", "state_message", "state_changed_at"]
    # 1. Times the wire reports.
    if to == S.PENDING:
        cluster.start_time = now
        cluster.terminated_time = None
        cluster.termination_reason = None
        cluster.last_activity_time = now
        fields += ["start_time", "terminated_time", "termination_reason", "last_activity_time"]
    elif to == S.RUNNING and previous in (S.PENDING, S.RESTARTING):
        cluster.running_since = now
        fields.append("running_since")
        if previous == S.RESTARTING:
            cluster.last_restarted_time = now
            fields.append("last_restarted_time")
    elif to == S.TERMINATED:
        cluster.terminated_time = now
        fields.append("terminated_time")
    if reason is not None:
        cluster.termination_reason = reason
        fields.append("termination_reason")
    cluster.save(update_fields=list(dict.fromkeys(fields)))
    # 2. The event: the caller's type (STARTING, CREATING...) or the one for the new state.
    event_type = event or EVENT_ON_ENTER.get(to)
    written = None
    if event_type:
        body = dict(details or {})
        if message and to == S.ERROR:
            body.setdefault("reason", reason or termination_reason("INIT_FAILURE", message=message))
        if reason is not None and to in (S.TERMINATING, S.TERMINATED):
            body.setdefault("reason", reason)
        written = record(cluster, event_type, body, publish=False)
    # 3. Websockets, after commit.
    broadcast.cluster_changed(cluster, written)
    return cluster
