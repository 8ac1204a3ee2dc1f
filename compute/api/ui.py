"""Endpoints only the browser's compute pages use (``/api/ui/clusters/...``).

- ``access``: what the user may do -- create clusters, and their level on each cluster they can
  see -- so the pages show only the buttons that will work (the Clusters API checks again).
- ``<cluster_id>/task-runs``: the task runs placed on a cluster, newest first, limited to runs the
  user may view; clusters/get has no such list.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Case, IntegerField, Q, When
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from compute import permissions
from compute.choices import CLUSTER_PERMISSION_RANK, ClusterKind
from compute.models import ClusterPermission
from lakeflow.api.params import Params
from runs.api import access
from runs.api.wire import ms, task_run_wire_id
from runs.choices import TASK_ACTIVE
from runs.models import TaskRun

TASK_RUNS_MAX = 100


def levels_of(user) -> dict[str, str]:
    """{cluster_id: the user's level} for every cluster clusters/list shows them (three queries)."""
    clusters = permissions.visible_clusters(user).exclude(kind=ClusterKind.SERVERLESS)
    if permissions.is_admin(user):
        return dict.fromkeys(clusters.values_list("cluster_id", flat=True), permissions.MANAGE)
    levels: dict[str, str] = {}
    grants = ClusterPermission.objects.filter(Q(user=user) | Q(group__in=user.groups.all())).values_list(
        "cluster__cluster_id", "level"
    )
    for cluster_id, level in grants:
        if (
            cluster_id not in levels
            or CLUSTER_PERMISSION_RANK[level] > CLUSTER_PERMISSION_RANK[levels[cluster_id]]
        ):
            levels[cluster_id] = level
    for cluster_id, creator_id in clusters.values_list("cluster_id", "creator_id"):
        if creator_id == user.pk:
            levels[cluster_id] = permissions.MANAGE
    visible = set(clusters.values_list("cluster_id", flat=True))
    return {cluster_id: level for cluster_id, level in levels.items() if cluster_id in visible}


@extend_schema(tags=["UI"])
class ClusterAccessView(APIView):
    def get(self, request: Request) -> Response:
        return Response(
            {
                "can_create": permissions.can_create(request.user),
                "is_admin": permissions.is_admin(request.user),
                "levels": levels_of(request.user),
            }
        )


def task_run_row(task_run: TaskRun) -> dict[str, Any]:
    run = task_run.job_run
    return {
        "run_id": task_run_wire_id(task_run.pk),
        "job_run_id": run.pk,
        "job_id": run.job_id,
        "run_name": run.run_name or run.settings.get("name") or "Untitled",
        "task_key": task_run.task_key,
        "attempt_number": task_run.attempt_number,
        "state": task_run.state,
        "active": task_run.state in TASK_ACTIVE,
        "start_time": ms(task_run.start_time) if task_run.start_time else None,
        "end_time": ms(task_run.end_time) if task_run.end_time else None,
    }


@extend_schema(tags=["UI"])
class ClusterTaskRunsView(APIView):
    """Active task runs first, then the most recent finished ones (``limit``, at most 100)."""

    def get(self, request: Request, cluster_id: str) -> Response:
        cluster = permissions.get_cluster_for(request.user, cluster_id, permissions.ATTACH)
        limit = Params.of(request).int("limit", default=25, min=1, max=TASK_RUNS_MAX)
        rows = (
            TaskRun.objects.filter(
                cluster_id=cluster.cluster_id, job_run__in=access.visible_runs(request.user)
            )
            .select_related("job_run")
            .annotate(
                finished=Case(
                    When(state__in=list(TASK_ACTIVE), then=0), default=1, output_field=IntegerField()
                )
            )
            .order_by("finished", "-id")[:limit]
        )
        return Response({"task_runs": [task_run_row(row) for row in rows]})
