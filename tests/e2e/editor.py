"""What a user does on the job editor, as small functions the browser tests read like steps."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect


def node(page: Page, task_key: str):
    return page.get_by_test_id(f"task-node-{task_key}")


def add_task(page: Page, type_label: str) -> None:
    page.get_by_role("button", name="Add task").click()
    page.get_by_role("menuitem", name=type_label).click()


def fit(page: Page) -> None:
    page.get_by_role("button", name="Fit to view").click()
    page.wait_for_timeout(300)


def drag_edge(page: Page, source_key: str, target_key: str) -> None:
    """Drag from the source task's right handle to the target task's left handle."""
    start = node(page, source_key).locator(".react-flow__handle.source").bounding_box()
    end = node(page, target_key).locator(".react-flow__handle.target").bounding_box()
    assert start and end
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    page.mouse.down()
    page.mouse.move(end["x"] + 20, end["y"] + 20, steps=8)
    page.mouse.move(end["x"] + end["width"] / 2, end["y"] + end["height"] / 2, steps=8)
    page.mouse.up()


def edge_count(page: Page) -> int:
    return page.locator(".react-flow__edge").count()


def select_task(page: Page, task_key: str) -> None:
    node(page, task_key).click()
    expect(page.get_by_role("complementary", name=f"Task {task_key}")).to_be_visible()


def open_job_settings(page: Page, tab: str) -> None:
    page.get_by_role("button", name="Job settings").click()
    page.get_by_role("tab", name=tab).click()


def save(page: Page) -> None:
    button = page.get_by_role("button", name=re.compile(r"^(Save|Create)$"))
    button.click()
    expect(page.get_by_test_id("unsaved")).to_have_count(0)


def yaml_text(page: Page) -> str:
    page.get_by_role("button", name="YAML").click()
    text = page.get_by_test_id("yaml").inner_text()
    page.get_by_role("button", name="Close").click()
    return text
