"""The ``{{...}}`` values triggers give a run (added to the engine's namespaces by runs/context):

- ``{{job.trigger.file_arrival.location}}``: the watched directory; ``{{job.trigger.file_arrival.files}}``:
  the new files (a JSON list of paths relative to it);
- ``{{job.trigger.table_update.table_names}}``: the tables that changed (JSON list);
- ``{{backfill.iso_date}}``, ``{{backfill.iso_datetime}}``, ``{{backfill.timestamp_ms}}``, ... for a
  backfill run: its interval's start (the same parts as ``{{job.start_time.*}}``).
"""

from __future__ import annotations

from typing import Any


def trigger_namespaces(run, job: dict[str, Any]) -> dict[str, Any]:
    """Add the trigger's values to the ``job`` namespace; return extra top-level namespaces."""
    from jobs.schedules.plans import parse_time
    from runs.references import time_values

    info = run.trigger_info or {}
    for kind in ("file_arrival", "table_update"):
        if isinstance(info.get(kind), dict):
            job.setdefault("trigger", {})[kind] = dict(info[kind])
    backfill = info.get("backfill")
    if isinstance(backfill, dict) and backfill.get("time"):
        return {"backfill": time_values(parse_time(backfill["time"]))}
    return {}
