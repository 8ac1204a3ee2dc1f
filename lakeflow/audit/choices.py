"""What the audit log records: where an action came from, and which actions."""

from __future__ import annotations

from django.db import models


class Source(models.TextChoices):
    UI = "UI"  # the browser app or the Django admin (session cookie)
    API = "API"  # a script with a personal access token (Bearer)
    SCHEDULE = "SCHEDULE"  # a schedule or trigger fired (no person acting at that moment)
    CLI = "CLI"  # a `lakeflow ...` command on the server
    SYSTEM = "SYSTEM"  # Lakeflow itself (autotermination, the engine)


class Action(models.TextChoices):
    JOB_CREATE = "jobs.create"  # a job was created
    JOB_UPDATE = "jobs.update"  # settings changed (update, reset or restore of a version)
    JOB_DELETE = "jobs.delete"  # a job and its runs were deleted
    JOB_PERMISSIONS = "jobs.permissions"  # a job's access-control list changed
    RUN_START = "runs.start"  # run now, a submitted run, or a scheduled/triggered run
    RUN_CANCEL = "runs.cancel"  # one run, or all runs of a job, cancelled
    RUN_REPAIR = "runs.repair"  # tasks of a finished run re-run
    RUN_DELETE = "runs.delete"  # a run deleted
    TOKEN_CREATE = "tokens.create"  # noqa: S105 - a personal access token issued
    TOKEN_REVOKE = "tokens.revoke"  # noqa: S105 - a personal access token revoked
    CLUSTER_START = "clusters.start"  # a cluster started (or restarted)
    CLUSTER_STOP = "clusters.stop"  # a cluster terminated or permanently deleted
    CLUSTER_PERMISSIONS = "clusters.permissions"  # a cluster's access-control list changed
    SECRET_SCOPE = "secrets.scope"  # noqa: S105 - a secret scope created or deleted
    SECRET_ACL = "secrets.acl"  # noqa: S105 - a secret scope's ACL changed
