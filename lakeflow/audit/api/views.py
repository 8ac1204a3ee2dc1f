"""GET /api/ui/audit: the audit log for admins, newest first, filtered and paged."""

from __future__ import annotations

from datetime import UTC, datetime

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from jobs.permissions import is_admin
from lakeflow.api.errors import denied, invalid
from lakeflow.api.params import Params
from lakeflow.api.schema import error_responses
from lakeflow.audit.choices import Action, Source
from lakeflow.audit.models import AuditEvent

MAX_MS = 253402300799999  # 9999-12-31


def event_wire(event: AuditEvent) -> dict:
    return {
        "id": event.pk,
        "time": int(event.at.timestamp() * 1000),
        "user_name": event.actor_name,
        "action": event.action,
        "target_type": event.target_type,
        "target_id": event.target_id,
        "source": event.source,
        "details": event.details,
    }


_Event = inline_serializer(
    "AuditEvent",
    {
        "id": serializers.IntegerField(),
        "time": serializers.IntegerField(),
        "user_name": serializers.CharField(),
        "action": serializers.CharField(),
        "target_type": serializers.CharField(),
        "target_id": serializers.CharField(),
        "source": serializers.CharField(),
        "details": serializers.DictField(),
    },
    many=True,
)
_Page = inline_serializer(
    "AuditPage",
    {"events": _Event, "next_page_token": serializers.CharField(required=False)},
)


def _ms(p: Params, name: str) -> datetime | None:
    value = p.int(name, min=0, max=MAX_MS)
    return None if value is None else datetime.fromtimestamp(value / 1000, tz=UTC)


@extend_schema(
    tags=["Audit"],
    parameters=[
        OpenApiParameter("user_name", OpenApiTypes.STR),
        OpenApiParameter("action", OpenApiTypes.STR, enum=Action.values),
        OpenApiParameter("source", OpenApiTypes.STR, enum=Source.values),
        OpenApiParameter("target_type", OpenApiTypes.STR),
        OpenApiParameter("target_id", OpenApiTypes.STR),
        OpenApiParameter("start_time", OpenApiTypes.INT, description="epoch ms, inclusive"),
        OpenApiParameter("end_time", OpenApiTypes.INT, description="epoch ms, exclusive"),
        OpenApiParameter("limit", OpenApiTypes.INT, description="1..500, default 100"),
        OpenApiParameter("page_token", OpenApiTypes.STR),
    ],
    responses={200: _Page, **error_responses(400, 403)},
)
@api_view(["GET"])
def audit_log(request: Request) -> Response:
    """The audit log (admins only): who created, changed, ran, cancelled or deleted what, and from where."""
    if not is_admin(request.user):
        raise denied("Only admins may read the audit log.")
    p = Params(dict(request.query_params.items()), from_query=True)
    qs = AuditEvent.objects.all()
    if name := p.str("user_name"):
        qs = qs.filter(actor_name=name)
    if action := p.str("action"):
        if action not in Action.values:
            raise invalid(f"action must be one of {', '.join(Action.values)}; got {action!r}.")
        qs = qs.filter(action=action)
    if source := p.str("source"):
        if source not in Source.values:
            raise invalid(f"source must be one of {', '.join(Source.values)}; got {source!r}.")
        qs = qs.filter(source=source)
    if target_type := p.str("target_type"):
        qs = qs.filter(target_type=target_type)
    if target_id := p.str("target_id"):
        qs = qs.filter(target_id=target_id)
    if start := _ms(p, "start_time"):
        qs = qs.filter(at__gte=start)
    if end := _ms(p, "end_time"):
        qs = qs.filter(at__lt=end)
    limit = p.int("limit", default=100, min=1, max=500)
    token = p.str("page_token") or "0"
    if not token.isdigit() or len(token) > 12:
        raise invalid(f"page_token {token!r} is not one this endpoint issued.")
    offset = int(token)
    rows = list(qs[offset : offset + limit + 1])
    body: dict = {"events": [event_wire(e) for e in rows[:limit]]}
    if len(rows) > limit:
        body["next_page_token"] = str(offset + limit)
    return Response(body)
