"""The compute pages follow clusters and warehouses live over /ws/compute/ and /ws/clusters/<id>/.

The pages are served by a real ASGI server (uvicorn on a thread, tests/servers.py); the
cluster supervisor runs as a thread of this process and brings real embedded workers up and down;
its state changes reach the browser through the Redis channel layer -- nothing on these pages
polls, so every state seen after the click's own refetch came over the socket.

Set LAKEFLOW_SCREENSHOTS to a directory to keep screenshots of the pages.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.db import connections
from playwright.sync_api import expect

from compute import services
from compute import warehouses as warehouse_services
from compute.choices import ClusterPermissionLevel, ClusterSource, ClusterState
from compute.models import Cluster, ClusterPermission
from jobs import services as job_services
from runs import services as run_services
from tests.compute.conftest import supervisor, wait_state  # noqa: F401 - the supervisor thread, and its cleanup
from tests.e2e.conftest import log_in
from tests.servers import thread_server, use_redis_layer

SIZE = {"spark_version": "python-3.11", "num_workers": 1}


@pytest.fixture
def asgi_url(supervisor, settings, redis_url) -> Iterator[str]:  # noqa: F811
    """An ASGI server (a thread of this process) on a per-test Redis layer."""
    use_redis_layer(settings, redis_url)
    with thread_server() as url:
        yield url


@pytest.fixture
def page_for(browser, asgi_url) -> Iterator:
    """page_for(user) -> a page on the ASGI server, logged in as that persona."""
    contexts, errors = [], []

    def make(user):
        context = browser.new_context(base_url=asgi_url, viewport={"width": 1440, "height": 900})
        context.set_default_timeout(30_000)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        log_in(page, user.username, f"{user.username}-password-1")
        return page

    yield make
    for context in contexts:
        context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture
def admin_page(page_for, admin_user):
    return page_for(admin_user)


def elsewhere(operation, **kwargs):
    """Run a service call as another process would: off this thread, whose asyncio loop (Playwright's)
    would keep the publish after commit from reaching the channel layer."""

    def call():
        try:
            return operation(**kwargs)
        finally:
            connections.close_all()  # this thread's own connection

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(call).result()


def shot(page, name: str) -> None:
    folder = os.environ.get("LAKEFLOW_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"compute-{name}.png"), full_page=True)


def test_a_cluster_created_from_the_form_starts_stops_and_resizes_live_on_its_page(admin_page):
    page = admin_page
    page.goto("/compute")
    expect(page.get_by_test_id("live-indicator")).to_have_attribute("data-live", "true")

    # 1. Create from the form (the browser's clusters/create is recorded as source UI).
    page.get_by_role("button", name="Create cluster").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Cluster name").fill("ui-cluster")
    dialog.get_by_label("Workers").fill("1")
    dialog.get_by_label("Terminate after (minutes idle)").fill("30")
    dialog.get_by_role("button", name="Add variable").click()
    dialog.get_by_label("Environment variables Name 1").fill("MODE")
    dialog.get_by_label("Environment variables Value 1").fill("test")
    shot(page, "create-form")
    dialog.get_by_role("button", name="Create cluster").click()
    page.wait_for_url(re.compile(r"/compute/clusters/[\w-]+$"))
    cluster = Cluster.objects.get(cluster_name="ui-cluster")
    assert cluster.source == ClusterSource.UI
    assert cluster.spark_env_vars == {"MODE": "test"}

    # 2. It starts: PENDING -> RUNNING arrives over the cluster's socket.
    state = page.locator("h1 [data-state]")
    expect(page.get_by_test_id("live-indicator")).to_have_attribute("data-live", "true")
    expect(state).to_have_attribute("data-state", "RUNNING")
    expect(page.get_by_test_id("cluster-config")).to_contain_text("MODE=test")
    shot(page, "cluster-running")

    # 3. Terminate, then start again from the page.
    actions = page.get_by_test_id("cluster-actions")
    actions.get_by_role("button", name="Terminate").click()
    expect(state).to_have_attribute("data-state", "TERMINATED")
    actions.get_by_role("button", name="Start", exact=True).click()
    expect(state).to_have_attribute("data-state", "RUNNING")

    # 4. Resize to 2 workers: RESIZING, then RUNNING with two workers up.
    actions.get_by_role("button", name="Resize").click()
    page.get_by_role("dialog").get_by_label("Workers").fill("2")
    page.get_by_role("dialog").get_by_role("button", name="Resize").click()
    expect(page.get_by_test_id("cluster-config")).to_contain_text("2 workers")
    expect(state).to_have_attribute("data-state", "RUNNING")
    expect(page.get_by_test_id("cluster-config").locator("div", has_text="Workers up")).to_contain_text("2")

    # 5. The events tab shows the log, new events included.
    page.get_by_role("tab", name="Events").click()
    events = page.get_by_role("table", name="Cluster events")
    for kind in ("CREATING", "STARTING", "RESIZING", "TERMINATING"):
        expect(events.locator(f'tr[data-event-type="{kind}"]').first).to_be_visible()
    shot(page, "cluster-events")

    # 6. Stop it: TERMINATED, live; and the list shows it terminated too.
    actions.get_by_role("button", name="Terminate").click()
    expect(state).to_have_attribute("data-state", "TERMINATED")
    page.get_by_role("link", name="Compute").first.click()
    row = page.locator(f'tr[data-cluster-id="{cluster.cluster_id}"]')
    expect(row.locator("[data-state]")).to_have_attribute("data-state", "TERMINATED")
    expect(row).to_contain_text("UI")
    shot(page, "clusters-list")

    # 7. Started by someone else (the API, here a service call): the list follows it live.
    elsewhere(services.start_cluster, cluster=Cluster.objects.get(pk=cluster.pk))
    expect(row.locator("[data-state]")).to_have_attribute("data-state", "RUNNING")


def test_a_warehouse_is_stopped_and_started_from_the_list(admin_page, admin_user):
    warehouse = elsewhere(warehouse_services.create_warehouse, user=admin_user, fields={"name": "reporting"})
    page = admin_page
    page.goto("/compute?tab=warehouses")
    expect(page.get_by_test_id("live-indicator")).to_have_attribute("data-live", "true")
    row = page.locator(f'tr[data-warehouse-id="{warehouse.id}"]')
    badge = row.locator("[data-state]")
    expect(badge).to_have_attribute("data-state", "RUNNING")

    row.get_by_role("button", name="Stop").click()
    expect(badge).to_have_attribute("data-state", "STOPPED")
    row.get_by_role("button", name="Start", exact=True).click()
    expect(badge).to_have_attribute("data-state", "RUNNING")
    shot(page, "warehouses")

    # A stop made elsewhere arrives over the socket.
    elsewhere(warehouse_services.stop_warehouse, user=admin_user, warehouse_id=warehouse.id)
    expect(badge).to_have_attribute("data-state", "STOPPED")


def test_the_cluster_page_lists_the_task_runs_running_on_it(
    admin_page, engine, admin_user, workspace_script, lakeflow_home
):
    release = Path(lakeflow_home) / "release"
    code = f"import pathlib, time\nwhile not pathlib.Path({str(release)!r}).exists():\n    time.sleep(0.05)\n"
    cluster = elsewhere(services.create_cluster, user=admin_user, spec={"cluster_name": "shared", **SIZE})
    wait_state(cluster, ClusterState.RUNNING)
    task = {
        "task_key": "wait",
        "spark_python_task": {"python_file": workspace_script("wait.py", code)},
        "existing_cluster_id": cluster.cluster_id,
    }
    job = job_services.create_job(user=admin_user, settings={"name": "on-cluster", "tasks": [task]})
    elsewhere(run_services.run_now, job=job, user=admin_user)

    page = admin_page
    page.goto(f"/compute/clusters/{cluster.cluster_id}")
    page.get_by_role("tab", name="Task runs").click()
    row = page.get_by_role("table", name="Task runs").locator("tbody tr", has_text="wait")
    expect(row).to_contain_text("on-cluster")
    expect(row).to_contain_text("running")
    shot(page, "cluster-task-runs")

    release.write_text("go")
    expect(row).to_contain_text("success", timeout=30_000)  # the tab reads task runs every 5 s


def test_a_user_who_may_restart_but_not_manage_sees_only_start_and_terminate(page_for, admin_user, member):
    cluster = elsewhere(services.create_cluster, user=admin_user, spec={"cluster_name": "team", **SIZE})
    ClusterPermission.objects.create(cluster=cluster, user=member, level=ClusterPermissionLevel.CAN_RESTART)
    page = page_for(member)
    page.goto("/compute")
    row = page.locator(f'tr[data-cluster-id="{cluster.cluster_id}"]')
    expect(row.locator("[data-state]")).to_have_attribute("data-state", "RUNNING")  # the supervisor starts it
    expect(page.get_by_role("button", name="Create cluster")).to_have_count(0)  # no create entitlement

    row.get_by_role("link", name="team").click()
    actions = page.get_by_test_id("cluster-actions")
    expect(actions.get_by_role("button", name="Terminate")).to_be_enabled()
    for hidden in ("Resize", "Edit", "Delete"):
        expect(actions.get_by_role("button", name=hidden)).to_have_count(0)
    expect(page.get_by_role("tab", name="Permissions")).to_have_count(0)  # managers only
    actions.get_by_role("button", name="Terminate").click()
    expect(page.locator("h1 [data-state]")).to_have_attribute("data-state", "TERMINATED")


def test_a_manager_installs_a_library_grants_access_and_edits_then_deletes_a_warehouse(
    admin_page, admin_user, member, tmp_path, monkeypatch
):
    from tests.compute.test_libraries import build_wheel

    # pip finds the package in a local folder: no index, no network.
    build_wheel(tmp_path)
    monkeypatch.setenv("PIP_NO_INDEX", "1")
    monkeypatch.setenv("PIP_FIND_LINKS", str(tmp_path))
    cluster = elsewhere(services.create_cluster, user=admin_user, spec={"cluster_name": "libs", **SIZE})
    warehouse = elsewhere(warehouse_services.create_warehouse, user=admin_user, fields={"name": "reporting"})
    page = admin_page
    page.goto(f"/compute/clusters/{cluster.cluster_id}")

    # 1. Install a PyPI package: listed, then installed (the tab reads again while it installs).
    page.get_by_role("tab", name="Libraries").click()
    page.get_by_role("button", name="Install library").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Package").fill("lakeflow_demo_lib")
    dialog.get_by_role("button", name="Install", exact=True).click()
    row = page.locator('tr[data-library="pypi: lakeflow_demo_lib"]')
    expect(row).to_contain_text("installed")
    shot(page, "cluster-libraries")

    # 2. Uninstall: it stays listed until the cluster restarts.
    row.get_by_role("button", name="Uninstall").click()
    expect(row).to_contain_text("uninstall on restart")

    # 3. Grant a member CAN_ATTACH_TO from the permissions tab (row 1 is the creator's, fixed).
    page.get_by_role("tab", name="Permissions").click()
    expect(page.get_by_label("Principal 1")).to_be_disabled()
    page.get_by_role("button", name="Add", exact=True).click()
    page.get_by_label("Principal 2").fill(member.username)
    page.get_by_label("Permission 2").select_option("CAN_ATTACH_TO")
    page.get_by_role("button", name="Save permissions").click()
    expect(page.get_by_text("Permissions saved")).to_be_visible()
    shot(page, "cluster-permissions")
    grant = ClusterPermission.objects.get(cluster=cluster, user=member)
    assert grant.level == ClusterPermissionLevel.CAN_ATTACH_TO

    # 4. Rename the warehouse from the list's Edit dialog.
    page.goto("/compute?tab=warehouses")
    warehouse_row = page.locator(f'tr[data-warehouse-id="{warehouse.id}"]')
    warehouse_row.get_by_role("button", name="Edit").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_label("Name")).to_have_value("reporting")
    dialog.get_by_label("Name").fill("finance")
    shot(page, "warehouse-edit")
    dialog.get_by_role("button", name="Save").click()
    expect(warehouse_row).to_contain_text("finance")

    # 5. Delete it (after the browser's confirm); the default warehouse offers no delete.
    page.once("dialog", lambda confirm: confirm.accept())
    warehouse_row.get_by_role("button", name="Delete finance").click()
    expect(warehouse_row).to_have_count(0)
    default_row = page.locator('tr[data-warehouse-id="default"]')
    expect(default_row.get_by_role("button", name=re.compile("^Delete"))).to_have_count(0)
