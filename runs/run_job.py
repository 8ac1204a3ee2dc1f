"""run_job_task: a task that starts another job's run, waits for it, and takes its result.

The orchestrator runs it inline (no worker process): ``start`` is called with the task run already
RUNNING and the parent run locked; it starts the child run (``trigger=RUN_JOB_TASK``, linked by
``JobRun.parent_task_run``) and returns. When the child run ends, ``child_ended`` finishes the
parent task after the child's transaction commits, so the two run locks are never held together
in child-then-parent order (a cancel takes them parent-then-child).
"""

from __future__ import annotations

from django.db import transaction

from runs.choices import JobRunState, TaskRunState, TriggerType
from runs.executors.base import ExecutionResult
from runs.models import JobRun, TaskRun

R = JobRunState
T = TaskRunState


def start(task_run: TaskRun, run: JobRun, latest: dict[str, TaskRun]) -> None:
    """Start the child run of a RUNNING run_job_task attempt (its parent run is locked)."""
    from jobs import permissions
    from jobs.models import Job
    from lakeflow.api.errors import ApiError
    from lakeflow.secrets.runtime import run_as_user
    from runs import context, legacy_params, references, services
    from runs.transitions import transition_task

    def fail(message: str) -> None:
        transition_task(task_run, T.FAILED, message=message, fields={"error": message})

    try:
        resolved, _params = context.resolve_task(task_run, run)
    except references.UnknownReference as e:
        return fail(str(e))
    block = resolved.get("run_job_task") or {}
    job = Job.objects.filter(pk=block.get("job_id")).first()
    if job is None:
        return fail(f"run_job_task.job_id names unknown job {block.get('job_id')}.")
    user = run_as_user(run)
    if user is None or not permissions.can(user, job, "CAN_MANAGE_RUN"):
        name = getattr(user, "username", None) or "the run's user"
        return fail(f"{name} does not have CAN_MANAGE_RUN permission on job {job.pk}, so it cannot run it.")
    # Only the block's parameters go to the child (not the parent's own job parameters); the
    # legacy fields as run-now takes them (named ones as job parameters, argv lists as overrides).
    named = legacy_params.named_as_job_parameters(block)
    job_parameters = {str(k): references.render(v) for k, v in (block.get("job_parameters") or named).items()}
    legacy = (*legacy_params.NAMED, *legacy_params.POSITIONAL)
    try:
        child = services.run_now(
            job=job,
            user=user,
            job_parameters=job_parameters,
            overriding_parameters={k: block[k] for k in legacy if block.get(k)},
            trigger=TriggerType.RUN_JOB_TASK,
            trigger_info={"run_id": run.pk},
            parent_task_run=task_run,
        )
    except ApiError as e:
        return fail(f"Could not start job {job.pk}: {e}")
    task_run.resolved_task = resolved
    task_run.output = {"run_job_output": {"run_id": child.pk}}
    task_run.save(update_fields=["resolved_task", "output"])
    if child.state in (R.SKIPPED,):  # max_concurrent_runs reached with queueing off: ends at once
        child_ended(child)


def child_ended(child: JobRun) -> None:
    """The child run of a run_job_task ended: finish the parent attempt once this commits."""
    parent_id = child.parent_task_run_id
    if parent_id is None:
        return
    if child.state == R.SUCCESS:
        result = ExecutionResult(T.SUCCESS)
    elif child.state == R.CANCELED:
        result = ExecutionResult(T.CANCELED, error=f"The child run {child.pk} was cancelled.")
    else:
        result = ExecutionResult(
            T.FAILED,
            error=f"The child run {child.pk} ended {child.state}: {child.state_message}".rstrip(": "),
        )

    def finish() -> None:
        from runs import orchestrator

        orchestrator.finish(parent_id, result)

    transaction.on_commit(finish)


def cancel_children(task_run_ids: list[int], message: str) -> None:
    """Cancelling a run cancels the runs its run_job tasks started (in the caller's transaction)."""
    from runs import orchestrator

    for child in JobRun.objects.filter(parent_task_run_id__in=task_run_ids).exclude(
        state__in=orchestrator.RUN_TERMINAL
    ):
        child = orchestrator.lock_run(child.pk)
        orchestrator.stop_locked(child, R.CANCELED, message=message or "The parent run was cancelled.")


def finish_orphans() -> int:
    """Reconciler: RUNNING run_job attempts whose child run already ended (the process that ended
    the child died before its after-commit callback finished the parent). Returns how many."""
    from runs.choices import RUN_TERMINAL

    ended = JobRun.objects.filter(
        parent_task_run__state=T.RUNNING, parent_task_run__worker="orchestrator", state__in=RUN_TERMINAL
    )
    count = 0
    for child in ended:
        with transaction.atomic():
            child_ended(child)
        count += 1
    return count
