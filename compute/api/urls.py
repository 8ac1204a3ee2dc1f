from __future__ import annotations

from django.urls import path

from compute.api import clusters, libraries, permissions, runtime, statements, ui, warehouses

urlpatterns: list = [
    path("api/2.0/sql/warehouses", warehouses.WarehousesView.as_view(), name="sql-warehouses"),
    path(
        "api/2.0/sql/warehouses/<str:warehouse_id>", warehouses.WarehouseView.as_view(), name="sql-warehouse"
    ),
    path("api/2.0/sql/warehouses/<str:warehouse_id>/edit", warehouses.EditWarehouseView.as_view()),
    path("api/2.0/sql/warehouses/<str:warehouse_id>/start", warehouses.StartWarehouseView.as_view()),
    path("api/2.0/sql/warehouses/<str:warehouse_id>/stop", warehouses.StopWarehouseView.as_view()),
    path("api/2.0/sql/statements", statements.ExecuteStatementView.as_view(), name="sql-statements"),
    path(
        "api/2.0/sql/statements/<str:statement_id>", statements.StatementView.as_view(), name="sql-statement"
    ),
    path("api/2.0/sql/statements/<str:statement_id>/cancel", statements.CancelStatementView.as_view()),
    *runtime.urlpatterns,  # the same for task code (a notebook's %sql cells), with the task credential
    path(
        "api/2.0/sql/statements/<str:statement_id>/result/chunks/<int:chunk_index>",
        statements.ResultChunkView.as_view(),
    ),
    *[
        path(f"api/{version}/clusters/{name}", view.as_view())
        for version in ("2.1", "2.0")
        for name, view in (
            ("create", clusters.CreateClusterView),
            ("edit", clusters.EditClusterView),
            ("get", clusters.GetClusterView),
            ("list", clusters.ListClustersView),
            ("start", clusters.StartClusterView),
            ("restart", clusters.RestartClusterView),
            ("resize", clusters.ResizeClusterView),
            ("delete", clusters.DeleteClusterView),
            ("permanent-delete", clusters.PermanentDeleteClusterView),
            ("events", clusters.ClusterEventsView),
            ("list-node-types", clusters.NodeTypesView),
            ("spark-versions", clusters.SparkVersionsView),
        )
    ],
    path("api/2.0/libraries/install", libraries.InstallView.as_view()),
    path("api/2.0/libraries/uninstall", libraries.UninstallView.as_view()),
    path("api/2.0/libraries/cluster-status", libraries.ClusterStatusView.as_view()),
    path("api/2.0/libraries/all-cluster-statuses", libraries.AllClusterStatusesView.as_view()),
    path("api/2.0/permissions/clusters/<str:cluster_id>", permissions.ClusterPermissionsView.as_view()),
    path(
        "api/2.0/permissions/clusters/<str:cluster_id>/permissionLevels",
        permissions.ClusterPermissionLevelsView.as_view(),
    ),
]

# The browser's compute pages (compute/api/ui.py).
urlpatterns += [
    path("api/ui/clusters/access", ui.ClusterAccessView.as_view(), name="clusters-ui-access"),
    path(
        "api/ui/clusters/<str:cluster_id>/task-runs",
        ui.ClusterTaskRunsView.as_view(),
        name="cluster-task-runs",
    ),
]
