from __future__ import annotations

from django.urls import path

from lakeflow.notifications.api import views

urlpatterns = [
    path("api/2.0/notification-destinations", views.destinations, name="notification-destinations"),
    path(
        "api/2.0/notification-destinations/<str:destination_id>",
        views.destination,
        name="notification-destination",
    ),
    path("api/ui/notifications/deliveries", views.deliveries, name="ui-notification-deliveries"),
]
