"""The run operations users ask for: run now, submit, cancel, cancel all, repair, delete.

Keyword-only functions, each in ``transaction.atomic``; called by views, the CLI, Celery tasks,
schedules and tests. Permission checks belong to the callers (views use jobs.permissions);
these take already-authorised arguments. Celery messages and websocket events go out on commit.

Parameters: job parameter defaults < ``job_parameters`` given here; and — deliberately unlike
Databricks — a task's own parameter of the same key overrides both (runs.references).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from lakeflow.api.errors import invalid
from lakeflow.audit import audit
from runs import legacy_params, orchestrator, rules
from runs.choices import RUN_ACTIVE, RUN_OCCUPYING, JobRunState, RunType, TriggerType
from runs.models import JobRun, RunEvent, RunRepair, TaskRun
from runs.transitions import transition_run

R = JobRunState


def run_now(
    *,
    job,
    user,
    job_parameters: dict[str, str] | None = None,
    overriding_parameters: dict | None = None,
    idempotency_token: str | None = None,
    only: list[str] | None = None,
    queue: dict | None = None,
    trigger: str = TriggerType.ONE_TIME,
    trigger_info: dict | None = None,
    parent_task_run=None,
) -> JobRun:
    """Start a run of ``job``'s latest version and return it.

    The same ``idempotency_token`` for the same job returns the same run (also when requests race:
    the Job row lock serializes them and a unique key catches anything else). ``only`` runs a
    subset (``+key``: with its upstream, ``key+``: with its downstream). With max_concurrent_runs
    reached the run waits QUEUED (queueing on: job setting, or ``queue={"enabled": ...}``) or ends
    SKIPPED. ``overriding_parameters`` are the legacy run-now fields (notebook_params, python_params,
    ...): recorded on the run; the argv lists among them replace their tasks' lists.
    """
    key = f"job:{job.pk}:{idempotency_token}" if idempotency_token else None
    try:
        with transaction.atomic():
            return _run_now(
                job=job,
                user=user,
                job_parameters=job_parameters,
                overriding_parameters=overriding_parameters or None,
                idempotency_key=key,
                idempotency_token=idempotency_token,
                only=only,
                queue=queue,
                trigger=trigger,
                trigger_info=trigger_info,
                parent_task_run=parent_task_run,
            )
    except IntegrityError:
        if key is None:
            raise
        return JobRun.objects.get(idempotency_key=key)


def _run_now(
    *,
    job,
    user,
    job_parameters,
    overriding_parameters,
    idempotency_key,
    idempotency_token,
    only,
    queue,
    trigger,
    trigger_info,
    parent_task_run,
) -> JobRun:
    from jobs.models import Job

    job = Job.objects.select_for_update(no_key=True).get(pk=job.pk)
    if idempotency_key and (existing := JobRun.objects.filter(idempotency_key=idempotency_key).first()):
        return existing
    version = job.latest_version()
    if version is None or not version.settings.get("tasks"):
        raise invalid(f"Job {job.pk} has no tasks to run.")
    settings = legacy_params.apply(version.settings, _positional(overriding_parameters))
    dag = rules.Dag.from_settings(settings["tasks"])
    selected = None
    if only:
        try:
            selected = sorted(rules.expand_only(dag, only))
        except rules.RuleError as e:
            raise invalid(str(e)) from None
    queue_enabled = bool(
        (queue or {}).get("enabled", (settings.get("queue") or {}).get("enabled", job.queue_enabled))
    )
    # One read for the admission and the run's number (a scheduled minute starts a thousand).
    counts = JobRun.objects.filter(job=job).aggregate(
        active=Count("pk", filter=Q(state__in=RUN_OCCUPYING)),
        queued=Count("pk", filter=Q(state=R.QUEUED)),
        last=Max("number_in_job"),
    )
    admission = rules.admission(
        active_runs=counts["active"],
        max_concurrent_runs=job.max_concurrent_runs,
        queue_enabled=queue_enabled,
        queued_ahead=counts["queued"],
    )
    number = (counts["last"] or 0) + 1
    run = _create_run(
        job=job,
        job_version=version,
        run_type=RunType.JOB_RUN,
        run_name=settings.get("name") or job.name,
        number_in_job=number,
        settings=settings,
        only=selected,
        trigger=trigger,
        trigger_info=trigger_info,
        triggered_by=user,
        job_parameters=_parameters(settings, job_parameters),
        overriding_parameters=overriding_parameters,
        idempotency_token=idempotency_token,
        idempotency_key=idempotency_key,
        parent_task_run=parent_task_run,
        admission=admission,
    )
    return run


def _positional(overriding_parameters: dict | None) -> dict[str, list[str]]:
    return {k: v for k, v in (overriding_parameters or {}).items() if k in legacy_params.POSITIONAL}


def _parameters(settings: dict, overrides: dict[str, str] | None) -> dict[str, str]:
    """Job parameter defaults overlaid with the run's overrides."""
    values = {p["name"]: str(p.get("default", "")) for p in settings.get("parameters") or [] if "name" in p}
    values.update({str(k): str(v) for k, v in (overrides or {}).items()})
    return values


