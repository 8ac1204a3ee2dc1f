"""Webhook triggers: a secret URL per job; POSTing JSON to it starts a run.

``POST /api/hooks/jobs/<job_id>/<token>`` with a JSON object body: each key must be one of the
job's parameters (unknown keys are refused with 400 naming them), each value a string, number or
boolean, and they override the parameter defaults for this run. The run has Databricks' trigger
ONE_TIME (as API runs do) and ``trigger_info: {"source": "WEBHOOK"}``. Only the token's SHA-256
is stored; creating the webhook again rotates the token.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any

from django.db import transaction

from jobs.choices import PauseStatus
from jobs.models import Job
from jobs.schedules.models import JobWebhook
from lakeflow.api.errors import conflict, invalid, malformed, not_found


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def hook_path(job_id: int, token: str) -> str:
    return f"/api/hooks/jobs/{job_id}/{token}"


@transaction.atomic
def create_webhook(*, user, job: Job) -> tuple[JobWebhook, str]:
    """Create (or rotate) the job's webhook; returns it and the token, shown this once."""
    token = secrets.token_urlsafe(32)
    hook, _ = JobWebhook.objects.update_or_create(
        job=job,
        defaults={"token_hash": _hash(token), "created_by": user, "pause_status": PauseStatus.UNPAUSED},
    )
    return hook, token


@transaction.atomic
def set_webhook_pause(*, job: Job, pause_status: str) -> JobWebhook:
    if pause_status not in PauseStatus.values:
        raise invalid(f"pause_status must be one of {', '.join(PauseStatus.values)}; got {pause_status!r}.")
    hook = JobWebhook.objects.select_for_update().filter(job=job).first()
    if hook is None:
        raise not_found(f"Job {job.pk} has no webhook trigger.")
    hook.pause_status = pause_status
    hook.save(update_fields=["pause_status"])
    return hook


@transaction.atomic
def delete_webhook(*, job: Job) -> None:
    JobWebhook.objects.filter(job=job).delete()


def _parameters(job: Job, body: Any) -> dict[str, str]:
    if not isinstance(body, dict):
        raise malformed("The webhook body must be a JSON object of job parameter values.")
    known = set(job.parameters.values_list("name", flat=True))
    unknown = sorted(set(body) - known)
    if unknown:
        names = ", ".join(sorted(known)) or "none"
        raise invalid(f"Unknown job parameters: {', '.join(unknown)}. The job's parameters are: {names}.")
    values: dict[str, str] = {}
    for name, value in body.items():
        if isinstance(value, bool):
            values[name] = "true" if value else "false"
        elif isinstance(value, (str, int, float)):
            values[name] = str(value)
        else:
            raise invalid(f"Job parameter {name!r} must be a string, number or boolean.")
    return values


@transaction.atomic
def trigger_webhook(*, job_id: int, token: str, body: Any):
    """Start the run a webhook call asks for (after checking the token, pause and the body)."""
    from jobs.schedules.services import Fire, start_run

    if not 0 < job_id < 2**63:  # past int64 the database cannot even compare (was a 500: fuzzing)
        raise not_found("No such webhook.")
    hook = JobWebhook.objects.select_related("job").filter(job_id=job_id).first()
    # Same answer for "no such job", "no webhook" and "wrong token": the URL is the secret.
    if hook is None or not hmac.compare_digest(hook.token_hash, _hash(token)):
        raise not_found("No such webhook.")
    if hook.pause_status == PauseStatus.PAUSED:
        raise conflict(f"The webhook trigger of job {job_id} is paused.")
    parameters = _parameters(hook.job, body)
    return start_run(hook.job, Fire("ONE_TIME", {"source": "WEBHOOK"}, parameters or None))
