"""Checking a cluster spec in the Databricks wire format (clusters/create and edit, a job's
``job_clusters[].new_cluster`` and a task's ``new_cluster``).

Pure (no database): raw JSON in, the Cluster model fields out, or an ``ApiError`` naming the field.
Errors use the jobs' ``Reader`` so a job cluster's error reads `Task "t": new_cluster.num_workers ...`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from compute.choices import DataSecurityMode
from jobs.validation import Reader, Where

# ClusterSpec fields Lakeflow accepts and returns as given, without behaviour.
INERT_FIELDS = (
    "apply_policy_default_values",
    "aws_attributes",
    "azure_attributes",
    "gcp_attributes",
    "cluster_log_conf",
    "docker_image",
    "driver_instance_pool_id",
    "enable_elastic_disk",
    "enable_local_disk_encryption",
    "init_scripts",
    "instance_pool_id",
    "is_single_node",
    "kind",
    "policy_id",
    "runtime_engine",
    "ssh_public_keys",
    "use_ml_runtime",
    "workload_type",
    "dependency_mode",
    "remote_disk_throughput",
    "total_initial_remote_disk_size",
)
AUTOTERMINATION_RANGE = (10, 10000)


def max_workers_allowed() -> int:
    return getattr(settings, "LAKEFLOW_MAX_CLUSTER_WORKERS", 32)


def _autoscale(r: Reader) -> None:
    ceiling = max_workers_allowed()
    low = r.int("min_workers", required=True, max=ceiling)
    high = r.int("max_workers", required=True, min=1, max=ceiling)
    if low > high:
        raise r.where.invalid(f"min_workers ({low}) must not be greater than max_workers ({high}).")


def parse_cluster_spec(
    raw: Any, where: Where | None = None, *, require_version: bool = True
) -> dict[str, Any]:
    """The Cluster model fields of a wire spec.

    Size: ``num_workers`` (default 0: a single-node cluster) or ``autoscale`` (min <= max), not both.
    ``autotermination_minutes``: 0 (never) or 10..10000, as Databricks.
    """
    r = Reader(raw, where or Where())
    r.str("cluster_name", max_length=100)
    r.str("spark_version", required=require_version)
    r.str("node_type_id")
    r.str("driver_node_type_id")
    r.exactly_one(("num_workers", "autoscale"), at_most=True)
    r.int("num_workers", max=max_workers_allowed())
    autoscale = r.obj("autoscale", _autoscale)
    minutes = r.int("autotermination_minutes", max=AUTOTERMINATION_RANGE[1])
    if minutes and minutes < AUTOTERMINATION_RANGE[0]:
        raise r.where.field("autotermination_minutes").invalid(
            "must be 0 (never) or between {} and {}; got {}.".format(*AUTOTERMINATION_RANGE, minutes)
        )
    r.str_map("spark_env_vars")
    r.str_map("spark_conf")
    r.str_map("custom_tags")
    r.str("data_security_mode", choices=DataSecurityMode.values)
    r.str("single_user_name")
    if r.out.get("data_security_mode") == DataSecurityMode.SINGLE_USER and not r.out.get("single_user_name"):
        raise r.where.field("single_user_name").invalid("is required when data_security_mode is SINGLE_USER.")
    extra = {name: raw[name] for name in INERT_FIELDS if raw.get(name) is not None}
    out = r.out
    return {
        "cluster_name": out.get("cluster_name") or "",
        "spark_version": out.get("spark_version") or "",
        "node_type_id": out.get("node_type_id") or "",
        "driver_node_type_id": out.get("driver_node_type_id") or "",
        "num_workers": out.get("num_workers") or 0,
        "autoscale_min_workers": autoscale["min_workers"] if autoscale else None,
        "autoscale_max_workers": autoscale["max_workers"] if autoscale else None,
        "autotermination_minutes": minutes or 0,
        "spark_env_vars": out.get("spark_env_vars") or {},
        "spark_conf": out.get("spark_conf") or {},
        "custom_tags": out.get("custom_tags") or {},
        "data_security_mode": out.get("data_security_mode") or "",
        "single_user_name": out.get("single_user_name") or "",
        "extra": extra,
    }


def parse_size(raw: dict[str, Any]) -> tuple[int | None, tuple[int, int] | None]:
    """clusters/resize: exactly one of num_workers and autoscale."""
    r = Reader(raw, Where())
    r.exactly_one(("num_workers", "autoscale"))
    workers = r.int("num_workers", max=max_workers_allowed())
    autoscale = r.obj("autoscale", _autoscale)
    if autoscale:
        return None, (autoscale["min_workers"], autoscale["max_workers"])
    return workers, None
