"""Browser fixtures: Debian's Chromium driven by Playwright against pytest-django's live_server,
which serves the committed build (frontend/dist) through Django like `lakeflow dev` does."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from tests.conftest import unavailable
from tests.embedded_engine import stop_engine

CHROMIUM = os.environ.get("LAKEFLOW_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def pytest_collection_modifyitems(items):
    """Every test here drives a browser (and takes seconds)."""
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="module")
def browser():
    """Chromium for one test module. While Playwright's sync API is alive it keeps an asyncio loop
    in this thread, and Django would refuse the test's own (strictly sequential) ORM calls as
    "async context"; so allow them for exactly that long, then stop Playwright and restore."""
    if not Path(CHROMIUM).exists():
        unavailable(f"Chromium is missing at {CHROMIUM}", "apt-get install -y chromium")
    if not (Path(django_settings.BASE_DIR) / "frontend" / "dist" / "index.html").is_file():
        pytest.fail("frontend/dist is not built: cd frontend && npm ci && npm run build")
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield instance
            instance.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser, live_server) -> Iterator:
    """A fresh browser context (no cookies) on the live server; page errors fail the test."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1440, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def log_in(page, username: str, password: str) -> None:
    page.goto("/login")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/jobs$"))


@pytest.fixture
def logged_in_page(page, owner):
    """The owner persona, logged in through the login form (session cookie + CSRF)."""
    log_in(page, owner.username, f"{owner.username}-password-1")
    return page


@pytest.fixture
def asgi_page(browser, asgi_url, owner) -> Iterator:
    """The owner, logged in on the ASGI server (websockets for the run and the log tail)."""
    context = browser.new_context(base_url=asgi_url, viewport={"width": 1440, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, owner.username, f"{owner.username}-password-1")
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture
def workspace_script(lakeflow_home):
    """workspace_script(name, code) -> the /Workspace/... path of a Python file in the workspace."""

    def write(name: str, code: str) -> str:
        path = Path(lakeflow_home) / "workspace" / "scripts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(code)
        return f"/Workspace/scripts/{name}"

    return write


@pytest.fixture
def engine(transactional_db, settings):
    """A real embedded Celery worker, so runs started from the browser really execute."""
    from runs.embedded import start_worker

    settings.LAKEFLOW_HEARTBEAT_SECONDS = 1
    stop = start_worker(concurrency=2)
    yield
    stop_engine(stop)


@pytest.fixture
def asgi_url(engine, settings, redis_url) -> Iterator[str]:
    """An ASGI server on a per-test Redis layer, for pages that follow runs over websockets
    (live_server speaks no websocket); a thread of this process, see tests/servers.py for why."""
    from tests.servers import thread_server, use_redis_layer

    use_redis_layer(settings, redis_url)
    with thread_server() as url:
        yield url
