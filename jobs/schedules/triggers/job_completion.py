"""trigger.job_completion, Databricks' ``JobCompletionTriggerConfiguration``:
``{"jobs": [{"job_id", "workspace_id"}], "if_status": "SUCCESS" | "FAILED" | "DONE"}``.

It starts a run once *every* monitored job has had a run complete with the status since the trigger
last fired (or was set up), then counts afresh: with one job, one run per matching completion;
with several, one run when all of them have a new one. A job that completes several times before
the others contributes its latest completion. SUCCESS matches runs that end SUCCESS or
SUCCESS_WITH_FAILURES, FAILED any other ending, DONE any ending.

The run has trigger JOB_COMPLETION and, as Databricks' ``TriggerInfo``,
``trigger_info.job_completion.completed_jobs``: per monitored job, in the configured order,
``{job_id, workspace_id, run_id, completion_time, termination_code}``.

State: per job, the (end time, run id) of the completion last counted; what ended since is read
from the runs table at each check.
"""

from __future__ import annotations

from datetime import UTC, datetime

from jobs.schedules.triggers.timing import from_iso, iso

CHECK_AFTER_BASELINE = False


def matching_states(if_status: str) -> frozenset[str]:
    from runs.choices import RUN_TERMINAL, JobRunState

    succeeded = frozenset({JobRunState.SUCCESS, JobRunState.SUCCESS_WITH_FAILURES})
    if if_status == "DONE":
        return RUN_TERMINAL
    if if_status == "FAILED":
        return RUN_TERMINAL - succeeded
    return succeeded


def monitored_job_ids(config: dict) -> list[str]:
    return [monitored["job_id"] for monitored in config.get("jobs") or []]


def observe(config: dict) -> None:
    return None  # nothing outside the database: the check reads runs under the lock


def baseline(job, state, now: datetime, observed: None) -> None:
    # Completions up to the set-up moment are already counted.
    state.state = {"counted": {job_id: [iso(now), 0] for job_id in monitored_job_ids(state.config)}}


def _latest_completion(job_id: str, states: frozenset[str], counted: list) -> dict | None:
    """The job's newest run that ended in `states` after the (end time, run id) `counted`."""
    from django.db.models import Q

    from runs.models import JobRun

    end, run_id = from_iso(counted[0]), counted[1]
    return (
        JobRun.objects.filter(job_id=int(job_id), state__in=states, end_time__isnull=False)
        .filter(Q(end_time__gt=end) | Q(end_time=end, id__gt=run_id))
        .order_by("-end_time", "-id")
        .values("id", "state", "end_time")
        .first()
    )


def _completed_job(monitored: dict, run: dict) -> dict:
    from runs.choices import RUN_WIRE

    completed = {
        "job_id": monitored["job_id"],
        "run_id": str(run["id"]),
        "completion_time": run["end_time"].astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "termination_code": RUN_WIRE[run["state"]][3],
    }
    if "workspace_id" in monitored:
        completed["workspace_id"] = monitored["workspace_id"]
    return completed


def check(job, state, now: datetime, observed: None) -> list:
    from jobs.schedules.services import Fire

    config = state.config
    states = matching_states(config.get("if_status") or "SUCCESS")
    counted = state.state.get("counted", {})
    completions = []
    for monitored in config.get("jobs") or []:
        since = counted.get(monitored["job_id"]) or [iso(now), 0]
        run = _latest_completion(monitored["job_id"], states, since)
        if run is None:
            return []  # this job has no new matching completion yet: keep waiting
        completions.append((monitored, run))
    for monitored, run in completions:
        counted[monitored["job_id"]] = [iso(run["end_time"]), run["id"]]
    state.state = {"counted": counted}
    info = {"job_completion": {"completed_jobs": [_completed_job(m, run) for m, run in completions]}}
    return [Fire("JOB_COMPLETION", info)]
