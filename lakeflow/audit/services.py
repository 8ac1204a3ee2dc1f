"""``record()``: the one function services call to write the audit log.

The source (UI / API / SCHEDULE / CLI / SYSTEM) is usually not known to a service: the middleware
(``AuditSourceMiddleware``) notes for the current request whether it came with a Bearer token
(API) or a session (UI); outside a request the default is CLI (management commands). Callers
that know better (a scheduled run, the cluster supervisor) pass ``source`` explicitly.
"""

from __future__ import annotations

import contextvars
import logging
from typing import Any

from lakeflow.audit.choices import Action, Source
from lakeflow.audit.models import AuditEvent

log = logging.getLogger(__name__)

_source: contextvars.ContextVar[str | None] = contextvars.ContextVar("lakeflow_audit_source", default=None)


def source_of_request(request) -> str:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    return Source.API if header[:7].lower() == "bearer " else Source.UI


def current_source() -> str:
    return _source.get() or Source.CLI


def set_source(source: str | None) -> contextvars.Token:
    return _source.set(source)


def reset_source(token: contextvars.Token) -> None:
    _source.reset(token)


def record(
    actor,
    action: Action | str,
    target_type: str,
    target_id: Any = "",
    *,
    source: str | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one audit row (in the caller's transaction: a rolled-back action leaves none)."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=user,
        actor_name=getattr(user, "username", "") if user else "",
        action=str(action),
        target_type=target_type,
        target_id=str(target_id if target_id is not None else ""),
        source=source or (Source.SYSTEM if user is None and _source.get() is None else current_source()),
        details=details or {},
    )
