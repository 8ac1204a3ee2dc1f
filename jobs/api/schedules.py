"""Schedule and trigger endpoints beyond the Jobs API: the editor's preview, webhook management,
the webhook itself, backfills. (Schedules, triggers and their pause_status are set through
jobs/create, update and reset, as in Databricks.)"""

from __future__ import annotations

from datetime import UTC, datetime

from cron_descriptor import Options, get_description
from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from jobs.choices import PermissionLevel
from jobs.permissions import get_job_for
from jobs.schedules import backfill, webhooks
from jobs.schedules.fire_times import next_fire_times, zone
from jobs.schedules.models import JobWebhook
from jobs.schedules.quartz import QuartzError
from lakeflow.api.errors import invalid
from lakeflow.api.params import Params

MAX_PREVIEW = 100


def describe(expression: str) -> str:
    """A sentence for a Quartz expression (cron-descriptor, told that day-of-week starts at 1=SUN)."""
    options = Options()
    options.day_of_week_start_index_zero = False
    options.use_24hour_time_format = True
    fields = expression.split()
    if len(fields) >= 6 and fields[5].upper() == "L":
        # Quartz: a lone L in day-of-week is its last day, 7 (Saturday); cron-descriptor gives up on it.
        fields[5] = "7"
    try:
        return get_description(" ".join(fields), options)
    except Exception:
        return expression


def _instant(params: Params, name: str) -> datetime:
    raw = params.raw(name)
    if raw is None:
        raise invalid(f"Missing required field: {name}")
    try:
        if isinstance(raw, (int, float)) or (isinstance(raw, str) and raw.isdigit()):
            return datetime.fromtimestamp(int(raw) / 1000, tz=UTC)
        moment = datetime.fromisoformat(str(raw))
    except (ValueError, OverflowError):
        raise invalid(f"{name} must be epoch milliseconds or an ISO-8601 date/time; got {raw!r}.") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


PREVIEW_PARAMETERS = [
    OpenApiParameter("quartz_cron_expression", str, required=True, description="A Quartz cron expression."),
    OpenApiParameter("timezone_id", str, description="An IANA time zone (default UTC)."),
    OpenApiParameter("n", int, description="How many fire times (1-100, default 5)."),
    OpenApiParameter(
        "after", str, description="Start after this instant (epoch ms or ISO-8601; default now)."
    ),
]


class SchedulePreviewView(APIView):
    """GET /api/ui/schedules/preview?quartz_cron_expression=..&timezone_id=..&n=5"""

    @extend_schema(tags=["Schedules"], parameters=PREVIEW_PARAMETERS, responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        params = Params.of(request)
        expression = params.str("quartz_cron_expression", required=True)
        timezone_id = params.str("timezone_id", default="UTC")
        n = params.int("n", default=5)
        if not 1 <= n <= MAX_PREVIEW:
            raise invalid(f"n must be between 1 and {MAX_PREVIEW}; got {n}.")
        try:
            tz = zone(timezone_id)
        except (ValueError, KeyError):
            raise invalid(f"timezone_id is not a known IANA time zone: {timezone_id!r}.") from None
        after = _instant(params, "after") if "after" in params else datetime.now(UTC)
        try:
            times = next_fire_times(expression, timezone_id, after, n)
        except QuartzError as error:
            raise invalid(f"quartz_cron_expression {error}: {expression!r}.") from None
        return Response(
            {
                "quartz_cron_expression": expression,
                "timezone_id": timezone_id,
                "description": describe(expression),
                "fire_times": [
                    {
                        "timestamp_ms": int(t.timestamp() * 1000),
                        "utc": t.isoformat(),
                        "local": t.astimezone(tz).isoformat(),
                    }
                    for t in times
                ],
            }
        )


class WebhookView(APIView):
    """POST /api/ui/jobs/webhook/{create,update,delete} {job_id[, pause_status]}; GET .../get?job_id="""

    @extend_schema(
        tags=["Schedules"],
        parameters=[OpenApiParameter("job_id", int, required=True)],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request: Request, action: str) -> Response:
        job = get_job_for(request.user, Params.of(request).int("job_id", required=True))
        hook = JobWebhook.objects.filter(job=job).first()
        if action != "get":
            raise invalid(f"Unknown webhook action {action!r}.")
        if hook is None:
            return Response({"job_id": job.pk, "enabled": False})
        return Response(
            {
                "job_id": job.pk,
                "enabled": True,
                "pause_status": hook.pause_status,
                "created_time": int(hook.created_at.timestamp() * 1000),
            }
        )

    @extend_schema(tags=["Schedules"], request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request, action: str) -> Response:
        params = Params.of(request)
        job = get_job_for(request.user, params.int("job_id", required=True), PermissionLevel.CAN_MANAGE)
        if action == "create":
            _, token = webhooks.create_webhook(user=request.user, job=job)
            path = webhooks.hook_path(job.pk, token)
            return Response({"job_id": job.pk, "url": settings.LAKEFLOW_URL + path, "path": path})
        if action == "update":
            hook = webhooks.set_webhook_pause(job=job, pause_status=params.str("pause_status", required=True))
            return Response({"job_id": job.pk, "pause_status": hook.pause_status})
        if action == "delete":
            webhooks.delete_webhook(job=job)
            return Response({})
        raise invalid(f"Unknown webhook action {action!r}.")


class WebhookTriggerView(APIView):
    """POST /api/hooks/jobs/<job_id>/<token>: the secret URL is the credential."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(tags=["Schedules"], request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT, auth=[])
    def post(self, request: Request, job_id: int, token: str) -> Response:
        run = webhooks.trigger_webhook(job_id=job_id, token=token, body=request.data if request.body else {})
        return Response({"run_id": run.pk, "number_in_job": run.number_in_job})


class BackfillView(APIView):
    """POST /api/ui/jobs/backfill {job_id, start_time, end_time, interval?, unit?, job_parameters?}"""

    @extend_schema(tags=["Schedules"], request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request) -> Response:
        params = Params.of(request)
        job = get_job_for(request.user, params.int("job_id", required=True), PermissionLevel.CAN_MANAGE_RUN)
        runs = backfill.start_backfill(
            user=request.user,
            job=job,
            start=_instant(params, "start_time"),
            end=_instant(params, "end_time"),
            interval=params.int("interval", default=1),
            unit=params.str("unit", default="DAYS"),
            job_parameters=params.dict("job_parameters", default={}),
        )
        return Response({"run_ids": [run.pk for run in runs]})
