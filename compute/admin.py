"""Admin for clusters: their spec, state, events, workers, libraries and permissions. The state is
read-only here (it changes through the lifecycle); the actions start and terminate through the
same services as the API."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from compute import services
from compute.models import Cluster, ClusterEvent, ClusterLibrary, ClusterPermission, ClusterWorker
from lakeflow.api.errors import ApiError
from lakeflow.audit import audit
from lakeflow.audit.grants import AuditedGrantsInlineMixin


class ClusterEventInline(admin.TabularInline):
    model = ClusterEvent
    fields = ("timestamp", "type", "details")
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ("-timestamp", "-id")
    max_num = 0


class ClusterWorkerInline(admin.TabularInline):
    model = ClusterWorker
    fields = (
        "name",
        "state",
        "managed",
        "hostname",
        "pid",
        "started_at",
        "ready_at",
        "heartbeat_at",
        "exit_message",
    )
    readonly_fields = fields
    extra = 0
    can_delete = False
    max_num = 0


class ClusterLibraryInline(admin.TabularInline):
    model = ClusterLibrary
    fields = ("library", "status", "messages", "updated_at")
    readonly_fields = ("status", "messages", "updated_at")
    extra = 0


class ClusterPermissionInline(admin.TabularInline):
    model = ClusterPermission
    fields = ("user", "group", "level")
    extra = 0


@admin.register(Cluster)
class ClusterAdmin(AuditedGrantsInlineMixin, admin.ModelAdmin):
    grant_model = ClusterPermission
    grant_action = audit.Action.CLUSTER_PERMISSIONS
    grant_target_type = "cluster"
    list_display = (
        "cluster_name",
        "cluster_id",
        "kind",
        "source",
        "state",
        "target_workers",
        "creator",
        "created_at",
        "last_activity_time",
    )
    list_filter = ("state", "kind", "source", "provider")
    search_fields = ("cluster_name", "cluster_id", "creator__username")
    readonly_fields = (
        "cluster_id",
        "kind",
        "source",
        "state",
        "state_message",
        "state_changed_at",
        "termination_reason",
        "target_workers",
        "job_run",
        "job_cluster_key",
        "created_at",
        "start_time",
        "running_since",
        "terminated_time",
        "last_restarted_time",
        "last_activity_time",
        "deleted_at",
    )
    inlines = [ClusterWorkerInline, ClusterLibraryInline, ClusterPermissionInline, ClusterEventInline]
    actions = ["start", "terminate"]

    def grant_target_id(self, obj: Cluster) -> str:
        return obj.cluster_id

    @admin.action(description="Start the selected clusters")
    def start(self, request: HttpRequest, queryset: QuerySet[Cluster]) -> None:
        self._each(request, queryset, lambda c: services.start_cluster(cluster=c, user=request.user))

    @admin.action(description="Terminate the selected clusters")
    def terminate(self, request: HttpRequest, queryset: QuerySet[Cluster]) -> None:
        self._each(request, queryset, lambda c: services.terminate_cluster(cluster=c, user=request.user))

    def _each(self, request: HttpRequest, queryset: QuerySet[Cluster], operation) -> None:
        for cluster in queryset:
            try:
                operation(cluster)
            except ApiError as error:
                self.message_user(request, f"{cluster}: {error.message}", messages.WARNING)


@admin.register(ClusterEvent)
class ClusterEventAdmin(admin.ModelAdmin):
    list_display = ("timestamp", "cluster", "type")
    list_filter = ("type",)
    search_fields = ("cluster__cluster_name", "cluster__cluster_id")
    readonly_fields = ("cluster", "timestamp", "type", "details")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(ClusterLibrary)
class ClusterLibraryAdmin(admin.ModelAdmin):
    list_display = ("key", "cluster", "status", "updated_at")
    list_filter = ("status",)
    search_fields = ("key", "cluster__cluster_name")
    readonly_fields = ("status", "messages", "created_at", "updated_at")
