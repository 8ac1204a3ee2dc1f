"""GET /api/ui/schedules/preview: the editor's next fire times and a sentence."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

URL = "/api/ui/schedules/preview"


def test_it_lists_the_next_fire_times_in_utc_and_local_time_with_a_description(api):
    response = api.get(
        URL,
        {
            "quartz_cron_expression": "0 30 2 * * ?",
            "timezone_id": "Europe/Berlin",
            "n": 3,
            "after": "2024-03-29T12:00:00+00:00",
        },
    )
    assert response.status_code == 200
    body = response.json()
    # 02:30 does not exist in Berlin on 2024-03-31: skipped.
    assert [t["local"] for t in body["fire_times"]] == [
        "2024-03-30T02:30:00+01:00",
        "2024-04-01T02:30:00+02:00",
        "2024-04-02T02:30:00+02:00",
    ]
    assert body["fire_times"][0]["timestamp_ms"] == 1711762200000
    assert "02:30" in body["description"]


@pytest.mark.parametrize(
    ("expression", "description"),
    [
        ("0 30 2 * * ?", "At 02:30"),  # the README's example
        ("0 0 9 ? * 2-6", "At 09:00, Monday through Friday"),  # Quartz numbers days from 1=SUN
        ("0 0 12 ? * L", "At 12:00, only on Saturday"),  # a lone L: the week's last day
        ("0 0 12 ? JUL l", "At 12:00, only on Saturday, only in July"),
        ("0 0 12 ? * 6L", "At 12:00, on the last Friday of the month"),
    ],
)
def test_the_description_reads_quartz_day_of_week(api, expression, description):
    body = api.get(URL, {"quartz_cron_expression": expression, "n": 1}).json()
    assert body["description"] == description


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"quartz_cron_expression": "0 0 12 * * *"}, "'?' in exactly one"),
        ({"quartz_cron_expression": "0 0 12 * * ?", "timezone_id": "Nowhere/Land"}, "timezone_id"),
        ({"quartz_cron_expression": "0 0 12 * * ?", "n": 500}, "n must be between 1 and 100"),
        ({}, "quartz_cron_expression"),
    ],
)
def test_it_refuses_bad_input_with_a_databricks_error(api, query, message):
    response = api.get(URL, query)
    assert response.status_code == 400
    assert response.json()["error_code"] == "INVALID_PARAMETER_VALUE"
    assert message in response.json()["message"]


def test_it_needs_a_signed_in_user(client):
    assert client.get(URL, {"quartz_cron_expression": "0 0 12 * * ?"}).status_code == 401
