"""One error type for the whole API, rendered in the Databricks wire format.

Every failure the API reports is ``HTTP status + {"error_code": ..., "message": ...}``, the shape
Databricks clients (the official SDK among them) parse into typed exceptions. Services raise
``ApiError`` (or one of the named helpers); DRF's own exceptions are mapped by
``exception_handler`` so nothing else leaks out.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from rest_framework import exceptions as drf_exceptions
from rest_framework import status
from rest_framework.response import Response


class ApiError(Exception):
    """An error the API reports to its caller, with Databricks' error_code and HTTP status."""

    def __init__(self, error_code: str, message: str, status_code: int = status.HTTP_400_BAD_REQUEST):
        super().__init__(message)
        self.error_code = error_code
        self.message = message
        self.status_code = status_code

    def as_dict(self) -> dict[str, str]:
        return {"error_code": self.error_code, "message": self.message}


def invalid(message: str) -> ApiError:
    """A value that is present but wrong (HTTP 400 INVALID_PARAMETER_VALUE)."""
    return ApiError("INVALID_PARAMETER_VALUE", message)


def malformed(message: str) -> ApiError:
    """A request whose shape is wrong: bad JSON, wrong JSON type (HTTP 400 MALFORMED_REQUEST)."""
    return ApiError("MALFORMED_REQUEST", message)


def not_found(message: str) -> ApiError:
    """A resource that does not exist (HTTP 404 RESOURCE_DOES_NOT_EXIST)."""
    return ApiError("RESOURCE_DOES_NOT_EXIST", message, status.HTTP_404_NOT_FOUND)


def already_exists(message: str) -> ApiError:
    return ApiError("RESOURCE_ALREADY_EXISTS", message, status.HTTP_409_CONFLICT)


def denied(message: str) -> ApiError:
    """The caller is known but may not do this (HTTP 403 PERMISSION_DENIED)."""
    return ApiError("PERMISSION_DENIED", message, status.HTTP_403_FORBIDDEN)


def conflict(message: str) -> ApiError:
    """The resource is in a state that does not allow this (HTTP 409 INVALID_STATE)."""
    return ApiError("INVALID_STATE", message, status.HTTP_409_CONFLICT)


def _drf_message(detail: Any) -> str:
    """Flatten DRF's nested error detail into one readable sentence naming the fields."""
    if isinstance(detail, dict):
        parts = []
        for field, value in detail.items():
            text = _drf_message(value)
            parts.append(text if field == "non_field_errors" else f"{field}: {text}")
        return "; ".join(parts)
    if isinstance(detail, list):
        return "; ".join(_drf_message(item) for item in detail)
    return str(detail)


_DRF_CODES: dict[type, tuple[str, int]] = {
    drf_exceptions.ParseError: ("MALFORMED_REQUEST", 400),
    drf_exceptions.ValidationError: ("INVALID_PARAMETER_VALUE", 400),
    drf_exceptions.NotAuthenticated: ("UNAUTHENTICATED", 401),
    drf_exceptions.AuthenticationFailed: ("UNAUTHENTICATED", 401),
    drf_exceptions.PermissionDenied: ("PERMISSION_DENIED", 403),
    drf_exceptions.NotFound: ("ENDPOINT_NOT_FOUND", 404),
    drf_exceptions.MethodNotAllowed: ("BAD_REQUEST", 405),
    drf_exceptions.UnsupportedMediaType: ("MALFORMED_REQUEST", 415),
    drf_exceptions.Throttled: ("REQUEST_LIMIT_EXCEEDED", 429),
}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF EXCEPTION_HANDLER: every error leaves as {"error_code", "message"}."""
    if isinstance(exc, ApiError):
        return Response(exc.as_dict(), status=exc.status_code)
    if isinstance(exc, Http404):
        return Response({"error_code": "RESOURCE_DOES_NOT_EXIST", "message": str(exc) or "Not found."}, 404)
    if isinstance(exc, DjangoPermissionDenied):
        return Response({"error_code": "PERMISSION_DENIED", "message": str(exc) or "Permission denied."}, 403)
    if isinstance(exc, drf_exceptions.APIException):
        code, status_code = next(
            (v for k, v in _DRF_CODES.items() if isinstance(exc, k)), ("INTERNAL_ERROR", exc.status_code)
        )
        response = Response({"error_code": code, "message": _drf_message(exc.detail)}, status=status_code)
        if isinstance(exc, drf_exceptions.NotAuthenticated | drf_exceptions.AuthenticationFailed):
            response["WWW-Authenticate"] = 'Bearer realm="lakeflow"'
        return response
    return None
