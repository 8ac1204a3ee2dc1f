"""Secrets inside a run: who reads them (the run's run-as user), ``{{secrets/scope/key}}`` in
parameters and environment variables, and redaction of every value that user can read.

Hooks the engine calls (runs.context / runs.execution): ``reference_namespaces(run)`` (the
``secrets/`` path namespace of runs.references), ``redactor(run)`` (LogSink.redact and the
result/output paths), ``resolve_env(env, task_run, run)``.
"""

from __future__ import annotations

import base64
import html
import json
from collections.abc import Callable
from typing import Any

from lakeflow.api.errors import ApiError
from lakeflow.secrets import services

REDACTED = "[REDACTED]"
# Values shorter than this are not redacted (a 1-2 character secret would blank out every log).
MIN_REDACTED_LENGTH = 3


def run_as_user(run):
    """The user a run acts as: its job's run_as (default the owner); a submitted run's submitter."""
    if run.job_id:
        return run.job.effective_run_as
    return run.triggered_by


def reference_namespaces(run) -> dict[str, Callable[[str], Any]]:
    """``{"secrets/": lookup}`` for runs.references: ``{{secrets/<scope>/<key>}}``."""
    from runs.references import UnknownReference

    def lookup(rest: str) -> str:
        scope, _, key = rest.partition("/")
        user = run_as_user(run)
        try:
            if user is None:
                raise ApiError("PERMISSION_DENIED", "The run has no run-as user.")
            return services.read_value(user=user, scope=scope, key=key).decode("utf-8", errors="replace")
        except ApiError as e:
            name = getattr(user, "username", "?")
            raise UnknownReference(
                f"secrets/{rest}",
                detail=f"Secret {{{{secrets/{rest}}}}} cannot be read as {name}: {e.message.rstrip('.')}",
            ) from None

    return {"secrets/": lookup}


def redactor(run) -> Callable[[str], str]:
    """text -> text with every secret value the run-as user can read replaced by [REDACTED]."""
    user = run_as_user(run)
    values = services.readable_values(user) if user is not None else []
    plain = {v for v in values if len(v) >= MIN_REDACTED_LENGTH}
    # The forms a value takes in stored outputs too: base64 (getBytes users print it), HTML- and
    # JSON-escaped (a notebook's rendered HTML and its .ipynb).
    forms = {
        f
        for v in plain
        for f in (v, base64.b64encode(v.encode()).decode(), html.escape(v), json.dumps(v)[1:-1])
    }
    values = sorted(forms, key=len, reverse=True)

    def redact(text: str) -> str:
        for value in values:
            if value in text:
                text = text.replace(value, REDACTED)
        return text

    return redact


def redact_value(value: Any, redact: Callable[[str], str]) -> Any:
    """Redact every string inside a JSON-like value (outputs, resolved parameters)."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, list):
        return [redact_value(v, redact) for v in value]
    if isinstance(value, dict):
        return {k: redact_value(v, redact) for k, v in value.items()}
    return value


def redact_result(result, redact: Callable[[str], str] | None):
    """An ExecutionResult with its error, trace and output redacted."""
    if redact is None:
        return result
    # Files the output points at (a notebook's executed .ipynb and rendered HTML) are outputs too.
    for path in ((result.output or {}).get("notebook_artifacts") or {}).values():
        redact_file(path, redact)
    result.error = redact(result.error) if result.error else result.error
    result.error_trace = redact(result.error_trace) if result.error_trace else result.error_trace
    result.output = redact_value(result.output or {}, redact)
    return result


def redact_file(path: str, redact: Callable[[str], str]) -> None:
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except (OSError, UnicodeDecodeError):
        return
    cleaned = redact(text)
    if cleaned != text:
        with open(path, "w", encoding="utf-8") as f:
            f.write(cleaned)


def resolve_env(env: dict[str, str], task_run, run) -> dict[str, str]:
    """The child environment with ``{{secrets/...}}`` references resolved in every value (a
    cluster's spark_env_vars arrive through runs.context.child_env / compute.placement.task_env)."""
    from runs.references import REFERENCE, resolve_text

    spaces = reference_namespaces(run)
    for name, value in env.items():
        if "{{" in value and any(m.group(1).startswith("secrets/") for m in REFERENCE.finditer(value)):
            env[name] = resolve_text(value, spaces, where=f"environment variable {name}")
    return env
