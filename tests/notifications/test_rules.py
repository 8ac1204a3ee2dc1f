"""Which state changes raise which notification events (notification_settings included)."""

from __future__ import annotations

import pytest

from lakeflow.notifications.hooks import run_event, task_event, wanted

FLAGS_OFF: dict = {}


@pytest.mark.parametrize(
    ("frm", "to", "job", "event"),
    [
        ("PENDING", "RUNNING", FLAGS_OFF, "on_start"),
        ("QUEUED", "RUNNING", FLAGS_OFF, "on_start"),
        ("SUCCESS", "RUNNING", FLAGS_OFF, None),  # a repair is not a new start
        ("RUNNING", "SUCCESS", FLAGS_OFF, "on_success"),
        ("RUNNING", "SUCCESS_WITH_FAILURES", FLAGS_OFF, "on_success"),
        ("RUNNING", "FAILED", FLAGS_OFF, "on_failure"),
        ("RUNNING", "TIMEDOUT", FLAGS_OFF, "on_failure"),
        ("RUNNING", "INTERNAL_ERROR", FLAGS_OFF, "on_failure"),
        ("TERMINATING", "CANCELED", FLAGS_OFF, "on_failure"),
        ("TERMINATING", "CANCELED", {"notification_settings": {"no_alert_for_canceled_runs": True}}, None),
        ("QUEUED", "SKIPPED", FLAGS_OFF, "on_failure"),
        ("QUEUED", "SKIPPED", {"notification_settings": {"no_alert_for_skipped_runs": True}}, None),
        ("QUEUED", "SKIPPED", {"email_notifications": {"no_alert_for_skipped_runs": True}}, None),
        ("RUNNING", "TERMINATING", FLAGS_OFF, None),
    ],
)
def test_run_state_changes_raise_events(frm, to, job, event):
    assert run_event(frm, to, job) == event


@pytest.mark.parametrize(
    ("to", "attempt", "max_retries", "last_only", "event"),
    [
        ("RUNNING", 0, 2, False, "on_start"),
        ("RUNNING", 1, 2, False, "on_start"),
        ("RUNNING", 1, 2, True, None),  # retried attempts do not announce themselves
        ("FAILED", 0, 2, False, "on_failure"),
        ("FAILED", 0, 2, True, None),  # a retry follows
        ("FAILED", 2, 2, True, "on_failure"),  # the last attempt alerts once
        ("FAILED", 5, -1, True, None),  # unlimited retries: never the last
        ("TIMEDOUT", 0, 2, True, "on_failure"),  # a timeout is not retried without retry_on_timeout
        ("SUCCESS", 1, 2, True, "on_success"),
        ("UPSTREAM_FAILED", 0, 0, False, None),
    ],
)
def test_task_state_changes_honour_alert_on_last_attempt(to, attempt, max_retries, last_only, event):
    task = {
        "task_key": "t",
        "spark_python_task": {"python_file": "/x.py"},
        "max_retries": max_retries,
        "notification_settings": {"alert_on_last_attempt": last_only},
    }
    assert task_event("QUEUED", to, task, attempt_number=attempt, run_settings={}) == event


def test_an_event_without_recipients_is_not_wanted():
    job = {"email_notifications": {"on_failure": ["a@x.test"]}, "webhook_notifications": {"on_start": []}}
    assert wanted(job, "on_failure") and not wanted(job, "on_start")
    assert not wanted({}, "on_success")


def test_a_stopping_run_makes_any_attempt_the_last():
    task = {"task_key": "t", "spark_python_task": {"python_file": "/x.py"}, "max_retries": 3}
    task["notification_settings"] = {"alert_on_last_attempt": True}
    assert (
        task_event("RUNNING", "FAILED", task, attempt_number=0, run_settings={}, run_stopping=True)
        == "on_failure"
    )
