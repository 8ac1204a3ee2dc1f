"""Enumerations of the compute app; wire values are Databricks' (Clusters API 2.1, Libraries 2.0)."""

from __future__ import annotations

from django.db import models

# --- Clusters -------------------------------------------------------------------------------------


class ClusterKind(models.TextChoices):
    """What a cluster is for (DESIGN §6); decides who starts and stops it."""

    ALL_PURPOSE = "ALL_PURPOSE"  # created by a user, started/stopped by hand, auto-terminates when idle
    JOB = "JOB"  # created for one run (job_clusters / new_cluster), terminated when the run ends
    SERVERLESS = "SERVERLESS"  # the shared autoscaling pool; tasks with no compute run here


class ClusterSource(models.TextChoices):
    """`cluster_source` on the wire: who created the cluster."""

    UI = "UI"  # the browser
    API = "API"  # clusters/create over REST (the SDK, scripts)
    JOB = "JOB"  # the run engine, for a job cluster


class ClusterState(models.TextChoices):
    """`state` on the wire. Changed only by compute.lifecycle.transition()."""

    PENDING = "PENDING"  # created or started; its workers are being brought up
    RUNNING = "RUNNING"  # its workers are up and consuming its queue
    RESTARTING = "RESTARTING"  # its workers are being replaced (clusters/restart)
    RESIZING = "RESIZING"  # workers are being added or removed (resize, autoscaling)
    TERMINATING = "TERMINATING"  # its workers are being stopped
    TERMINATED = "TERMINATED"  # no workers; can be started again
    ERROR = "ERROR"  # its workers could not be started; state_message says why


# Clusters whose workers are (or should be) up: tasks may be queued to them.
CLUSTER_ACTIVE = frozenset(
    {ClusterState.PENDING, ClusterState.RUNNING, ClusterState.RESTARTING, ClusterState.RESIZING}
)
# States a task waits in without the cluster being started again.
CLUSTER_STOPPED = frozenset({ClusterState.TERMINATED, ClusterState.ERROR})


class EventType(models.TextChoices):
    """ClusterEvent.type, a subset of the SDK's EventType enum (unknown values would read as None)."""

    CREATING = "CREATING"  # clusters/create (or a job cluster created for a run)
    STARTING = "STARTING"  # clusters/start, or a task needing a terminated cluster
    RUNNING = "RUNNING"  # every target worker is up
    RESTARTING = "RESTARTING"  # clusters/restart
    RESIZING = "RESIZING"  # a new target size: clusters/resize (USER_REQUEST) or autoscaling (AUTOSCALE)
    UPSIZE_COMPLETED = "UPSIZE_COMPLETED"  # the workers of an upsize are up
    DECOMMISSION_STARTED = "DECOMMISSION_STARTED"  # autoscaling down: idle workers asked to stop
    DECOMMISSION_ENDED = "DECOMMISSION_ENDED"  # those workers are gone
    NODES_LOST = "NODES_LOST"  # a worker died without being asked to
    ADD_NODES_FAILED = "ADD_NODES_FAILED"  # workers could not be started (the cluster goes to ERROR)
    EDITED = "EDITED"  # clusters/edit changed the spec
    # clusters/delete, autotermination, the end of a job cluster's run (details.reason says which).
    # There is no TERMINATED event type in Databricks' API: the cluster's state says when it is done.
    TERMINATING = "TERMINATING"
    PINNED = "PINNED"  # reserved: clusters/pin
    UNPINNED = "UNPINNED"  # reserved: clusters/unpin


class EventCause(models.TextChoices):
    """details.cause of a RESIZING event (the SDK's EventDetailsCause)."""

    USER_REQUEST = "USER_REQUEST"  # clusters/resize or edit
    AUTOSCALE = "AUTOSCALE"  # the autoscaler
    AUTORECOVERY = "AUTORECOVERY"  # replacing a lost worker


