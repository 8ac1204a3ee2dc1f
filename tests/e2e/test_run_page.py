"""The run page's actions and task panel, driven in Chromium against runs that really execute on
the embedded worker: repair a failed run from the dialog, cancel a long run, follow a task's log
while it runs and read its output after, the executed notebook in a sandboxed iframe, and a SQL
result table and a pipeline's datasets with their expectations, and the alerts a run sent.

Repair and cancel run on pytest-django's live server (no websockets: the page polls REST); the
log tail needs the log websocket, so those tests use a real ASGI server (`asgi_url`)."""

from __future__ import annotations

import re
import socket
from pathlib import Path

from playwright.sync_api import expect

from jobs import services as job_services
from lakeflow.notifications import services as notifications
from lakeflow.pipelines import services as pipeline_services
from runs import services as run_services
from runs.models import JobRun
from tests.runs.conftest import wait_for

RUN_END = 90_000  # ms: a run on a loaded 2-core machine


def _job(owner, name: str, tasks: list[dict], **settings):
    return job_services.create_job(user=owner, settings={"name": name, "tasks": tasks, **settings})


def _badge(page):
    return page.get_by_test_id("run-state-badge")


def test_a_failed_run_repaired_from_the_dialog_ends_green(engine, logged_in_page, owner, workspace_script):
    page = logged_in_page
    check = workspace_script(
        "check.py",
        "import sys\nprint('mode', sys.argv[1:])\nsys.exit(0 if '--mode=good' in sys.argv else 3)\n",
    )
    after = workspace_script("after.py", "print('after ran')\n")
    tasks = [
        {"task_key": "first", "spark_python_task": {"python_file": after}},
        {
            "task_key": "check",
            "depends_on": [{"task_key": "first"}],
            "spark_python_task": {"python_file": check, "parameters": ["--mode={{job.parameters.mode}}"]},
        },
        {
            "task_key": "after",
            "depends_on": [{"task_key": "check"}],
            "spark_python_task": {"python_file": after},
        },
    ]
    job = _job(owner, "repairable", tasks, parameters=[{"name": "mode", "default": "bad"}])
    run = run_services.run_now(job=job, user=owner)

    page.goto(f"/runs/{run.pk}")
    expect(_badge(page)).to_have_attribute("data-state", "FAILED", timeout=RUN_END)
    expect(page.get_by_test_id("run-node-after")).to_have_attribute("data-state", "UPSTREAM_FAILED")
    expect(page.get_by_test_id("run-edge-check>after")).to_be_attached()  # the dependency is drawn
    page.get_by_test_id("run-repair").click()
    dialog = page.get_by_test_id("repair-dialog")
    # The failed task and its dependent are preselected, the task that succeeded is not.
    expect(dialog.get_by_test_id("repair-task-check").get_by_role("checkbox")).to_be_checked()
    expect(dialog.get_by_test_id("repair-task-after").get_by_role("checkbox")).to_be_checked()
    expect(dialog.get_by_test_id("repair-task-first").get_by_role("checkbox")).not_to_be_checked()
    page.get_by_test_id("repair-submit").click()  # as it was: fails again
    expect(dialog).to_have_count(0)  # the repair was accepted
    assert wait_for(run, timeout=RUN_END / 1000).state == "FAILED"

    # A second repair names the first (latest_repair_id), now with the parameter overridden.
    expect(page.get_by_test_id("run-repairs")).to_contain_text("1 ·")
    page.get_by_test_id("run-repair").click()
    dialog.get_by_label("mode").fill("good")
    page.get_by_test_id("repair-submit").click()

    expect(_badge(page)).to_have_attribute("data-state", "SUCCESS", timeout=RUN_END)
    expect(page.get_by_test_id("run-node-check")).to_have_attribute("data-state", "SUCCESS")
    expect(page.get_by_test_id("run-node-after")).to_have_attribute("data-state", "SUCCESS")
    expect(page.get_by_test_id("run-repairs")).to_contain_text("2 ·")
    # The repair history shows the run as the original left it (a shareable URL), then back.
    page.get_by_test_id("repair-history-select").select_option(label="Original run")
    expect(page).to_have_url(re.compile(r"[?&]repair=original"))
    expect(page.get_by_test_id("past-repair-banner")).to_contain_text("Original run")
    expect(_badge(page)).to_have_attribute("data-state", "FAILED")
    expect(page.get_by_test_id("run-node-check")).to_have_attribute("data-state", "FAILED")
    expect(page.get_by_test_id("run-node-after")).to_have_attribute("data-state", "UPSTREAM_FAILED")
    expect(page.get_by_test_id("run-duration")).to_contain_text("(Original run)")  # its own span
    page.get_by_test_id("past-repair-latest").click()
    expect(page.get_by_test_id("run-node-check")).to_have_attribute("data-state", "SUCCESS")
    run.refresh_from_db()
    assert run.state == "SUCCESS"
    assert run.repairs.count() == 2
    assert run.task_runs.filter(task_key="first").count() == 1  # never rerun


