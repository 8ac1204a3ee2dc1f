"""Notifications of real runs: emails through a real SMTP server, webhooks to a real HTTP
receiver (JSON essentials, HMAC signature, Slack form), retries with back-off, every attempt
recorded and visible; sending never blocks or fails a run."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json

import pytest

from lakeflow.notifications import services as notifications
from lakeflow.notifications.api.views import masked_url
from lakeflow.notifications.models import Delivery
from runs import services
from tests.notifications.conftest import eventually
from tests.runs.conftest import python_task, wait_for


def destination(admin_user, url: str, kind: str = "generic_webhook", **extra) -> str:
    return notifications.create_destination(
        user=admin_user, display_name=kind, config={kind: {"url": url, **extra}}
    ).pk


def delivered(run, count: int):
    def check():
        rows = list(Delivery.objects.filter(job_run=run).order_by("id"))
        done = [d for d in rows if d.status in ("SENT", "FAILED")]
        return rows if len(done) >= count else None

    return eventually(check)


def test_a_failed_run_emails_and_posts_a_signed_webhook(
    engine, smtp, webhook, make_job, script, owner, admin_user
):
    hook = destination(admin_user, webhook.url, signing_secret="shh-key")
    job = make_job(
        [python_task("boom", script("f.py", "raise SystemExit('exploded')\n"))],
        email_notifications={"on_start": ["start@x.test"], "on_failure": ["oncall@x.test"]},
        webhook_notifications={"on_failure": [{"id": hook}], "on_success": [{"id": hook}]},
    )
    run = wait_for(services.run_now(job=job, user=owner))
    assert run.state == "FAILED"
    rows = delivered(run, 3)
    assert {(d.event, d.channel, d.status) for d in rows} == {
        ("on_start", "EMAIL", "SENT"),
        ("on_failure", "EMAIL", "SENT"),
        ("on_failure", "WEBHOOK", "SENT"),
    }
    # Email: through the SMTP server, with the run's link.
    by_rcpt = {m["X-Envelope-To"]: m for m in smtp.messages}
    assert set(by_rcpt) == {"start@x.test", "oncall@x.test"}
    failure = by_rcpt["oncall@x.test"]
    assert "failed" in failure["Subject"] and f"/runs/{run.pk}" in failure.get_payload()
    assert "exploded" in failure.get_payload()
    # Webhook: JSON essentials, signed over the exact body.
    (request,) = webhook.requests
    body = request.json()
    assert body["event_type"] == "jobs.on_failure"
    assert (body["job_id"], body["job_name"], body["run_id"]) == (job.pk, "test job", run.pk)
    assert body["run_page_url"].endswith(f"/runs/{run.pk}") and body["trigger"] == "ONE_TIME"
    assert body["state"]["result_state"] == "FAILED" and body["start_time"] > 0
    assert body["failed_tasks"] == [{"task_key": "boom", "result_state": "FAILED", "error": "exploded"}]
    expected = "sha256=" + hmac.new(b"shh-key", request.body, hashlib.sha256).hexdigest()
    assert request.headers["X-Lakeflow-Signature"] == expected


def test_a_failing_receiver_is_retried_with_back_off_and_every_attempt_is_visible(
    engine, webhook, make_job, script, owner, admin_user, api
):
    webhook.statuses = [500, 503]
    hook = destination(admin_user, webhook.url)
    job = make_job(
        [python_task("ok", script("ok.py", "print(1)\n"))],
        webhook_notifications={"on_success": [{"id": hook}]},
    )
    run = wait_for(services.run_now(job=job, user=owner))
    (row,) = delivered(run, 1)
    assert row.status == "SENT"
    assert [a["status_code"] for a in row.attempts] == [500, 503, 200]
    assert row.attempts[0]["error"] == "HTTP 500 Internal Server Error"
    assert len(webhook.requests) == 3
    response = api.get("/api/ui/notifications/deliveries", {"run_id": run.pk})
    assert response.status_code == 200
    (shown,) = response.json()["deliveries"]
    assert shown["status"] == "SENT" and len(shown["attempts"]) == 3
    # The URL may be the credential (Slack's are): run viewers see the destination and its host.
    host, port = webhook.server.server_address[:2]
    assert (shown["destination_id"], shown["destination_name"]) == (hook, "generic_webhook")
    assert shown["recipient"] == f"http://{host}:{port}" and webhook.url not in response.content.decode()


@pytest.mark.parametrize(
    ("url", "masked"),
    [
        ("https://hooks.slack.com/services/T000/B000/XXXXXXXX", "https://hooks.slack.com"),
        ("https://user:pa55@example.test:8443/hook?token=abc#x", "https://example.test:8443"),
        ("not a url", ""),
    ],
)
def test_a_webhook_url_is_shown_as_scheme_and_host_only(url, masked):
    assert masked_url(url) == masked


def test_an_unreachable_receiver_fails_the_delivery_not_the_run(
    engine, settings, make_job, script, owner, admin_user, monkeypatch
):
    settings.LAKEFLOW_NOTIFICATION_BACKOFF_SECONDS = 0.1
    monkeypatch.setattr(notifications, "MAX_ATTEMPTS", 3)
    hook = destination(admin_user, "http://127.0.0.1:9/nothing-listens")
    job = make_job(
        [python_task("ok", script("ok.py", "print(1)\n"))],
        webhook_notifications={"on_start": [{"id": hook}], "on_success": [{"id": hook}]},
    )
    run = wait_for(services.run_now(job=job, user=owner))
    assert run.state == "SUCCESS"
    rows = delivered(run, 2)
    assert [(d.status, len(d.attempts)) for d in rows] == [("FAILED", 3), ("FAILED", 3)]
    assert all("Connection refused" in a["error"] for d in rows for a in d.attempts)


def test_a_hung_smtp_server_times_out_the_attempt_not_the_run(
    engine, hung_smtp, settings, make_job, script, owner, monkeypatch
):
    assert settings.EMAIL_TIMEOUT == 10  # the default: without one Django's SMTP waits forever
    settings.EMAIL_TIMEOUT = 0.5
    monkeypatch.setattr(notifications, "MAX_ATTEMPTS", 1)
    ok = python_task("ok", script("ok.py", "print(1)\n"))
    job = make_job([ok], email_notifications={"on_start": ["a@x.test"]})
    run = wait_for(services.run_now(job=job, user=owner))
    assert run.state == "SUCCESS"
    (row,) = delivered(run, 1)
    assert row.status == "FAILED" and len(row.attempts) == 1
    assert "timed out" in row.attempts[0]["error"]


def test_slack_destinations_get_a_slack_payload(engine, webhook, make_job, script, owner, admin_user):
    hook = destination(admin_user, webhook.url, kind="slack")
    job = make_job(
        [python_task("ok", script("ok.py", "print(1)\n"))],
        webhook_notifications={"on_success": [{"id": hook}]},
    )
    run = wait_for(services.run_now(job=job, user=owner))
    delivered(run, 1)
    body = webhook.requests[0].json()
    assert set(body) == {"text"}
    assert "succeeded" in body["text"] and f"/runs/{run.pk}" in body["text"]


def test_task_level_notifications_alert_once_on_the_last_attempt(engine, smtp, make_job, script, owner):
    task = python_task(
        "flaky",
        script("f.py", "raise SystemExit(3)\n"),
        max_retries=2,
        min_retry_interval_millis=0,
        email_notifications={"on_start": ["t@x.test"], "on_failure": ["t@x.test"]},
        notification_settings={"alert_on_last_attempt": True},
    )
    run = wait_for(services.run_now(job=make_job([task]), user=owner))
    assert run.task_runs.count() == 3
    rows = delivered(run, 2)
    assert sorted(d.event for d in rows) == ["on_failure", "on_start"]
    assert all(d.task_key == "flaky" for d in rows)
    failure = next(d for d in rows if d.event == "on_failure")
    assert failure.payload["task"]["attempt_number"] == 2

    # A repair starts the task's retries afresh: again one start and one failure alert.
    services.repair_run(run=run, user=owner, rerun_all_failed_tasks=True)
    run = wait_for(run)
    assert run.task_runs.count() == 6
    rows = delivered(run, 4)
    assert sorted(d.event for d in rows[2:]) == ["on_failure", "on_start"]


@pytest.mark.parametrize("flag", [False, True])
def test_cancelled_runs_alert_unless_told_not_to(engine, smtp, make_job, script, owner, flag):
    job = make_job(
        [python_task("slow", script("s.py", "import time\ntime.sleep(30)\n"))],
        email_notifications={"on_failure": ["c@x.test"]},
        notification_settings={"no_alert_for_canceled_runs": flag},
    )
    run = services.run_now(job=job, user=owner)
    eventually(lambda: run.task_runs.filter(state="RUNNING").exists())
    services.cancel_run(run=run, user=owner)
    run = wait_for(run)
    assert run.state == "CANCELED"
    if flag:
        assert not Delivery.objects.filter(job_run=run).exists()
    else:
        assert [d.status for d in delivered(run, 1)] == ["SENT"]
        assert json.dumps(smtp.messages[0].get_payload()).count("CANCELED") >= 1


def test_basic_auth_reaches_the_receiver_and_the_admin_shows_each_attempt(
    engine, webhook, make_job, script, owner, admin_user, client
):
    hook = destination(admin_user, webhook.url, username="bot", password="pw-123")
    job = make_job(
        [python_task("ok", script("ok.py", "print(1)\n"))], webhook_notifications={"on_start": [{"id": hook}]}
    )
    run = wait_for(services.run_now(job=job, user=owner))
    (row,) = delivered(run, 1)
    expected = "Basic " + base64.b64encode(b"bot:pw-123").decode()
    assert webhook.requests[0].headers["Authorization"] == expected
    client.force_login(admin_user)
    page = client.get(f"/admin/notifications/delivery/{row.pk}/change/")
    assert page.status_code == 200 and b"status_code" in page.content
    assert client.get("/admin/notifications/delivery/").status_code == 200


def test_an_email_destination_in_webhook_notifications_mails_each_address(
    engine, smtp, make_job, script, owner, admin_user
):
    mailing = notifications.create_destination(
        user=admin_user, display_name="team", config={"email": {"addresses": ["a@x.test", "b@x.test"]}}
    ).pk
    job = make_job(
        [python_task("ok", script("ok.py", "print(1)\n"))],
        webhook_notifications={"on_success": [{"id": mailing}]},
    )
    run = wait_for(services.run_now(job=job, user=owner))
    rows = delivered(run, 2)
    assert sorted((d.channel, d.recipient, d.status) for d in rows) == [
        ("EMAIL", "a@x.test", "SENT"),
        ("EMAIL", "b@x.test", "SENT"),
    ]
    assert sorted(m["X-Envelope-To"] for m in smtp.messages) == ["a@x.test", "b@x.test"]
