"""Warehouse operations (create, edit, start, stop, delete) and the default warehouse.

Called by compute/api/warehouses.py, the statement service, sql_task and pipelines. Field values
arrive already checked by the API layer; here live the rules about state and who may act.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from compute import broadcast
from compute import warehouse_engines as engines
from compute.models.warehouses import (
    DEFAULT_WAREHOUSE_ID,
    DEFAULT_WAREHOUSE_NAME,
    Warehouse,
    WarehouseState,
)
from lakeflow.api.errors import already_exists, conflict, denied, invalid, not_found


def ensure_default_warehouse() -> Warehouse:
    """The warehouse every installation has: an embedded DuckDB file under LAKEFLOW_HOME.

    Get-or-create rather than a data migration: the row must also come back after a test (or an
    admin) flushes the table, and its file path follows LAKEFLOW_HOME at call time.
    """
    warehouse, _ = Warehouse.objects.get_or_create(
        id=DEFAULT_WAREHOUSE_ID,
        defaults={"name": DEFAULT_WAREHOUSE_NAME, "auto_stop_mins": 0, "state": WarehouseState.RUNNING},
    )
    return warehouse


def get_warehouse(warehouse_id: str) -> Warehouse:
    if warehouse_id == DEFAULT_WAREHOUSE_ID:
        return ensure_default_warehouse()
    warehouse = Warehouse.objects.filter(id=warehouse_id).first()
    if warehouse is None:
        raise not_found(f"SQL warehouse {warehouse_id} does not exist.")
    return warehouse


def list_warehouses() -> list[Warehouse]:
    ensure_default_warehouse()
    return list(Warehouse.objects.all())


def can_manage(user, warehouse: Warehouse) -> bool:
    return bool(
        user.is_superuser or user.is_staff or (warehouse.creator_id and warehouse.creator_id == user.pk)
    )


def _require_manage(user, warehouse: Warehouse) -> None:
    if not can_manage(user, warehouse):
        raise denied(f"Only an admin or its creator can manage SQL warehouse {warehouse.id}.")


def check_connection(target: str) -> None:
    """Open the engine and run SELECT 1; raise invalid() with the engine's reason otherwise."""
    try:
        engine = engines.open_engine(target)
        try:
            engine.execute("SELECT 1", [])
        finally:
            engine.close()
    except (engines.SqlError, ValueError) as error:
        raise invalid(f"Cannot reach the warehouse's engine ({engines.redact(target)}): {error}") from None


@transaction.atomic
def create_warehouse(*, user, fields: dict[str, Any]) -> Warehouse:
    """Create and start a warehouse; a connection that cannot be reached is refused up front."""
    if Warehouse.objects.filter(name=fields["name"]).exists():
        raise already_exists(f"A SQL warehouse named {fields['name']!r} already exists.")
    if fields.get("connection"):
        check_connection(fields["connection"])
    try:
        with transaction.atomic():
            warehouse = Warehouse.objects.create(creator=user, state=WarehouseState.RUNNING, **fields)
            broadcast.warehouse_changed(warehouse)
            return warehouse
    except IntegrityError:
        raise already_exists(f"A SQL warehouse named {fields['name']!r} already exists.") from None


@transaction.atomic
def edit_warehouse(*, user, warehouse_id: str, fields: dict[str, Any]) -> Warehouse:
    warehouse = Warehouse.objects.select_for_update().filter(id=warehouse_id).first()
    if warehouse is None:
        raise not_found(f"SQL warehouse {warehouse_id} does not exist.")
    _require_manage(user, warehouse)
    name = fields.get("name")
    if name and Warehouse.objects.filter(name=name).exclude(id=warehouse.id).exists():
        raise already_exists(f"A SQL warehouse named {name!r} already exists.")
    if fields.get("connection") == engines.redact(warehouse.connection):
        fields.pop("connection")  # the masked value read back from get: unchanged
    if fields.get("connection") and fields["connection"] != warehouse.connection:
        check_connection(fields["connection"])
    for key, value in fields.items():
        setattr(warehouse, key, value)
    warehouse.save()
    broadcast.warehouse_changed(warehouse)
    return warehouse


@transaction.atomic
def start_warehouse(*, user, warehouse_id: str) -> Warehouse:
    """RUNNING when the engine answers; otherwise STOPPED with the reason as health summary."""
    warehouse = get_warehouse(warehouse_id)
    _require_manage(user, warehouse)
    return mark_running(warehouse)


def mark_running(warehouse: Warehouse) -> Warehouse:
    """Start (a statement on a stopped warehouse starts it, as Databricks does)."""
    before = (warehouse.state, warehouse.health_summary)
    try:
        check_connection(warehouse.target())
    except Exception as error:
        warehouse.state = WarehouseState.STOPPED
        warehouse.health_summary = getattr(error, "message", str(error))
    else:
        warehouse.state = WarehouseState.RUNNING
        warehouse.health_summary = ""
    warehouse.last_used_at = timezone.now()
    warehouse.save(update_fields=["state", "health_summary", "last_used_at"])
    if (warehouse.state, warehouse.health_summary) != before:  # not on every statement
        broadcast.warehouse_changed(warehouse)
    return warehouse


@transaction.atomic
def stop_warehouse(*, user, warehouse_id: str) -> Warehouse:
    warehouse = get_warehouse(warehouse_id)
    _require_manage(user, warehouse)
    warehouse.state = WarehouseState.STOPPED
    warehouse.save(update_fields=["state"])
    broadcast.warehouse_changed(warehouse)
    return warehouse


@transaction.atomic
def delete_warehouse(*, user, warehouse_id: str) -> None:
    """Delete the row; the data stays where the engine keeps it (a DuckDB file, a server)."""
    warehouse = get_warehouse(warehouse_id)
    if warehouse.id == DEFAULT_WAREHOUSE_ID:
        raise conflict("The default SQL warehouse cannot be deleted.")
    _require_manage(user, warehouse)
    warehouse.delete()
    broadcast.warehouse_deleted(warehouse_id)


def stop_idle_warehouses(*, now=None) -> list[str]:
    """Stop RUNNING warehouses idle for auto_stop_mins (0: never); returns their ids. Meant for a
    periodic task: an embedded engine holds no resources while idle, but the state is what users
    (and the SDK's waiters) see, and a PostgreSQL target is not reached again until used."""
    from datetime import timedelta

    now = now or timezone.now()
    stopped = []
    for warehouse in Warehouse.objects.filter(state=WarehouseState.RUNNING, auto_stop_mins__gt=0):
        last = warehouse.last_used_at or warehouse.created_at
        if last + timedelta(minutes=warehouse.auto_stop_mins) <= now:
            updated = Warehouse.objects.filter(id=warehouse.id, state=WarehouseState.RUNNING).update(
                state=WarehouseState.STOPPED
            )
            if updated:
                stopped.append(warehouse.id)
                warehouse.state = WarehouseState.STOPPED
                broadcast.warehouse_changed(warehouse)
    return stopped