def test_a_long_run_cancelled_from_the_page_ends_canceled(engine, logged_in_page, owner, workspace_script):
    page = logged_in_page
    slow = workspace_script("slow.py", "import time\nprint('started', flush=True)\ntime.sleep(600)\n")
    job = _job(owner, "slow", [{"task_key": "slow", "spark_python_task": {"python_file": slow}}])
    run = run_services.run_now(job=job, user=owner)

    page.goto(f"/runs/{run.pk}")
    expect(page.get_by_test_id("run-node-slow")).to_have_attribute("data-state", "RUNNING", timeout=RUN_END)
    page.get_by_test_id("run-cancel").click()
    expect(_badge(page)).to_have_attribute("data-state", "CANCELED", timeout=RUN_END)
    expect(page.get_by_test_id("run-node-slow")).to_have_attribute("data-state", "CANCELED")
    expect(page.get_by_test_id("run-cancel")).to_have_count(0)
    assert JobRun.objects.get(pk=run.pk).state == "CANCELED"


def test_a_task_shows_its_log_while_it_runs_and_its_output_after(
    asgi_page, asgi_url, settings, owner, workspace_script, lakeflow_home
):
    settings.LAKEFLOW_API_URL = asgi_url  # where the task's dbutils sets its task value
    page = asgi_page
    release = Path(lakeflow_home) / "release"
    code = (
        "import pathlib, sys, time\n"
        "from lakeflow.runtime import dbutils\n"
        "print('working on', sys.argv[1:], flush=True)\n"
        f"while not pathlib.Path({str(release)!r}).exists():\n"
        "    time.sleep(0.05)\n"
        "dbutils.jobs.taskValues.set('rows', 42)\n"
        "print('finished', flush=True)\n"
    )
    task = {
        "task_key": "work",
        "spark_python_task": {
            "python_file": workspace_script("work.py", code),
            "parameters": ["{{job.parameters.day}}"],
        },
    }
    job = _job(owner, "logs", [task], parameters=[{"name": "day", "default": "monday"}])
    run = run_services.run_now(job=job, user=owner)

    page.goto(f"/runs/{run.pk}")
    node = page.get_by_test_id("run-node-work")
    expect(node).to_have_attribute("data-state", "RUNNING", timeout=RUN_END)
    node.click()
    panel = page.get_by_test_id("task-panel")
    expect(panel.get_by_test_id("task-panel-state")).to_have_attribute("data-state", "RUNNING")
    expect(panel.get_by_test_id("log-text")).to_contain_text("working on ['monday']")  # the live tail

    release.write_text("go")
    expect(panel.get_by_test_id("task-panel-state")).to_have_attribute(
        "data-state", "SUCCESS", timeout=RUN_END
    )
    # Once it ended the panel shows its output: for a script, what it printed.
    expect(panel.get_by_test_id("task-tab-output")).to_contain_text("finished")
    panel.get_by_role("tab", name="Parameters").click()
    expect(panel.get_by_test_id("task-parameters")).to_contain_text("monday")
    expect(panel.get_by_test_id("task-values")).to_contain_text("rows")
    expect(panel.get_by_test_id("task-values")).to_contain_text("42")


