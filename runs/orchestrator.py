"""The thin orchestrator: applies ``runs.rules`` to the database.

Every function here runs inside ``transaction.atomic()`` with the JobRun row locked
(``select_for_update``; on SQLite the IMMEDIATE transactions serialize writers), changes states
only through ``runs.transitions``, and queues execution messages / websocket events on commit.
It is event-driven: the worker that finishes a task calls ``finish()``, which advances the run
and dispatches every task that became ready in the same transaction.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from functools import lru_cache

from django.db import transaction
from django.utils import timezone

from runs import dispatch, rules
from runs.choices import RUN_OCCUPYING, RUN_TERMINAL, JobRunState, TaskRunState
from runs.executors.base import ExecutionResult
from runs.models import JobRun, TaskRun
from runs.transitions import announce_attempt, transition_run, transition_task

log = logging.getLogger(__name__)

T = TaskRunState
R = JobRunState


# Task kinds the orchestrator handles without a worker process: kind -> handler(task_run, run, latest)
# returning the attempt's result. condition_task is evaluated inline here; run_job_task and
# for_each_task register their handlers when implemented (they start child runs / iterations).
def _run_job(task_run: TaskRun, run: JobRun, latest: dict[str, TaskRun]) -> None:
    from runs.run_job import start  # imported late: it uses services, which import this module

    start(task_run, run, latest)


def _for_each(task_run: TaskRun, run: JobRun, latest: dict[str, TaskRun]) -> None:
    from runs.for_each import start

    start(task_run, run, latest)


INLINE_KINDS: dict[str, object] = {"run_job_task": _run_job, "for_each_task": _for_each}


# --- Reading a run -----------------------------------------------------------------------------------
def lock_run(run_id: int) -> JobRun:
    # NO KEY UPDATE: rows inserted meanwhile with a foreign key to this run (events, attempts)
    # take KEY SHARE locks, which must not wait for us (PostgreSQL deadlocks otherwise).
    return JobRun.objects.select_for_update(no_key=True).get(pk=run_id)


def dag_of(run: JobRun) -> rules.Dag:
    # A run's settings and `only` never change after it is created, so neither does its DAG; the
    # creation time tells a run from an earlier one that had the same id in a wiped database.
    return _dag(run.pk, run.created_at, run)


@lru_cache(maxsize=64)
def _dag(run_id: int, created_at, run: JobRun) -> rules.Dag:
    return rules.Dag.from_settings(run.tasks_settings).restricted(run.only)


# What advancing a run reads of every task run; the rest is loaded for the few that change.
_STATE_FIELDS = ("id", "job_run_id", "task_key", "attempt_number", "state", "outcome", "parent_task_run_id")


def latest_attempts(run: JobRun, *, lock: bool = True, states_only: bool = False) -> dict[str, TaskRun]:
    """The last attempt of every top-level task of the run (iterations excluded). ``states_only``
    loads just _STATE_FIELDS (a 500-task run is read on every task's end); see loaded()."""
    qs = TaskRun.objects.filter(job_run=run, parent_task_run__isnull=True).order_by("attempt_number", "id")
    if states_only:
        qs = qs.only(*_STATE_FIELDS)
    if lock:
        qs = qs.select_for_update(no_key=True)
    latest: dict[str, TaskRun] = {}
    for task_run in qs:
        task_run.job_run = run  # saves a query per row where task_settings is read
        latest[task_run.task_key] = task_run
    return latest


def loaded(task_run: TaskRun) -> TaskRun:
    """``task_run`` with every field (one query if latest_attempts(states_only=True) read it)."""
    if not task_run.get_deferred_fields():
        return task_run
    full = TaskRun.objects.get(pk=task_run.pk)
    full.job_run = task_run.job_run
    return full


def views(latest: dict[str, TaskRun]) -> dict[str, rules.TaskView]:
    return {key: rules.TaskView(tr.state, tr.outcome) for key, tr in latest.items()}


# --- Starting a run ------------------------------------------------------------------------------
def create_task_runs(run: JobRun, *, now=None) -> None:
    """One BLOCKED attempt per task (EXCLUDED for tasks left out by `only`)."""
    now = now or timezone.now()
    selected = set(run.only) if run.only is not None else None
    rows = []
    for task in run.tasks_settings:
        key = task["task_key"]
        excluded = selected is not None and key not in selected
        rows.append(
            TaskRun(
                job_run=run,
                task_key=key,
                attempt_number=0,
                created_at=now,
                state=T.EXCLUDED if excluded else T.BLOCKED,
                state_message="Not selected by `only`." if excluded else "",
                end_time=now if excluded else None,
            )
        )
    TaskRun.objects.bulk_create(rows)


def begin(run: JobRun, *, now=None) -> None:
    """PENDING run (locked, in the caller's transaction): stamp its deadline and start its tasks."""
    now = now or timezone.now()
    timeout = int(run.settings.get("timeout_seconds") or 0)
    fields = {"deadline": now + timedelta(seconds=timeout)} if timeout else {}
    transition_run(run, R.RUNNING, fields=fields, now=now)
    advance_locked(run, now=now)


def start_queued_runs(*, job_id: int) -> list[int]:
    """Start queued runs of a job, oldest first, while max_concurrent_runs slots are free."""
    from jobs.models import Job

    started: list[int] = []
    with transaction.atomic():
        job = Job.objects.select_for_update(no_key=True).filter(pk=job_id).first()
        if job is None:
            return started
        active = JobRun.objects.filter(job=job, state__in=RUN_OCCUPYING).count()
        for run in (
            JobRun.objects.select_for_update(no_key=True)
            .filter(job=job, state=R.QUEUED)
            .order_by("created_at", "id")
        ):
            if (
                rules.admission(
                    active_runs=active, max_concurrent_runs=job.max_concurrent_runs, queue_enabled=True
                )
                != rules.START
            ):
                break
            transition_run(run, R.PENDING, message="A concurrent run slot became free.")
            begin(run)
            active += 1
            started.append(run.pk)
    return started


# --- Advancing ----------------------------------------------------------------------------------
def advance(run_id: int) -> None:
    with transaction.atomic():
        advance_locked(lock_run(run_id))


def advance_locked(run: JobRun, *, now=None) -> None:
    """Apply the rules until nothing changes: skip what cannot run, dispatch what is ready,
    evaluate condition tasks inline, and end the run once every task is terminal."""
    if run.state in RUN_TERMINAL or run.state == R.QUEUED:
        return
    now = now or timezone.now()
    dag = dag_of(run)
    latest = latest_attempts(run, states_only=True)
    while True:
        steps = rules.next_steps(dag, views(latest))
        if not steps:
            break
        for step in steps:
            task_run = latest[step.key] = loaded(latest[step.key])
            if step.state != T.QUEUED:
                transition_task(task_run, step.state, message=step.message, now=now)
                continue
            kind = dag.nodes[step.key].kind
            if kind == "condition_task" or kind in INLINE_KINDS:
                run_inline(task_run, run, latest, kind, now=now)
                continue
            try:
                queue = dispatch.queue_for(task_run)
            except dispatch.PlacementError as refused:
                error = str(refused)
                transition_task(task_run, T.FAILED, message=error, fields={"error": error}, now=now)
                continue
            transition_task(task_run, T.QUEUED, fields={"queue": queue, "dispatch_count": 1}, now=now)
            dispatch.send(task_run.pk, queue)
    if run.state == R.PENDING and any(tr.state != T.BLOCKED for tr in latest.values()):
        transition_run(run, R.RUNNING, now=now)
    final = rules.run_result(dag, views(latest), stop_reason=run.stop_reason)
    if final is not None:
        end_run(run, final, now=now)


def run_inline(task_run: TaskRun, run: JobRun, latest: dict[str, TaskRun], kind: str, *, now=None) -> None:
    """Orchestration-only tasks (condition_task; run_job/for_each when registered): no process."""
    from runs.context import evaluate_condition

    transition_task(task_run, T.RUNNING, fields={"worker": "orchestrator"}, now=now)
    if kind == "condition_task":
        outcome, error = evaluate_condition(task_run, run, latest)
        if error:
            transition_task(task_run, T.FAILED, message=error, fields={"error": error}, now=now)
        else:
            transition_task(task_run, T.SUCCESS, fields={"outcome": outcome}, now=now)
        return
    INLINE_KINDS[kind](task_run, run, latest)  # type: ignore[operator]


def start_inline(task_run_id: int) -> None:
    """A retry of an inline task (run_job / for_each) claimed by a worker: the orchestrator runs it."""
    with transaction.atomic():
        run_id = TaskRun.objects.values_list("job_run_id", flat=True).get(pk=task_run_id)
        run = lock_run(run_id)
        task_run = TaskRun.objects.select_for_update(no_key=True).get(pk=task_run_id)
        task_run.job_run = run
        if task_run.state != T.RUNNING:
            return
        task_run.worker = "orchestrator"  # the reconciler does not wait for its heartbeat
        task_run.save(update_fields=["worker"])
        kind = dag_of(run).nodes[task_run.task_key].kind
        INLINE_KINDS[kind](task_run, run, latest_attempts(run))  # type: ignore[operator]
        advance_locked(run)


def end_run(run: JobRun, final: JobRunState, *, now=None) -> None:
    messages = {
        R.SUCCESS: "",
        R.SUCCESS_WITH_FAILURES: "Some tasks failed; every leaf task succeeded.",
        R.CANCELED: "The run was cancelled.",
        R.TIMEDOUT: "The run timed out.",
    }
    transition_run(run, final, message=messages.get(final, "A task failed."), now=now)
    repair = run.repairs.filter(end_time__isnull=True).first() if run.repair_count else None
    if repair is not None:
        repair.end_time = now or timezone.now()
        repair.state = final
        repair.save(update_fields=["end_time", "state"])
    if run.job_id:
        job_id = run.job_id
        transaction.on_commit(lambda: start_queued_runs(job_id=job_id))
        from jobs.schedules.services import on_run_finished  # continuous restart, job-completion triggers

        on_run_finished(run)
    if run.parent_task_run_id:
        on_child_run_end(run)


def on_child_run_end(run: JobRun) -> None:
    """run_job_task: the parent task run learns its child run ended (finished after commit)."""
    from runs.run_job import child_ended

    child_ended(run)


# --- A task attempt from a worker ----------------------------------------------------------------
# Attempts that may be retried (rules.retry_decision has the policy; this spares a query otherwise).
RETRYABLE = frozenset({T.FAILED, T.INTERNAL_ERROR, T.TIMEDOUT})
# A retry's countdown message may arrive a little before not_before (clock rounding): close enough.
CLAIM_EARLY_TOLERANCE = 1.0


def claim(task_run_id: int, worker: str) -> TaskRun | None:
    """QUEUED (or due WAITING_FOR_RETRY) → RUNNING for this worker; None if someone else has it."""
    now = timezone.now()
    with transaction.atomic():
        task_run = (
            TaskRun.objects.select_for_update(no_key=True, of=("self",))  # not the joined run row
            .filter(pk=task_run_id, state__in=(T.QUEUED, T.WAITING_FOR_RETRY))
            .select_related("job_run")
            .first()
        )
        if task_run is None:
            return None
        early = task_run.not_before and task_run.not_before - now > timedelta(seconds=CLAIM_EARLY_TOLERANCE)
        if task_run.state == T.WAITING_FOR_RETRY and early:
            return None  # too early (a re-sent message); the countdown message or the reconciler comes back
        from runs.context import log_path

        transition_task(
            task_run,
            T.RUNNING,
            now=now,
            fields={
                "worker": worker,
                "heartbeat_at": now,
                "log_path": str(log_path(task_run)),
            },
        )
    return task_run


def heartbeat(task_run_id: int) -> bool:
    """Stamp the heartbeat; returns whether the task should stop (cancel or job timeout)."""
    now = timezone.now()
    TaskRun.objects.filter(pk=task_run_id, state=T.RUNNING).update(heartbeat_at=now)
    row = TaskRun.objects.filter(pk=task_run_id).values_list("state", "cancel_requested").first()
    return row is None or row[0] != T.RUNNING or row[1]


def finish(
    task_run_id: int, result: ExecutionResult, *, resolved: dict | None = None, run_id: int | None = None
) -> None:
    """Record an attempt's result, schedule its retry, and advance the run — one transaction."""
    if run_id is None:
        run_id = TaskRun.objects.values_list("job_run_id", flat=True).get(pk=task_run_id)
    with transaction.atomic():
        run = lock_run(run_id)
        task_run = TaskRun.objects.select_for_update(no_key=True).get(pk=task_run_id)
        task_run.job_run = run
        if task_run.state != T.RUNNING:
            return  # already ended (stale heartbeat failed it, or cancelled before it started)
        record_result(task_run, run, result, resolved=resolved)
        if task_run.parent_task_run_id:  # a for_each iteration: retry it, queue the next, or end the task
            from runs.for_each import iteration_ended

            iteration_ended(task_run, run)
        if past_deadline(run, timezone.now()) and not run.stop_reason:
            stop_locked(run, R.TIMEDOUT, message="The job's timeout_seconds elapsed.")
        else:
            advance_locked(run)


def record_result(
    task_run: TaskRun, run: JobRun, result: ExecutionResult, *, resolved: dict | None = None, now=None
) -> None:
    now = now or timezone.now()
    state = result.state
    if state == T.CANCELED and run.stop_reason == R.TIMEDOUT:
        state = T.TIMEDOUT  # stopped by the job's timeout, not by a user
    output = {**(task_run.output or {}), **(result.output or {})}
    fields = {
        "exit_code": result.exit_code,
        "error": result.error or "",
        "error_trace": result.error_trace or "",
        "output": output,
        "heartbeat_at": now,
    }
    if resolved:
        fields.update(resolved)
    transition_task(task_run, state, message=result.error or "", fields=fields, now=now)
    node = dag_of(run).nodes.get(task_run.task_key)
    if node is None or task_run.parent_task_run_id:  # for_each iterations retry in runs.for_each
        return
    if state not in RETRYABLE:
        return
    retry = rules.retry_decision(
        node,
        attempt_number=attempts_used(task_run),
        state=state,
        run_stopping=bool(run.stop_reason) or past_deadline(run, now),
    )
    if retry is None:
        return
    nxt = TaskRun.objects.create(
        job_run=run,
        task_key=task_run.task_key,
        attempt_number=task_run.attempt_number + 1,
        repair=task_run.repair,
        state=T.WAITING_FOR_RETRY,
        created_at=now,
        not_before=now + timedelta(seconds=retry.delay_seconds),
        queue=dispatch.queue_for(task_run),
        dispatch_count=1,
        queued_at=now,
    )
    announce_attempt(nxt, message=f"Retry {nxt.attempt_number} of {task_run.task_key}", now=now)
    if retry.delay_seconds <= 0:
        transition_task(nxt, T.QUEUED, now=now)
    dispatch.send(nxt.pk, nxt.queue, countdown=retry.delay_seconds)


def attempts_used(task_run: TaskRun) -> int:
    """Retries already spent by this task in the current execution (a repair starts afresh)."""
    return (
        TaskRun.objects.filter(
            job_run_id=task_run.job_run_id,
            task_key=task_run.task_key,
            repair=task_run.repair,
            parent_task_run__isnull=True,
        ).count()
        - 1
    )


def past_deadline(run: JobRun, now) -> bool:
    return run.deadline is not None and now >= run.deadline


def fail_attempt(task_run_id: int, message: str, *, state: str = T.FAILED) -> None:
    """End a RUNNING attempt that its worker cannot finish (lost worker, crash): retried per policy."""
    finish(task_run_id, ExecutionResult(state, error=message))


# --- Stopping ---------------------------------------------------------------------------------------
def stop_locked(run: JobRun, reason: JobRunState, *, message: str = "") -> None:
    """Cancel (reason CANCELED) or time out (TIMEDOUT) a locked active run.

    Tasks that have not started end CANCELED now; running ones are flagged, and the worker's
    heartbeat loop (or, in this process, the local cancel event) kills their process trees.
    """
    if run.state in RUN_TERMINAL:
        return
    now = timezone.now()
    if run.state == R.QUEUED:
        # Never started: its tasks end with it, so none stays BLOCKED.
        for task_run in latest_attempts(run).values():
            if task_run.state == T.BLOCKED:
                transition_task(task_run, T.CANCELED, message=message, now=now)
        transition_run(
            run, reason, message=message or "Cancelled while queued.", fields={"stop_reason": reason}, now=now
        )
        return
    latest = latest_attempts(run)
    plan = rules.cancel_plan(views(latest))
    end_state = T.CANCELED if reason == R.CANCELED else T.TIMEDOUT
    for key in plan.end:
        transition_task(
            latest[key], end_state if latest[key].state != T.BLOCKED else T.CANCELED, message=message, now=now
        )
    stop_ids = [latest[key].pk for key in plan.stop]
    if stop_ids and any(latest[key].worker == "orchestrator" for key in plan.stop):
        from runs.run_job import cancel_children  # a run_job task's child run stops with it

        cancel_children(stop_ids, message)
        from runs.for_each import cancel_iterations  # and a for_each task's iterations

        for_each = [latest[key] for key in plan.stop if dag_of(run).nodes[key].kind == "for_each_task"]
        stop_ids += cancel_iterations(for_each, run, message) if for_each else []
    if stop_ids:
        TaskRun.objects.filter(pk__in=stop_ids).update(cancel_requested=True)
        transaction.on_commit(lambda: signal_local_cancel(stop_ids))
    run.stop_reason = reason
    if run.state != R.TERMINATING and stop_ids:
        transition_run(run, R.TERMINATING, message=message, fields={"stop_reason": reason}, now=now)
    else:
        run.save(update_fields=["stop_reason"])
    advance_locked(run, now=now)


def signal_local_cancel(task_run_ids: list[int]) -> None:
    """Stop at once the attempts this process is executing (others see the flag on heartbeat)."""
    from runs.execution import cancel_local

    for task_run_id in task_run_ids:
        cancel_local(task_run_id)
