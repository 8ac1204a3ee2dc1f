"""What users do with their accounts and tokens; called by the API views, the CLI and tests."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import QuerySet

from lakeflow.accounts.models import Token
from lakeflow.api.errors import already_exists, invalid, not_found
from lakeflow.audit import audit

# Longer lifetimes would overflow dates; "never expires" is what no lifetime means.
MAX_LIFETIME_SECONDS = 100 * 365 * 86400


def generate_password() -> str:
    return secrets.token_urlsafe(12)


@transaction.atomic
def create_user(
    *, username: str, password: str | None = None, email: str = "", admin: bool = False
) -> tuple[AbstractBaseUser, str]:
    """Create a user; return it with its password (generated when none is given)."""
    User = get_user_model()
    username = username.strip()
    if not username:
        raise invalid("The user name must not be empty.")
    if User.objects.filter(username=username).exists():
        raise already_exists(f"User {username!r} already exists.")
    password = password or generate_password()
    user = User.objects.create_user(
        username=username, email=email, password=password, is_staff=admin, is_superuser=admin
    )
    return user, password


@transaction.atomic
def set_password(*, username: str, password: str | None = None) -> str:
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        raise not_found(f"User {username!r} does not exist.")
    password = password or generate_password()
    user.set_password(password)
    user.save(update_fields=["password"])
    return password


def create_token(
    *, user: AbstractBaseUser, comment: str = "", lifetime_seconds: int | None = None
) -> tuple[Token, str]:
    """Issue a personal access token (no expiry without a lifetime); the raw value is returned
    here once and never stored."""
    if lifetime_seconds is not None and not 0 < lifetime_seconds <= MAX_LIFETIME_SECONDS:
        raise invalid(f"The token lifetime must be between 1 and {MAX_LIFETIME_SECONDS} seconds (100 years).")
    lifetime = timedelta(seconds=lifetime_seconds) if lifetime_seconds else None
    with transaction.atomic():
        token, raw = Token.issue(user, comment=comment, lifetime=lifetime)
        audit.record(user, audit.Action.TOKEN_CREATE, "token", token.pk, details={"comment": comment})
        return token, raw


def personal_tokens(*, user: AbstractBaseUser) -> QuerySet[Token]:
    """The user's usable personal tokens (task-run tokens are the engine's, not listed)."""
    return Token.objects.active().filter(user=user, task_run_id__isnull=True)


@transaction.atomic
def revoke_token(*, user: AbstractBaseUser, token_id: int) -> Token:
    token = personal_tokens(user=user).filter(pk=token_id).first()
    if token is None:
        raise not_found(f"Token {token_id} does not exist.")
    token.revoke()
    audit.record(user, audit.Action.TOKEN_REVOKE, "token", token.pk)
    return token


@transaction.atomic
def revoke_tokens(*, user: AbstractBaseUser, tokens: QuerySet[Token]) -> int:
    """Revoke any users' tokens (an admin's action); each one revoked is recorded. Returns how many."""
    revoked = 0
    for token in tokens.filter(revoked_at__isnull=True).select_related("user"):
        token.revoke()
        details = {"owner": token.user.username}
        audit.record(user, audit.Action.TOKEN_REVOKE, "token", token.pk, details=details)
        revoked += 1
    return revoked


@transaction.atomic
def delete_tokens(*, user: AbstractBaseUser, tokens: QuerySet[Token]) -> None:
    """Delete tokens (an admin's action): recorded as revoked, since a deleted token no longer works."""
    for token in tokens.select_related("user"):
        details = {"owner": token.user.username, "op": "delete"}
        audit.record(user, audit.Action.TOKEN_REVOKE, "token", token.pk, details=details)
    tokens.delete()
