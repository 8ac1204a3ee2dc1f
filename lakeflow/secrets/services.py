"""Secret operations (Secrets API 2.0 semantics), each checking the caller's ACL on the scope.

Admins hold MANAGE on every scope; a scope's creator gets MANAGE when it is created (or the
``initial_manage_principal``, e.g. "users"); everyone else holds the strongest permission
granted to their user name, one of their groups, or "users".
"""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.utils import timezone

from jobs.permissions import is_admin
from lakeflow.api.errors import ApiError, already_exists, denied, invalid, not_found
from lakeflow.audit import audit
from lakeflow.secrets import crypto
from lakeflow.secrets.choices import ALL_USERS, RANK, AclPermission
from lakeflow.secrets.models import Secret, SecretAcl, SecretScope

NAME = re.compile(r"^[A-Za-z0-9_.@-]{1,128}$")
MAX_VALUE_BYTES = 128 * 1024  # Databricks' limit per secret


def check_name(value: object, what: str) -> str:
    if not isinstance(value, str) or not NAME.match(value):
        raise invalid(
            f"{what} {value!r} is invalid: use 1 to 128 letters, digits, dashes, underscores, periods or @."
        )
    return value


def _scope(name: str) -> SecretScope:
    scope = SecretScope.objects.filter(name=name).first()
    if scope is None:
        raise not_found(f"Scope {name} does not exist!")
    return scope


def principals_of(user) -> set[str]:
    return {user.username, ALL_USERS, *user.groups.values_list("name", flat=True)}


def permission_of(user, scope: SecretScope) -> str | None:
    if user is None or not user.is_authenticated:
        return None
    if is_admin(user):
        return AclPermission.MANAGE
    held = scope.acls.filter(principal__in=principals_of(user)).values_list("permission", flat=True)
    return max(held, key=lambda p: RANK[p], default=None)


def require(user, scope: SecretScope, level: str) -> None:
    held = permission_of(user, scope)
    if held is None or RANK[held] < RANK[level]:
        name = getattr(user, "username", "anonymous")
        raise denied(f"User {name} does not have {level} permission on scope {scope.name}.")


# -- scopes ----------------------------------------------------------------------------------------
@transaction.atomic
def create_scope(*, user, name: str, initial_manage_principal: str | None = None) -> SecretScope:
    check_name(name, "Scope name")
    if initial_manage_principal not in (None, "", ALL_USERS):
        raise invalid("initial_manage_principal must be 'users' or omitted (the creator gets MANAGE).")
    try:
        with transaction.atomic():
            scope = SecretScope.objects.create(name=name, creator=user)
    except IntegrityError:
        raise already_exists(f"Scope {name} already exists!") from None
    SecretAcl.objects.create(
        scope=scope, principal=initial_manage_principal or user.username, permission="MANAGE"
    )
    audit.record(user, audit.Action.SECRET_SCOPE, "secret_scope", name, details={"op": "create"})
    return scope


@transaction.atomic
def delete_scope(*, user, name: str) -> None:
    scope = _scope(check_name(name, "Scope name"))
    require(user, scope, AclPermission.MANAGE)
    scope.delete()
    audit.record(user, audit.Action.SECRET_SCOPE, "secret_scope", name, details={"op": "delete"})


def visible_scopes(*, user):
    if is_admin(user):
        return SecretScope.objects.all()
    return SecretScope.objects.filter(acls__principal__in=principals_of(user)).distinct()


# -- secrets ----------------------------------------------------------------------------------------
@transaction.atomic
def put_secret(*, user, scope: str, key: str, value: bytes) -> Secret:
    found = _scope(check_name(scope, "Scope name"))
    check_name(key, "Secret key")
    require(user, found, AclPermission.WRITE)
    if len(value) > MAX_VALUE_BYTES:
        raise invalid(f"The secret value is larger than {MAX_VALUE_BYTES} bytes.")
    secret, _ = Secret.objects.update_or_create(
        scope=found, key=key, defaults={"ciphertext": crypto.encrypt(value), "updated_at": timezone.now()}
    )
    return secret


@transaction.atomic
def delete_secret(*, user, scope: str, key: str) -> None:
    found = _scope(check_name(scope, "Scope name"))
    require(user, found, AclPermission.WRITE)
    deleted, _ = Secret.objects.filter(scope=found, key=key).delete()
    if not deleted:
        raise not_found(f"Secret {key} does not exist in scope {scope}!")


def list_secrets(*, user, scope: str):
    found = _scope(check_name(scope, "Scope name"))
    require(user, found, AclPermission.READ)
    return found.secrets.all()


def read_value(*, user, scope: str, key: str) -> bytes:
    """The plain value for a user holding READ (task code reads as the run's run-as user)."""
    found = _scope(check_name(scope, "Scope name"))
    require(user, found, AclPermission.READ)
    secret = found.secrets.filter(key=key).first()
    if secret is None:
        raise not_found(f"Secret {key} does not exist in scope {scope}!")
    return crypto.decrypt(secret.ciphertext)


def readable_values(user) -> list[str]:
    """Every secret value ``user`` may read, as text (what redaction hides from a run's output)."""
    values = []
    for secret in Secret.objects.filter(scope__in=visible_scopes(user=user)):
        values.append(crypto.decrypt(secret.ciphertext).decode("utf-8", errors="replace"))
    return values


# -- ACLs ---------------------------------------------------------------------------------------------
def _check_principal(principal: object) -> str:
    if not isinstance(principal, str) or not principal:
        raise invalid("principal must be a user name, a group name or 'users'.")
    known = (
        principal == ALL_USERS
        or get_user_model().objects.filter(username=principal).exists()
        or Group.objects.filter(name=principal).exists()
    )
    if not known:
        raise not_found(f"Principal {principal} does not exist!")
    return principal


@transaction.atomic
def put_acl(*, user, scope: str, principal: str, permission: str) -> SecretAcl:
    found = _scope(check_name(scope, "Scope name"))
    require(user, found, AclPermission.MANAGE)
    if permission not in AclPermission.values:
        raise invalid(f"permission must be one of READ, WRITE, MANAGE; got {permission!r}.")
    _check_principal(principal)
    acl, _ = SecretAcl.objects.update_or_create(
        scope=found, principal=principal, defaults={"permission": permission}
    )
    audit.record(
        user,
        audit.Action.SECRET_ACL,
        "secret_scope",
        scope,
        details={"principal": principal, "permission": permission},
    )
    return acl


@transaction.atomic
def delete_acl(*, user, scope: str, principal: str) -> None:
    found = _scope(check_name(scope, "Scope name"))
    require(user, found, AclPermission.MANAGE)
    deleted, _ = found.acls.filter(principal=principal).delete()
    if not deleted:
        raise not_found(f"No ACL for principal {principal} on scope {scope}!")
    audit.record(
        user,
        audit.Action.SECRET_ACL,
        "secret_scope",
        scope,
        details={"principal": principal, "permission": None},
    )


def get_acl(*, user, scope: str, principal: str) -> SecretAcl:
    found = _scope(check_name(scope, "Scope name"))
    require(user, found, AclPermission.MANAGE)
    acl = found.acls.filter(principal=principal).first()
    if acl is None:
        raise not_found(f"No ACL for principal {principal} on scope {scope}!")
    return acl


def list_acls(*, user, scope: str):
    found = _scope(check_name(scope, "Scope name"))
    require(user, found, AclPermission.MANAGE)
    return found.acls.all()


__all__ = ["ApiError"]
