"""The jobs list in a real browser: search, tag filter, schedule in words, Run now per row."""

from __future__ import annotations

from playwright.sync_api import expect

from jobs import services


def make_job(user, name, **settings):
    task = {"task_key": "t", "spark_python_task": {"python_file": "/Workspace/t.py"}}
    return services.create_job(user=user, settings={"name": name, "tasks": [task], **settings})


def test_it_searches_filters_by_tag_and_shows_schedules_in_words(logged_in_page, owner):
    make_job(
        owner,
        "nightly etl",
        tags={"team": "data"},
        schedule={"quartz_cron_expression": "0 0/30 * * * ?", "timezone_id": "UTC"},
    )
    make_job(owner, "weekly report", tags={"team": "web"})
    page = logged_in_page
    page.reload()
    table = page.get_by_test_id("jobs-table")
    expect(table.get_by_role("link")).to_have_count(2)
    expect(table.get_by_role("row", name="nightly etl")).to_contain_text("Every 30 minutes (UTC)")

    page.get_by_label("Search jobs by name").fill("week")
    expect(table.get_by_role("link")).to_have_count(1)
    expect(table.get_by_role("link")).to_have_text("weekly report")

    page.get_by_label("Search jobs by name").fill("")
    page.get_by_label("Filter by tag").fill("team:data")
    page.get_by_label("Filter by tag").press("Enter")
    expect(table.get_by_role("link")).to_have_count(1)
    expect(table.get_by_role("link")).to_have_text("nightly etl")


def test_run_now_from_a_row_starts_a_run(logged_in_page, owner):
    job = make_job(owner, "clickable")
    page = logged_in_page
    page.reload()
    page.get_by_role("button", name="Run clickable now").click()
    expect(page.get_by_test_id("toast").filter(has_text="Started run")).to_be_visible()
    assert job.runs.count() == 1
