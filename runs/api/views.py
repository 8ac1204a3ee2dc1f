"""Runs API views (Databricks Jobs API 2.2 wire format; /api/2.1/ aliases share them).

Each view reads its fields with ``Params``, checks access (jobs.permissions through
runs.api.access), calls one service from ``runs.services`` and answers with a shape from
``runs.api.wire``. No view assigns a state.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from jobs import permissions
from lakeflow.api.errors import invalid, malformed
from lakeflow.api.params import Params
from runs import legacy_params, services
from runs.api import access, paging, schema, wire
from runs.choices import RUN_ACTIVE, RUN_TERMINAL, JobRunState, RunType
from runs.models import JobRun, TaskRun

ERRORS = {status: schema.ErrorSerializer for status in (400, 401, 403, 404)}
TAGS = ["Runs"]


def _query(name: str, type_: Any, description: str, required: bool = False, enum: list | None = None):
    return OpenApiParameter(
        name, type_, OpenApiParameter.QUERY, required=required, description=description, enum=enum
    )


RUN_ID_QUERY = _query("run_id", OpenApiTypes.INT64, "The run (or task run) id.", required=True)


# --- Reading request fields -----------------------------------------------------------------------


def params(request: Request) -> Params:
    """The request's fields; text holding NUL characters is refused up front, since PostgreSQL
    cannot store it (it would fail deep inside a service as a server error)."""
    p = Params.of(request)
    _refuse_nul(p.data, "")
    return p


def _refuse_nul(value: Any, where: str) -> None:
    if isinstance(value, str):
        if "\x00" in value:
            raise invalid(f"Field {where or 'body'} must not contain NUL characters.")
    elif isinstance(value, dict):
        for key, item in value.items():
            _refuse_nul(key, where or "body")
            _refuse_nul(item, f"{where}.{key}" if where else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _refuse_nul(item, f"{where}[{index}]")


def _string_map(p: Params, name: str) -> dict[str, str] | None:
    """A map<string, string> field (job_parameters, notebook_params, ...)."""
    value = p.dict(name)
    if value is None:
        return None
    for key, item in value.items():
        if not isinstance(item, str):
            raise malformed(f"Field {name}.{key} must be a string, got {type(item).__name__}.")
    return value


def _string_list(p: Params, name: str) -> list[str] | None:
    value = p.list(name)
    if value is None:
        return None
    for index, item in enumerate(value):
        if not isinstance(item, str):
            raise malformed(f"Field {name}[{index}] must be a string, got {type(item).__name__}.")
    return value


# Legacy per-task-type parameters (runs.legacy_params): named ones become job parameters,
# positional argv lists replace their tasks' lists.


def _job_parameters(p: Params) -> dict[str, str] | None:
    job_parameters = _string_map(p, "job_parameters")
    legacy = legacy_params.named_as_job_parameters(
        {name: _string_map(p, name) for name in legacy_params.NAMED}
    )
    if legacy and job_parameters:
        raise invalid(
            "job_parameters cannot be used together with notebook_params, sql_params or python_named_params."
        )
    return job_parameters if job_parameters is not None else (legacy or None)


def _positional_params(p: Params) -> dict[str, list[str]]:
    """python_params, jar_params, spark_submit_params, dbt_commands as given (validated)."""
    given = {name: _string_list(p, name) for name in legacy_params.POSITIONAL}
    given = {name: values for name, values in given.items() if values is not None}
    if given and p.dict("job_parameters"):
        raise invalid(f"job_parameters cannot be used together with {', '.join(sorted(given))}.")
    return given


def _overriding_parameters(p: Params) -> dict[str, Any]:
    """The legacy parameters of a run-now, as runs/get shows them (overriding_parameters)."""
    named = {name: _string_map(p, name) for name in legacy_params.NAMED}
    return {**{k: v for k, v in named.items() if v}, **_positional_params(p)}


def _queue(p: Params) -> dict | None:
    queue = p.dict("queue")
    if queue is not None and not isinstance(queue.get("enabled"), bool):
        raise malformed("Field queue.enabled must be a boolean.")
    return queue


def _run_id(p: Params) -> int:
    return p.int("run_id", required=True, min=1, max=wire.MAX_ID)


def _single_task_run(user, run_id: int, action: str) -> TaskRun | None:
    """The task run a per-task endpoint (get-output, export) addresses. A job run id is accepted
    when the run has a single task (its latest attempt), as older Databricks clients expect."""
    found = access.get_any_run(user, run_id)
    if isinstance(found, TaskRun):
        return found
    attempts = [tr for tr in found.task_runs.all() if tr.parent_task_run_id is None]
    if len({tr.task_key for tr in attempts}) > 1:
        raise invalid(
            f"{action} of runs with multiple tasks is not supported. "
            "Please retrieve the output of each individual task run instead."
        )
    return max(attempts, key=lambda tr: (tr.attempt_number, tr.pk), default=None)


def _task_runs(*, resolved: bool = False) -> Prefetch:
    """Every attempt of the run, without the JSON columns runs/get does not show (output, trace;
    the resolved values unless asked for): loading them dominates large runs."""
    unused = ["output", "error_trace"] + ([] if resolved else ["resolved_task", "resolved_parameters"])
    return Prefetch("task_runs", queryset=TaskRun.objects.order_by("id").defer(*unused))


def _page_size(request: Request) -> int | None:
    """Jobs API 2.2 pages the arrays of a run by 100; 2.1 returned them whole."""
    return None if request.path.startswith("/api/2.1/") else wire.PAGE_SIZE


def _load_run(run: JobRun, *, resolved: bool) -> JobRun:
    """The run with its task runs, repairs and events prefetched (runs/get reads them all)."""
    return (
        JobRun.objects.select_related("job", "triggered_by")
        .prefetch_related(_task_runs(resolved=resolved), "repairs", "events")
        .get(pk=run.pk)
    )


# --- Starting runs --------------------------------------------------------------------------------


@extend_schema(
    tags=TAGS,
    request=schema.RunNowRequestSerializer,
    responses={200: schema.RunNowResponseSerializer, **ERRORS},
)
@api_view(["POST"])
def run_now(request: Request) -> Response:
    """Trigger a run of a job (jobs/run-now)."""
    p = params(request)
    job = permissions.get_job_for(
        request.user, p.int("job_id", required=True, min=1, max=wire.MAX_ID), permissions.MANAGE_RUN
    )
    run = services.run_now(
        job=job,
        user=request.user,
        job_parameters=_job_parameters(p),
        overriding_parameters=_overriding_parameters(p),
        idempotency_token=p.str("idempotency_token", max_length=64),
        only=_string_list(p, "only"),
        queue=_queue(p),
    )
    return Response({"run_id": run.pk, "number_in_job": run.number_in_job})


@extend_schema(
    tags=TAGS,
    request=schema.SubmitRunRequestSerializer,
    responses={200: schema.SubmitRunResponseSerializer, **ERRORS},
)
@api_view(["POST"])
def submit(request: Request) -> Response:
    """Submit a one-time run of inline tasks (jobs/runs/submit)."""
    p = params(request)  # the service checks the settings (jobs.validation)
    run = services.submit_run(
        user=request.user, settings=p.data, idempotency_token=p.str("idempotency_token", max_length=64)
    )
    return Response({"run_id": run.pk})


# --- Reading runs ---------------------------------------------------------------------------------


@extend_schema(
    tags=TAGS,
    parameters=[
        RUN_ID_QUERY,
        _query("include_history", OpenApiTypes.BOOL, "Include the repair history."),
        _query("include_resolved_values", OpenApiTypes.BOOL, "Include task parameters after substitution."),
        _query("page_token", OpenApiTypes.STR, "next_page_token of the previous response."),
    ],
    responses={200: schema.RunSerializer, **ERRORS},
)
@api_view(["GET"])
def get_run(request: Request) -> Response:
    """A run with its task attempts (jobs/runs/get); arrays come in pages of 100."""
    p = params(request)
    run_id = _run_id(p)
    include_resolved = p.bool("include_resolved_values")
    include_history = p.bool("include_history")
    token = p.str("page_token") or "0"
    if not token.isdigit():
        raise invalid(f"Invalid page_token: {token!r}.")
    found = access.get_any_run(request.user, run_id)
    if isinstance(found, TaskRun):
        body = wire.task_run_as_run(found, include_resolved_values=include_resolved, page=int(token))
        return Response(body)
    body = wire.job_run(
        _load_run(found, resolved=include_resolved),
        include_history=include_history,
        include_resolved_values=include_resolved,
        page=int(token),
        page_size=_page_size(request),
    )
    return Response(body)


@extend_schema(
    tags=TAGS,
    parameters=[
        _query("job_id", OpenApiTypes.INT64, "Only runs of this job."),
        _query("active_only", OpenApiTypes.BOOL, "Only QUEUED, PENDING, RUNNING or TERMINATING runs."),
        _query("completed_only", OpenApiTypes.BOOL, "Only finished runs."),
        _query("start_time_from", OpenApiTypes.INT64, "Runs started at or after (epoch ms)."),
        _query("start_time_to", OpenApiTypes.INT64, "Runs started at or before (epoch ms)."),
        _query("run_type", OpenApiTypes.STR, "JOB_RUN, SUBMIT_RUN or WORKFLOW_RUN.", enum=schema.RUN_TYPES),
        _query("expand_tasks", OpenApiTypes.BOOL, "Include the task attempts of each run."),
        _query("limit", OpenApiTypes.INT, "1..25 (0: 25); default 20."),
        _query("offset", OpenApiTypes.INT, "Deprecated: use page_token."),
        _query("page_token", OpenApiTypes.STR, "next_page_token or prev_page_token of a previous response."),
    ],
    responses={200: schema.ListRunsResponseSerializer, **ERRORS},
)
@api_view(["GET"])
def list_runs(request: Request) -> Response:
    """Runs, newest first (jobs/runs/list)."""
    p = params(request)
    runs = access.visible_runs(request.user).select_related("job", "triggered_by")
    if (job_id := p.int("job_id", min=1, max=wire.MAX_ID)) is not None:
        runs = runs.filter(job=permissions.get_job_for(request.user, job_id))
    active_only, completed_only = p.bool("active_only"), p.bool("completed_only")
    if active_only and completed_only:
        raise invalid("active_only and completed_only cannot both be true.")
    if active_only:
        runs = runs.filter(state__in=RUN_ACTIVE)
    if completed_only:
        runs = runs.filter(state__in=RUN_TERMINAL)
    if (start_from := p.int("start_time_from", min=0, max=wire.MAX_EPOCH_MS)) is not None:
        runs = runs.filter(created_at__gte=wire.from_ms(start_from))
    if (start_to := p.int("start_time_to", min=0, max=wire.MAX_EPOCH_MS)) is not None:
        runs = runs.filter(created_at__lte=wire.from_ms(start_to))
    if (run_type := p.str("run_type")) is not None:
        if run_type not in RunType.values:
            raise invalid(f"Invalid run_type {run_type!r}: expected one of {', '.join(RunType.values)}.")
        runs = runs.filter(run_type=run_type)
    limit = p.int("limit", default=20, min=0, max=25) or 25
    expand = p.bool("expand_tasks")
    if expand:
        runs = runs.prefetch_related(_task_runs(), "repairs", "events")
    rows, next_token, prev_token = paging.page(
        runs,
        limit=limit,
        offset=p.int("offset", default=0, min=0, max=wire.MAX_ID),
        token=p.str("page_token"),
    )
    body: dict[str, Any] = {
        "runs": [wire.list_item(run, expand_tasks=expand, page_size=_page_size(request)) for run in rows],
        "has_more": next_token is not None,
    }
    if next_token:
        body["next_page_token"] = next_token
    if prev_token:
        body["prev_page_token"] = prev_token
    return Response(body)


@extend_schema(tags=TAGS, parameters=[RUN_ID_QUERY], responses={200: schema.RunOutputSerializer, **ERRORS})
@api_view(["GET"])
def get_run_output(request: Request) -> Response:
    """Output of one task run: logs, error, notebook result, metadata (jobs/runs/get-output)."""
    task_run = _single_task_run(request.user, _run_id(params(request)), "Retrieving the output")
    if task_run is None:
        raise invalid("The run has no task runs yet.")
    return Response(wire.run_output(task_run))


@extend_schema(
    tags=TAGS,
    parameters=[
        RUN_ID_QUERY,
        _query(
            "views_to_export",
            OpenApiTypes.STR,
            "CODE (default), DASHBOARDS or ALL.",
            enum=["CODE", "DASHBOARDS", "ALL"],
        ),
    ],
    responses={200: schema.ExportRunOutputSerializer, **ERRORS},
)
@api_view(["GET"])
def export_run(request: Request) -> Response:
    """The executed notebook of a task run as HTML (jobs/runs/export)."""
    p = params(request)
    views = p.str("views_to_export") or "CODE"
    if views not in ("CODE", "DASHBOARDS", "ALL"):
        raise invalid(f"Invalid views_to_export {views!r}: expected CODE, DASHBOARDS or ALL.")
    task_run = _single_task_run(request.user, _run_id(p), "Exporting")
    return Response(wire.export_views(task_run, views))


# --- Acting on runs ---------------------------------------------------------------------------------


@extend_schema(
    tags=TAGS,
    request=schema.RunIdRequestSerializer,
    responses={200: schema.EmptyResponseSerializer, **ERRORS},
)
@api_view(["POST"])
def cancel_run(request: Request) -> Response:
    """Cancel a run; it ends CANCELED once its tasks stopped (jobs/runs/cancel)."""
    run = access.get_job_run(request.user, _run_id(params(request)), permissions.MANAGE_RUN)
    services.cancel_run(run=run, user=request.user)
    return Response({})


@extend_schema(
    tags=TAGS,
    request=schema.CancelAllRunsRequestSerializer,
    responses={200: schema.EmptyResponseSerializer, **ERRORS},
)
@api_view(["POST"])
def cancel_all_runs(request: Request) -> Response:
    """Cancel every active run of a job, or every queued run (jobs/runs/cancel-all)."""
    p = params(request)
    job_id, all_queued = p.int("job_id", min=1, max=wire.MAX_ID), p.bool("all_queued_runs")
    if job_id is not None:
        job = permissions.get_job_for(request.user, job_id, permissions.MANAGE_RUN)
        services.cancel_all_runs(job=job, user=request.user)
        return Response({})
    if not all_queued:
        raise invalid("Either job_id or all_queued_runs must be set.")
    # Every queued run in the workspace the caller may manage.
    for run in access.visible_runs(request.user).filter(state=JobRunState.QUEUED).select_related("job"):
        if access.can_act(request.user, run, permissions.MANAGE_RUN):
            services.cancel_run(run=run, user=request.user)
    return Response({})


@extend_schema(
    tags=TAGS,
    request=schema.RepairRunRequestSerializer,
    responses={200: schema.RepairRunResponseSerializer, **ERRORS},
)
@api_view(["POST"])
def repair_run(request: Request) -> Response:
    """Re-run tasks of a finished run inside it (jobs/runs/repair)."""
    p = params(request)
    run = access.get_job_run(request.user, _run_id(p), permissions.MANAGE_RUN)
    rerun_tasks = _string_list(p, "rerun_tasks")
    rerun_all_failed = p.bool("rerun_all_failed_tasks")
    _check_latest_repair(run, p.int("latest_repair_id", min=1, max=wire.MAX_ID))
    repair = services.repair_run(
        run=run,
        user=request.user,
        rerun_tasks=rerun_tasks,
        rerun_all_failed_tasks=rerun_all_failed,
        rerun_dependent_tasks=p.bool("rerun_dependent_tasks"),
        job_parameters=_job_parameters(p),
        positional_params=_positional_params(p),
    )
    return Response({"repair_id": repair.pk})


def _check_latest_repair(run: JobRun, latest_repair_id: int | None) -> None:
    """Databricks asks for the id of the latest repair once a run was repaired, so two people
    repairing the same run at once do not both go ahead."""
    latest = run.repairs.order_by("-number").first()
    if latest is None:
        if latest_repair_id is not None:
            raise invalid(f"Run {run.pk} has not been repaired: latest_repair_id must not be set.")
        return
    if latest_repair_id is None:
        raise invalid(f"Run {run.pk} has been repaired before: latest_repair_id must be {latest.pk}.")
    if latest_repair_id != latest.pk:
        raise invalid(
            f"latest_repair_id {latest_repair_id} is not the latest repair of run {run.pk} ({latest.pk})."
        )


@extend_schema(
    tags=TAGS,
    request=schema.RunIdRequestSerializer,
    responses={200: schema.EmptyResponseSerializer, **ERRORS},
)
@api_view(["POST"])
def delete_run(request: Request) -> Response:
    """Delete a finished run (jobs/runs/delete)."""
    run = access.get_job_run(request.user, _run_id(params(request)), permissions.MANAGE)
    services.delete_run(run=run, user=request.user)
    return Response({})
