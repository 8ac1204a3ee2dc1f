"""The workspace browser in a real browser: create a folder, upload a script, view and edit it."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect


def test_it_creates_a_folder_uploads_a_script_and_edits_it(logged_in_page, lakeflow_home, tmp_path):
    page = logged_in_page
    page.get_by_role("link", name="Workspace").click()
    page.get_by_role("button", name="New folder").click()
    page.get_by_label("Folder name").fill("etl")
    page.get_by_role("button", name="Create", exact=True).click()
    expect(page.get_by_role("navigation", name="Folder path")).to_contain_text("etl")
    expect(page.get_by_role("heading", name="Empty folder")).to_be_visible()

    script = tmp_path / "clean.py"
    script.write_text("print('clean')\n")
    page.get_by_test_id("upload-input").set_input_files(str(script))
    page.locator(".menu-item", has_text="clean.py").click()
    editor = page.get_by_test_id("code-editor")
    expect(editor).to_contain_text("print('clean')")

    page.get_by_label("File content").click()
    page.keyboard.press("Control+End")
    page.keyboard.type("print('more')")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_test_id("toast").filter(has_text="Saved")).to_be_visible()
    stored = Path(lakeflow_home) / "workspace" / "etl" / "clean.py"
    assert stored.read_text().rstrip("\n").endswith("print('more')")
