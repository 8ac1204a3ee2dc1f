"""Token API (Databricks /api/2.0/token/*) and the browser app's session endpoints (/api/ui/auth/*)."""

from __future__ import annotations

from django.contrib.auth import authenticate, login, logout
from django.middleware.csrf import get_token
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import ensure_csrf_cookie
from drf_spectacular.utils import extend_schema
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from lakeflow.accounts import ratelimit, services
from lakeflow.accounts.api import serializers as s
from lakeflow.api.errors import ApiError, denied, invalid
from lakeflow.api.params import Params


def _personal_user(request: Request):
    """Token management is for people: a task run's scoped token may not mint lasting tokens."""
    if getattr(request.auth, "task_run_id", None) is not None:
        raise denied("A task run's token cannot manage personal access tokens.")
    return request.user


@extend_schema(
    tags=["Tokens"], request=s.CreateTokenRequestSerializer, responses=s.CreateTokenResponseSerializer
)
class CreateTokenView(APIView):
    def post(self, request: Request) -> Response:
        p = Params.of(request)
        lifetime_seconds = p.int("lifetime_seconds")
        comment = p.str("comment", default="", max_length=255)
        # Databricks treats a missing or non-positive lifetime as "never expires".
        if lifetime_seconds is not None and lifetime_seconds <= 0:
            lifetime_seconds = None
        token, raw = services.create_token(
            user=_personal_user(request), comment=comment, lifetime_seconds=lifetime_seconds
        )
        return Response({"token_value": raw, "token_info": s.token_info(token)})


@extend_schema(tags=["Tokens"], responses=s.ListTokensResponseSerializer)
class ListTokensView(APIView):
    def get(self, request: Request) -> Response:
        tokens = services.personal_tokens(user=_personal_user(request))
        return Response({"token_infos": [s.token_info(token) for token in tokens]})


@extend_schema(tags=["Tokens"], request=s.DeleteTokenRequestSerializer, responses=s.EmptySerializer)
class DeleteTokenView(APIView):
    def post(self, request: Request) -> Response:
        p = Params.of(request)
        raw_id = p.raw("token_id")
        if raw_id is None or raw_id == "":
            raise invalid("Missing required field: token_id")
        try:
            token_id = int(raw_id)
        except (TypeError, ValueError):
            raise invalid(f"Token {raw_id} does not exist.") from None
        services.revoke_token(user=_personal_user(request), token_id=token_id)
        return Response({})


# --- Browser session ------------------------------------------------------------------------------


@method_decorator(ensure_csrf_cookie, name="dispatch")
@extend_schema(tags=["Session"], responses=s.CsrfSerializer)
class CsrfView(APIView):
    """Sets the csrftoken cookie the browser app sends back as X-CSRFToken on writes."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    def get(self, request: Request) -> Response:
        return Response({"csrf_token": get_token(request)})


@extend_schema(tags=["Session"], request=s.LoginRequestSerializer, responses=s.MeSerializer)
class LoginView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]

    def post(self, request: Request) -> Response:
        # APIViews are csrf-exempt; a login form must not be (login CSRF), so check it here.
        SessionAuthentication().enforce_csrf(request)
        p = Params.of(request)
        username = p.str("username", required=True, max_length=150)
        password = p.str("password", required=True, max_length=4096)
        ratelimit.check(ratelimit.keys_for(request, username))
        user = authenticate(request._request, username=username, password=password)
        if user is None or not user.is_active:
            raise ApiError("UNAUTHENTICATED", "Invalid user name or password.", 401)
        login(request._request, user)
        return Response(s.me(user))


@extend_schema(tags=["Session"], request=None, responses=s.EmptySerializer)
class LogoutView(APIView):
    def post(self, request: Request) -> Response:
        logout(request._request)
        return Response({})


@extend_schema(tags=["Users"], responses=s.ScimUserSerializer)
class ScimMeView(APIView):
    """GET /api/2.0/preview/scim/v2/Me: the caller, as SCIM (the SDK's current_user.me())."""

    def get(self, request: Request) -> Response:
        return Response(s.scim_user(request.user))


@extend_schema(tags=["Session"], responses=s.MeSerializer)
class MeView(APIView):
    def get(self, request: Request) -> Response:
        return Response(s.me(request.user))
