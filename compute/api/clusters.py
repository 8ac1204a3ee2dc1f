"""Clusters API 2.1 (``/api/2.1/clusters/...``, with ``/api/2.0`` aliases).

Views read the request, check permissions and call compute.services; the wire shapes are in
compute/api/wire.py. Paging tokens are the offset, base64-encoded.
"""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta

from django.db.models import Q
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from compute import permissions, services
from compute.api import wire
from compute.choices import ClusterKind, ClusterSource, ClusterState
from compute.models import Cluster
from compute.specs import parse_size
from lakeflow.api.errors import invalid, malformed
from lakeflow.api.params import Params

EVENTS_MAX_LIMIT = 500
LIST_MAX_PAGE_SIZE = 1000


def encode_token(offset: int) -> str:
    return base64.urlsafe_b64encode(f"offset:{offset}".encode()).decode()


def decode_token(token: str) -> int:
    try:
        kind, _, value = base64.urlsafe_b64decode(token.encode()).decode().partition(":")
        if kind == "offset" and 0 <= int(value) <= 2**62:  # the database takes no larger OFFSET
            return int(value)
    except (ValueError, UnicodeDecodeError):
        pass
    raise invalid(f"Invalid page_token {token!r}.")


def _cluster(request: Request, level: str) -> Cluster:
    cluster_id = Params.of(request).str("cluster_id", required=True)
    return permissions.get_cluster_for(request.user, cluster_id, level)


def _body_spec(request: Request) -> dict:
    if not isinstance(request.data, dict):
        raise malformed("The request body must be a JSON object.")
    return request.data


def _source(request: Request) -> str:
    # The browser app marks its requests; everything else is an API client.
    return ClusterSource.UI if request.headers.get("X-Lakeflow-Client") == "ui" else ClusterSource.API


@extend_schema(tags=["Clusters"])
class CreateClusterView(APIView):
    def post(self, request: Request) -> Response:
        permissions.require_create(request.user)
        spec = _body_spec(request)
        cluster = services.create_cluster(user=request.user, spec=spec, source=_source(request))
        return Response({"cluster_id": cluster.cluster_id})


@extend_schema(tags=["Clusters"])
class EditClusterView(APIView):
    def post(self, request: Request) -> Response:
        cluster = _cluster(request, permissions.MANAGE)
        if cluster.kind != ClusterKind.ALL_PURPOSE:
            raise invalid(f"Cluster {cluster.cluster_id} is a job cluster: it cannot be edited.")
        services.edit_cluster(cluster=cluster, user=request.user, spec=_body_spec(request))
        return Response({})


@extend_schema(tags=["Clusters"])
class GetClusterView(APIView):
    def get(self, request: Request) -> Response:
        return Response(wire.cluster_details(_cluster(request, permissions.ATTACH)))


def _list_filters(request: Request) -> tuple[list[str], list[str], bool | None]:
    """filter_by as the SDK sends it on a GET (filter_by.cluster_sources=UI&...) or in a body."""
    query = request.query_params
    sources = query.getlist("filter_by.cluster_sources") or query.getlist("cluster_sources")
    states = query.getlist("filter_by.cluster_states")
    pinned = query.get("filter_by.is_pinned")
    body = request.data if isinstance(request.data, dict) else {}
    if isinstance(body.get("filter_by"), dict):
        sources = sources or body["filter_by"].get("cluster_sources") or []
        states = states or body["filter_by"].get("cluster_states") or []
    for value in sources:
        if value not in ClusterSource.values:
            raise invalid(
                f"filter_by.cluster_sources: unknown cluster source {value!r}; "
                f"one of {', '.join(ClusterSource.values)}."
            )
    for value in states:
        if value not in ClusterState.values:
            raise invalid(f"filter_by.cluster_states: unknown state {value!r}.")
    return sources, states, None if pinned is None else pinned == "true"


