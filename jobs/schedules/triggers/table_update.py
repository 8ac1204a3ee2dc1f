"""trigger.table_update: a run when tables in a SQL warehouse change, whoever wrote them.

Each check reads a cheap signature per table from the warehouse engine (row count + an
order-independent hash of the rows on DuckDB; the insert/update/delete counters + the table's
file node, which TRUNCATE changes, on PostgreSQL) and compares it with the last one.
``condition`` ANY_UPDATED starts a run when any listed table changed since the last run,
ALL_UPDATED when every one did. ``warehouse_id``
(Lakeflow's addition; default: the default warehouse) names where the tables live.
"""

from __future__ import annotations

from datetime import datetime

from jobs.schedules.triggers.timing import from_iso, iso, settled

CHECK_AFTER_BASELINE = False


def _names(config: dict) -> list[str]:
    return list(config.get("table_names") or [])


def signatures(config: dict) -> dict[str, str | None]:
    """table name -> signature (None when the table does not exist / cannot be read)."""
    from compute.warehouse_engines import SqlError, open_engine, quote_ident
    from compute.warehouses import get_warehouse

    engine = open_engine(get_warehouse(config.get("warehouse_id") or "default").target())
    found: dict[str, str | None] = {}
    try:
        for name in _names(config):
            parts = name.split(".")[-2:]  # catalog.schema.table -> schema.table
            table = ".".join(quote_ident(p) for p in parts)
            if engine.dialect == "duckdb":
                sql = f"SELECT count(*), coalesce(sum(hash(t)), 0) FROM {table} AS t"  # noqa: S608
            else:
                # TRUNCATE leaves the n_tup_* counters alone but gives the table a new file.
                sql = (
                    "SELECT coalesce(n_tup_ins, 0), coalesce(n_tup_upd, 0), coalesce(n_tup_del, 0), "
                    "pg_relation_filenode(relid) FROM pg_stat_user_tables WHERE relid = to_regclass(%s)"
                )
            try:
                result = engine.execute(sql, [".".join(parts)] if engine.dialect != "duckdb" else [])
                found[name] = "/".join(str(v) for v in result.rows[0]) if result and result.rows else None
            except SqlError:
                found[name] = None
    finally:
        engine.close()
    return found


def observe(config: dict) -> dict[str, str | None]:
    return signatures(config)


def baseline(job, state, now: datetime, current: dict[str, str | None]) -> None:
    state.state = {"signatures": current, "updated": [], "last_change": None}


def check(job, state, now: datetime, current: dict[str, str | None]) -> list:
    from jobs.schedules.services import Fire

    config = state.config
    previous = state.state.get("signatures", {})
    updated = set(state.state.get("updated", []))
    fresh = {name for name in _names(config) if current.get(name) != previous.get(name)}
    if fresh:
        updated |= fresh
        state.state["last_change"] = iso(now)
    state.state.update(signatures=current, updated=sorted(updated))
    if (config.get("condition") or "ANY_UPDATED") == "ALL_UPDATED":
        ready = updated >= set(_names(config))
    else:
        ready = bool(updated)
    if not ready or not settled(
        config, from_iso(state.state.get("last_change")), state.last_triggered_at, now
    ):
        return []
    state.state["updated"] = []
    return [Fire("TABLE", {"table_update": {"table_names": sorted(updated)}})]
