"""The credential task code uses to reach Lakeflow (``lakeflow.runtime``), scoped to one task run.

It is a ``django.core.signing`` token carrying the task run id (salted for this purpose only,
signed with SECRET_KEY). The runtime API accepts it only while that task run is RUNNING, and only
for that task run's own data: once the attempt ends the token is worthless, and it never grants
anything a user token does.
"""

from __future__ import annotations

from django.core import signing

SALT = "lakeflow.runtime.task-run"


def issue(task_run_id: int) -> str:
    return signing.dumps({"tr": task_run_id}, salt=SALT, compress=False)


def task_run_id_of(token: str) -> int | None:
    """The task run id a token was issued for, or None if it is not one of ours."""
    try:
        payload = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    value = payload.get("tr") if isinstance(payload, dict) else None
    return value if isinstance(value, int) else None
