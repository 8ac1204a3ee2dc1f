"""A run started from the job page, followed live on its run page without a reload: the page is
served by a real ASGI server (uvicorn on a thread, tests/servers.py), the run executes on the
embedded Celery worker, and events travel between the two through the Redis channel layer."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect

from jobs import services as job_services

# Survives client-side navigation, not a reload: the run page must never be reloaded to update.
NO_RELOAD = "window.__lakeflowNoReload"


def _gated_script(*steps: str) -> str:
    """A script that runs its steps in order; a step naming a file waits until that file exists."""
    lines = ["import pathlib, sys, time"]
    for step in steps:
        if step.startswith("/"):
            lines += [f"while not pathlib.Path({step!r}).exists():", "    time.sleep(0.05)"]
        else:
            lines.append(step)
    return "\n".join(lines) + "\n"


def _pulse(node) -> str:
    """The animation of a running node's ring (its ::after); 'none' when it has none."""
    return node.evaluate("el => getComputedStyle(el, '::after').animationName")


def test_a_run_started_from_the_job_page_lights_up_live_and_its_log_pauses_and_follows(
    asgi_page, owner, workspace_script, lakeflow_home
):
    first, second, failed = (Path(lakeflow_home) / name for name in ("first", "second", "flaky-failed"))
    wait = _gated_script(
        "print('hello from wait', flush=True)",
        str(first),
        "print('second line', flush=True)",
        str(second),
        "print('released', flush=True)",
    )
    # Fails its first attempt once `first` exists. By then the engine's two worker slots are held
    # (by `wait` and by `hold`, queued behind the first attempt), so the retry stays "Retrying"
    # until `second` frees them, however slowly the page looks.
    flaky = _gated_script(
        f"if pathlib.Path({str(failed)!r}).exists(): sys.exit(0)",
        str(first),
        f"pathlib.Path({str(failed)!r}).write_text('x')",
        "sys.exit(1)",
    )
    tasks = [
        {"task_key": "wait", "spark_python_task": {"python_file": workspace_script("wait.py", wait)}},
        {
            "task_key": "flaky",
            "max_retries": 2,
            "min_retry_interval_millis": 500,
            "spark_python_task": {"python_file": workspace_script("flaky.py", flaky)},
        },
        {
            "task_key": "hold",
            "spark_python_task": {"python_file": workspace_script("hold.py", _gated_script(str(second)))},
        },
    ]
    job = job_services.create_job(user=owner, settings={"name": "live", "tasks": tasks})
    job_services.update_job(job=job, user=owner, new_settings={"description": "edited once"})  # version 2

    page = asgi_page
    sockets: list = []
    page.on("websocket", lambda socket: sockets.append(socket))
    page.goto(f"/jobs/{job.pk}")
    page.evaluate(f"{NO_RELOAD} = true")
    page.get_by_role("button", name="Run now", exact=True).click()
    page.wait_for_url(re.compile(r"/runs/\d+$"))

    live = page.get_by_test_id("live-indicator")
    expect(live).to_have_attribute("data-live", "true")  # REST polling is off from here on
    row = page.get_by_test_id("task-row-wait")
    node = page.get_by_test_id("run-node-wait")
    expect(row).to_have_attribute("data-state", "RUNNING")
    expect(node).to_have_attribute("data-state", "RUNNING")
    expect(node).to_have_class(re.compile(r"\btone-running\b"))
    assert _pulse(node) == "run-node-pulse"
    expect(page.get_by_test_id("life-cycle-state")).to_have_text("RUNNING")
    expect(page.get_by_test_id("run-trigger")).to_have_text("Manual")
    expect(page.get_by_test_id("run-creator")).to_have_text(owner.username)
    expect(page.get_by_test_id("run-job-version")).to_have_text("· version 2")

    node.click()  # the live log tail of the running attempt
    log = page.get_by_test_id("log-text")
    expect(log).to_contain_text("hello from wait")
    expect(page.get_by_test_id("log-panel")).to_contain_text("(live)")
    log_socket = next(s for s in sockets if re.search(r"/ws/task-runs/\d+/logs/$", s.url))

    # Paused, the panel keeps its text while the socket brings the next line.
    page.get_by_test_id("log-pause").click()
    expect(page.get_by_test_id("log-pause")).to_have_text("Follow")
    with log_socket.expect_event("framereceived", predicate=lambda frame: "second line" in frame):
        first.write_text("go")
    expect(log).not_to_contain_text("second line")

    flaky_node = page.get_by_test_id("run-node-flaky")
    expect(flaky_node).to_have_attribute("data-state", "WAITING_FOR_RETRY")
    expect(flaky_node).to_contain_text("Retrying · attempt 2 of 3")
    expect(log).not_to_contain_text("second line")  # still paused, a while later

    page.get_by_test_id("log-pause").click()
    expect(log).to_contain_text("second line")

    second.write_text("go")
    expect(row).to_have_attribute("data-state", "SUCCESS")
    expect(node).to_have_class(re.compile(r"\btone-success\b"))
    assert _pulse(node) == "none"
    expect(flaky_node).to_contain_text("Succeeded · attempt 2 of 3")
    expect(page.get_by_test_id("life-cycle-state")).to_have_text("TERMINATED")
    expect(live).to_have_attribute("data-live", "true")
    expect(log).to_contain_text("released")
    expect(page.get_by_test_id("log-panel")).to_contain_text("(ended)")
    assert re.search(r"/runs/\d+(\?task=wait)?$", page.url)  # the selected task is in the query
    assert page.evaluate(NO_RELOAD) is True
