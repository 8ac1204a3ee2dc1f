"""Endpoints only the browser app uses (DESIGN §7: /api/ui/): a run's timeline, a job's
tasks-by-runs matrix, the runs of every job the user can see, and what the run page needs beyond
runs/get and runs/get-output (job version, task values, pipeline counts).
Shapes reuse runs.api.wire.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Value
from django.db.models.functions import Coalesce
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from jobs import permissions
from lakeflow.api.errors import invalid
from runs.api import access, paging, wire
from runs.api.views import ERRORS, params
from runs.choices import RUN_ACTIVE, RUN_TERMINAL, TASK_WIRE, JobRunState, TriggerType
from runs.models import JobRun, RunEvent, TaskRun, TaskValue

TAGS = ["UI"]


def _event(event: RunEvent) -> dict[str, Any]:
    return {
        "from_state": event.from_state,
        "to_state": event.to_state,
        "at": wire.ms(event.at),
        "message": event.message,
    }


_TimelineSerializer = inline_serializer(
    "RunTimeline",
    {
        "run_id": serializers.IntegerField(),
        "start_time": serializers.IntegerField(),
        "end_time": serializers.IntegerField(),
        "events": serializers.ListField(child=serializers.DictField()),
        "task_runs": serializers.ListField(child=serializers.DictField()),
    },
)


@extend_schema(tags=TAGS, responses={200: _TimelineSerializer, **ERRORS})
@api_view(["GET"])
def timeline(request: Request, run_id: int) -> Response:
    """Per task attempt: queued/start/end times and its state changes (from the RunEvent log)."""
    run = access.get_job_run(request.user, run_id)
    events = list(run.events.order_by("id"))
    by_task_run: dict[int, list[dict]] = {}
    for event in events:
        if event.task_run_id is not None:
            by_task_run.setdefault(event.task_run_id, []).append(_event(event))
    task_runs = []
    for tr in run.task_runs.order_by("id"):
        task_runs.append(
            {
                "run_id": wire.task_run_wire_id(tr.pk),
                "task_key": tr.task_key,
                "attempt_number": tr.attempt_number,
                "iteration_index": tr.iteration_index,
                "parent_run_id": (
                    wire.task_run_wire_id(tr.parent_task_run_id) if tr.parent_task_run_id else None
                ),
                **tr.wire_state(),
                "created_time": wire.ms(tr.created_at),
                "queued_time": wire.ms(tr.queued_at),
                "start_time": wire.ms(tr.start_time),
                "end_time": wire.ms(tr.end_time),
                "events": by_task_run.get(tr.pk, []),
            }
        )
    return Response(
        {
            "run_id": run.pk,
            "start_time": wire.ms(run.created_at),
            "end_time": wire.ms(run.end_time),
            "events": [_event(e) for e in events if e.task_run_id is None],
            "task_runs": task_runs,
        }
    )


_MatrixSerializer = inline_serializer(
    "JobRunMatrix",
    {
        "job_id": serializers.IntegerField(),
        "job_name": serializers.CharField(),
        "runs": serializers.ListField(child=serializers.DictField()),
        "tasks": serializers.ListField(child=serializers.DictField()),
    },
)


@extend_schema(
    tags=TAGS,
    parameters=[
        OpenApiParameter(
            "limit",
            OpenApiTypes.INT,
            OpenApiParameter.QUERY,
            description="How many recent runs (1..100, default 20).",
        )
    ],
    responses={200: _MatrixSerializer, **ERRORS},
)
@api_view(["GET"])
def matrix(request: Request, job_id: int) -> Response:
    """Tasks by the job's most recent runs: each cell holds the task's last attempt in that run."""
    job = permissions.get_job_for(request.user, job_id)
    limit = params(request).int("limit", default=20, min=1, max=100)
    runs = list(
        JobRun.objects.filter(job=job).select_related("triggered_by").order_by("-created_at", "-id")[:limit]
    )
    task_keys: list[str] = []
    latest = job.latest_version()
    for settings in ([latest.settings] if latest else []) + [run.settings for run in runs]:
        for task in settings.get("tasks") or []:
            if task.get("task_key") not in task_keys:
                task_keys.append(task.get("task_key"))
    # One query of plain rows: model instances (with their JSON columns) would dominate the time.
    last: dict[tuple[int, str], dict] = {}
    attempts: dict[tuple[int, str], int] = {}
    # Top-level attempts only, tested through an expression: a plain `parent_task_run=None` makes
    # SQLite search the parent index (where nearly every row is NULL) instead of the job_run one,
    # scanning the whole table (28 ms -> 8 ms for 1,000 cells among 200,000 task runs).
    rows = (
        TaskRun.objects.filter(job_run__in=[run.pk for run in runs])
        .alias(top=Coalesce("parent_task_run_id", Value(0)))
        .filter(top=0)
        .order_by("attempt_number", "id")
    )
    for row in rows.values("id", "job_run_id", "task_key", "state", "start_time", "end_time"):
        key = (row["job_run_id"], row["task_key"])
        attempts[key] = attempts.get(key, 0) + 1
        last[key] = row  # ordered by attempt: the last one wins
    return Response(
        {
            "job_id": job.pk,
            "job_name": job.name,
            "runs": [wire.run_summary(run) for run in runs],
            "tasks": [
                {
                    "task_key": task_key,
                    "cells": [
                        _cell(last[(run.pk, task_key)], attempts[(run.pk, task_key)])
                        if (run.pk, task_key) in last
                        else None
                        for run in runs
                    ],
                }
                for task_key in task_keys
            ],
        }
    )


def _cell(row: dict, attempts: int) -> dict[str, Any]:
    life_cycle_state, result_state, *_ = TASK_WIRE[row["state"]]
    start, end = row["start_time"], row["end_time"]
    return {
        "run_id": wire.task_run_wire_id(row["id"]),
        "life_cycle_state": life_cycle_state,
        "result_state": result_state,
        "attempts": attempts,
        "start_time": wire.ms(start),
        "duration": wire.ms(end) - wire.ms(start) if start and end else None,
    }


_UiRunsSerializer = inline_serializer(
    "UiRunList",
    {
        "runs": serializers.ListField(child=serializers.DictField()),
        "has_more": serializers.BooleanField(),
        "next_page_token": serializers.CharField(required=False),
        "prev_page_token": serializers.CharField(required=False),
    },
)


def _q(name: str, type_: Any, description: str) -> OpenApiParameter:
    return OpenApiParameter(name, type_, OpenApiParameter.QUERY, description=description)


@extend_schema(
    tags=TAGS,
    parameters=[
        _q("active", OpenApiTypes.BOOL, "Only active runs."),
        _q("completed", OpenApiTypes.BOOL, "Only finished runs (not with active)."),
        _q("job_id", OpenApiTypes.INT64, "Only runs of this job."),
        _q("status", OpenApiTypes.STR, "A run state: QUEUED, RUNNING, SUCCESS, FAILED, ..."),
        _q("trigger", OpenApiTypes.STR, "A trigger type: ONE_TIME, PERIODIC, ..."),
        _q("from", OpenApiTypes.INT64, "Runs started at or after (epoch ms)."),
        _q("to", OpenApiTypes.INT64, "Runs started at or before (epoch ms)."),
        _q("limit", OpenApiTypes.INT, "1..100, default 25."),
        _q("page_token", OpenApiTypes.STR, "next_page_token / prev_page_token of a previous response."),
    ],
    responses={200: _UiRunsSerializer, **ERRORS},
)
@api_view(["GET"])
def runs(request: Request) -> Response:
    """Runs of every job the user can see (and their own one-time runs), newest first."""
    p = params(request)
    runs = access.visible_runs(request.user).select_related("job", "triggered_by")
    active, completed = p.bool("active"), p.bool("completed")
    if active and completed:
        raise invalid("active and completed cannot both be true.")
    if active:
        runs = runs.filter(state__in=RUN_ACTIVE)
    if completed:
        runs = runs.filter(state__in=RUN_TERMINAL)
    if (job_id := p.int("job_id", min=1, max=wire.MAX_ID)) is not None:
        runs = runs.filter(job=permissions.get_job_for(request.user, job_id))
    if (status := p.str("status")) is not None:
        if status not in JobRunState.values:
            raise invalid(f"Invalid status {status!r}: expected one of {', '.join(JobRunState.values)}.")
        runs = runs.filter(state=status)
    if (trigger := p.str("trigger")) is not None:
        if trigger not in TriggerType.values:
            raise invalid(f"Invalid trigger {trigger!r}: expected one of {', '.join(TriggerType.values)}.")
        runs = runs.filter(trigger=trigger)
    if (start_from := p.int("from", min=0, max=wire.MAX_EPOCH_MS)) is not None:
        runs = runs.filter(created_at__gte=wire.from_ms(start_from))
    if (start_to := p.int("to", min=0, max=wire.MAX_EPOCH_MS)) is not None:
        runs = runs.filter(created_at__lte=wire.from_ms(start_to))
    rows, next_token, prev_token = paging.page(
        runs, limit=p.int("limit", default=25, min=1, max=100), token=p.str("page_token")
    )
    body: dict[str, Any] = {
        "runs": [{**wire.run_summary(run), "job_name": run.job.name if run.job else None} for run in rows],
        "has_more": next_token is not None,
    }
    if next_token:
        body["next_page_token"] = next_token
    if prev_token:
        body["prev_page_token"] = prev_token
    return Response(body)


_RunExtrasSerializer = inline_serializer(
    "RunExtras",
    {"run_id": serializers.IntegerField(), "job_version": serializers.IntegerField(allow_null=True)},
)


@extend_schema(tags=TAGS, responses={200: _RunExtrasSerializer, **ERRORS})
@api_view(["GET"])
def run_extras(request: Request, run_id: int) -> Response:
    """What the run page shows beyond runs/get: the number of the job version the run ran."""
    run = access.get_job_run(request.user, run_id)
    version = run.job_version.version if run.job_version_id else None
    return Response({"run_id": run.pk, "job_version": version})


_TaskRunExtrasSerializer = inline_serializer(
    "TaskRunExtras",
    {
        "run_id": serializers.IntegerField(),
        "task_values": serializers.DictField(),
        "pipeline_output": serializers.DictField(required=False),
    },
)


@extend_schema(tags=TAGS, responses={200: _TaskRunExtrasSerializer, **ERRORS})
@api_view(["GET"])
def task_run_extras(request: Request, task_run_id: int) -> Response:
    """What the task panel shows beyond runs/get-output: the task values the task set
    (dbutils.jobs.taskValues) and a pipeline task's datasets and expectation counts."""
    task_run = access.get_any_run(request.user, task_run_id)
    if not isinstance(task_run, TaskRun):
        raise invalid(f"Run {task_run_id} is a job run; this request takes the id of a task run.")
    values = TaskValue.objects.filter(job_run_id=task_run.job_run_id, task_key=task_run.task_key)
    body: dict[str, Any] = {
        "run_id": task_run_id,
        "task_values": {value.key: value.value for value in values.order_by("key")},
    }
    if (pipeline := (task_run.output or {}).get("pipeline_output")) is not None:
        body["pipeline_output"] = pipeline
    return Response(body)
