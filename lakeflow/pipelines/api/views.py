"""`/api/2.0/pipelines`: create, list, get, edit (PUT), delete, stop; updates (start, list, get);
events. Views read the request, call lakeflow.pipelines.services, answer with api/wire.py shapes."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from lakeflow.api.errors import invalid, malformed, not_found
from lakeflow.api.params import Params
from lakeflow.pipelines import services
from lakeflow.pipelines.api import wire
from lakeflow.pipelines.models import Pipeline, PipelineEvent, PipelineState

UNSUPPORTED_UPDATE_FIELDS = (
    "refresh_selection",
    "full_refresh_selection",
    "refresh_selection_by_path",
    "full_refresh_selection_by_path",
    "validate_only",
    "rewind_spec",
)


def _page(p: Params, *, default: int, most: int) -> tuple[int, int]:
    limit = p.int("max_results", default=default, min=1, max=most)
    token = p.str("page_token") or "0"
    if not token.isdigit():
        raise invalid(f"Invalid page_token {token!r}.")
    return int(token), limit


def _paged(items: list, offset: int, limit: int, key: str, shape) -> dict:
    body: dict = {key: [shape(item) for item in items[offset : offset + limit]]}
    if offset + limit < len(items):
        body["next_page_token"] = str(offset + limit)
    if offset > 0:
        body["prev_page_token"] = str(max(offset - limit, 0))
    return body


@extend_schema(tags=["Pipelines"])
class PipelinesView(APIView):
    def get(self, request: Request) -> Response:
        p = Params.of(request)
        offset, limit = _page(p, default=25, most=100)
        pipelines = Pipeline.objects.exclude(state=PipelineState.DELETED).select_related("creator")
        text = (p.str("filter") or "").strip()
        if text:
            # Databricks' filter: name LIKE '%pattern%' (the form the UI sends).
            pattern = text.split("LIKE", 1)[-1].strip().strip("'\"").replace("%", "")
            pipelines = pipelines.filter(name__icontains=pattern)
        return Response(_paged(list(pipelines), offset, limit, "statuses", wire.pipeline_status_wire))

    def post(self, request: Request) -> Response:
        if not isinstance(request.data, dict):
            raise malformed("The request body must be a JSON object.")
        spec = wire.read_spec(request.data)
        wire.check_warehouse(spec)
        if request.data.get("dry_run"):
            return Response({"effective_settings": spec})
        pipeline = services.create_pipeline(
            user=request.user,
            spec=spec,
            allow_duplicate_names=bool(request.data.get("allow_duplicate_names")),
        )
        return Response(
            {"pipeline_id": pipeline.id, "effective_settings": {"id": pipeline.id, **pipeline.spec}}
        )


@extend_schema(tags=["Pipelines"])
class PipelineView(APIView):
    def get(self, request: Request, pipeline_id: str) -> Response:
        return Response(wire.pipeline_wire(services.get_pipeline(pipeline_id)))

    def put(self, request: Request, pipeline_id: str) -> Response:
        if not isinstance(request.data, dict):
            raise malformed("The request body must be a JSON object.")
        spec = wire.read_spec(request.data)
        wire.check_warehouse(spec)
        services.edit_pipeline(
            user=request.user,
            pipeline_id=pipeline_id,
            spec=spec,
            allow_duplicate_names=bool(request.data.get("allow_duplicate_names")),
        )
        return Response({})

    def delete(self, request: Request, pipeline_id: str) -> Response:
        services.delete_pipeline(user=request.user, pipeline_id=pipeline_id)
        return Response({})


@extend_schema(tags=["Pipelines"])
class StopPipelineView(APIView):
    def post(self, request: Request, pipeline_id: str) -> Response:
        services.stop_pipeline(user=request.user, pipeline_id=pipeline_id)
        return Response({})


@extend_schema(tags=["Pipelines"])
class UpdatesView(APIView):
    def get(self, request: Request, pipeline_id: str) -> Response:
        p = Params.of(request)
        pipeline = services.get_pipeline(pipeline_id)
        offset, limit = _page(p, default=25, most=100)
        updates = list(pipeline.updates.all())
        if until := p.str("until_update_id"):
            ids = [u.id for u in updates]
            if until not in ids:
                raise not_found(f"Update {until} does not exist in pipeline {pipeline_id}.")
            updates = updates[ids.index(until) :]
        return Response(_paged(updates, offset, limit, "updates", wire.update_wire))

    def post(self, request: Request, pipeline_id: str) -> Response:
        p = Params.of(request)
        for name in UNSUPPORTED_UPDATE_FIELDS:
            if p.raw(name):
                raise invalid(
                    f"Field {name} is not supported by Lakeflow pipelines; every update refreshes all."
                )
        cause = p.str("cause", default="API_CALL")
        update = services.start_update(
            user=request.user, pipeline_id=pipeline_id, full_refresh=p.bool("full_refresh"), cause=cause
        )
        return Response({"update_id": update.id})


@extend_schema(tags=["Pipelines"])
class UpdateView(APIView):
    def get(self, request: Request, pipeline_id: str, update_id: str) -> Response:
        pipeline = services.get_pipeline(pipeline_id)
        update = pipeline.updates.filter(id=update_id).first()
        if update is None:
            raise not_found(f"Update {update_id} does not exist in pipeline {pipeline_id}.")
        return Response({"update": wire.update_wire(update)})


@extend_schema(tags=["Pipelines"])
class EventsView(APIView):
    def get(self, request: Request, pipeline_id: str) -> Response:
        p = Params.of(request)
        pipeline = services.get_pipeline(pipeline_id)
        offset, limit = _page(p, default=100, most=1000)
        events = PipelineEvent.objects.filter(pipeline=pipeline).select_related("pipeline")
        order = request.query_params.getlist("order_by") or ["timestamp desc"]
        if order and order[0].strip().lower().endswith("asc"):
            events = events.order_by("id")
        level = (p.str("filter") or "").strip()
        if level.lower().startswith("level"):
            # level='ERROR' / level in ('ERROR', 'WARN')
            wanted = [
                part.strip(" '\"()") for part in level.split("=", 1)[-1].replace(" in ", "=").split(",")
            ]
            events = events.filter(level__in=[w.upper() for w in wanted if w])
        return Response(_paged(list(events), offset, limit, "events", wire.event_wire))