class TerminationCode(models.TextChoices):
    """termination_reason.code (a subset of the SDK's TerminationReasonCode)."""

    USER_REQUEST = "USER_REQUEST"  # clusters/delete
    INACTIVITY = "INACTIVITY"  # autotermination_minutes of idleness
    JOB_FINISHED = "JOB_FINISHED"  # the run that owned the job cluster ended
    INIT_FAILURE = "INIT_FAILURE"  # workers could not start (see state_message)
    WORKER_SETUP_FAILURE = "WORKER_SETUP_FAILURE"  # a worker exited before it was ready
    INTERNAL_ERROR = "INTERNAL_ERROR"  # Lakeflow's own failure


TERMINATION_TYPE = {
    TerminationCode.USER_REQUEST: "SUCCESS",
    TerminationCode.INACTIVITY: "SUCCESS",
    TerminationCode.JOB_FINISHED: "SUCCESS",
    TerminationCode.INIT_FAILURE: "CLIENT_ERROR",
    TerminationCode.WORKER_SETUP_FAILURE: "SERVICE_FAULT",
    TerminationCode.INTERNAL_ERROR: "SERVICE_FAULT",
}


class DataSecurityMode(models.TextChoices):
    """Accepted and kept; Lakeflow isolates tasks per process whatever the mode."""

    NONE = "NONE"
    SINGLE_USER = "SINGLE_USER"
    USER_ISOLATION = "USER_ISOLATION"
    DATA_SECURITY_MODE_AUTO = "DATA_SECURITY_MODE_AUTO"
    DATA_SECURITY_MODE_STANDARD = "DATA_SECURITY_MODE_STANDARD"
    DATA_SECURITY_MODE_DEDICATED = "DATA_SECURITY_MODE_DEDICATED"
    LEGACY_TABLE_ACL = "LEGACY_TABLE_ACL"
    LEGACY_PASSTHROUGH = "LEGACY_PASSTHROUGH"
    LEGACY_SINGLE_USER = "LEGACY_SINGLE_USER"
    LEGACY_SINGLE_USER_STANDARD = "LEGACY_SINGLE_USER_STANDARD"


class WorkerState(models.TextChoices):
    """One worker process of a cluster (ClusterWorker)."""

    STARTING = "STARTING"  # spawned (or joining), not yet consuming
    READY = "READY"  # consuming the cluster's queue; heartbeats
    STOPPING = "STOPPING"  # asked to stop (warm shutdown: finishes its task first)
    GONE = "GONE"  # exited, or its heartbeat went stale


WORKER_LIVE = frozenset({WorkerState.STARTING, WorkerState.READY, WorkerState.STOPPING})


class ClusterPermissionLevel(models.TextChoices):
    """Cluster permission levels, weakest first; each includes the ones before it."""

    CAN_ATTACH_TO = "CAN_ATTACH_TO"  # run tasks on it, see it, read its events
    CAN_RESTART = "CAN_RESTART"  # also start, restart and terminate it
    CAN_MANAGE = "CAN_MANAGE"  # also edit, resize, delete, libraries, permissions


CLUSTER_PERMISSION_RANK = {level: rank for rank, level in enumerate(ClusterPermissionLevel.values)}


# --- Libraries ------------------------------------------------------------------------------------


class LibraryStatus(models.TextChoices):
    """LibraryFullStatus.status on the wire."""

    PENDING = "PENDING"  # asked for; installed when the cluster (re)starts or right away if running
    INSTALLING = "INSTALLING"  # pip is installing it into the cluster's environment
    INSTALLED = "INSTALLED"  # importable by the cluster's tasks
    FAILED = "FAILED"  # pip failed; messages say why
    SKIPPED = "SKIPPED"  # a kind Lakeflow cannot install (maven, cran, egg, jar on the Python env)
    UNINSTALL_ON_RESTART = "UNINSTALL_ON_RESTART"  # removed; leaves the environment on the next restart


# Library kinds Lakeflow installs into a cluster's Python environment.
PYTHON_LIBRARY_KINDS = ("pypi", "whl", "requirements")
LIBRARY_KINDS = ("pypi", "whl", "requirements", "jar", "egg", "maven", "cran")