@extend_schema(tags=["Clusters"])
class ListClustersView(APIView):
    """Active clusters and those terminated within the last 30 days, newest first."""

    def get(self, request: Request) -> Response:
        p = Params.of(request)
        page_size = p.int("page_size", min=1, max=LIST_MAX_PAGE_SIZE)
        offset = decode_token(p.str("page_token")) if p.str("page_token") else 0
        sources, states, pinned = _list_filters(request)
        clusters = permissions.visible_clusters(request.user).exclude(kind=ClusterKind.SERVERLESS)
        recent = timezone.now() - timedelta(days=30)
        clusters = clusters.filter(Q(terminated_time__isnull=True) | Q(terminated_time__gte=recent))
        if sources:
            clusters = clusters.filter(source__in=sources)
        if states:
            clusters = clusters.filter(state__in=states)
        if pinned:
            clusters = clusters.none()  # pinning is not kept
        clusters = (
            clusters.select_related("creator").prefetch_related("workers").order_by("-created_at", "-id")
        )
        rows = list(clusters[offset : offset + page_size + 1] if page_size else clusters[offset:])
        more = page_size is not None and len(rows) > page_size
        body: dict = {"clusters": [wire.cluster_details(c) for c in rows[:page_size]]}
        if more:
            body["next_page_token"] = encode_token(offset + page_size)
        if offset and page_size:
            body["prev_page_token"] = encode_token(max(0, offset - page_size))
        return Response(body)


def _action(level: str, operation):
    class ActionView(APIView):
        def post(self, request: Request) -> Response:
            operation(request, _cluster(request, level))
            return Response({})

    return ActionView


StartClusterView = _action(
    permissions.RESTART, lambda request, c: services.start_cluster(cluster=c, user=request.user)
)
RestartClusterView = _action(
    permissions.RESTART, lambda request, c: services.restart_cluster(cluster=c, user=request.user)
)
DeleteClusterView = _action(
    permissions.RESTART, lambda request, c: services.terminate_cluster(cluster=c, user=request.user)
)
PermanentDeleteClusterView = _action(
    permissions.MANAGE, lambda request, c: services.permanent_delete_cluster(cluster=c, user=request.user)
)


def _resize(request: Request, cluster: Cluster) -> None:
    num_workers, autoscale = parse_size(request.data if isinstance(request.data, dict) else {})
    services.resize_cluster(cluster=cluster, user=request.user, num_workers=num_workers, autoscale=autoscale)


ResizeClusterView = _action(permissions.MANAGE, _resize)


def _time(p: Params, name: str) -> datetime | None:
    value = p.int(name, min=0)
    return datetime.fromtimestamp(value / 1000, tz=UTC) if value is not None else None


@extend_schema(tags=["Clusters"])
class ClusterEventsView(APIView):
    """Paged events: offset/limit (next_page is the next request body) or page_token/page_size."""

    def post(self, request: Request) -> Response:
        p = Params.of(request)
        cluster = _cluster(request, permissions.ATTACH)
        order = p.str("order", default="DESC")
        if order not in ("ASC", "DESC"):
            raise invalid(f"order must be ASC or DESC; got {order!r}.")
        types = p.list("event_types", default=[])
        for value in types:
            # Any Databricks event type may be asked for; Lakeflow writes a subset (EventType).
            if not isinstance(value, str) or not value.replace("_", "").isalpha() or not value.isupper():
                raise invalid(f"event_types: {value!r} is not an event type.")
        token = p.str("page_token")
        offset = decode_token(token) if token else p.int("offset", default=0, min=0, max=2**62)
        limit = p.int("page_size", min=1, max=EVENTS_MAX_LIMIT) or p.int(
            "limit", default=50, min=1, max=EVENTS_MAX_LIMIT
        )
        events = cluster.events.all()
        if types:
            events = events.filter(type__in=types)
        if start := _time(p, "start_time"):
            events = events.filter(timestamp__gte=start)
        if end := _time(p, "end_time"):
            events = events.filter(timestamp__lte=end)
        events = events.order_by(*(("timestamp", "id") if order == "ASC" else ("-timestamp", "-id")))
        total = events.count()
        page = list(events[offset : offset + limit])
        body: dict = {"events": [wire.event(e, cluster.cluster_id) for e in page], "total_count": total}
        if offset + limit < total:
            following = (
                {k: v for k, v in request.data.items() if k not in ("page_token",)}
                if isinstance(request.data, dict)
                else {}
            )
            following.update({"cluster_id": cluster.cluster_id, "offset": offset + limit, "limit": limit})
            following.pop("page_size", None)
            body["next_page"] = following
            body["next_page_token"] = encode_token(offset + limit)
        if offset:
            body["prev_page_token"] = encode_token(max(0, offset - limit))
        return Response(body)


@extend_schema(tags=["Clusters"])
class NodeTypesView(APIView):
    def get(self, request: Request) -> Response:
        return Response({"node_types": wire.node_types()})


@extend_schema(tags=["Clusters"])
class SparkVersionsView(APIView):
    def get(self, request: Request) -> Response:
        return Response({"versions": wire.spark_versions()})
