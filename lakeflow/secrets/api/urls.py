from __future__ import annotations

from django.urls import path

from lakeflow.secrets.api import runtime, views

urlpatterns = [
    path("api/2.0/secrets/scopes/create", views.create_scope, name="secrets-scopes-create"),
    path("api/2.0/secrets/scopes/list", views.list_scopes, name="secrets-scopes-list"),
    path("api/2.0/secrets/scopes/delete", views.delete_scope, name="secrets-scopes-delete"),
    path("api/2.0/secrets/put", views.put_secret, name="secrets-put"),
    path("api/2.0/secrets/get", views.get_secret, name="secrets-get"),
    path("api/2.0/secrets/list", views.list_secrets, name="secrets-list"),
    path("api/2.0/secrets/delete", views.delete_secret, name="secrets-delete"),
    path("api/2.0/secrets/acls/put", views.put_acl, name="secrets-acls-put"),
    path("api/2.0/secrets/acls/get", views.get_acl, name="secrets-acls-get"),
    path("api/2.0/secrets/acls/list", views.list_acls, name="secrets-acls-list"),
    path("api/2.0/secrets/acls/delete", views.delete_acl, name="secrets-acls-delete"),
    *runtime.urlpatterns,
]
