"""SQL warehouses (DESIGN §5, SQL) and the statements run on them (Statement Execution API).

A warehouse is Databricks' SQL endpoint shape plus one Lakeflow field, ``connection``: the engine
it stands for. Empty means an embedded DuckDB file under ``LAKEFLOW_HOME/warehouses/<id>.duckdb``
(resolved at call time, so it follows LAKEFLOW_HOME); otherwise ``duckdb:///abs/path`` or a
PostgreSQL URL (compute/warehouse_engines.py).
"""

from __future__ import annotations

import secrets
import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils import timezone

__all__ = [
    "CLUSTER_SIZES",
    "DEFAULT_WAREHOUSE_ID",
    "STATEMENT_TERMINAL",
    "Statement",
    "StatementState",
    "Warehouse",
    "WarehouseState",
]

DEFAULT_WAREHOUSE_ID = "default"
DEFAULT_WAREHOUSE_NAME = "Lakeflow default warehouse"
CLUSTER_SIZES = (
    "2X-Small", "X-Small", "Small", "Medium", "Large", "X-Large", "2X-Large", "3X-Large", "4X-Large",
    "5X-Large",
)  # fmt: skip


def new_warehouse_id() -> str:
    return secrets.token_hex(8)  # 16 hex digits, as Databricks warehouse ids look


def new_statement_id() -> str:
    return str(uuid.uuid4())


class WarehouseState(models.TextChoices):
    """`state` on the wire (the SDK's sql.State)."""

    STARTING = "STARTING"  # start requested; the engine is being reached
    RUNNING = "RUNNING"  # accepts statements
    STOPPING = "STOPPING"  # stop requested
    STOPPED = "STOPPED"  # stopped by hand or after auto_stop_mins idle; a statement starts it again
    DELETING = "DELETING"  # delete requested
    DELETED = "DELETED"  # gone (kept only while the API still reports it)


class StatementState(models.TextChoices):
    """`status.state` of a statement (the SDK's sql.StatementState)."""

    PENDING = "PENDING"  # accepted, waiting for the engine
    RUNNING = "RUNNING"  # executing
    SUCCEEDED = "SUCCEEDED"  # done; the result is stored
    FAILED = "FAILED"  # the engine refused it; status.error says why
    CANCELED = "CANCELED"  # cancelled by the caller or by on_wait_timeout=CANCEL
    CLOSED = "CLOSED"  # succeeded, and its result has been discarded


STATEMENT_TERMINAL = (
    StatementState.SUCCEEDED,
    StatementState.FAILED,
    StatementState.CANCELED,
    StatementState.CLOSED,
)


class Warehouse(models.Model):
    id = models.CharField(primary_key=True, max_length=32, default=new_warehouse_id)
    name = models.CharField(max_length=100, unique=True)
    cluster_size = models.CharField(max_length=16, default="2X-Small")
    auto_stop_mins = models.PositiveIntegerField(default=120)  # 0: never
    min_num_clusters = models.PositiveIntegerField(default=1)
    max_num_clusters = models.PositiveIntegerField(default=1)
    enable_photon = models.BooleanField(default=True)
    enable_serverless_compute = models.BooleanField(default=False)
    spot_instance_policy = models.CharField(max_length=32, default="COST_OPTIMIZED")
    warehouse_type = models.CharField(max_length=16, default="PRO")
    channel = models.JSONField(null=True, blank=True)
    tags = models.JSONField(null=True, blank=True)  # {"custom_tags": [{"key", "value"}]}
    statement_timeout = models.PositiveIntegerField(null=True, blank=True)  # seconds
    state = models.CharField(max_length=16, choices=WarehouseState.choices, default=WarehouseState.RUNNING)
    health_summary = models.TextField(blank=True, default="")  # why the last start failed
    creator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Lakeflow's own field: the engine behind the warehouse ("" = embedded DuckDB file).
    connection = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def duckdb_path(self) -> Path:
        return Path(settings.LAKEFLOW_HOME) / "warehouses" / f"{self.id}.duckdb"

    def target(self) -> str:
        """The engine target compute.warehouse_engines.open_engine takes."""
        if self.connection:
            return self.connection
        path = self.duckdb_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        return f"duckdb://{path}"


class Statement(models.Model):
    """One Statement Execution API call: the statement, its state, and its (inline) result."""

    id = models.CharField(primary_key=True, max_length=64, default=new_statement_id)
    warehouse = models.ForeignKey(Warehouse, on_delete=models.CASCADE, related_name="statements")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    statement = models.TextField()
    parameters = models.JSONField(default=list, blank=True)
    catalog = models.CharField(max_length=255, blank=True, default="")
    schema = models.CharField(max_length=255, blank=True, default="")
    row_limit = models.PositiveIntegerField(null=True, blank=True)
    state = models.CharField(max_length=16, choices=StatementState.choices, default=StatementState.PENDING)
    error_code = models.CharField(max_length=64, blank=True, default="")
    error_message = models.TextField(blank=True, default="")
    sql_state = models.CharField(max_length=8, blank=True, default="")
    # The result, stored as the wire objects: manifest {format, schema, total_row_count, ...}
    # and data_array (rows of strings).
    manifest = models.JSONField(null=True, blank=True)
    data_array = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Stamped while a process runs it (lakeflow.liveness); stale while active: that process died.
    heartbeat_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
