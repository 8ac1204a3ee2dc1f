"""Personal access tokens: stored as a SHA-256 hash, shown once, revocable, optionally expiring."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

TOKEN_PREFIX = "dapi"  # noqa: S105 -  # Databricks personal access tokens start with "dapi"; tools recognise it.


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class TokenQuerySet(models.QuerySet):
    def active(self) -> TokenQuerySet:
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


class Token(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tokens")
    comment = models.CharField(max_length=255, blank=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The first characters, so users can tell their tokens apart without the secret.
    token_prefix = models.CharField(max_length=12, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # A token scoped to one task run (what task code uses to reach Lakeflow); null for personal tokens.
    task_run_id = models.BigIntegerField(null=True, blank=True, db_index=True)

    objects = TokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.token_prefix}… ({self.user})"

    @classmethod
    def issue(
        cls, user, *, comment: str = "", lifetime: timedelta | None = None, task_run_id: int | None = None
    ) -> tuple[Token, str]:
        """Create a token and return it with its raw value, which is never stored."""
        raw = TOKEN_PREFIX + secrets.token_hex(16)
        now = timezone.now()  # one instant: expiry_time - creation_time is exactly the lifetime
        token = cls.objects.create(
            user=user,
            comment=comment,
            token_hash=hash_token(raw),
            token_prefix=raw[:10],
            created_at=now,
            expires_at=now + lifetime if lifetime else None,
            task_run_id=task_run_id,
        )
        return token, raw

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > timezone.now())

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])
