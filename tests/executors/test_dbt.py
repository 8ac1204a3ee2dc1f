"""dbt_task: runs dbt commands when dbt is there, fails clearly when it is not."""

from __future__ import annotations

import os

import pytest

from runs.executors.dbt import executor
from tests.executors.conftest import log_text

pytestmark = pytest.mark.django_db


def test_without_dbt_the_task_fails_saying_so(make_ctx, tmp_path):
    ctx = make_ctx({"dbt_task": {"commands": ["dbt run"]}}, env={"PATH": str(tmp_path)})
    result = executor.run(ctx)
    assert result.state == "FAILED" and "dbt is not installed" in result.error


@pytest.fixture
def fake_dbt_on_path(tmp_path):
    """A real executable named dbt (a shell script) standing for an installed dbt."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "dbt"
    script.write_text('#!/bin/sh\necho "dbt called with: $*"\n[ "$1" != "fail" ]\n')
    script.chmod(0o755)
    return f"{bin_dir}:{os.environ['PATH']}"


def test_commands_run_in_order_and_the_first_failure_stops_them(make_ctx, fake_dbt_on_path):
    ctx = make_ctx(
        {"dbt_task": {"commands": ["dbt deps", "dbt fail now", "dbt run"]}}, env={"PATH": fake_dbt_on_path}
    )
    result = executor.run(ctx)
    assert result.state == "FAILED" and "'dbt fail now' failed" in result.error
    log = log_text(ctx)
    assert "dbt called with: deps" in log and "dbt called with: run" not in log


def test_a_command_that_is_not_dbt_is_refused(make_ctx, fake_dbt_on_path):
    result = executor.run(make_ctx({"dbt_task": {"commands": ["rm -rf /"]}}, env={"PATH": fake_dbt_on_path}))
    assert result.state == "FAILED" and "must start with 'dbt'" in result.error