def _create_run(*, admission: str, **fields: Any) -> JobRun:
    now = timezone.now()
    state = {rules.START: R.PENDING, rules.QUEUE: R.QUEUED, rules.SKIP: R.SKIPPED}[admission]
    message = {
        rules.QUEUE: "Queued: the job's max_concurrent_runs is reached.",
        rules.SKIP: "Skipped: the job's max_concurrent_runs is reached and queueing is off.",
    }.get(admission, "")
    run = JobRun.objects.create(
        state=state,
        state_message=message,
        created_at=now,
        end_time=now if state == R.SKIPPED else None,
        **fields,
    )
    RunEvent.objects.create(job_run=run, to_state=state, message=message, at=now)
    if state != R.SKIPPED:
        orchestrator.create_task_runs(run, now=now)
    if state == R.PENDING:
        orchestrator.begin(run, now=now)
    source = audit.trigger_source(run.trigger)
    details = {"job_id": run.job_id, "trigger": run.trigger}
    audit.record(run.triggered_by, audit.Action.RUN_START, "run", run.pk, source=source, details=details)
    return run


def submit_run(
    *,
    user,
    settings: dict[str, Any],
    idempotency_token: str | None = None,
    parent_task_run=None,
    trigger: str = TriggerType.ONE_TIME,
) -> JobRun:
    """A one-time run of inline settings (runs/submit): no saved job, no concurrency limit."""
    try:
        from jobs.validation import validate_submit_settings
    except ImportError:
        validate_submit_settings = None
    if validate_submit_settings is not None:
        settings = validate_submit_settings(settings) or settings
    if not settings.get("tasks"):
        raise invalid("tasks must contain at least one task.")
    from compute.placement import check_cluster_references

    check_cluster_references(settings, user)  # the submitter may attach to every existing cluster
    key = f"submit:{getattr(user, 'pk', None)}:{idempotency_token}" if idempotency_token else None
    try:
        with transaction.atomic():
            if key and (existing := JobRun.objects.filter(idempotency_key=key).first()):
                return existing
            return _create_run(
                job=None,
                run_type=RunType.SUBMIT_RUN,
                run_name=settings.get("run_name") or "Untitled",
                settings=settings,
                trigger=trigger,
                triggered_by=user,
                job_parameters=_parameters(settings, None),
                idempotency_token=idempotency_token,
                idempotency_key=key,
                parent_task_run=parent_task_run,
                admission=rules.START,
            )
    except IntegrityError:
        if key is None:
            raise
        return JobRun.objects.get(idempotency_key=key)


