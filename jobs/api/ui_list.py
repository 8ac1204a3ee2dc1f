"""GET /api/ui/jobs: the browser's jobs list. The Jobs API's jobs/list has no search by
substring, owner/tag filters, sorting or total count, and no run results; this endpoint adds
them with two queries per page whatever the number of jobs: one for the page of jobs (with
its task count as a subquery), one for the recent runs of just those jobs.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.db.models import Count, F, IntegerField, OuterRef, QuerySet, Subquery, Window
from django.db.models.fields.json import KeyTransform
from django.db.models.functions import Coalesce, RowNumber
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from jobs.api.schedules import describe
from jobs.models import Job, Task
from jobs.permissions import visible_jobs
from lakeflow.api.errors import invalid
from lakeflow.api.params import Params

RECENT_RUNS = 5
MAX_PAGE_SIZE = 100
SORTS = {
    "name": ("name", "id"),
    "-name": ("-name", "-id"),
    "created": ("created_at", "id"),
    "-created": ("-created_at", "-id"),
    "owner": ("owner__username", "name", "id"),
    "-owner": ("-owner__username", "name", "id"),
}
PERIODIC_UNITS = {"MINUTES": "minute", "HOURS": "hour", "DAYS": "day", "WEEKS": "week"}
# trigger.job_completion.if_status in words: (one job, several jobs).
COMPLETION_VERBS = {
    "SUCCESS": ("succeeds", "succeeded"),
    "FAILED": ("fails", "failed"),
    "DONE": ("completes", "completed"),
}


def schedule_in_words(job: Job) -> tuple[str | None, bool]:
    """(What starts the job, in words; whether that is paused). None: manual runs only."""
    if job.schedule:
        description = describe(job.schedule.get("quartz_cron_expression", ""))
        timezone_id = job.schedule.get("timezone_id")
        if timezone_id:
            description = f"{description} ({timezone_id})"
        return description, job.schedule.get("pause_status") == "PAUSED"
    trigger = job.trigger or {}
    paused = trigger.get("pause_status") == "PAUSED"
    if periodic := trigger.get("periodic"):
        interval = periodic.get("interval", 1)
        unit = PERIODIC_UNITS.get(periodic.get("unit", ""), str(periodic.get("unit", "")).lower())
        return (f"Every {unit}" if interval == 1 else f"Every {interval} {unit}s"), paused
    if file_arrival := trigger.get("file_arrival"):
        return f"On file arrival in {file_arrival.get('url', '?')}", paused
    if table_update := trigger.get("table_update") or trigger.get("table"):
        return f"On update of {', '.join(table_update.get('table_names', []))}", paused
    if run_once := trigger.get("run_once"):
        at = datetime.fromtimestamp(run_once.get("timestamp_ms", 0) / 1000, tz=UTC)
        return f"Once at {at:%Y-%m-%d %H:%M} UTC", paused
    if job_completion := trigger.get("job_completion"):
        ids = [f"#{job['job_id']}" for job in job_completion.get("jobs") or []]
        one, many = COMPLETION_VERBS.get(job_completion.get("if_status", "SUCCESS"), COMPLETION_VERBS["DONE"])
        if len(ids) == 1:
            return f"When job {ids[0]} {one}", paused
        return f"When jobs {', '.join(ids)} have all {many}", paused
    if job.continuous:
        return "Continuous", job.continuous.get("pause_status") == "PAUSED"
    return None, False


def filter_jobs(queryset: QuerySet[Job], *, search: str, owner: str, tag: str) -> QuerySet[Job]:
    if search:
        queryset = queryset.filter(name__icontains=search)
    if owner:
        queryset = queryset.filter(owner__username=owner)
    if tag:
        # "key" matches jobs carrying the tag; "key:value" also matches its value.
        key, _, value = tag.partition(":")
        queryset = queryset.filter(tags__has_key=key.strip())
        if value:
            queryset = queryset.annotate(_tag_value=KeyTransform(key.strip(), "tags")).filter(
                _tag_value=value.strip()
            )
    return queryset


def recent_runs(job_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """The last RECENT_RUNS runs of each job, newest first, in one query (a window function
    numbers each job's runs; only the first few per job come back)."""
    try:
        from runs.models import JobRun
    except ImportError:  # the engine app is optional while it lands
        return {}
    rows = (
        JobRun.objects.filter(job_id__in=job_ids)
        .annotate(rank=Window(RowNumber(), partition_by=[F("job_id")], order_by=[F("id").desc()]))
        .filter(rank__lte=RECENT_RUNS)
        .values("id", "job_id", "state", "start_time")
        .order_by("job_id", "-id")
    )
    runs: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        start = row["start_time"]
        runs.setdefault(row["job_id"], []).append(
            {
                "run_id": row["id"],
                "state": row["state"],
                "start_time": int(start.timestamp() * 1000) if start else None,
            }
        )
    return runs


@extend_schema(tags=["Jobs list (UI)"])
class JobsListView(APIView):
    """GET /api/ui/jobs?search=&owner=&tag=&sort=-created&page=1&page_size=25"""

    def get(self, request: Request) -> Response:
        params = Params.of(request)
        search = params.str("search", default="", max_length=4096).strip()
        owner = params.str("owner", default="", max_length=150).strip()
        tag = params.str("tag", default="", max_length=512).strip()
        sort = params.str("sort", default="-created")
        if sort not in SORTS:
            raise invalid(f"sort must be one of {', '.join(SORTS)}; got {sort!r}.")
        page = params.int("page", default=1, min=1)
        page_size = params.int("page_size", default=25, min=1, max=MAX_PAGE_SIZE)

        jobs = filter_jobs(visible_jobs(request.user), search=search, owner=owner, tag=tag)
        total = jobs.count()
        task_count = (
            Task.objects.filter(job=OuterRef("pk"))
            .order_by()
            .values("job")
            .annotate(n=Count("pk"))
            .values("n")
        )
        start = (page - 1) * page_size
        rows = list(
            jobs.select_related("owner")
            .annotate(task_count=Coalesce(Subquery(task_count, output_field=IntegerField()), 0))
            .order_by(*SORTS[sort])[start : start + page_size]
        )
        runs = recent_runs([job.pk for job in rows])
        return Response(
            {
                "jobs": [_row(job, runs.get(job.pk, [])) for job in rows],
                "total": total,
                "page": page,
                "page_size": page_size,
            }
        )


def _row(job: Job, runs: list[dict[str, Any]]) -> dict[str, Any]:
    description, paused = schedule_in_words(job)
    return {
        "job_id": job.pk,
        "name": job.name,
        "owner": job.owner.username,
        "tags": job.tags or {},
        "created_time": int(job.created_at.timestamp() * 1000),
        "task_count": job.task_count,
        "schedule_description": description,
        "paused": paused,
        "recent_runs": runs,
    }
