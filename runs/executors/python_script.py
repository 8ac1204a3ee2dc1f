"""spark_python_task: ``python <python_file> <parameters...>`` in a child process.

The interpreter is this virtual environment's (``sys.executable``), started with nothing of ours
imported: task code that wants ``dbutils`` imports ``lakeflow.runtime``, which is light. The
exit code decides the result; on failure the error is the last line printed (an exception's
``ValueError: ...`` line), the trace the last lines of output.
"""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

from runs.executors.base import FAILED, ExecutionContext, ExecutionResult, run_process


def workspace_file(path: str) -> Path:
    """Where a task's file lives on disk: the workspace's one resolver (it refuses escapes)."""
    from lakeflow.workspace.paths import resolve

    return Path(resolve(path))


class PythonScriptExecutor:
    task_type = "spark_python_task"

    def run(self, ctx: ExecutionContext) -> ExecutionResult:
        block = ctx.task.get(self.task_type) or {}
        source = str(block.get("python_file") or "")
        try:
            path = workspace_file(source)
        except Exception as e:
            return ExecutionResult(FAILED, error=f"python_file {source!r}: {e}")
        if not path.is_file():
            return ExecutionResult(FAILED, error=f"python_file {source!r} does not exist.")
        args = [str(arg) for arg in block.get("parameters") or []]
        argv = [sys.executable, "-S", LAUNCHER, str(path), *args]
        env = {**ctx.env, "PYTHONPATH": _pythonpath(ctx.env.get("PYTHONPATH", ""))}
        return run_process(argv, ctx, cwd=ctx.workdir, env=env).result()


# `python -S launcher file args` skips site's .pth processing (see lakeflow/runtime/launch.py).
LAUNCHER = str(Path(__file__).resolve().parents[2] / "lakeflow" / "runtime" / "launch.py")


@functools.cache
def _site_paths() -> tuple[str, ...]:
    """This project and the environment's site-packages: what `site` would have put on sys.path."""
    import site

    project = str(Path(__file__).resolve().parents[2])
    return (project, *[p for p in site.getsitepackages() if Path(p).is_dir()])


def _pythonpath(existing: str) -> str:
    return os.pathsep.join([*_site_paths(), *([existing] if existing else [])])


executor = PythonScriptExecutor()