def test_a_failed_task_shows_its_error_and_the_timeline_its_attempts(
    engine, logged_in_page, owner, workspace_script
):
    page = logged_in_page
    boom = workspace_script("boom.py", "raise RuntimeError('no such table: sales')\n")
    task = {"task_key": "boom", "max_retries": 1, "spark_python_task": {"python_file": boom}}
    run = run_services.run_now(job=_job(owner, "boom", [task]), user=owner)

    page.goto(f"/runs/{run.pk}?task=boom")
    expect(_badge(page)).to_have_attribute("data-state", "FAILED", timeout=RUN_END)
    panel = page.get_by_test_id("task-panel")
    expect(panel.get_by_test_id("attempt-2")).to_be_visible()
    expect(panel.get_by_test_id("task-error")).to_contain_text("RuntimeError")
    panel.get_by_test_id("task-error").get_by_text("Trace", exact=True).click()
    expect(panel.get_by_test_id("task-error-trace")).to_contain_text("no such table: sales")
    page.keyboard.press("Escape")  # closes the panel
    expect(panel).to_have_count(0)

    page.get_by_role("tab", name="Timeline").click()
    row = page.get_by_test_id("gantt-row-boom")
    expect(row).to_have_attribute("data-attempts", "2")
    expect(row.get_by_test_id("gantt-seg-boom-1-running")).to_be_visible()
    expect(row.get_by_test_id("gantt-seg-boom-2-running")).to_be_visible()


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_the_notifications_tab_shows_each_alert_sent_and_why_one_failed(
    engine, logged_in_page, owner, admin_user, workspace_script, settings, monkeypatch
):
    page = logged_in_page
    settings.LAKEFLOW_NOTIFICATION_BACKOFF_SECONDS = 0.05
    monkeypatch.setattr(notifications, "MAX_ATTEMPTS", 2)
    hook = notifications.create_destination(
        user=admin_user,
        display_name="ops hook",
        config={"generic_webhook": {"url": f"http://127.0.0.1:{_closed_port()}/secret-path"}},
    )
    boom = workspace_script("boom.py", "raise SystemExit(3)\n")
    task = {
        "task_key": "boom",
        "spark_python_task": {"python_file": boom},
        "email_notifications": {"on_failure": ["oncall@x.test"]},
    }
    job = _job(
        owner,
        "alerting",
        [task],
        email_notifications={"on_start": ["team@x.test"]},
        webhook_notifications={"on_failure": [{"id": hook.pk}]},
    )
    run = run_services.run_now(job=job, user=owner)

    page.goto(f"/runs/{run.pk}")  # while it runs: the tab appears with the first alert
    page.get_by_role("tab", name=re.compile(r"^Notifications \(\d+\)$")).click()
    rows = page.get_by_test_id("run-delivery")
    started = rows.and_(page.locator('[data-event="on_start"]'))
    expect(started).to_have_attribute("data-status", "SENT", timeout=RUN_END)
    expect(started).to_contain_text("team@x.test")
    task_alert = rows.and_(page.locator('[data-event="on_failure"][data-channel="EMAIL"]'))
    expect(task_alert).to_have_attribute("data-status", "SENT", timeout=RUN_END)
    expect(task_alert).to_contain_text("boom")
    hooked = rows.and_(page.locator('[data-event="on_failure"][data-channel="WEBHOOK"]'))
    expect(hooked).to_have_attribute("data-status", "FAILED", timeout=RUN_END)
    expect(hooked).to_contain_text("On failure")
    expect(hooked).to_contain_text("ops hook")
    expect(hooked.get_by_test_id("delivery-error")).to_contain_text("Connection refused")
    expect(hooked).not_to_contain_text("secret-path")  # the URL's path is masked
    expect(page.get_by_role("tab", name="Notifications (3)")).to_be_visible()


def test_the_executed_notebook_is_shown_in_a_sandboxed_iframe(
    engine, logged_in_page, owner, workspace_script
):
    page = logged_in_page
    notebook = workspace_script(
        "report.py",
        "# Databricks notebook source\nprint('report for', 6 * 7)\n"
        "# COMMAND ----------\n"
        "print('<script>parent.document.title = \"escaped\"</script>')\n",
    )
    task = {"task_key": "report", "notebook_task": {"notebook_path": notebook.removesuffix(".py")}}
    run = run_services.run_now(job=_job(owner, "notebook", [task]), user=owner)

    page.goto(f"/runs/{run.pk}?task=report")
    expect(_badge(page)).to_have_attribute("data-state", "SUCCESS", timeout=RUN_END)
    frame_element = page.get_by_test_id("notebook-frame")
    expect(frame_element).to_be_visible()
    sandbox = frame_element.get_attribute("sandbox")
    assert sandbox is not None and "allow-same-origin" not in sandbox and "allow-scripts" not in sandbox
    expect(page.frame_locator("[data-testid=notebook-frame]").get_by_text("report for 42")).to_be_visible()
    assert page.title() != "escaped"


