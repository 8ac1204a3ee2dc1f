"""`lakeflow dev` first start (admin once, demo jobs once) and the whole command in a child process:
it serves the app, the demo jobs really run, Ctrl-C stops it, and a restart prints no password."""

from __future__ import annotations

import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from django.contrib.auth import authenticate

from lakeflow import demo
from lakeflow.workspace import services as workspace
from tests.servers import free_port

DEMO_JOBS = {
    "Demo: daily sales ETL",
    "Demo: regional fan-out",
    "Demo: notebook report",
    "Demo: SQL revenue by region",
}


@pytest.mark.django_db
def test_first_start_creates_the_admin_and_the_demo_jobs_once():
    from jobs.models import Job

    admin, created = demo.first_start()
    assert admin.password and authenticate(username="admin", password=admin.password).is_superuser
    assert set(created) == DEMO_JOBS
    assert set(Job.objects.values_list("name", flat=True)) == DEMO_JOBS
    assert (
        workspace.get_status(path="/Workspace/Shared/demo/notebooks/daily_report").object_type == "NOTEBOOK"
    )
    assert workspace.get_status(path="/Shared/demo/etl/extract.py").object_type == "FILE"

    Job.objects.filter(name="Demo: notebook report").delete()
    again, created_again = demo.first_start()
    assert again.password is None and created_again == []
    assert "Demo: notebook report" not in set(Job.objects.values_list("name", flat=True))


@pytest.mark.django_db
def test_an_existing_admin_is_left_alone(admin_user):
    admin, _ = demo.first_start()
    assert admin.password is None
    assert authenticate(username="admin", password="admin-password-1") == admin_user


class DevServer:
    """`lakeflow dev` in a child process, its stdout read line by line."""

    def __init__(self, home: Path, port: int):
        script = Path(sys.executable).parent / "lakeflow"
        env = {**os.environ, "LAKEFLOW_HOME": str(home), "PYTHONUNBUFFERED": "1"}
        for name in ("DATABASE_URL", "CELERY_BROKER_URL", "REDIS_URL", "LAKEFLOW_URL"):
            env.pop(name, None)
        self.url = f"http://127.0.0.1:{port}"
        self.process = subprocess.Popen(
            [str(script), "dev", "--port", str(port)],
            env=env,
            cwd=home.parent,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.output: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.output.append(line)
            self.lines.put(line)

    def wait_for(self, pattern: str, timeout: float = 120) -> re.Match:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.5)
            except queue.Empty:
                assert self.process.poll() is None, "".join(self.output)
                continue
            if match := re.search(pattern, line):
                return match
        raise AssertionError(f"no {pattern!r} in:\n{''.join(self.output)}")

    def stop(self, signum: int = signal.SIGINT) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signum)
        try:
            return self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise


class Browser:
    """A session client speaking to the dev server the way the React app does."""

    def __init__(self, url: str):
        self.url = url
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def call(self, method: str, path: str, body: dict | None = None) -> dict:
        headers = {"Content-Type": "application/json"}
        if method != "GET":
            headers["X-CSRFToken"] = self.csrf()
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.url + path, data=data, headers=headers, method=method)
        with self.opener.open(request, timeout=30) as response:
            return json.loads(response.read() or b"{}")


def _wait_for_run(browser: Browser, run_id: int, timeout: float = 180) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run = browser.call("GET", f"/api/2.2/jobs/runs/get?run_id={run_id}")
        if run["state"]["life_cycle_state"] in ("TERMINATED", "SKIPPED", "INTERNAL_ERROR"):
            return run
        time.sleep(0.5)
    raise AssertionError(f"run {run_id} did not finish: {run['state']}")


@pytest.mark.slow
def test_lakeflow_dev_serves_runs_the_demo_jobs_and_stops_on_ctrl_c(tmp_path):
    home = tmp_path / ".lakeflow"
    port = free_port()
    server = DevServer(home, port)
    try:
        password = server.wait_for(r"Log in as admin / (\S+)").group(1)
        server.wait_for(rf"running at http://127\.0\.0\.1:{port}|Press Ctrl-C")

        browser = Browser(server.url)
        browser.call("GET", "/api/ui/auth/csrf")
        assert browser.call("POST", "/api/ui/auth/login", {"username": "admin", "password": password})[
            "is_admin"
        ]
        jobs = browser.call("GET", "/api/2.2/jobs/list")["jobs"]
        assert {job["settings"]["name"] for job in jobs} == DEMO_JOBS
        with urllib.request.urlopen(f"{server.url}/static/admin/css/base.css", timeout=10) as css:
            assert css.status == 200  # static files without collectstatic

        # Every demo job really runs on the embedded engine.
        runs = {
            job["settings"]["name"]: browser.call("POST", "/api/2.2/jobs/run-now", {"job_id": job["job_id"]})[
                "run_id"
            ]
            for job in jobs
        }
        results = {name: _wait_for_run(browser, run_id) for name, run_id in runs.items()}
        failures = {
            name: [(t["task_key"], t["state"].get("state_message")) for t in run["tasks"]]
            for name, run in results.items()
            if run["state"].get("result_state") != "SUCCESS"
        }
        assert failures == {}
    finally:
        code = server.stop()
    assert code == 0, "".join(server.output)
    assert "Lakeflow stopped." in "".join(server.output)

    restarted = DevServer(home, port)
    try:
        restarted.wait_for("Press Ctrl-C")
        assert "Log in as admin /" not in "".join(restarted.output)
        assert "Seeded" not in "".join(restarted.output)
    finally:
        assert restarted.stop(signal.SIGTERM) == 0
    assert "Lakeflow stopped." in "".join(restarted.output)


@pytest.mark.slow
def test_lakeflow_web_serves_with_several_workers_and_stops_on_sigterm(tmp_path):
    script = Path(sys.executable).parent / "lakeflow"
    env = {**os.environ, "LAKEFLOW_HOME": str(tmp_path / "home"), "PYTHONUNBUFFERED": "1"}
    for name in ("DATABASE_URL", "CELERY_BROKER_URL", "REDIS_URL"):
        env.pop(name, None)
    subprocess.run(
        [str(script), "migrate", "--noinput"], env=env, cwd=tmp_path, check=True, capture_output=True
    )
    port = free_port()
    process = subprocess.Popen(
        [str(script), "web", "--port", str(port), "--workers", "2"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
                    assert json.loads(response.read()) == {"status": "ok"}
                    break
            except OSError:
                assert process.poll() is None and time.monotonic() < deadline, process.stdout.read()
                time.sleep(0.3)
        request = urllib.request.Request(f"http://127.0.0.1:{port}/api/2.0/token/list")
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=5)
        assert refused.value.code == 401
    finally:
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=60)
    assert code == 0
