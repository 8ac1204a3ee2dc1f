"""Where a task runs: the compute fields of a task (Databricks' rules) mapped onto clusters.

- ``existing_cluster_id``: that all-purpose cluster (started if it is terminated);
- ``job_cluster_key``: the run's ephemeral JOB cluster for that key, created from
  ``job_clusters[].new_cluster`` when the run first needs it and shared by the run's tasks with
  the same key;
- ``new_cluster``: a one-task JOB cluster (shared by that task's retries in the run);
- nothing (or ``environment_key``): **serverless**, the shared pool of the engine's workers.

Every JOB cluster of a run is terminated when the run ends, whatever its result
(``on_run_saved``). Validation (``check_task_compute``, ``check_cluster_references``) refuses what
cannot run before anything is saved; ``compute_warnings`` lists what may run but is advised
against.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from django.db import transaction

from compute import permissions, services
from compute.choices import ClusterKind, ClusterSource, TerminationCode
from compute.models import Cluster
from lakeflow.api.errors import ApiError, denied

log = logging.getLogger(__name__)

# Task types the serverless pool runs (the README lists them). Everything Lakeflow runs in a
# Python child process or in the orchestrator; JAR tasks need a cluster (as on Databricks).
SERVERLESS_TASK_TYPES = (
    "notebook_task",
    "spark_python_task",
    "python_wheel_task",
    "sql_task",
    "pipeline_task",
    "dbt_task",
    "run_job_task",
    "condition_task",
    "for_each_task",
)
CLUSTER_FIELDS = ("existing_cluster_id", "job_cluster_key", "new_cluster")


def task_type(task: dict[str, Any]) -> str | None:
    from runs.executors import MODULES

    for name in (*MODULES, "run_job_task", "condition_task", "for_each_task"):
        if task.get(name) is not None:
            return name
    return None


def is_serverless(task: dict[str, Any]) -> bool:
    return not any(task.get(name) for name in CLUSTER_FIELDS)


# -- validation -------------------------------------------------------------------------------------


def check_task_compute(task: dict[str, Any], where) -> None:
    """Pure checks of one task's compute (jobs.validation calls it for every task):
    serverless accepts only SERVERLESS_TASK_TYPES; a task's new_cluster is a valid cluster spec."""
    from compute.specs import parse_cluster_spec

    kind = task_type(task)
    if is_serverless(task) and kind is not None and kind not in SERVERLESS_TASK_TYPES:
        raise where.invalid(
            f"{kind} cannot run on serverless compute (it runs {', '.join(SERVERLESS_TASK_TYPES)}): "
            "set existing_cluster_id, job_cluster_key or new_cluster."
        )
    if task.get("new_cluster") is not None:
        parse_cluster_spec(task["new_cluster"], where.field("new_cluster"), require_version=False)


def check_job_cluster(new_cluster: Any, where) -> None:
    """job_clusters[].new_cluster must be a valid cluster spec (spark_version optional: Lakeflow has
    one runtime)."""
    from compute.specs import parse_cluster_spec

    parse_cluster_spec(new_cluster, where, require_version=False)


def _all_tasks(settings: dict[str, Any]) -> list[dict[str, Any]]:
    tasks = list(settings.get("tasks") or [])
    nested = [
        t["for_each_task"]["task"]
        for t in tasks
        if isinstance(t.get("for_each_task"), dict) and isinstance(t["for_each_task"].get("task"), dict)
    ]
    return tasks + nested


def check_cluster_references(settings: dict[str, Any], user) -> None:
    """Every existing_cluster_id names a cluster `user` (the job's run-as) may attach to."""
    for task in _all_tasks(settings):
        cluster_id = task.get("existing_cluster_id")
        if not cluster_id:
            continue
        cluster = Cluster.objects.filter(cluster_id=cluster_id, deleted_at__isnull=True).first()
        where = f'Task "{task.get("task_key")}": existing_cluster_id'
        if cluster is None or cluster.kind != ClusterKind.ALL_PURPOSE:
            raise ApiError("INVALID_PARAMETER_VALUE", f"{where}: Cluster {cluster_id} does not exist")
        if not permissions.can(user, cluster, permissions.ATTACH):
            name = getattr(user, "username", "anonymous")
            raise denied(
                f"{where}: user {name} does not have CAN_ATTACH_TO permission on cluster {cluster_id}."
            )


def compute_warnings(settings: dict[str, Any]) -> list[str]:
    """Advice, not errors: scheduled (or triggered/continuous) jobs on all-purpose clusters."""
    unattended = any(settings.get(name) for name in ("schedule", "trigger", "continuous"))
    if not unattended:
        return []
    return [
        f'Task "{task.get("task_key")}" runs on the all-purpose cluster {task["existing_cluster_id"]}: '
        "scheduled jobs should use a job cluster (job_clusters / new_cluster) or serverless compute, "
        "which start for the run and stop when it ends."
        for task in _all_tasks(settings)
        if task.get("existing_cluster_id")
    ]


# -- placing a task run (called by runs.dispatch.queue_for) ----------------------------------------


