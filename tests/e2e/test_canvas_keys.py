"""Canvas keyboard: Delete removes, Ctrl+Z / Ctrl+Shift+Z undo and redo, Ctrl+C / Ctrl+V copy
tasks; leaving with unsaved changes asks first."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from jobs import services
from tests.e2e.editor import node


def two_task_job(owner):
    tasks = [
        {"task_key": "a", "spark_python_task": {"python_file": "/Workspace/a.py"}},
        {
            "task_key": "b",
            "spark_python_task": {"python_file": "/Workspace/b.py"},
            "depends_on": [{"task_key": "a"}],
        },
    ]
    return services.create_job(user=owner, settings={"name": "keys", "tasks": tasks})


def test_delete_undo_redo_and_copy_paste_from_the_keyboard(logged_in_page, owner):
    job = two_task_job(owner)
    page = logged_in_page
    page.goto(f"/jobs/{job.pk}")
    node(page, "b").click()
    page.keyboard.press("Delete")
    expect(node(page, "b")).to_have_count(0)
    expect(page.locator(".react-flow__edge")).to_have_count(0)

    page.keyboard.press("Control+z")
    expect(node(page, "b")).to_be_visible()
    expect(page.locator(".react-flow__edge")).to_have_count(1)
    page.keyboard.press("Control+Shift+z")
    expect(node(page, "b")).to_have_count(0)
    page.keyboard.press("Control+z")

    node(page, "a").click()
    page.keyboard.press("Control+c")
    page.keyboard.press("Control+v")
    expect(node(page, "a_copy")).to_be_visible()
    expect(page.get_by_test_id("unsaved")).to_be_visible()


def test_leaving_with_unsaved_changes_asks_first(logged_in_page, owner):
    job = two_task_job(owner)
    page = logged_in_page
    page.goto(f"/jobs/{job.pk}")
    page.get_by_label("Job name").fill("renamed")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Runs").click()
    dialog = page.get_by_role("dialog", name="Leave without saving?")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Stay").click()
    expect(page).to_have_url(re.compile(rf"/jobs/{job.pk}$"))

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Runs").click()
    page.get_by_role("button", name="Discard changes").click()
    expect(page).to_have_url(re.compile(r"/runs$"))
    job.refresh_from_db()
    assert job.name == "keys"
