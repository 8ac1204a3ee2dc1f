"""Where a task's file lives: the workspace, or the run's git checkout (``source: GIT``).

Where the checkout comes from, first match wins:
1. ``ctx.env["LAKEFLOW_GIT_CHECKOUT"]``, when the engine checked the run's git_source out itself;
2. a ``git_source`` block on the task (checked out here; the checkout is cached);
3. the run's settings snapshot (``JobRun.settings["git_source"]``): the first task that needs it
   checks it out and pins the commit in ``git_source.git_snapshot.used_commit`` (Databricks'
   field, shown by runs/get), so every later task of the run reads the same commit even if the
   branch moves meanwhile.
"""

from __future__ import annotations

from pathlib import Path

from runs.executors.base import ExecutionContext

GIT_CHECKOUT_ENV = "LAKEFLOW_GIT_CHECKOUT"


class SourceError(Exception):
    """The task names a file that cannot be read (the user's error: the task fails)."""


def source_of(ctx: ExecutionContext, block: dict) -> str:
    """WORKSPACE or GIT; Databricks' default is GIT when the job has a git_source."""
    source = block.get("source")
    if source:
        return str(source).upper()
    has_git = ctx.env.get(GIT_CHECKOUT_ENV) or ctx.task.get("git_source") or _run_git_source(ctx)
    return "GIT" if has_git else "WORKSPACE"


def _run_git_source(ctx: ExecutionContext) -> dict | None:
    from runs.models import TaskRun

    row = TaskRun.objects.filter(pk=ctx.task_run_id).values_list("job_run__settings", flat=True).first()
    return (row or {}).get("git_source") or None


def git_checkout(ctx: ExecutionContext) -> Path:
    from runs.git_sources import GitSourceError, checkout

    if path := ctx.env.get(GIT_CHECKOUT_ENV):
        return Path(path)
    try:
        if git_source := ctx.task.get("git_source"):
            return checkout(git_source)[0]
        if git_source := _run_git_source(ctx):
            return _pinned_checkout(ctx, git_source)
    except GitSourceError as error:
        raise SourceError(str(error)) from None
    raise SourceError("The task reads from GIT but the job has no git_source.")


def _pinned_checkout(ctx: ExecutionContext, git_source: dict) -> Path:
    """Check out the run's commit, pinning it on the run the first time (see the docstring)."""
    from django.db import transaction

    from runs.git_sources import checkout
    from runs.models import JobRun, TaskRun

    used = (git_source.get("git_snapshot") or {}).get("used_commit")
    if used:
        return checkout({**git_source, "git_commit": used})[0]
    path, sha = checkout(git_source)  # outside the row lock: a fetch may take seconds
    run_id = TaskRun.objects.filter(pk=ctx.task_run_id).values_list("job_run_id", flat=True).first()
    with transaction.atomic():
        run = JobRun.objects.select_for_update().get(pk=run_id)
        current = dict(run.settings.get("git_source") or {})
        pinned = (current.get("git_snapshot") or {}).get("used_commit")
        if not pinned:
            current["git_snapshot"] = {**(current.get("git_snapshot") or {}), "used_commit": sha}
            run.settings = {**run.settings, "git_source": current}
            run.save(update_fields=["settings"])
    if pinned and pinned != sha:
        return checkout({**git_source, "git_commit": pinned})[0]  # another task pinned first
    return path


def task_file(ctx: ExecutionContext, path: str, source: str, *, notebook: bool = False) -> Path:
    """The file on disk for a task's path; `notebook` also finds `name.ipynb` / `name.py`."""
    if not path:
        raise SourceError("The task names no file.")
    if source == "GIT":
        root = git_checkout(ctx).resolve()
        candidate = (root / path.lstrip("/")).resolve()
        if not candidate.is_relative_to(root):
            raise SourceError(f"{path} leads outside the git checkout.")
        if notebook and not candidate.is_file():
            for ext in (".ipynb", ".py"):
                if candidate.with_name(candidate.name + ext).is_file():
                    return candidate.with_name(candidate.name + ext)
        if not candidate.is_file():
            raise SourceError(f"{path} does not exist in the git checkout.")
        return candidate
    from lakeflow.workspace import paths

    try:
        file = paths.notebook_file(path) if notebook else paths.resolve(path)
    except Exception as error:  # the workspace's ApiError: not found / invalid path
        raise SourceError(getattr(error, "message", str(error))) from None
    if not file.is_file():
        raise SourceError(f"{path} does not exist in the workspace.")
    return file