@transaction.atomic
def cancel_run(*, run: JobRun, user) -> JobRun:
    """Cancel a run: tasks not started end CANCELED, running ones are stopped (process tree
    killed within seconds) and the run ends CANCELED. Cancelling a finished run does nothing."""
    run = orchestrator.lock_run(run.pk)
    who = getattr(user, "username", "") or "a user"
    orchestrator.stop_locked(run, R.CANCELED, message=f"Cancelled by {who}.")
    audit.record(user, audit.Action.RUN_CANCEL, "run", run.pk, details={"job_id": run.job_id})
    return run


def cancel_all_runs(*, job, user, all_queued_runs: bool = False) -> int:
    """Cancel every active run of ``job`` (queued ones too); returns how many."""
    ids = list(JobRun.objects.filter(job=job, state__in=RUN_ACTIVE).values_list("pk", flat=True))
    for run_id in ids:
        cancel_run(run=JobRun(pk=run_id), user=user)
    return len(ids)


@transaction.atomic
def repair_run(
    *,
    run: JobRun,
    user,
    rerun_tasks: list[str] | None = None,
    rerun_all_failed_tasks: bool = False,
    rerun_dependent_tasks: bool = False,
    job_parameters: dict[str, str] | None = None,
    positional_params: dict[str, list[str]] | None = None,
) -> RunRepair:
    """Re-run tasks of a finished run, inside that run: each chosen task gets a new attempt; the
    run is RUNNING again and ends with the result of all its tasks' latest attempts. Returns the
    RunRepair row (its pk is the repair_id)."""
    run = orchestrator.lock_run(run.pk)
    if run.state in RUN_ACTIVE:
        raise invalid(f"Run {run.pk} is still active; only a finished run can be repaired.")
    if run.state == R.SKIPPED:
        raise invalid(f"Run {run.pk} was skipped and has no tasks to repair.")
    dag = orchestrator.dag_of(run)
    latest = orchestrator.latest_attempts(run)
    try:
        selected = rules.repair_selection(
            dag,
            orchestrator.views(latest),
            rerun_tasks=rerun_tasks or (),
            rerun_all_failed_tasks=rerun_all_failed_tasks,
            rerun_dependent_tasks=rerun_dependent_tasks,
        )
    except rules.RuleError as e:
        raise invalid(str(e)) from None
    now = timezone.now()
    repair = RunRepair.objects.create(
        job_run=run,
        number=run.repair_count + 1,
        rerun_tasks=sorted(selected),
        job_parameters=job_parameters or {},
        requested_by=user,
        start_time=now,
    )
    TaskRun.objects.bulk_create(
        [
            TaskRun(
                job_run=run,
                task_key=key,
                attempt_number=latest[key].attempt_number + 1,
                repair=repair,
                created_at=now,
            )
            for key in sorted(selected)
        ]
    )
    fields: dict[str, Any] = {"repair_count": repair.number, "stop_reason": ""}
    if job_parameters:
        fields["job_parameters"] = {
            **run.job_parameters,
            **{str(k): str(v) for k, v in job_parameters.items()},
        }
    if positional_params:  # python_params, ...: the repaired attempts run with these lists
        fields["settings"] = legacy_params.apply(run.settings, positional_params)
    timeout = int(run.settings.get("timeout_seconds") or 0)
    fields["deadline"] = now + timedelta(seconds=timeout) if timeout else None
    transition_run(
        run,
        R.RUNNING,
        message=f"Repair {repair.number}: {', '.join(sorted(selected))}",
        fields=fields,
        now=now,
    )
    orchestrator.advance_locked(run, now=now)
    audit.record(user, audit.Action.RUN_REPAIR, "run", run.pk, details={"rerun_tasks": sorted(selected)})
    return repair


@transaction.atomic
def delete_run(*, run: JobRun, user) -> None:
    """Delete a finished run with its task runs, values and events; an active run must be cancelled first."""
    run = orchestrator.lock_run(run.pk)
    if run.state in RUN_ACTIVE:
        raise invalid(f"Run {run.pk} is active; cancel it before deleting it.")
    audit.record(user, audit.Action.RUN_DELETE, "run", run.pk, details={"job_id": run.job_id})
    run.delete()
