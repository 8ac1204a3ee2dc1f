from __future__ import annotations

from django.db import models


class AclPermission(models.TextChoices):
    READ = "READ"  # read values (dbutils.secrets.get, {{secrets/...}}) and list keys
    WRITE = "WRITE"  # READ, plus put and delete secrets
    MANAGE = "MANAGE"  # WRITE, plus change the scope's ACLs and delete the scope


RANK = {AclPermission.READ: 1, AclPermission.WRITE: 2, AclPermission.MANAGE: 3}

# Databricks' principal meaning "every user of the workspace".
ALL_USERS = "users"