def test_sql_and_pipeline_tasks_show_their_results_and_run_again_repeats_the_run(
    engine, logged_in_page, owner, workspace_script
):
    page = logged_in_page
    query = workspace_script("q.sql", "SELECT 'north' AS region, 42 AS orders UNION ALL SELECT {{region}}, 7")
    sql = {
        "file": {"path": query},
        "warehouse_id": "default",
        "parameters": {"region": "{{job.parameters.region}}"},
    }
    definition = workspace_script(
        "small.sql",
        "CREATE MATERIALIZED VIEW small (CONSTRAINT below_5 EXPECT (n < 5) ON VIOLATION DROP ROW)"
        " AS SELECT range AS n FROM range(10)",
    )
    pipeline = pipeline_services.create_pipeline(
        user=owner, spec={"name": "small", "schema": "e2e", "libraries": [{"file": {"path": definition}}]}
    )
    tasks = [
        {"task_key": "q", "sql_task": sql},
        {"task_key": "p", "pipeline_task": {"pipeline_id": pipeline.id}},
    ]
    job = _job(owner, "sql", tasks, parameters=[{"name": "region", "default": "x"}])
    run = run_services.run_now(job=job, user=owner, job_parameters={"region": "south"})

    page.goto(f"/runs/{run.pk}?task=q")
    expect(_badge(page)).to_have_attribute("data-state", "SUCCESS", timeout=RUN_END)
    result = page.get_by_test_id("sql-result")
    expect(result.get_by_role("columnheader", name="orders")).to_be_visible()
    expect(result.get_by_role("row").filter(has_text="north")).to_contain_text("42")
    expect(result).to_contain_text("2 rows")
    page.get_by_test_id("run-node-p").click()  # the pipeline's datasets and their expectations
    dataset = page.get_by_test_id("pipeline-result").get_by_test_id("dataset-small")
    expect(dataset).to_contain_text("materialized view")
    expect(dataset).to_contain_text("below_5: 5 passed, 5 failed (drop)")

    page.get_by_test_id("run-again").click()  # same parameters, and the page follows the new run
    page.wait_for_url(re.compile(rf"/runs/(?!{run.pk}\b)\d+$"))
    again = JobRun.objects.exclude(pk=run.pk).get(job=job)
    assert page.url.endswith(f"/runs/{again.pk}") and again.job_parameters == {"region": "south"}
    expect(_badge(page)).to_have_attribute("data-state", "SUCCESS", timeout=RUN_END)


def test_a_for_each_task_lists_its_iterations_and_opens_one(engine, logged_in_page, owner, workspace_script):
    page = logged_in_page
    item = workspace_script(
        "item.py", "import sys\nprint('item is', sys.argv[1])\nsys.exit(sys.argv[1] == 'bad')\n"
    )
    nested = {
        "task_key": "each_iteration",
        "spark_python_task": {"python_file": item, "parameters": ["{{input}}"]},
    }
    task = {"task_key": "each", "for_each_task": {"inputs": '["good", "bad"]', "task": nested}}
    run = run_services.run_now(job=_job(owner, "loop", [task]), user=owner)

    page.goto(f"/runs/{run.pk}?task=each")
    expect(_badge(page)).to_have_attribute("data-state", "FAILED", timeout=RUN_END)
    iterations = page.get_by_test_id("for-each-iterations")
    expect(iterations).to_contain_text("1 succeeded · 1 failed")
    iterations.get_by_role("button", name="Iteration 2").click()
    panel = page.get_by_test_id("task-panel")
    expect(panel.get_by_test_id("task-panel-state")).to_have_attribute("data-state", "FAILED")
    expect(panel.get_by_test_id("log-text")).to_contain_text("item is bad")
    panel.get_by_role("button", name="Back to the task").click()
    expect(panel.get_by_test_id("for-each-iterations")).to_be_visible()


def test_the_duration_warning_appears_live_while_the_run_is_still_going(
    asgi_page, owner, workspace_script, lakeflow_home
):
    page = asgi_page
    release = Path(lakeflow_home) / "release"
    code = f"import pathlib, time\nwhile not pathlib.Path({str(release)!r}).exists():\n    time.sleep(0.05)\n"
    health = {"rules": [{"metric": "RUN_DURATION_SECONDS", "op": "GREATER_THAN", "value": 2}]}
    # The task has the rule too (Databricks' Task.health): its node and panel show its own warning.
    task = {
        "task_key": "long",
        "spark_python_task": {"python_file": workspace_script("long.py", code)},
        "health": health,
    }
    run = run_services.run_now(job=_job(owner, "watched", [task], health=health), user=owner)

    page.goto(f"/runs/{run.pk}")
    expect(page.get_by_test_id("live-indicator")).to_have_attribute("data-live", "true")
    expect(page.get_by_test_id("run-node-long")).to_have_attribute("data-state", "RUNNING", timeout=RUN_END)
    # Fired by the engine 2 s in; the socket's run.duration_warning makes the page read the run.
    expect(page.get_by_test_id("duration-warning")).to_contain_text("more than 2 seconds", timeout=RUN_END)
    expect(page.get_by_test_id("run-node-warning-long")).to_be_visible(timeout=RUN_END)
    page.get_by_test_id("run-node-long").click()
    expect(page.get_by_test_id("task-duration-warning")).to_contain_text("Task long has been running")
    expect(_badge(page)).to_have_attribute("data-state", "RUNNING")
    release.write_text("go")
    expect(_badge(page)).to_have_attribute("data-state", "SUCCESS", timeout=RUN_END)
    expect(page.get_by_test_id("duration-warning")).to_be_visible()
