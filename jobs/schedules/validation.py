"""Trigger kinds Lakeflow adds to the Databricks ones, registered into jobs.validation's
TRIGGER_KINDS when the app loads:

- ``run_once {timestamp_ms}``: a one-off run at an instant (Databricks has no wire field for it);
- ``job_completion {job_ids, result_states}``: a run when another job's run ends with a result;
- ``table_update`` also takes ``warehouse_id`` (where the tables live; default: the default one).
"""

from __future__ import annotations

from jobs import validation
from jobs.json_reader import Reader

RUN_RESULTS = (
    "SUCCESS",
    "SUCCESS_WITH_FAILURES",
    "FAILED",
    "TIMEDOUT",
    "CANCELED",
    "MAXIMUM_CONCURRENT_RUNS_REACHED",
)


def _run_once(r: Reader) -> None:
    r.int("timestamp_ms", required=True, min=0, max=2**53)


def _job_completion(r: Reader) -> None:
    ids = r.raw.get("job_ids")
    if (
        not isinstance(ids, list)
        or not ids
        or not all(isinstance(i, int) and not isinstance(i, bool) for i in ids)
    ):
        raise r.where.field("job_ids").invalid("must be a non-empty list of job ids.")
    r.out["job_ids"] = ids
    states = r.str_list("result_states") or ["SUCCESS"]
    r.out["result_states"] = states
    for state in states:
        if state not in RUN_RESULTS:
            raise r.where.field("result_states").invalid(
                f"must hold values of {', '.join(RUN_RESULTS)}; got {state!r}."
            )


def _table_update(r: Reader) -> None:
    _databricks_table_update(r)
    r.str("warehouse_id")


_databricks_table_update = validation.TRIGGER_KINDS["table_update"]


def register() -> None:
    validation.TRIGGER_KINDS.update(
        run_once=_run_once, job_completion=_job_completion, table_update=_table_update, table=_table_update
    )
