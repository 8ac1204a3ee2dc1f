"""Service edges that need no worker: state machine guards, validation errors, idempotency."""

from __future__ import annotations

import pytest

from lakeflow.api.errors import ApiError
from runs import services
from runs.choices import JobRunState, TaskRunState
from runs.models import RunEvent, TaskRun
from runs.transitions import TASK_TRANSITIONS, IllegalTransition, transition_task
from tests.runs.conftest import python_task

OK = {"python_file": "/Workspace/ok.py"}


@pytest.fixture
def job(make_job):
    return make_job(
        [python_task("a", "/Workspace/ok.py"), python_task("b", "/Workspace/ok.py", "a")],
        parameters=[{"name": "env", "default": "dev"}],
    )


def test_run_now_records_who_and_how_and_the_first_task_is_queued(job, owner):
    run = services.run_now(job=job, user=owner, trigger="PERIODIC", job_parameters={"env": "prod"})
    assert (run.triggered_by, run.trigger, run.state, run.job_parameters) == (
        owner,
        "PERIODIC",
        "RUNNING",
        {"env": "prod"},
    )
    assert dict(run.task_runs.values_list("task_key", "state")) == {"a": "QUEUED", "b": "BLOCKED"}
    assert run.job_version == job.latest_version()


def test_run_now_rejects_an_unknown_only_key_and_writes_nothing(job, owner):
    with pytest.raises(ApiError, match="'zzz'"):
        services.run_now(job=job, user=owner, only=["zzz"])
    assert not job.runs.exists()


def test_the_same_token_returns_the_same_run_and_another_token_a_new_one(job, owner):
    first = services.run_now(job=job, user=owner, idempotency_token="t1")
    again = services.run_now(job=job, user=owner, idempotency_token="t1")
    other = services.run_now(job=job, user=owner, idempotency_token="t2")
    assert first.pk == again.pk != other.pk
    assert other.number_in_job == 2


def test_an_active_run_can_be_neither_repaired_nor_deleted(job, owner):
    run = services.run_now(job=job, user=owner)
    with pytest.raises(ApiError, match="still active"):
        services.repair_run(run=run, user=owner, rerun_all_failed_tasks=True)
    with pytest.raises(ApiError, match="cancel it"):
        services.delete_run(run=run, user=owner)


def test_cancelling_a_run_whose_tasks_have_not_started_ends_it_at_once(job, owner):
    run = services.run_now(job=job, user=owner)
    run = services.cancel_run(run=run, user=owner)
    assert run.state == JobRunState.CANCELED
    assert set(run.task_runs.values_list("state", flat=True)) == {"CANCELED"}
    services.delete_run(run=run, user=owner)
    assert not job.runs.exists()


def test_submit_runs_inline_settings_without_a_job(owner):
    run = services.submit_run(
        user=owner,
        settings={"run_name": "adhoc", "tasks": [{"task_key": "x", "spark_python_task": OK}]},
        idempotency_token="s1",
    )
    assert (run.job, run.run_type, run.run_name) == (None, "SUBMIT_RUN", "adhoc")
    assert (
        services.submit_run(
            user=owner,
            settings={"tasks": [{"task_key": "x", "spark_python_task": OK}]},
            idempotency_token="s1",
        ).pk
        == run.pk
    )


# Every move the table does not allow (terminal states may not move at all).
ILLEGAL = [(frm, to) for frm in TaskRunState for to in TaskRunState if to not in TASK_TRANSITIONS[frm]]


@pytest.mark.parametrize(("frm", "to"), ILLEGAL)
def test_illegal_task_transitions_are_refused(job, owner, frm, to):
    run = services.run_now(job=job, user=owner)
    task_run = run.task_runs.get(task_key="b")
    TaskRun.objects.filter(pk=task_run.pk).update(state=frm)
    task_run.refresh_from_db()
    with pytest.raises(IllegalTransition):
        transition_task(task_run, to)


def test_every_transition_appends_an_event_and_events_are_immutable(job, owner):
    run = services.run_now(job=job, user=owner)
    event = RunEvent.objects.filter(job_run=run).last()
    assert (event.task_key, event.from_state, event.to_state) == ("a", "BLOCKED", "QUEUED")
    with pytest.raises(ValueError):
        event.save()
