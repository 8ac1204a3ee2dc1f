"""The job editor in a real browser: draw, configure, save, validate, schedule, version, run."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from jobs import services
from jobs.models import Job
from tests.e2e.editor import (
    add_task,
    drag_edge,
    edge_count,
    fit,
    node,
    open_job_settings,
    save,
    select_task,
    yaml_text,
)


def test_it_builds_a_job_by_drawing_and_finds_it_identical_after_reload(logged_in_page, workspace_script):
    page = logged_in_page
    path = workspace_script("hello.py", "print('hello')\n")
    page.get_by_role("button", name="Create job").click()
    page.get_by_label("Job name").fill("Drawn job")
    for _ in range(3):
        add_task(page, "Python script")
    fit(page)
    for key in ("python", "python_2", "python_3"):
        expect(node(page, key)).to_be_visible()

    drag_edge(page, "python", "python_2")
    drag_edge(page, "python_2", "python_3")
    expect(page.locator(".react-flow__edge")).to_have_count(2)

    for key in ("python", "python_2", "python_3"):
        select_task(page, key)
        page.get_by_label("Python file", exact=True).fill(path)
    page.get_by_label("Retries").fill("2")
    page.get_by_label("Run if").select_option("ALL_DONE")
    expect(page.locator(".edge-label.runif")).to_have_text("all done")

    save(page)
    page.wait_for_url(re.compile(r"/jobs/\d+$"))
    job = Job.objects.get(name="Drawn job")
    settings = services.job_settings(job)
    assert [(t["task_key"], [d["task_key"] for d in t.get("depends_on", [])]) for t in settings["tasks"]] == [
        ("python", []),
        ("python_2", ["python"]),
        ("python_3", ["python_2"]),
    ]
    third = settings["tasks"][2]
    assert (third["max_retries"], third["run_if"], third["spark_python_task"]["python_file"]) == (
        2,
        "ALL_DONE",
        path,
    )

    before = yaml_text(page)
    page.reload()
    expect(node(page, "python_3")).to_be_visible()
    expect(page.locator(".react-flow__edge")).to_have_count(2)
    assert yaml_text(page) == before
    expect(page.get_by_test_id("unsaved")).to_have_count(0)


def test_it_refuses_a_connection_that_would_make_a_cycle(logged_in_page, owner):
    chain = [
        {"task_key": "a", "spark_python_task": {"python_file": "/Workspace/a.py"}},
        {
            "task_key": "b",
            "spark_python_task": {"python_file": "/Workspace/b.py"},
            "depends_on": [{"task_key": "a"}],
        },
        {
            "task_key": "c",
            "spark_python_task": {"python_file": "/Workspace/c.py"},
            "depends_on": [{"task_key": "b"}],
        },
    ]
    job = services.create_job(user=owner, settings={"name": "chain", "tasks": chain})
    page = logged_in_page
    page.goto(f"/jobs/{job.pk}")
    expect(node(page, "c")).to_be_visible()
    assert edge_count(page) == 2

    drag_edge(page, "c", "a")

    expect(page.get_by_test_id("toast").filter(has_text="cycle")).to_be_visible()
    assert edge_count(page) == 2
    expect(page.get_by_test_id("unsaved")).to_have_count(0)


def test_it_edits_the_schedule_shows_next_fire_times_and_restores_an_old_version(logged_in_page, owner):
    task = {"task_key": "t", "spark_python_task": {"python_file": "/Workspace/t.py"}}
    job = services.create_job(user=owner, settings={"name": "scheduled", "tasks": [task]})
    page = logged_in_page
    page.goto(f"/jobs/{job.pk}")
    open_job_settings(page, "Schedule")
    page.get_by_label("Trigger type").select_option("cron")
    page.get_by_label("Repeat").select_option("minutes")
    page.get_by_label("Every N minutes").fill("15")
    page.get_by_label("Time zone").select_option("Europe/Paris")

    expect(page.get_by_label("Quartz cron expression")).to_have_value("0 0/15 * * * ?")
    expect(page.get_by_test_id("schedule-description")).to_have_text("Every 15 minutes")
    expect(page.get_by_test_id("next-fire-times").locator("li")).to_have_count(5)

    save(page)
    job.refresh_from_db()
    assert job.schedule["quartz_cron_expression"] == "0 0/15 * * * ?"
    assert job.schedule["timezone_id"] == "Europe/Paris"

    page.get_by_role("button", name="Versions").click()
    expect(page.get_by_test_id("version-diff")).to_contain_text("0 0/15 * * * ?")
    page.get_by_test_id("version-row-1").get_by_role("button", name="Restore").click()
    expect(page.get_by_test_id("toast").filter(has_text="Restored version 1")).to_be_visible()

    open_job_settings(page, "Schedule")
    expect(page.get_by_label("Trigger type")).to_have_value("none")
    job.refresh_from_db()
    assert job.schedule is None
    assert list(job.versions.values_list("change", flat=True).order_by("version")) == [
        "create",
        "reset",
        "restore",
    ]


def test_it_runs_now_with_different_parameters_and_opens_the_run(
    logged_in_page, owner, engine, workspace_script
):
    path = workspace_script("greet.py", "import sys\nprint('greeting', sys.argv[1:])\n")
    task = {
        "task_key": "greet",
        "spark_python_task": {"python_file": path, "parameters": ["{{job.parameters.greeting}}"]},
    }
    job = services.create_job(
        user=owner,
        settings={
            "name": "greeter",
            "tasks": [task],
            "parameters": [{"name": "greeting", "default": "hello"}],
        },
    )
    page = logged_in_page
    page.goto(f"/jobs/{job.pk}")
    page.get_by_role("button", name="More run options").click()
    page.get_by_role("menuitem", name="Run now with different parameters").click()
    field = page.get_by_label("greeting")
    expect(field).to_have_value("hello")
    field.fill("bonjour")
    page.get_by_role("button", name="Run", exact=True).click()

    page.wait_for_url(re.compile(r"/runs/\d+$"))
    run_id = int(page.url.rsplit("/", 1)[1])
    assert job.runs.get().pk == run_id
    expect(page.get_by_test_id("life-cycle-state")).to_have_text("TERMINATED", timeout=60_000)
    expect(page.get_by_test_id("run-parameters")).to_contain_text("bonjour")
    assert job.runs.get().job_parameters == {"greeting": "bonjour"}


def test_a_refusal_from_the_server_is_shown_at_the_task_and_field_it_names(logged_in_page, owner):
    task = {
        "task_key": "uses_cluster",
        "spark_python_task": {"python_file": "/Workspace/t.py"},
        "job_cluster_key": "shared",
    }
    cluster = {"job_cluster_key": "shared", "new_cluster": {"num_workers": 1}}
    job = services.create_job(
        user=owner, settings={"name": "clusters", "tasks": [task], "job_clusters": [cluster]}
    )
    page = logged_in_page
    page.goto(f"/jobs/{job.pk}")
    open_job_settings(page, "Compute")
    page.get_by_role("button", name="Remove job cluster shared").click()
    page.get_by_role("button", name="Save", exact=True).click()

    panel = page.get_by_role("complementary", name="Task uses_cluster")
    expect(panel).to_be_visible()
    expect(panel.get_by_role("alert").first).to_contain_text('names unknown job cluster "shared"')
    job.refresh_from_db()
    assert job.versions.count() == 1
