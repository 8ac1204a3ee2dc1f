"""The embedded default: `lakeflow dev`'s schedule loop (a beat thread) fires real runs on the
in-process broker, consumed by the embedded worker."""

from __future__ import annotations

import pytest

from jobs.schedules.embedded import start_schedule_loop
from lakeflow.embedded import _STARTERS
from tests.jobs import trigger_helpers
from tests.jobs.trigger_helpers import ECHO, create, wait_for, wait_for_runs

engine, script = trigger_helpers.engine, trigger_helpers.script  # the real-worker fixtures

pytestmark = pytest.mark.slow


def test_the_schedule_loop_is_registered_for_lakeflow_dev():
    assert start_schedule_loop in _STARTERS


def test_the_embedded_loop_fires_a_seconds_schedule(engine, script, owner, settings):
    settings.LAKEFLOW_SCHEDULE_MIN_INTERVAL_SECONDS = 0
    job = create(
        owner,
        script("echo.py", ECHO),
        "{{job.trigger.type}}",
        max_concurrent_runs=10,
        schedule={"quartz_cron_expression": "* * * * * ?", "timezone_id": "UTC"},
    )
    stop = start_schedule_loop()
    try:
        runs = wait_for_runs(job, 2, timeout=30)
    finally:
        stop()
    assert {wait_for(run).state for run in runs} == {"SUCCESS"}
    assert {run.trigger for run in runs} == {"PERIODIC"}
