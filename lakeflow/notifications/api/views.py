"""/api/2.0/notification-destinations (Databricks shape) and /api/ui/notifications/deliveries."""

from __future__ import annotations

from urllib.parse import urlsplit

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from lakeflow.accounts.api.serializers import EmptySerializer
from lakeflow.api.errors import invalid
from lakeflow.api.params import Params
from lakeflow.api.schema import error_responses
from lakeflow.notifications import services
from lakeflow.notifications.api import schema
from lakeflow.notifications.choices import Channel, DestinationType
from lakeflow.notifications.models import Delivery, NotificationDestination

TAGS = ["Notification destinations"]
MAX_ID = 2**63 - 1


def destination_wire(d: NotificationDestination) -> dict:
    if d.destination_type == DestinationType.EMAIL:
        config = {"email": {"addresses": list(d.addresses)}}
    elif d.destination_type == DestinationType.SLACK:
        config = {"slack": {"url_set": bool(d.url)}}
    else:
        config = {
            "generic_webhook": {
                "url_set": bool(d.url),
                "username_set": bool(d.username),
                "password_set": bool(d.password_encrypted),
            }
        }
    return {
        "id": d.pk,
        "display_name": d.display_name,
        "destination_type": d.destination_type,
        "config": config,
    }


@extend_schema(
    tags=TAGS,
    methods=["GET"],
    parameters=[
        OpenApiParameter("page_size", OpenApiTypes.INT, description="1 to 1000 (default 100)."),
        OpenApiParameter("page_token", OpenApiTypes.STR, description="next_page_token of the last page."),
    ],
    responses={200: schema.ListDestinationsResponseSerializer, **error_responses(400)},
)
@extend_schema(
    tags=TAGS,
    methods=["POST"],
    request=schema.CreateDestinationRequestSerializer,
    responses={200: schema.DestinationSerializer, **error_responses(400, 403)},
)
@api_view(["GET", "POST"])
def destinations(request: Request) -> Response:
    if request.method == "POST":
        p = Params.of(request)
        config = p.dict("config", required=True)
        created = services.create_destination(
            user=request.user, display_name=p.raw("display_name"), config=config
        )
        return Response(destination_wire(created))
    p = Params(dict(request.query_params.items()), from_query=True)
    size = p.int("page_size", default=100, min=1, max=1000)
    token = p.str("page_token") or "0"
    if not token.isdigit() or len(token) > 12:
        raise invalid(f"page_token {token!r} is not one this endpoint issued.")
    start = int(token)
    rows = list(NotificationDestination.objects.all()[start : start + size + 1])
    body: dict = {"results": [destination_wire(d) for d in rows[:size]]}
    if len(rows) > size:
        body["next_page_token"] = str(start + size)
    return Response(body)


@extend_schema(
    tags=TAGS, methods=["GET"], responses={200: schema.DestinationSerializer, **error_responses(404)}
)
@extend_schema(
    tags=TAGS,
    methods=["PATCH"],
    request=schema.UpdateDestinationRequestSerializer,
    responses={200: schema.DestinationSerializer, **error_responses(400, 403, 404)},
)
@extend_schema(
    tags=TAGS,
    methods=["DELETE"],
    description="Databricks answers 200 with an empty object (not 204).",
    responses={200: EmptySerializer, **error_responses(403, 404)},
)
@api_view(["GET", "PATCH", "DELETE"])
def destination(request: Request, destination_id: str) -> Response:
    if request.method == "GET":
        return Response(destination_wire(services.get_destination(destination_id)))
    if request.method == "DELETE":
        services.delete_destination(user=request.user, destination_id=destination_id)
        return Response({})
    p = Params.of(request)
    updated = services.update_destination(
        user=request.user,
        destination_id=destination_id,
        display_name=p.raw("display_name"),
        config=p.dict("config"),
    )
    return Response(destination_wire(updated))


def masked_url(url: str) -> str:
    """Scheme and host (with port) only: a webhook URL's path and query are often its credential
    (a Slack URL is one), and its user info can carry a password."""
    parts = urlsplit(url)
    if not parts.hostname:
        return ""
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{parts.hostname}{port}"


def delivery_wire(d: Delivery) -> dict:
    """A delivery for whoever may view the run: a webhook shows its destination and a masked URL,
    never the URL itself (destination_wire hides it from admins too)."""
    recipient, attempts = d.recipient, d.attempts
    if d.channel == Channel.WEBHOOK:
        recipient = masked_url(d.recipient)
        attempts = [{**a, "error": (a.get("error") or "").replace(d.recipient, recipient)} for a in attempts]
    return {
        "id": d.pk,
        "run_id": d.job_run_id,
        "task_key": d.task_key,
        "event": d.event,
        "channel": d.channel,
        "destination_id": d.destination_id,
        "destination_name": d.destination.display_name if d.destination else None,
        "recipient": recipient,
        "status": d.status,
        "attempts": attempts,
        "created_time": int(d.created_at.timestamp() * 1000),
    }


@extend_schema(
    tags=["UI"],
    parameters=[OpenApiParameter("run_id", OpenApiTypes.INT64, required=True)],
    responses={200: schema.DeliveriesResponseSerializer, **error_responses(400, 403, 404)},
)
@api_view(["GET"])
def deliveries(request: Request) -> Response:
    """Every notification of a run (and each attempt), for whoever may view the run."""
    from runs.api import access

    p = Params(dict(request.query_params.items()), from_query=True)
    run = access.get_job_run(request.user, p.int("run_id", required=True, min=1, max=MAX_ID))
    rows = Delivery.objects.filter(job_run=run).select_related("destination").order_by("id")
    return Response({"deliveries": [delivery_wire(d) for d in rows]})
