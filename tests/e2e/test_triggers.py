"""The Schedule tab's event triggers and the Run backfill dialog, in a real browser: what the user
sets there is what the Jobs API returns, and a backfill starts one run per interval."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from jobs import services
from tests.e2e.editor import open_job_settings, save

TASK = {"task_key": "t", "spark_python_task": {"python_file": "/Workspace/t.py"}}


def job_settings_from_api(page, job_id: int) -> dict:
    response = page.request.get(f"/api/2.2/jobs/get?job_id={job_id}")
    assert response.ok, response.text()
    return response.json()["settings"]


def test_a_table_update_then_a_job_completion_trigger_set_in_the_tab_come_back_from_jobs_get(
    logged_in_page, owner
):
    upstream = services.create_job(user=owner, settings={"name": "nightly load", "tasks": [TASK]})
    job = services.create_job(user=owner, settings={"name": "report", "tasks": [TASK]})
    page = logged_in_page
    page.goto(f"/jobs/{job.pk}")
    open_job_settings(page, "Schedule")

    page.get_by_label("Trigger type").select_option("table_update")
    page.get_by_label("Tables 1", exact=True).fill("main.sales")
    page.get_by_role("button", name="Add table").click()
    page.get_by_label("Tables 2", exact=True).fill("main.orders")
    page.get_by_label("Run when").select_option("ALL_UPDATED")
    page.get_by_label("Min time between triggers (s)").fill("60")
    save(page)
    assert job_settings_from_api(page, job.pk)["trigger"] == {
        "pause_status": "UNPAUSED",
        "table_update": {
            "table_names": ["main.sales", "main.orders"],
            "condition": "ALL_UPDATED",
            "min_time_between_triggers_seconds": 60,
        },
    }

    page.get_by_label("Trigger type").select_option("job_completion")
    page.get_by_label("Find a job to watch").fill("nightly")
    matches = page.get_by_role("group", name="Matching jobs")
    matches.get_by_role("button", name=re.compile("nightly load")).click()
    page.get_by_label("Run when each job has").select_option("FAILED")
    page.get_by_label("Paused").check()
    save(page)
    assert job_settings_from_api(page, job.pk)["trigger"] == {
        "pause_status": "PAUSED",
        "job_completion": {"jobs": [{"job_id": str(upstream.pk)}], "if_status": "FAILED"},
    }

    page.reload()
    open_job_settings(page, "Schedule")
    expect(page.get_by_label("Trigger type")).to_have_value("job_completion")
    expect(page.get_by_test_id(f"monitored-job-{upstream.pk}")).to_contain_text("nightly load")


def test_a_backfill_from_the_run_menu_starts_one_run_per_day_with_its_date(logged_in_page, owner):
    job = services.create_job(
        user=owner,
        settings={"name": "daily", "tasks": [TASK], "parameters": [{"name": "day", "default": "today"}]},
    )
    page = logged_in_page
    page.goto(f"/jobs/{job.pk}")
    page.get_by_role("button", name="More run options").click()
    page.get_by_role("menuitem", name="Run backfill").click()
    dialog = page.get_by_role("dialog", name="Run backfill")
    dialog.get_by_label("Start (UTC)").fill("2026-01-01T00:00")
    dialog.get_by_label("End (UTC)").fill("2026-01-04T00:00")
    expect(dialog.get_by_label("day")).to_have_value("today")
    dialog.get_by_label("day").fill("{{backfill.iso_date}}")
    expect(dialog.get_by_test_id("backfill-summary")).to_contain_text("3 runs")
    dialog.get_by_role("button", name="Start 3 runs").click()

    page.wait_for_url(re.compile(rf"/jobs/{job.pk}/runs$"))
    expect(page.get_by_test_id("toast").filter(has_text="Backfill started: 3 runs")).to_be_visible()
    expect(page.get_by_test_id("job-runs").locator("tbody tr")).to_have_count(3)
    days = sorted(run.job_parameters["day"] for run in job.runs.all())
    assert days == ["2026-01-01", "2026-01-02", "2026-01-03"]
