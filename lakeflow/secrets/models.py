"""Secret scopes, their secrets (values encrypted at rest) and their ACLs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from lakeflow.secrets.choices import AclPermission


class SecretScope(models.Model):
    name = models.CharField(max_length=128, unique=True)
    creator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Secret(models.Model):
    scope = models.ForeignKey(SecretScope, on_delete=models.CASCADE, related_name="secrets")
    key = models.CharField(max_length=128)
    # Fernet token of the value's bytes (lakeflow.secrets.crypto); never the plain value.
    ciphertext = models.TextField()
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["key"]
        constraints = [models.UniqueConstraint(fields=["scope", "key"], name="unique_secret_key")]

    def __str__(self) -> str:
        return f"{self.scope.name}/{self.key}"


class SecretAcl(models.Model):
    scope = models.ForeignKey(SecretScope, on_delete=models.CASCADE, related_name="acls")
    principal = models.CharField(max_length=150)  # a user name, a group name, or "users" (everyone)
    permission = models.CharField(max_length=8, choices=AclPermission.choices)

    class Meta:
        ordering = ["principal"]
        constraints = [models.UniqueConstraint(fields=["scope", "principal"], name="unique_secret_acl")]
