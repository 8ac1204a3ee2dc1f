"""Typed reading of one raw JSON object, with errors that say where the bad value is.

``Reader`` checks each field's JSON type as it reads it (wrong type: MALFORMED_REQUEST; right
type, bad value: INVALID_PARAMETER_VALUE) and collects a normalized copy in ``out``. ``Where`` is
the location an error names: a task prefix (``Task "etl": ``) plus a field path
(``notebook_task.base_parameters.x``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from lakeflow.api.errors import ApiError, invalid, malformed

_MISSING = object()
INT32_MAX = 2**31 - 1


class Where:
    """The location named in an error message: an optional task prefix plus a field path."""

    def __init__(self, prefix: str = "", path: str = ""):
        self.prefix = prefix
        self.path = path

    def field(self, name: str) -> Where:
        return Where(self.prefix, f"{self.path}.{name}" if self.path else name)

    def item(self, index: int) -> Where:
        return Where(self.prefix, f"{self.path}[{index}]")

    def text(self) -> str:
        return f"{self.prefix}{self.path}"

    def _say(self, message: str) -> str:
        text = self.text()
        return f"{text}{message}" if not text or text.endswith(" ") else f"{text} {message}"

    def malformed(self, message: str) -> ApiError:
        return malformed(self._say(message))

    def invalid(self, message: str) -> ApiError:
        return invalid(self._say(message))


def for_task(task_key: str) -> Where:
    return Where(f'Task "{task_key}": ')


def json_type(value: Any) -> str:
    """The JSON name of a value's type, for "must be X, got Y" messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


class Reader:
    """Reads fields of one raw JSON object, checking types, and collects the normalized copy.

    Each read copies the value into ``out`` when present (or defaulted); null counts as absent,
    as in Databricks' JSON mapping.
    """

    def __init__(self, raw: Any, where: Where):
        if not isinstance(raw, dict):
            raise where.malformed(f"must be an object, got {json_type(raw)}.")
        self.raw = raw
        self.where = where
        self.out: dict[str, Any] = {}

    def has(self, name: str) -> bool:
        return self.raw.get(name) is not None

    def _value(self, name: str, required: bool) -> Any:
        value = self.raw.get(name)
        if value is None:
            if required:
                raise self.where.field(name).invalid("is required.")
            return _MISSING
        return value

    def _keep(self, name: str, value: Any, default: Any) -> Any:
        if value is _MISSING:
            if default is _MISSING:
                return None
            value = default
        self.out[name] = value
        return value

    def str(
        self,
        name: str,
        *,
        required: bool = False,
        default: Any = _MISSING,
        max_length: int | None = None,
        choices: Iterable[str] | None = None,
        non_empty: bool = False,
    ) -> str | None:
        value = self._value(name, required)
        at = self.where.field(name)
        if value is not _MISSING:
            if not isinstance(value, str):
                raise at.malformed(f"must be a string, got {json_type(value)}.")
            if (non_empty or required) and not value.strip():
                raise at.invalid("must not be empty.")
            if max_length is not None and len(value) > max_length:
                raise at.invalid(f"must be at most {max_length} characters long, got {len(value)}.")
            if choices is not None and value not in choices:
                raise at.invalid(f"must be one of {', '.join(choices)}; got {value!r}.")
        return self._keep(name, value, default)

    def int(
        self,
        name: str,
        *,
        required: bool = False,
        default: Any = _MISSING,
        min: int | None = 0,
        max: int | None = None,
    ) -> int | None:
        value = self._value(name, required)
        at = self.where.field(name)
        if value is not _MISSING:
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            if isinstance(value, bool) or not isinstance(value, int):
                raise at.malformed(f"must be an integer, got {json_type(value)}.")
            if min is not None and value < min:
                raise at.invalid(
                    "must not be negative." if min == 0 else f"must be at least {min}, got {value}."
                )
            max = INT32_MAX if max is None else max  # every integer setting fits a database int
            if value > max:
                raise at.invalid(f"must be at most {max}, got {value}.")
        return self._keep(name, value, default)

    def bool(self, name: str, *, default: Any = _MISSING) -> bool | None:
        value = self._value(name, False)
        if value is not _MISSING and not isinstance(value, bool):
            raise self.where.field(name).malformed(f"must be a boolean, got {json_type(value)}.")
        return self._keep(name, value, default)

    def str_list(self, name: str, *, required: bool = False, non_empty: bool = False) -> list[str] | None:
        value = self._value(name, required)
        at = self.where.field(name)
        if value is not _MISSING:
            if not isinstance(value, list):
                raise at.malformed(f"must be an array of strings, got {json_type(value)}.")
            for index, item in enumerate(value):
                if not isinstance(item, str):
                    raise at.item(index).malformed(f"must be a string, got {json_type(item)}.")
            if non_empty and not value:
                raise at.invalid("must not be empty.")
        return self._keep(name, value, _MISSING)

    def str_map(self, name: str) -> dict[str, str] | None:
        """An object of string values (tags, base_parameters, named parameters ...)."""
        value = self._value(name, False)
        at = self.where.field(name)
        if value is not _MISSING:
            if not isinstance(value, dict):
                raise at.malformed(f"must be an object of strings, got {json_type(value)}.")
            for key, item in value.items():
                if not isinstance(item, str):
                    raise at.field(key).malformed(f"must be a string, got {json_type(item)}.")
        return self._keep(name, value, _MISSING)

    def obj(
        self,
        name: str,
        check: Callable[[Reader], None] | None = None,
        *,
        required: bool = False,
        empty_default: bool = False,
    ) -> Any:
        """A nested object: `check` reads its fields into a nested Reader, whose output is kept.

        Without `check` the object is kept as given (free-form specs like new_cluster); with
        `empty_default` an absent object reads as {} (Databricks returns empty notifications)."""
        value = self._value(name, required)
        if value is _MISSING:
            if empty_default:
                self.out[name] = {}
                return {}
            return None
        nested = Reader(value, self.where.field(name))
        if check is None:
            return self._keep(name, dict(value), _MISSING)
        check(nested)
        return self._keep(name, nested.out, _MISSING)

    def objects(self, name: str, check: Callable[[Reader], None], *, max_items: int | None = None) -> Any:
        """An array of objects, each read by `check`."""
        value = self._value(name, False)
        if value is _MISSING:
            return None
        at = self.where.field(name)
        if not isinstance(value, list):
            raise at.malformed(f"must be an array, got {json_type(value)}.")
        if max_items is not None and len(value) > max_items:
            raise at.invalid(f"must have at most {max_items} entries, got {len(value)}.")
        items = []
        for index, item in enumerate(value):
            nested = Reader(item, at.item(index))
            check(nested)
            items.append(nested.out)
        return self._keep(name, items, _MISSING)

    def exactly_one(self, names: Iterable[str], *, at_most: bool = False) -> str | None:
        """Check that exactly one (or, with at_most, at most one) of the fields is set."""
        names = tuple(names)
        present = [name for name in names if self.has(name)]
        if len(present) > 1:
            raise self.where.invalid(f"may set only one of {', '.join(names)}; got {', '.join(present)}.")
        if not present and not at_most:
            raise self.where.invalid(f"must set one of {', '.join(names)}.")
        return present[0] if present else None
