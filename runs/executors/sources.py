"""Where a task's file lives: the workspace, or the run's git checkout (``source: GIT``).

The engine checks the job's git_source out once per run (runs/git_sources.checkout) and hands the
checkout to every task through ``ctx.env["LAKEFLOW_GIT_CHECKOUT"]``; a task that carries the
``git_source`` block itself (runs/submit) is checked out here on demand — the checkout is cached.
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
    return "GIT" if (ctx.env.get(GIT_CHECKOUT_ENV) or ctx.task.get("git_source")) else "WORKSPACE"


def git_checkout(ctx: ExecutionContext) -> Path:
    if checkout := ctx.env.get(GIT_CHECKOUT_ENV):
        return Path(checkout)
    git_source = ctx.task.get("git_source")
    if not git_source:
        raise SourceError("The task reads from GIT but the job has no git_source.")
    from runs.git_sources import GitSourceError, checkout

    try:
        path, _sha = checkout(git_source)
    except GitSourceError as error:
        raise SourceError(str(error)) from None
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
