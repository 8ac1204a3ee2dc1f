"""dbt_task: run the task's dbt ``commands`` in order, when dbt is installed on the worker.

Lakeflow does not install dbt (it is a large tool with per-warehouse adapters); without a ``dbt``
on PATH the task fails saying so. Each command must start with ``dbt``; it runs in
``project_directory`` (workspace or git checkout) with ``--profiles-dir`` when
``profiles_directory`` is set; the first failing command fails the task.
"""

from __future__ import annotations

import os
import shlex
import shutil
from pathlib import Path

from runs.executors.base import FAILED, SUCCESS, ExecutionContext, ExecutionResult, run_process
from runs.executors.sources import SourceError, git_checkout, source_of


def find_dbt(env: dict[str, str]) -> str | None:
    return shutil.which("dbt", path=env.get("PATH", os.defpath))


class DbtExecutor:
    task_type = "dbt_task"

    def _directory(self, ctx: ExecutionContext, block: dict, name: str) -> Path | None:
        value = block.get(name)
        if not value:
            return None
        if source_of(ctx, block) == "GIT":
            return git_checkout(ctx) / str(value).lstrip("/")
        from lakeflow.workspace.paths import resolve

        return resolve(str(value))

    def run(self, ctx: ExecutionContext) -> ExecutionResult:
        block = ctx.task.get(self.task_type) or {}
        commands = block.get("commands") or []
        if not commands:
            return ExecutionResult(FAILED, error="dbt_task.commands must list at least one dbt command.")
        dbt = find_dbt(ctx.env)
        if dbt is None:
            return ExecutionResult(
                FAILED,
                error="dbt is not installed on this worker: install dbt-core and an adapter to run dbt_task.",
            )
        try:
            project = self._directory(ctx, block, "project_directory") or ctx.workdir
            profiles = self._directory(ctx, block, "profiles_directory")
        except (SourceError, Exception) as error:
            return ExecutionResult(FAILED, error=f"dbt_task: {getattr(error, 'message', error)}")
        for index, command in enumerate(commands):
            argv = shlex.split(str(command))
            if not argv or argv[0] != "dbt":
                return ExecutionResult(
                    FAILED, error=f"dbt_task.commands[{index}] must start with 'dbt': {command!r}"
                )
            argv[0] = dbt
            if profiles is not None and "--profiles-dir" not in argv:
                argv += ["--profiles-dir", str(profiles)]
            ctx.log.write(f"[dbt] {command}\n")
            result = run_process(argv, ctx, cwd=project).result()
            if result.state != SUCCESS:
                result.error = f"{command!r} failed: {result.error}"
                return result
        return ExecutionResult(SUCCESS, exit_code=0)


executor = DbtExecutor()