def place(task_run) -> str:
    """The queue for `task_run`, creating/starting its cluster; sets ``task_run.cluster_id``.
    Runs inside the orchestrator's transaction (the JobRun row is locked), so two tasks of one run
    never create the same job cluster twice."""
    from runs.choices import Queue

    if task_run is None:  # a message whose task run is unknown: the default pool
        return Queue.SERVERLESS.value
    run = task_run.job_run
    task = task_run.task_settings
    if task_run.parent_task_run_id and not any(task.get(f) for f in CLUSTER_FIELDS):
        task = (task.get("for_each_task") or {}).get("task") or task
    cluster = None
    if task.get("existing_cluster_id"):
        cluster = _existing_cluster(task_run, run, task["existing_cluster_id"])
    elif task.get("job_cluster_key"):
        key = task["job_cluster_key"]
        spec = next(
            (
                c.get("new_cluster")
                for c in run.settings.get("job_clusters") or []
                if c.get("job_cluster_key") == key
            ),
            None,
        )
        cluster = _job_cluster(run, key, spec or {})
    elif task.get("new_cluster"):
        cluster = _job_cluster(run, f"task:{task_run.task_key}", task["new_cluster"])
    if cluster is None:
        return Queue.SERVERLESS.value
    services.ensure_started(cluster_id=cluster.cluster_id)
    task_run.cluster_id = cluster.cluster_id
    if task_run.pk:
        type(task_run).objects.filter(pk=task_run.pk).update(cluster_id=cluster.cluster_id)
    return cluster.queue


def _existing_cluster(task_run, run, cluster_id: str) -> Cluster | None:
    """The all-purpose cluster a task names, if it still exists and the run's user may attach.
    A first attempt is refused (the task fails saying why); a retry falls back to serverless."""
    from runs.dispatch import PlacementError

    cluster = Cluster.objects.filter(cluster_id=cluster_id, deleted_at__isnull=True).first()
    user = run.job.effective_run_as if run.job_id else run.triggered_by
    problem = None
    if cluster is None:
        problem = f"Cluster {cluster_id} does not exist"
    elif not permissions.can(user, cluster, permissions.ATTACH):
        name = getattr(user, "username", "anonymous")
        problem = f"User {name} does not have CAN_ATTACH_TO permission on cluster {cluster_id}."
    if problem is None:
        return cluster
    if task_run.state == "BLOCKED":
        raise PlacementError(problem)
    log.warning("task run %s: %s; the retry runs on serverless", task_run.pk, problem)
    return None


def _job_cluster(run, key: str, spec: dict[str, Any]) -> Cluster:
    cluster = Cluster.objects.filter(job_run=run, job_cluster_key=key, deleted_at__isnull=True).first()
    if cluster is not None:
        return cluster
    name = spec.get("cluster_name") or f"job-{run.job_id or 'submit'}-run-{run.pk}-{key}"
    # A job cluster ends with its run, never by idleness.
    spec = {**spec, "cluster_name": name[:100], "autotermination_minutes": 0}
    owner = run.job.effective_run_as if run.job_id else run.triggered_by
    return services.create_cluster(
        user=owner,
        spec=spec,
        source=ClusterSource.JOB,
        kind=ClusterKind.JOB,
        job_run=run,
        job_cluster_key=key,
    )


def terminate_job_clusters(run_id: int) -> int:
    """Terminate every JOB cluster of a run (its end, whatever the result); returns how many."""
    stopped = 0
    for cluster in Cluster.objects.filter(job_run_id=run_id, kind=ClusterKind.JOB).exclude(
        state__in=("TERMINATED", "TERMINATING")
    ):
        services.terminate_cluster(
            cluster=cluster,
            code=TerminationCode.JOB_FINISHED,
            message="The run that owns this job cluster ended",
        )
        stopped += 1
    return stopped


def on_run_saved(sender, instance, **kwargs) -> None:
    """post_save of JobRun: once the run is terminal, its job clusters go (after commit)."""
    from runs.choices import RUN_TERMINAL

    if instance.state not in RUN_TERMINAL:
        return
    run_id = instance.pk
    transaction.on_commit(lambda: terminate_job_clusters(run_id))


def on_task_run_save(sender, instance, **kwargs) -> None:
    """pre_save of TaskRun: an attempt created on a cluster's queue (a retry) names that cluster."""
    from compute.models import CLUSTER_QUEUE_PREFIX

    if not instance.cluster_id and instance.queue.startswith(CLUSTER_QUEUE_PREFIX):
        instance.cluster_id = instance.queue[len(CLUSTER_QUEUE_PREFIX) :]


def warnings_body(job) -> dict[str, list[str]]:
    """{"warnings": [...]} for a jobs/create, update or reset response ({} when there are none)."""
    version = job.latest_version()
    found = compute_warnings(version.settings if version else {})
    return {"warnings": found} if found else {}


def task_env(cluster_id: str, pythonpath: str = "") -> dict[str, str]:
    """What a task run on a cluster adds to its process environment: the cluster's
    spark_env_vars, and its library environment's site-packages on PYTHONPATH (after `pythonpath`)."""
    if not cluster_id:
        return {}
    from compute.libraries import cluster_python

    cluster = Cluster.objects.filter(cluster_id=cluster_id).only("spark_env_vars").first()
    env = {str(k): str(v) for k, v in ((cluster.spark_env_vars if cluster else None) or {}).items()}
    python = cluster_python(cluster_id)
    if python is not None:
        sites = [str(p) for p in sorted(python.parent.parent.glob("lib/python*/site-packages"))]
        env["PYTHONPATH"] = os.pathsep.join([*([pythonpath] if pythonpath else []), *sites])
    return env
