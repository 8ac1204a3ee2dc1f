"""Audit rows for access-control lists edited in the Django admin.

The admin edits grant rows one at a time (an inline on the job or cluster page, or a grant's own
page) instead of sending an ACL through the permissions API, so there is no request ACL to record:
the row records the whole list as it stands after the change, like a PUT of the ACL.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Model, QuerySet

from lakeflow.audit import audit


def acl_entries(grants: Iterable[Any]) -> list[dict[str, str]]:
    """Grant rows (a user or a group holding a level) as access-control entries."""
    entries = []
    for grant in grants:
        who = {"user_name": grant.user.username} if grant.user_id else {"group_name": grant.group.name}
        entries.append({**who, "permission_level": grant.level})
    return entries


def record_acl(user, action: str, target_type: str, target_id: Any, grants: QuerySet) -> None:
    """Record the list a queryset of grant rows holds now (ordered as the permissions API lists it)."""
    grants = grants.select_related("user", "group").order_by("group__name", "user__username")
    audit.record(user, action, target_type, target_id, details={"acl": acl_entries(grants), "replace": True})


class AuditedGrantsInlineMixin:
    """For a ModelAdmin whose page has an inline of grant rows (``related_name="permissions"``):
    a save that changed that inline is recorded with the list as it is afterwards."""

    grant_model: type[Model]
    grant_action: str
    grant_target_type: str

    def grant_target_id(self, obj: Model) -> Any:
        return obj.pk

    def save_formset(self, request, form, formset, change) -> None:
        super().save_formset(request, form, formset, change)
        if formset.model is self.grant_model and formset.has_changed():
            obj = form.instance
            target = (self.grant_target_type, self.grant_target_id(obj))
            record_acl(request.user, self.grant_action, *target, obj.permissions.all())
