"""trigger.job_completion: another job's run ending with a chosen result starts this job."""

from __future__ import annotations

import pytest

from runs import services as run_services
from runs.models import JobRun
from tests.jobs import trigger_helpers
from tests.jobs.trigger_helpers import ECHO, FAIL, create, wait_for, wait_for_runs

engine, script = trigger_helpers.engine, trigger_helpers.script  # the real-worker fixtures


pytestmark = pytest.mark.slow


def test_a_failed_upstream_run_starts_the_downstream_job_once(engine, script, owner):
    upstream = create(owner, script("fail.py", FAIL))
    downstream = create(
        owner,
        script("echo.py", ECHO),
        trigger={"job_completion": {"job_ids": [upstream.pk], "result_states": ["FAILED"]}},
    )
    from jobs.schedules.services import check_triggers

    check_triggers(job_id=downstream.pk)  # baseline
    failed = wait_for(run_services.run_now(job=upstream, user=owner))
    [run] = wait_for_runs(downstream, 1)
    assert run.trigger == "JOB_COMPLETION"
    assert run.trigger_info == {"run_id": failed.pk}
    assert wait_for(run).state == "SUCCESS"
    assert check_triggers(job_id=downstream.pk) == []  # that completion is consumed


def test_a_result_that_was_not_chosen_starts_nothing(engine, script, owner):
    upstream = create(owner, script("ok.py", ECHO))
    downstream = create(
        owner,
        script("echo.py", ECHO),
        trigger={"job_completion": {"job_ids": [upstream.pk], "result_states": ["FAILED"]}},
    )
    from jobs.schedules.services import check_triggers

    check_triggers(job_id=downstream.pk)
    wait_for(run_services.run_now(job=upstream, user=owner))
    assert check_triggers(job_id=downstream.pk) == []
    assert not JobRun.objects.filter(job=downstream).exists()
