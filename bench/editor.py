"""Editor benchmark: a 1,000-task job in headless Chromium.

Prints, as medians of several page loads:
  jobs/get       the API call that loads the whole job (server + transfer)
  first render   navigation start -> the job's tasks are on the canvas, placed by the instant
                 longest-path layout: the canvas pans, zooms and edits from here
  elk applied    navigation start -> ELK's layout applied and the graph fitted
  layout         ELK layout alone (in its web worker)
  pan            frame times while dragging the canvas for a second (p50 / p95, frames per
                 second): as the job opens (readable zoom on its first tasks) and after "Fit to
                 view" (all 1,000 tasks on screen, drawn as plain boxes)

The server is Django (whitenoise serving the committed frontend/dist) in a thread of this
process, on a fresh LAKEFLOW_HOME with SQLite. Usage: python -m bench.editor [--tasks N] [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import threading
import time

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
PASSWORD = "bench-password-1"  # noqa: S105 - a throwaway user in a temporary database

FRAME_RECORDER = """() => {
  window.__frames = [];
  let last = performance.now();
  const tick = (now) => {
    window.__frames.push(now - last);
    last = now;
    if (window.__recording) requestAnimationFrame(tick);
  };
  window.__recording = true;
  requestAnimationFrame(tick);
}"""


def layered_tasks(count: int, width: int = 20) -> list[dict]:
    """count tasks in layers of `width`; each depends on one or two tasks of the layer before."""
    tasks = []
    for i in range(count):
        task = {"task_key": f"task_{i:04d}", "spark_python_task": {"python_file": "/Workspace/noop.py"}}
        layer, slot = divmod(i, width)
        if layer:
            upstream = {(layer - 1) * width + slot, (layer - 1) * width + (slot * 7 + 3) % width}
            task["depends_on"] = [{"task_key": f"task_{u:04d}"} for u in sorted(upstream)]
        tasks.append(task)
    return tasks


def setup(count: int) -> int:
    import django
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from jobs import services

    user = get_user_model().objects.create_user("bench", password=PASSWORD)
    job = services.create_job(user=user, settings={"name": f"{count} tasks", "tasks": layered_tasks(count)})
    return job.pk


def serve() -> str:
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args):  # keep the figures readable
            pass

    server = ThreadedWSGIServer(("127.0.0.1", 0), Quiet)
    server.set_app(get_wsgi_application())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}"


def measure(page, url: str) -> dict[str, float]:
    start = time.perf_counter()
    page.goto(url, wait_until="commit")
    page.wait_for_selector(".react-flow__node", state="attached", timeout=120_000)
    first_render = time.perf_counter() - start
    page.wait_for_selector('[data-testid="canvas"][data-layouts="1"]', timeout=120_000)
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
    elk_applied = time.perf_counter() - start
    jobs_get_ms = page.evaluate(
        "() => performance.getEntriesByType('resource')"
        ".filter((e) => e.name.includes('/jobs/get')).map((e) => e.duration).pop() ?? 0"
    )
    layout_ms = page.evaluate(
        "() => performance.getEntriesByName('lakeflow:layout').map((e) => e.duration).pop() ?? 0"
    )
    opening = pan(page)
    opening_nodes = page.locator(".react-flow__node").count()
    page.get_by_role("button", name="Fit to view").click()
    page.wait_for_timeout(500)
    fitted = pan(page)
    fitted_nodes = page.locator(".react-flow__node").count()
    return {
        "jobs_get_ms": jobs_get_ms,
        "first_render_ms": first_render * 1000,
        "elk_applied_ms": elk_applied * 1000,
        "layout_ms": layout_ms,
        **{f"pan_open_{key}": value for key, value in opening.items()},
        "nodes_open": opening_nodes,
        **{f"pan_fit_{key}": value for key, value in fitted.items()},
        "nodes_fit": fitted_nodes,
    }


def pan(page) -> dict[str, float]:
    """Drag the canvas for about a second; frame times from requestAnimationFrame."""
    box = page.locator(".react-flow__pane").bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.evaluate(FRAME_RECORDER)
    page.mouse.move(x, y)
    page.mouse.down()
    steps = 60
    for i in range(steps):  # one mouse move per 16 ms
        page.mouse.move(x - 300 * (i + 1) / steps, y - 150 * (i + 1) / steps)
        page.wait_for_timeout(16)
    page.mouse.up()
    frames = sorted(page.evaluate("() => { window.__recording = false; return window.__frames.slice(1); }"))
    return {
        "p50_ms": statistics.median(frames),
        "p95_ms": frames[int(len(frames) * 0.95) - 1],
        "fps": 1000 * len(frames) / sum(frames),
    }


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.editor")
    parser.add_argument("--tasks", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    home = tempfile.mkdtemp(prefix="editor-bench-")
    os.environ["LAKEFLOW_HOME"] = home
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lakeflow.settings")
    job_id = setup(args.tasks)
    base = serve()

    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=os.environ.get("LAKEFLOW_CHROMIUM", "/usr/bin/chromium"), args=CHROMIUM_ARGS
        )
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        page.goto(f"{base}/login")
        page.get_by_label("User name").fill("bench")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url("**/jobs")
        results = []
        for _ in range(args.repeat):
            page.goto(f"{base}/jobs")  # leave the editor so the next load starts cold
            page.wait_for_selector('[data-testid="jobs-table"]')
            results.append(measure(page, f"{base}/jobs/{job_id}"))
        browser.close()

    print(f"Editor, {args.tasks}-task job, headless Chromium, median of {args.repeat} loads:")
    for key in results[0]:
        values = [result[key] for result in results]
        runs = ", ".join(f"{value:.0f}" for value in values)
        print(f"  {key:16} {statistics.median(values):9.1f}   (runs: {runs})")


if __name__ == "__main__":
    main()
