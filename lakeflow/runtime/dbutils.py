"""The dbutils object (see the package docstring). Standard library only."""

from __future__ import annotations

import contextlib
import json
import os
from typing import Any

_MISSING = object()


class LakeflowRuntimeError(RuntimeError):
    """The Lakeflow server refused or could not be reached."""


def _call(method: str, path: str, *, body: dict | None = None, query: dict | None = None) -> dict:
    # Imported here: urllib.request costs ~15 ms, paid only by tasks that talk to Lakeflow.
    import urllib.error
    import urllib.parse
    import urllib.request

    base = os.environ.get("LAKEFLOW_API_URL", "").rstrip("/")
    token = os.environ.get("LAKEFLOW_TASK_TOKEN", "")
    url = f"{base}/api/2.0/lakeflow/runtime/{path}"
    if query:
        url += "?" + urllib.parse.urlencode(query)
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(  # noqa: S310 - our own server, http(s) only
        url,
        data=data,
        method=method,
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/json",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - our own server
            return json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as e:
        detail = e.read().decode(errors="replace")
        with contextlib.suppress(ValueError):
            detail = json.loads(detail).get("message", detail)
        raise LakeflowRuntimeError(f"{method} {path}: HTTP {e.code}: {detail}") from None
    except urllib.error.URLError as e:
        raise LakeflowRuntimeError(f"Lakeflow is unreachable at {base}: {e.reason}") from None


def _in_run() -> bool:
    return bool(os.environ.get("LAKEFLOW_TASK_TOKEN"))


class Widgets:
    """Parameters of the task (job parameters overridden by the task's own, resolved)."""

    def __init__(self) -> None:
        self._defaults: dict[str, str] = {}
        # Values `%run ./nb $name="value"` gives the notebook it runs, innermost last (the
        # notebook's code is inlined between _push and _pop: runs.executors.notebook_magics).
        self._overrides: list[dict[str, str]] = []

    def _values(self) -> dict[str, str]:
        values = {**self._defaults, **json.loads(os.environ.get("LAKEFLOW_PARAMETERS") or "{}")}
        for layer in self._overrides:
            values.update(layer)
        return values

    def _push(self, values: dict[str, str]) -> None:
        self._overrides.append({str(k): str(v) for k, v in values.items()})

    def _pop(self) -> None:
        if self._overrides:
            self._overrides.pop()

    def get(self, name: str) -> str:
        values = self._values()
        if name not in values:
            raise ValueError(f"InputWidgetNotDefined: no input widget named {name}.")
        return values[name]

    def getAll(self) -> dict[str, str]:
        return self._values()

    def text(self, name: str, defaultValue: str = "", label: str | None = None) -> None:
        """Declare a widget with a default (used when the run does not pass it)."""
        self._defaults[name] = defaultValue

    def dropdown(self, name: str, defaultValue: str, choices: list[str], label: str | None = None) -> None:
        self._defaults[name] = defaultValue

    def removeAll(self) -> None:
        self._defaults.clear()


class TaskValues:
    def set(self, key: str, value: Any) -> None:
        """Publish a JSON value under ``key`` for downstream tasks of this run."""
        json.dumps(value)  # fail here, in the task, when the value is not JSON
        if not _in_run():
            return
        _call("POST", "task-values/set", body={"key": key, "value": value})

    def get(self, taskKey: str, key: str, default: Any = _MISSING, debugValue: Any = _MISSING) -> Any:
        """The value ``taskKey`` set under ``key`` in this run; ``default`` if it set none;
        ``debugValue`` outside a run."""
        if not _in_run():
            if debugValue is _MISSING:
                raise TypeError("taskValues.get outside a job run needs a debugValue.")
            return debugValue
        answer = _call("GET", "task-values/get", query={"task_key": taskKey, "key": key})
        if answer.get("found"):
            return answer.get("value")
        if default is _MISSING:
            raise ValueError(f"Task {taskKey!r} set no task value {key!r} in this run.")
        return default


class Jobs:
    def __init__(self) -> None:
        self.taskValues = TaskValues()


class NotebookExit(SystemExit):
    """Raised by notebook.exit(): ends the task successfully."""


class Notebook:
    def exit(self, value: Any) -> None:
        """Record ``value`` as notebook_output.result and end the task successfully."""
        if _in_run():
            _call("POST", "notebook/exit", body={"value": value})
        raise NotebookExit(0)


class Secrets:
    """Secret values, read as the run's run-as user (READ permission on the scope needed).
    Whatever the task prints of a value is [REDACTED] in its log and output."""

    def getBytes(self, scope: str, key: str) -> bytes:
        import base64

        if not _in_run():
            raise LakeflowRuntimeError("dbutils.secrets is only available inside a Lakeflow run.")
        answer = _call("GET", "secrets/get", query={"scope": scope, "key": key})
        return base64.b64decode(answer.get("value") or "")

    def get(self, scope: str, key: str) -> str:
        return self.getBytes(scope, key).decode("utf-8")


class DBUtils:
    def __init__(self) -> None:
        self.widgets = Widgets()
        self.jobs = Jobs()
        self.notebook = Notebook()
        self.secrets = Secrets()


dbutils = DBUtils()
