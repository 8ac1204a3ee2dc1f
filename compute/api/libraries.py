"""Libraries API 2.0: /api/2.0/libraries/{install,uninstall,cluster-status,all-cluster-statuses}."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from compute import libraries, permissions
from compute.choices import ClusterKind
from lakeflow.api.params import Params


def _cluster(request: Request, level: str):
    cluster_id = Params.of(request).str("cluster_id", required=True)
    return permissions.get_cluster_for(request.user, cluster_id, level)


@extend_schema(tags=["Libraries"])
class InstallView(APIView):
    def post(self, request: Request) -> Response:
        cluster = _cluster(request, permissions.MANAGE)
        items = Params.of(request).list("libraries", required=True)
        libraries.install(cluster=cluster, libraries=items)
        return Response({})


@extend_schema(tags=["Libraries"])
class UninstallView(APIView):
    def post(self, request: Request) -> Response:
        cluster = _cluster(request, permissions.MANAGE)
        items = Params.of(request).list("libraries", required=True)
        libraries.uninstall(cluster=cluster, libraries=items)
        return Response({})


@extend_schema(tags=["Libraries"])
class ClusterStatusView(APIView):
    def get(self, request: Request) -> Response:
        return Response(libraries.statuses(_cluster(request, permissions.ATTACH)))


@extend_schema(tags=["Libraries"])
class AllClusterStatusesView(APIView):
    def get(self, request: Request) -> Response:
        clusters = permissions.visible_clusters(request.user).exclude(kind=ClusterKind.SERVERLESS)
        return Response({"statuses": [libraries.statuses(c) for c in clusters.prefetch_related("libraries")]})
