"""Executors tested directly: an ExecutionContext built by hand, real child processes and engines."""

from __future__ import annotations

import itertools
import os
import shutil
from pathlib import Path

import pytest

from runs.executors.base import ExecutionContext, LogSink
from tests.conftest import unavailable

_ids = itertools.count(1)


@pytest.fixture
def javac() -> None:
    """JAR tests compile their JAR with the JDK: a skip without one, a failure in CI."""
    if shutil.which("javac") is None:
        unavailable("javac is not installed", "CI must install a JDK: see .ci/run")


@pytest.fixture
def make_ctx(tmp_path):
    """make_ctx(task, parameters=..., timeout=..., env=...) -> an ExecutionContext for one attempt."""

    def make(
        task: dict, *, parameters: dict | None = None, timeout: float | None = None, env: dict | None = None
    ) -> ExecutionContext:
        number = next(_ids)
        workdir = tmp_path / f"work-{number}"
        workdir.mkdir()
        return ExecutionContext(
            task_run_id=number,
            task_key=task.get("task_key", "t"),
            task=task,
            parameters=parameters or {},
            workdir=workdir,
            env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
            log=LogSink(workdir / "log.txt"),
            timeout=timeout,
        )

    return make


@pytest.fixture
def put_file(settings):
    """put_file("/Users/owner/x.sql", text) writes a workspace file and returns its path."""
    from lakeflow.workspace.paths import resolve

    def put(path: str, content: str | bytes) -> Path:
        file = resolve(path)
        file.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            file.write_bytes(content)
        else:
            file.write_text(content)
        return file

    return put


def log_text(ctx: ExecutionContext) -> str:
    ctx.log.close()
    return ctx.log.path.read_text()
