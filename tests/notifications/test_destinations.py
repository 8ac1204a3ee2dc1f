"""/api/2.0/notification-destinations through the official databricks-sdk (admins manage them)."""

from __future__ import annotations

import pytest
from databricks.sdk.errors import NotFound, PermissionDenied
from databricks.sdk.service import settings as dbs

from lakeflow.notifications.models import NotificationDestination
from lakeflow.secrets import crypto


def test_admins_create_list_get_update_and_delete_destinations(sdk_for, admin_user):
    w = sdk_for(admin_user)
    hook = w.notification_destinations.create(
        display_name="ops hook",
        config=dbs.Config(
            generic_webhook=dbs.GenericWebhookConfig(
                url="https://example.test/h", username="u", password="p4ss"
            )
        ),
    )
    slack = w.notification_destinations.create(
        display_name="slack", config=dbs.Config(slack=dbs.SlackConfig(url="https://hooks.slack.test/x"))
    )
    assert hook.destination_type == dbs.DestinationType.WEBHOOK
    assert hook.config.generic_webhook.url_set and hook.config.generic_webhook.password_set
    assert hook.config.generic_webhook.password is None  # secrets are never returned
    assert slack.destination_type == dbs.DestinationType.SLACK
    assert {d.id for d in w.notification_destinations.list()} == {hook.id, slack.id}
    assert w.notification_destinations.get(hook.id).display_name == "ops hook"
    updated = w.notification_destinations.update(hook.id, display_name="renamed")
    assert updated.display_name == "renamed"
    row = NotificationDestination.objects.get(pk=hook.id)
    assert row.url == "https://example.test/h" and crypto.decrypt(row.password_encrypted) == b"p4ss"
    w.notification_destinations.delete(slack.id)
    with pytest.raises(NotFound):
        w.notification_destinations.get(slack.id)


def test_members_may_list_but_not_create(sdk_for, member):
    w = sdk_for(member)
    with pytest.raises(PermissionDenied):
        w.notification_destinations.create(
            display_name="x", config=dbs.Config(slack=dbs.SlackConfig(url="https://hooks.slack.test/x"))
        )
    assert list(w.notification_destinations.list()) == []


@pytest.mark.parametrize(
    "body",
    [
        {"display_name": "x", "config": {}},
        {"display_name": "x", "config": {"generic_webhook": {"url": "ftp://nope"}}},
        {"display_name": "", "config": {"slack": {"url": "https://a.test"}}},
        {"display_name": "x", "config": {"pagerduty": {"integration_key": "k"}}},
        {"display_name": "x", "config": {"email": {"addresses": []}}},
        {"display_name": "x"},
    ],
)
def test_invalid_destinations_are_refused_and_nothing_is_written(client_for, admin_user, body):
    response = client_for(admin_user).post("/api/2.0/notification-destinations", body, format="json")
    assert response.status_code == 400, response.json()
    assert response.json()["error_code"] == "INVALID_PARAMETER_VALUE"
    assert not NotificationDestination.objects.exists()
