"""Clusters API 2.1 wire shapes (ClusterDetails, ClusterEvent, NodeType, SparkVersion)."""

from __future__ import annotations

import os
import platform
from datetime import datetime
from typing import Any

import psutil

from compute.choices import WorkerState
from compute.models import Cluster, ClusterEvent

LOCAL_NODE_TYPE = "lakeflow-local"


def ms(value: datetime | None) -> int | None:
    return int(value.timestamp() * 1000) if value else None


def machine() -> tuple[int, int]:
    """(cores, memory MB) of this machine: what a local node offers."""
    return os.cpu_count() or 1, int(psutil.virtual_memory().total / (1024 * 1024))


def node_types() -> list[dict[str, Any]]:
    cores, memory = machine()
    return [
        {
            "node_type_id": LOCAL_NODE_TYPE,
            "instance_type_id": LOCAL_NODE_TYPE,
            "description": f"A worker process on this machine ({cores} cores, {memory} MB shared)",
            "category": "General Purpose",
            "num_cores": float(cores),
            "memory_mb": memory,
            "num_gpus": 0,
            "is_deprecated": False,
            "is_hidden": False,
            "support_cluster_tags": True,
            "display_order": 0,
            "node_info": {},
        }
    ]


def spark_versions() -> list[dict[str, str]]:
    """The runtimes this installation offers: the Python the workers run."""
    major, minor, _ = platform.python_version_tuple()
    key = f"python-{major}.{minor}"
    return [{"key": key, "name": f"Lakeflow local runtime (Python {major}.{minor})"}]


def _size(cluster: Cluster) -> dict[str, Any]:
    if cluster.is_autoscaling:
        return {
            "autoscale": {
                "min_workers": cluster.autoscale_min_workers,
                "max_workers": cluster.autoscale_max_workers,
            }
        }
    return {"num_workers": cluster.num_workers}


def spec(cluster: Cluster) -> dict[str, Any]:
    """The spec as the user gave it (ClusterDetails.spec and the job-cluster snapshot)."""
    body: dict[str, Any] = {
        "cluster_name": cluster.cluster_name,
        "spark_version": cluster.spark_version,
        **_size(cluster),
        "autotermination_minutes": cluster.autotermination_minutes,
    }
    for name in ("node_type_id", "driver_node_type_id", "data_security_mode", "single_user_name"):
        if getattr(cluster, name):
            body[name] = getattr(cluster, name)
    for name in ("spark_env_vars", "spark_conf", "custom_tags"):
        if getattr(cluster, name):
            body[name] = getattr(cluster, name)
    body.update(cluster.extra or {})
    return body


def cluster_details(cluster: Cluster) -> dict[str, Any]:
    cores, memory = machine()
    workers = [w for w in cluster.workers.all() if w.state == WorkerState.READY]
    body = spec(cluster)
    body.update(
        {
            "cluster_id": cluster.cluster_id,
            "cluster_source": cluster.source,
            "creator_user_name": cluster.creator.username if cluster.creator else "",
            "state": cluster.state,
            "state_message": cluster.state_message,
            "spec": spec(cluster),
            "default_tags": {
                "Vendor": "Lakeflow",
                "ClusterName": cluster.cluster_name,
                "ClusterId": cluster.cluster_id,
                "Creator": cluster.creator.username if cluster.creator else "",
            },
            "cluster_cores": float(cores * max(1, len(workers))) if workers else 0.0,
            "cluster_memory_mb": memory if workers else 0,
            "executors": [
                {
                    "node_id": worker.name,
                    "instance_id": str(worker.pid or ""),
                    "host_private_ip": worker.hostname,
                    "start_timestamp": ms(worker.ready_at),
                }
                for worker in workers
            ],
            "node_type_id": cluster.node_type_id or LOCAL_NODE_TYPE,
            "driver_node_type_id": cluster.driver_node_type_id or cluster.node_type_id or LOCAL_NODE_TYPE,
        }
    )
    if cluster.is_autoscaling:
        body["num_workers"] = len(workers)  # Databricks reports the current size of an autoscaling cluster
    for name, value in (
        ("start_time", cluster.start_time),
        ("terminated_time", cluster.terminated_time),
        ("last_restarted_time", cluster.last_restarted_time),
        ("last_activity_time", cluster.last_activity_time),
    ):
        if value:
            body[name] = ms(value)
    if cluster.termination_reason:
        body["termination_reason"] = cluster.termination_reason
    if cluster.job_run_id:
        body["job_run_id"] = cluster.job_run_id
    return body


def event(item: ClusterEvent, cluster_id: str) -> dict[str, Any]:
    return {
        "cluster_id": cluster_id,
        "timestamp": ms(item.timestamp),
        "type": item.type,
        "details": item.details or {},
    }
