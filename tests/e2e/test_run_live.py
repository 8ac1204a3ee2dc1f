"""The run page updates live over its websocket: the page is served by a real ASGI server (uvicorn
on a thread, tests/servers.py), the run executes on the embedded Celery worker, and events travel
between the two through the Redis channel layer."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect

from jobs import services as job_services
from runs import services as run_services
from tests.e2e.conftest import log_in


def test_the_run_page_follows_a_run_and_its_log_over_websockets_without_polling(
    browser, asgi_url, owner, workspace_script, lakeflow_home
):
    release = Path(lakeflow_home) / "release"
    code = (
        "import pathlib, time\n"
        "print('hello from wait', flush=True)\n"
        f"while not pathlib.Path({str(release)!r}).exists():\n"
        "    time.sleep(0.05)\n"
        "print('released', flush=True)\n"
    )
    task = {"task_key": "wait", "spark_python_task": {"python_file": workspace_script("wait.py", code)}}
    job = job_services.create_job(user=owner, settings={"name": "live", "tasks": [task]})
    run = run_services.run_now(job=job, user=owner)

    context = browser.new_context(base_url=asgi_url)
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        log_in(page, owner.username, f"{owner.username}-password-1")
        page.goto(f"/runs/{run.pk}")
        live = page.get_by_test_id("live-indicator")
        expect(live).to_have_attribute("data-live", "true")  # REST polling is off from here on
        row = page.get_by_test_id("task-row-wait")
        node = page.get_by_test_id("run-node-wait")
        expect(row).to_have_attribute("data-state", "RUNNING")
        expect(node).to_have_attribute("data-state", "RUNNING")
        expect(node).to_have_class(re.compile(r"\btone-running\b"))
        expect(page.get_by_test_id("life-cycle-state")).to_have_text("RUNNING")

        node.click()  # the live log tail of the running attempt
        log = page.get_by_test_id("log-text")
        expect(log).to_contain_text("hello from wait")
        expect(page.get_by_test_id("log-panel")).to_contain_text("(live)")

        release.write_text("go")
        expect(row).to_have_attribute("data-state", "SUCCESS")
        expect(node).to_have_class(re.compile(r"\btone-success\b"))
        expect(page.get_by_test_id("life-cycle-state")).to_have_text("TERMINATED")
        expect(live).to_have_attribute("data-live", "true")
        expect(log).to_contain_text("released")
        expect(page.get_by_test_id("log-panel")).to_contain_text("(ended)")
        assert re.search(r"/runs/\d+(\?task=wait)?$", page.url)  # the selected task is in the query
    finally:
        context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"
