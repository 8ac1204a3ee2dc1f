from __future__ import annotations

from django.urls import path

from compute.api import statements, warehouses

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
]
