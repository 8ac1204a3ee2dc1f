"""trigger.job_completion (Lakeflow's field; Databricks has the JOB_COMPLETION trigger type but no
public setting for it): ``{"job_ids": [..], "result_states": ["SUCCESS", ...]}`` starts one run of
this job for each run of a watched job that ends with one of those results (default SUCCESS).
The run has trigger JOB_COMPLETION and ``trigger_info.run_id`` = the upstream run.
"""

from __future__ import annotations

from datetime import datetime

from jobs.schedules.triggers.timing import from_iso, iso

CHECK_AFTER_BASELINE = False


def _ended(config: dict):
    from runs.choices import RUN_TERMINAL
    from runs.models import JobRun

    return JobRun.objects.filter(
        job_id__in=config.get("job_ids") or [], state__in=RUN_TERMINAL, end_time__isnull=False
    )


def baseline(job, state, now: datetime) -> None:
    state.state = {"after": iso(now), "seen": []}


def check(job, state, now: datetime) -> list:
    from jobs.schedules.services import Fire
    from runs.choices import RUN_WIRE

    config = state.config
    wanted = set(config.get("result_states") or ["SUCCESS"])
    after = from_iso(state.state.get("after")) or now
    seen = set(state.state.get("seen", []))
    fires = []
    newest = after
    for run_id, run_state, end_time in (
        _ended(config)
        .filter(end_time__gte=after)
        .order_by("end_time", "id")
        .values_list("id", "state", "end_time")
    ):
        if run_id in seen:
            continue
        if end_time > newest:
            newest, seen = end_time, set()
        seen.add(run_id)
        if RUN_WIRE[run_state][1] in wanted:
            fires.append(Fire("JOB_COMPLETION", {"run_id": run_id}))
    state.state = {"after": iso(newest), "seen": sorted(seen)}
    return fires
