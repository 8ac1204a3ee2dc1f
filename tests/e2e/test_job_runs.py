"""The job runs page (tasks x runs matrix, duration chart, filtered runs list, live over the job's
websocket) and the all-runs page (what runs now, Cancel, finished runs with filters), in headless
Chromium. Runs are executed by the real embedded worker; the filter test reads stored rows."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from jobs import services as job_services
from runs import services as run_services
from runs.models import JobRun
from tests.e2e.conftest import log_in
from tests.runs.api_rows import finished_run, job_with
from tests.runs.conftest import wait_for

# Waits on the real worker of a loaded machine: longer than expect's 5 s default.
RUN_TIMEOUT_MS = 30_000


@pytest.fixture
def release(lakeflow_home) -> Path:
    """Tasks made by ``waiting_task`` run until this file exists."""
    return Path(lakeflow_home) / "release"


@pytest.fixture
def waiting_task(workspace_script, release):
    def make(task_key: str = "wait") -> dict:
        code = (
            "import pathlib, time\n"
            f"while not pathlib.Path({str(release)!r}).exists():\n"
            "    time.sleep(0.05)\n"
        )
        return {
            "task_key": task_key,
            "spark_python_task": {"python_file": workspace_script(f"{task_key}.py", code)},
        }

    return make


@contextmanager
def page_on(browser, base_url: str, user) -> Iterator[Page]:
    """A logged-in page on ``base_url`` (the ASGI server); JavaScript errors fail the test."""
    context = browser.new_context(base_url=base_url, viewport={"width": 1440, "height": 900})
    context.set_default_timeout(20_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        log_in(page, user.username, f"{user.username}-password-1")
        yield page
    finally:
        context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def test_the_matrix_shows_each_tasks_colour_once_the_runs_finish(
    logged_in_page, engine, owner, workspace_script
):
    ok = {"spark_python_task": {"python_file": workspace_script("ok.py", "print('ok')\n")}}
    bad = {"spark_python_task": {"python_file": workspace_script("bad.py", "raise SystemExit(3)\n")}}
    tasks = [
        {"task_key": "extract", **ok},
        {"task_key": "load", "depends_on": [{"task_key": "extract"}], **bad},
        {"task_key": "report", "depends_on": [{"task_key": "load"}], **ok},
    ]
    job = job_services.create_job(user=owner, settings={"name": "nightly", "tasks": tasks})
    run = wait_for(run_services.run_now(job=job, user=owner))
    assert run.state == "FAILED"

    page = logged_in_page
    page.goto(f"/jobs/{job.pk}/runs")
    expect(page.get_by_role("heading", name=re.compile("nightly"))).to_be_visible()
    for task_key, state, tone in [
        ("extract", "SUCCESS", "success"),
        ("load", "FAILED", "danger"),
        ("report", "UPSTREAM_FAILED", "warning"),
    ]:
        cell = page.get_by_test_id(f"matrix-cell-{task_key}-{run.pk}")
        expect(cell).to_have_attribute("data-state", state)
        expect(cell).to_have_class(re.compile(rf"\btone-{tone}\b"))
    expect(page.get_by_test_id(f"duration-bar-{run.pk}")).to_have_attribute("data-state", "FAILED")
    expect(page.get_by_test_id(f"run-row-{run.pk}")).to_have_attribute("data-state", "FAILED")

    page.get_by_test_id(f"matrix-cell-load-{run.pk}").click()  # that task's attempt on the run page
    page.wait_for_url(re.compile(rf"/runs/{run.pk}\?task=load$"))
    expect(page.get_by_test_id("log-panel")).to_be_visible()


def test_a_run_started_through_the_api_appears_on_the_open_page_and_finishes_there(
    browser, asgi_url, sdk_for, owner, waiting_task, release, workspace_script
):
    quick = {
        "task_key": "quick",
        "spark_python_task": {"python_file": workspace_script("quick.py", "import time\ntime.sleep(1.5)\n")},
    }
    wait = {**waiting_task(), "depends_on": [{"task_key": "quick"}]}
    job = job_services.create_job(user=owner, settings={"name": "live job", "tasks": [quick, wait]})
    with page_on(browser, asgi_url, owner) as page:
        page.goto(f"/jobs/{job.pk}/runs")
        live = page.get_by_test_id("job-live-indicator")
        expect(live).to_have_attribute("data-live", "true")  # no REST polling while idle and live
        expect(page.get_by_text("No runs yet").first).to_be_visible()

        # A script starts the run: the official SDK against the in-process live server, whose
        # dispatch reaches this process's embedded worker.
        run_id = sdk_for(owner).jobs.run_now(job_id=job.pk).run_id

        row = page.get_by_test_id(f"run-row-{run_id}")
        cell = page.get_by_test_id(f"matrix-cell-wait-{run_id}")
        expect(row).to_have_attribute("data-state", "RUNNING", timeout=RUN_TIMEOUT_MS)
        # While the run stays RUNNING only task events say that quick ended and wait started.
        done = page.get_by_test_id(f"matrix-cell-quick-{run_id}")
        expect(done).to_have_attribute("data-state", "SUCCESS", timeout=RUN_TIMEOUT_MS)
        expect(cell).to_have_attribute("data-state", "RUNNING", timeout=RUN_TIMEOUT_MS)
        release.write_text("go")
        expect(row).to_have_attribute("data-state", "SUCCESS", timeout=RUN_TIMEOUT_MS)
        expect(cell).to_have_attribute("data-state", "SUCCESS")
        expect(page.get_by_test_id(f"duration-bar-{run_id}")).to_have_attribute("data-state", "SUCCESS")
        expect(live).to_have_attribute("data-live", "true")
        assert page.url.endswith(f"/jobs/{job.pk}/runs")


@pytest.mark.parametrize(("path", "list_id"), [("/jobs/{job}/runs", "job-runs"), ("/runs", "finished-runs")])
def test_filters_narrow_the_runs_list(logged_in_page, owner, path, list_id):
    job = job_with(owner, "a", name="filtered")
    old = timezone.now() - dt.timedelta(days=3)
    succeeded = finished_run(job, owner, state="SUCCESS", created_at=old)
    failed = finished_run(
        job, owner, {"a": "FAILED"}, state="FAILED", created_at=old + dt.timedelta(minutes=1)
    )
    scheduled = finished_run(job, owner, state="SUCCESS", created_at=timezone.now() - dt.timedelta(minutes=5))
    JobRun.objects.filter(pk=scheduled.pk).update(trigger="PERIODIC")

    page = logged_in_page
    page.goto(path.format(job=job.pk))
    runs = page.get_by_test_id(list_id)
    rows = runs.locator("tbody tr")

    def shows(*expected: JobRun) -> None:
        expect(rows).to_have_count(len(expected))
        for run in expected:
            expect(runs.get_by_test_id(f"run-row-{run.pk}")).to_be_visible()

    shows(scheduled, failed, succeeded)
    runs.get_by_label("Status").select_option("FAILED")
    shows(failed)
    assert "status=FAILED" in page.url  # the filter is in the URL: shareable, survives a reload
    page.reload()
    shows(failed)

    runs.get_by_role("button", name="Clear").click()
    runs.get_by_label("Trigger").select_option("PERIODIC")
    shows(scheduled)
    runs.get_by_label("Trigger").select_option("")
    runs.get_by_label("Time range").select_option("24h")
    shows(scheduled)
    runs.get_by_label("Status").select_option("FAILED")
    expect(runs).to_contain_text("No runs match these filters")


def test_the_all_runs_page_shows_an_active_run_and_cancels_it(logged_in_page, engine, owner, waiting_task):
    job = job_services.create_job(user=owner, settings={"name": "long job", "tasks": [waiting_task()]})
    run = run_services.run_now(job=job, user=owner)
    wait_for(run, states={"RUNNING"})

    page = logged_in_page
    page.goto("/runs")
    active = page.get_by_test_id("active-runs")
    row = active.get_by_test_id(f"run-row-{run.pk}")
    expect(row).to_have_attribute("data-state", "RUNNING", timeout=RUN_TIMEOUT_MS)
    expect(row.get_by_role("link", name="long job")).to_have_attribute("href", f"/jobs/{job.pk}/runs")
    expect(row.get_by_role("link", name=f"#{run.number_in_job}")).to_have_attribute("href", f"/runs/{run.pk}")

    row.get_by_role("button", name=f"Cancel run {run.pk}").click()
    expect(page.get_by_test_id("toast").filter(has_text=f"Cancelling run {run.pk}")).to_be_visible()
    finished = page.get_by_test_id("finished-runs").get_by_test_id(f"run-row-{run.pk}")
    expect(finished).to_have_attribute("data-state", "CANCELED", timeout=RUN_TIMEOUT_MS)
    expect(row).to_have_count(0)
    expect(active).to_contain_text("Nothing is running.")
    assert wait_for(run).state == "CANCELED"
