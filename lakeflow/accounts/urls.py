"""Token API (Databricks paths) and the browser app's session endpoints."""

from __future__ import annotations

from django.urls import path

from lakeflow.accounts.api import views

urlpatterns = [
    path("api/2.0/token/create", views.CreateTokenView.as_view(), name="token-create"),
    path("api/2.0/token/list", views.ListTokensView.as_view(), name="token-list"),
    path("api/2.0/token/delete", views.DeleteTokenView.as_view(), name="token-delete"),
    path("api/2.0/preview/scim/v2/Me", views.ScimMeView.as_view(), name="scim-me"),
    path("api/ui/auth/csrf", views.CsrfView.as_view(), name="auth-csrf"),
    path("api/ui/auth/login", views.LoginView.as_view(), name="auth-login"),
    path("api/ui/auth/logout", views.LogoutView.as_view(), name="auth-logout"),
    path("api/ui/auth/me", views.MeView.as_view(), name="auth-me"),
]
