"""The run page never shows a stale state: when its websocket drops mid-run (the socket alone, or
the whole server restarting) it reconnects (with back-off), reads the run again and shows the true
final state; and a page opened mid-run shows the same task states as one that watched from the
start. Pages are served by a real ASGI server (tests/servers.py), the run
executes on the embedded Celery worker, events travel through the Redis channel layer."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from jobs import services as job_services
from runs import services as run_services
from runs.models import JobRun
from tests.e2e.conftest import log_in
from tests.servers import thread_server, use_redis_layer

# Each task waits for its own file `release-<task_key>` in LAKEFLOW_HOME, so the test decides
# when it ends.
WAIT = """import pathlib, sys, time
release = pathlib.Path(sys.argv[1])
while not release.exists():
    time.sleep(0.05)
print('released', release.name, flush=True)
"""


@pytest.fixture
def waiting_job(owner, workspace_script, lakeflow_home):
    """waiting_job({key: [upstream keys]}) -> a job of tasks that each wait for their release file."""
    script = workspace_script("wait.py", WAIT)

    def build(graph: dict[str, list[str]]):
        tasks = []
        for key, upstream in graph.items():
            argv = [str(release(lakeflow_home, key))]
            tasks.append(
                {
                    "task_key": key,
                    "depends_on": [{"task_key": up} for up in upstream],
                    "spark_python_task": {"python_file": script, "parameters": argv},
                }
            )
        return job_services.create_job(user=owner, settings={"name": "resilience", "tasks": tasks})

    return build


def release(home, key: str) -> Path:
    return Path(home) / f"release-{key}"


@pytest.fixture
def open_page(browser, asgi_url, owner) -> Iterator:
    """open_page(path, route=None) -> a logged-in page of its own (own context) on the ASGI server;
    `route(ws)` handles the page's run websockets (Playwright's route_web_socket)."""
    contexts, errors = [], []

    def opener(path: str, route=None):
        context = browser.new_context(base_url=asgi_url, viewport={"width": 1440, "height": 900})
        context.set_default_timeout(20_000)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        if route is not None:
            page.route_web_socket(re.compile(r"/ws/runs/\d+/$"), route)
        log_in(page, owner.username, f"{owner.username}-password-1")
        page.goto(path)
        return page

    yield opener
    for context in contexts:
        context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


NODE_STATES = "(nodes) => Object.fromEntries(nodes.map((n) => [n.dataset.testid.slice(9), n.dataset.state]))"


def node_states(page) -> dict[str, str]:
    """{task_key: the state its graph node shows}."""
    return page.eval_on_selector_all('[data-testid^="run-node-"]', NODE_STATES)


def expect_states(page, states: dict[str, str]) -> None:
    for key, state in states.items():
        expect(page.get_by_test_id(f"run-node-{key}")).to_have_attribute("data-state", state)


def test_a_dropped_socket_reconnects_with_back_off_and_shows_the_true_final_state(
    waiting_job, open_page, lakeflow_home
):
    job = waiting_job({"first": [], "second": ["first"]})
    run = run_services.run_now(job=job, user=job.owner)
    sockets = []  # every run socket the page opened, in order
    refused = {"left": 0}

    def route(ws):
        sockets.append(ws)
        if refused["left"] > 0:  # the server "is down": the connection closes straight away
            refused["left"] -= 1
            ws.close(code=1011, reason="down")
            return
        ws.connect_to_server()

    page = open_page(f"/runs/{run.pk}", route)
    live = page.get_by_test_id("live-indicator")
    expect(live).to_have_attribute("data-live", "true")
    expect_states(page, {"first": "RUNNING", "second": "BLOCKED"})

    # Drop the socket; the next two reconnects fail too. Meanwhile the whole run ends, so every
    # event of it is lost to the page.
    refused["left"] = 2
    sockets[-1].close(code=1001, reason="dropped")
    expect(live).to_have_attribute("data-live", "false")
    release(lakeflow_home, "first").write_text("go")
    release(lakeflow_home, "second").write_text("go")

    expect(live).to_have_attribute("data-live", "true")
    expect_states(page, {"first": "SUCCESS", "second": "SUCCESS"})
    expect(page.get_by_test_id("life-cycle-state")).to_have_text("TERMINATED")
    run.refresh_from_db()
    assert run.state == "SUCCESS"
    assert len(sockets) >= 4  # the first, two refused, the one that is live now


def test_a_page_opened_mid_run_shows_what_a_page_open_from_the_start_shows(
    waiting_job, open_page, lakeflow_home
):
    job = waiting_job({"a": [], "b": ["a"], "c": ["a"], "d": ["b", "c"]})
    run = run_services.run_now(job=job, user=job.owner)
    early = open_page(f"/runs/{run.pk}")
    expect(early.get_by_test_id("live-indicator")).to_have_attribute("data-live", "true")
    expect_states(early, {"a": "RUNNING", "b": "BLOCKED", "c": "BLOCKED", "d": "BLOCKED"})

    release(lakeflow_home, "a").write_text("go")
    expect_states(early, {"a": "SUCCESS", "b": "RUNNING", "c": "RUNNING"})
    late = open_page(f"/runs/{run.pk}")
    release(lakeflow_home, "b").write_text("go")
    midway = {"a": "SUCCESS", "b": "SUCCESS", "c": "RUNNING", "d": "BLOCKED"}
    for page in (early, late):
        expect_states(page, midway)
    assert node_states(early) == node_states(late) == midway

    release(lakeflow_home, "c").write_text("go")
    release(lakeflow_home, "d").write_text("go")
    for page in (early, late):
        expect_states(page, dict.fromkeys("abcd", "SUCCESS"))
        expect(page.get_by_test_id("life-cycle-state")).to_have_text("TERMINATED")
    assert node_states(early) == node_states(late)
    assert JobRun.objects.get(pk=run.pk).state == "SUCCESS"


def test_the_page_comes_back_to_the_true_state_after_its_server_restarts_mid_run(
    browser, engine, settings, redis_url, owner, waiting_job, lakeflow_home
):
    use_redis_layer(settings, redis_url)
    job = waiting_job({"first": [], "second": ["first"]})
    run = run_services.run_now(job=job, user=owner)
    errors: list[str] = []
    with thread_server() as url:
        context = browser.new_context(base_url=url, viewport={"width": 1440, "height": 900})
        context.set_default_timeout(20_000)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        log_in(page, owner.username, f"{owner.username}-password-1")
        page.goto(f"/runs/{run.pk}")
        live = page.get_by_test_id("live-indicator")
        expect(live).to_have_attribute("data-live", "true")
        expect_states(page, {"first": "RUNNING", "second": "BLOCKED"})
    try:
        # The server is down: socket and REST polls fail while the whole run ends.
        expect(live).to_have_attribute("data-live", "false")
        release(lakeflow_home, "first").write_text("go")
        release(lakeflow_home, "second").write_text("go")
        for _ in range(200):
            run.refresh_from_db()
            if run.state == "SUCCESS":
                break
            page.wait_for_timeout(100)
        assert run.state == "SUCCESS"
        with thread_server(port=int(url.rsplit(":", 1)[1])):
            expect(live).to_have_attribute("data-live", "true", timeout=30_000)  # back-off <= 12 s
            expect_states(page, {"first": "SUCCESS", "second": "SUCCESS"})
            expect(page.get_by_test_id("life-cycle-state")).to_have_text("TERMINATED")
    finally:
        context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"
