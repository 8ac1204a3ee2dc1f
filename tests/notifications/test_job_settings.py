"""Notification and health settings are accepted in the Databricks shape and round-trip."""

from __future__ import annotations

SETTINGS = {
    "name": "alerts",
    "email_notifications": {
        "on_start": ["a@x.test"],
        "on_failure": ["b@x.test"],
        "on_duration_warning_threshold_exceeded": ["c@x.test"],
        "on_streaming_backlog_exceeded": ["d@x.test"],
        "no_alert_for_skipped_runs": True,
    },
    "webhook_notifications": {"on_success": [{"id": "dest-1"}]},
    "notification_settings": {"no_alert_for_skipped_runs": True, "no_alert_for_canceled_runs": True},
    "health": {"rules": [{"metric": "RUN_DURATION_SECONDS", "op": "GREATER_THAN", "value": 600}]},
    "tasks": [
        {
            "task_key": "t",
            "spark_python_task": {"python_file": "/Workspace/t.py"},
            "email_notifications": {"on_failure": ["t@x.test"]},
            "notification_settings": {"alert_on_last_attempt": True},
        }
    ],
}


def test_notification_settings_round_trip_through_the_jobs_api(api):
    job_id = api.post("/api/2.2/jobs/create", SETTINGS, format="json").json()["job_id"]
    got = api.get("/api/2.2/jobs/get", {"job_id": job_id}).json()["settings"]
    for field in ("email_notifications", "webhook_notifications", "notification_settings", "health"):
        assert got[field] == SETTINGS[field], field
    task = got["tasks"][0]
    assert task["email_notifications"] == {"on_failure": ["t@x.test"]}
    assert task["notification_settings"] == {"alert_on_last_attempt": True}


def test_a_bad_health_rule_is_refused(api):
    bad = {
        **SETTINGS,
        "health": {"rules": [{"metric": "RUN_DURATION_SECONDS", "op": "LESS_THAN", "value": 1}]},
    }
    response = api.post("/api/2.2/jobs/create", bad, format="json")
    assert response.status_code == 400 and "op" in response.json()["message"]
