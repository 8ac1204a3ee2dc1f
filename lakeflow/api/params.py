"""Typed reading of request fields, with Databricks-style errors naming the field.

Databricks endpoints take GET query strings and POST JSON bodies with the same field names;
``Params`` reads either, so views say what they need in one line:

    p = Params.of(request)
    job_id = p.int("job_id", required=True)
    limit = p.int("limit", default=20, min=1, max=100)
"""

from __future__ import annotations

from typing import Any

from rest_framework.request import Request

from lakeflow.api.errors import invalid, malformed

_MISSING = object()


class Params:
    def __init__(self, data: Any, *, from_query: bool = False):
        if not isinstance(data, dict):
            raise malformed("The request body must be a JSON object.")
        self.data = data
        self.from_query = from_query  # query-string values arrive as text

    @classmethod
    def of(cls, request: Request) -> Params:
        """Query parameters for GET/DELETE, the JSON body otherwise."""
        if request.method in ("GET", "DELETE", "HEAD") and not request.body:
            return cls(dict(request.query_params.items()), from_query=True)
        return cls(request.data)

    def __contains__(self, name: str) -> bool:
        return name in self.data

    def raw(self, name: str, default: Any = None) -> Any:
        return self.data.get(name, default)

    def _get(self, name: str, required: bool, default: Any) -> Any:
        value = self.data.get(name, _MISSING)
        if value is _MISSING or value is None:
            if required:
                raise invalid(f"Missing required field: {name}")
            return default
        return value

    def int(
        self,
        name: str,
        *,
        required: bool = False,
        default: int | None = None,
        min: int | None = None,
        max: int | None = None,
    ) -> int | None:
        value = self._get(name, required, default)
        if value is None:
            return None
        if self.from_query and isinstance(value, str):
            try:
                value = int(value)
            except ValueError:
                raise invalid(f"Field {name} must be an integer, got {value!r}.") from None
        if isinstance(value, bool) or not isinstance(value, int):
            raise malformed(f"Field {name} must be an integer, got {type(value).__name__}.")
        if min is not None and value < min:
            raise invalid(f"Field {name} must be at least {min}, got {value}.")
        if max is not None and value > max:
            raise invalid(f"Field {name} must be at most {max}, got {value}.")
        return value

    def str(
        self, name: str, *, required: bool = False, default: str | None = None, max_length: int | None = None
    ) -> str | None:
        value = self._get(name, required, default)
        if value is None:
            return None
        if not isinstance(value, str):
            raise malformed(f"Field {name} must be a string, got {type(value).__name__}.")
        if required and not value:
            raise invalid(f"Field {name} must not be empty.")
        if max_length is not None and len(value) > max_length:
            raise invalid(f"Field {name} must be at most {max_length} characters long.")
        return value

    def bool(self, name: str, *, default: bool = False) -> bool:
        value = self._get(name, False, default)
        if self.from_query and isinstance(value, str):
            if value.lower() in ("true", "1"):
                return True
            if value.lower() in ("false", "0"):
                return False
            raise invalid(f"Field {name} must be true or false, got {value!r}.")
        if not isinstance(value, bool):
            raise malformed(f"Field {name} must be a boolean, got {type(value).__name__}.")
        return value

    def list(self, name: str, *, required: bool = False, default: list | None = None) -> list | None:
        value = self._get(name, required, default)
        if value is not None and not isinstance(value, list):
            raise malformed(f"Field {name} must be an array, got {type(value).__name__}.")
        return value

    def dict(self, name: str, *, required: bool = False, default: dict | None = None) -> dict | None:
        value = self._get(name, required, default)
        if value is not None and not isinstance(value, dict):
            raise malformed(f"Field {name} must be an object, got {type(value).__name__}.")
        return value
