"""Trigger kinds Lakeflow adds to (or reads differently from) the Databricks ones, registered into
jobs.validation's TRIGGER_KINDS when the app loads:

- ``run_once {timestamp_ms}``: a one-off run at an instant (Databricks has no wire field for it);
- ``job_completion {jobs: [{job_id, workspace_id}], if_status}``: Databricks' shape; a run once
  every monitored job has completed with the status (see triggers/job_completion.py);
- ``file_arrival.url`` must name a local directory (cloud URLs are not supported yet);
- ``table_update`` also takes ``warehouse_id`` (where the tables live; default: the default one).
"""

from __future__ import annotations

from jobs import validation
from jobs.json_reader import Reader, json_type

IF_STATUSES = ("SUCCESS", "FAILED", "DONE")
MAX_MONITORED_JOBS = 10  # Databricks' limit
NEW_SHAPE = '{"jobs": [{"job_id": "123"}], "if_status": "SUCCESS" | "FAILED" | "DONE"}'


def _run_once(r: Reader) -> None:
    r.int("timestamp_ms", required=True, min=0, max=2**53)


def _id_text(r: Reader, name: str, *, required: bool, least: int = 1) -> None:
    """An id Databricks types as a string; an integer is taken too. Kept as a string."""
    value = r.raw.get(name)
    at = r.where.field(name)
    if value is None:
        if required:
            raise at.invalid("is required.")
        return
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise at.malformed(f"must be a string, got {json_type(value)}.")
    text = str(value).strip()
    if not text.isdigit() or int(text) < least or int(text) >= 2**63:
        kind = "a positive" if least else "an"
        raise at.invalid(f"must be {kind} integer id; got {value!r}.")
    r.out[name] = str(int(text))


def _monitored_job(r: Reader) -> None:
    _id_text(r, "job_id", required=True)
    # Lakeflow is one workspace: the id is kept as given (0 too, the {{workspace.id}} it reports
    # unless LAKEFLOW_WORKSPACE_ID says otherwise) and the job is looked up here.
    _id_text(r, "workspace_id", required=False, least=0)


def _job_completion(r: Reader) -> None:
    if r.has("job_ids") or r.has("result_states"):
        raise r.where.invalid(
            "job_ids and result_states were Lakeflow's own shape and are no longer accepted; "
            f"send Databricks' {NEW_SHAPE}."
        )
    if not r.has("jobs"):
        raise r.where.field("jobs").invalid(f"is required: {NEW_SHAPE}.")
    jobs = r.objects("jobs", _monitored_job, max_items=MAX_MONITORED_JOBS)
    if not jobs:
        raise r.where.field("jobs").invalid("must list at least one job to monitor.")
    ids = [job["job_id"] for job in jobs]
    if len(set(ids)) != len(ids):
        raise r.where.field("jobs").invalid("lists a job more than once.")
    r.str("if_status", default="SUCCESS", choices=IF_STATUSES)


def _file_arrival(r: Reader) -> None:
    from jobs.schedules.triggers.file_arrival import local_path, workspace_parts
    from lakeflow.api.errors import ApiError

    _databricks_file_arrival(r)
    at = r.where.field("url")
    try:
        workspace_parts(local_path(r.out["url"]))
    except ValueError as reason:
        raise at.invalid(str(reason)) from None
    except ApiError as error:  # a /Workspace/... path the workspace refuses
        raise at.invalid(error.message) from None


def _table_update(r: Reader) -> None:
    _databricks_table_update(r)
    r.str("warehouse_id")


_databricks_table_update = validation.TRIGGER_KINDS["table_update"]
_databricks_file_arrival = validation.TRIGGER_KINDS["file_arrival"]


def register() -> None:
    validation.TRIGGER_KINDS.update(
        run_once=_run_once,
        job_completion=_job_completion,
        file_arrival=_file_arrival,
        table_update=_table_update,
        table=_table_update,
    )
