"""Run page benchmark: a 500-task run watched in headless Chromium while 50 state changes a second
arrive over the real websocket.

The server is `lakeflow web` (uvicorn) in its own process, on a fresh LAKEFLOW_HOME (SQLite) with
the Redis channel layer. This process plays the workers: it claims queued task runs and finishes
running ones through the engine's own functions (runs.orchestrator.claim / finish, which change
state through runs.transitions and publish after commit), paced to --rate events a second, so
every event takes the real path publish -> Redis channel layer -> consumer -> browser. Tasks form
layers of 20, each depending on one or two of the layer before; at most 8 run at once.

Prints, as medians over --repeat runs (each a fresh page on a fresh run):
  first render     navigation start -> all of the run's task nodes on the page
  frames           requestAnimationFrame deltas while the run streams (p50 / p95 / max, ms)
  long tasks       PerformanceObserver 'longtask' entries while it streams (count, total, max ms)
  click            a click on a task node -> the node shows selected and the task panel is open on
                   it, next frame painted (ms)
  final state      the run's last state change committed (its end) -> the page shows the run
                   TERMINATED with every node SUCCESS (ms; the goal is within 1 s)
  end message      the same commit -> the run's end event arrived on the page's socket
  runs/get         REST reads of the whole run the page made while it streamed (count, median ms)
Then one more run: a page opened a third of the way in (its first render), the first page's
socket dropped two thirds of the way in (time until it is live again), and whether both pages
end on the database's states.

Run it: `python -m bench.run_page [--tasks 500] [--rate 50] [--repeat 3]` from the repository root
(also part of `make bench`), with Redis on LAKEFLOW_BENCH_REDIS (default redis://127.0.0.1:6379/6)
and frontend/dist built. The driver reports the rate it reached (events_per_s): on a loaded
machine the engine's own finish() (advancing a 500-task run) can fall short of --rate.

Figures on the 2-core machine shared with other work (2026-11-25, medians of 5 runs):
  before (a REST refetch of runs/get per 250 ms of events, API 2.2 pages of 100 tasks)
    final state 15,818 ms (the graph fell to 100 nodes on the first event), 136 reads of runs/get
  after (events applied to the cache once per frame, at most every 100 ms; memoised nodes and
  rows; composited pulse), load average ~2.8:
    first render 365 ms; frames p50 16.7 / p95 16.8 / max 150 ms; 21 long tasks (1.6 s in 31 s);
    click -> panel painted 140 ms; final state 85 ms (end event on the socket after 8 ms);
    15 reads of the whole run (98 ms); 47.8 events/s reached
  then also memoised edges and the off-screen table skipped, load average ~5:
    first render 520 ms; frames p95 16.8 / max 167 ms; 29 long tasks (2.1 s in 43 s); click
    155 ms; final state 93 ms (socket 13 ms); 20 reads (143 ms); 34.7 events/s reached
  then the engine's finish() made cheaper (bench/advance.py), quiet machine, medians of 3:
    first render 417 ms; frames p50 16.7 / p95 16.8 / max 83 ms; 13 long tasks (0.9 s in 30 s);
    click 135 ms; final state 110 ms (socket 10 ms); 14 reads (59 ms); 50.0 events/s reached
  the extra run: a page opened mid-run renders its 500 nodes in 731 ms, a dropped socket is live
  again after 989 ms (0.5 s back-off + jitter + the snapshot), both pages end on the database's states
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.advance import task_ends
from bench.editor import CHROMIUM_ARGS, PASSWORD, layered_tasks
from tests.servers import free_port

ROOT = Path(__file__).resolve().parent.parent
REDIS = os.environ.get("LAKEFLOW_BENCH_REDIS", "redis://127.0.0.1:6379/6")

# Installed before the page's own scripts: frame deltas, long tasks, and the moment the page first
# shows the final state (checked once per frame, so at most a frame late).
RECORDER = """(() => {
  window.__frames = [];
  window.__longtasks = [];
  window.__finalAt = null;
  window.__clicks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__longtasks.push(entry.duration);
  }).observe({ type: "longtask", buffered: true });
  // When the page's run socket delivered the run's end (the server's part of the latency).
  window.__endMessageAt = null;
  const Native = window.WebSocket;
  window.WebSocket = function (url, protocols) {
    const socket = new Native(url, protocols);
    socket.addEventListener("message", (event) => {
      const ended = /"type": ?"run.state"/.test(event.data) &&
        /"state": ?"(SUCCESS|FAILED|CANCELED|TIMEDOUT)"/.test(event.data);
      if (ended && window.__endMessageAt === null) window.__endMessageAt = Date.now();
    });
    return socket;
  };
  for (const name of ["CONNECTING", "OPEN", "CLOSING", "CLOSED"]) window.WebSocket[name] = Native[name];
  window.WebSocket.prototype = Native.prototype;
  document.addEventListener("click", (event) => { window.__clickAt = event.timeStamp; }, true);
  let last = null;
  const tick = (now) => {
    if (window.__recording && last !== null) window.__frames.push(now - last);
    last = now;
    if (window.__expectTasks && window.__finalAt === null) {
      const life = document.querySelector('[data-testid="life-cycle-state"]');
      if (life && life.textContent === "TERMINATED" &&
          document.querySelectorAll('.run-node[data-state="SUCCESS"]').length === window.__expectTasks) {
        window.__finalAt = Date.now();
      }
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();"""

# Resolves with ms from the click's input event to the first frame after the node shows selected
# and the task's side panel is open on it.
CLICK_PAINTED = """(key) => new Promise((done) => {
  const node = document.querySelector(`[data-testid="run-node-${key}"]`);
  const check = () => {
    const panel = document.querySelector('[data-testid="task-panel"]');
    const open = panel && panel.getAttribute("aria-label") === `Task ${key}`;
    if (node.getAttribute("aria-pressed") === "true" && open) {
      requestAnimationFrame(() => done(performance.now() - window.__clickAt));
    } else requestAnimationFrame(check);
  };
  check();
})"""


def reachable(url: str) -> bool:
    from urllib.parse import urlparse

    parsed = urlparse(url)
    try:
        socket.create_connection((parsed.hostname, parsed.port or 6379), timeout=1).close()
        return True
    except OSError:
        return False


def start_server(home: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "web", "--port", str(port)],
        env=os.environ.copy(),
        stdout=open(os.path.join(home, "web.log"), "w"),  # noqa: SIM115 - written until the server stops
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server, base
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit(f"lakeflow web did not start (see {home}/web.log)")


def drive(run_id: int, rate: float, done: dict) -> None:
    """Claim and finish the run's task runs through the engine until the run ends, pacing the
    published state changes (one RunEvent each) to `rate` a second."""
    from django.db import connection, transaction

    from runs import orchestrator
    from runs.choices import TaskRunState as T
    from runs.executors.base import ExecutionResult
    from runs.models import JobRun, RunEvent

    start = time.perf_counter()
    first = RunEvent.objects.filter(job_run_id=run_id).count()
    try:
        for task_run_id in task_ends(run_id):
            with transaction.atomic():
                # Registered first, so it runs first after the commit (before the publish).
                transaction.on_commit(lambda: done.setdefault("committed", []).append(time.time()))
                orchestrator.finish(task_run_id, ExecutionResult(state=T.SUCCESS, exit_code=0))
            events = RunEvent.objects.filter(job_run_id=run_id).count() - first
            pause = start + events / rate - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
        run = JobRun.objects.get(pk=run_id)
        done["state"] = run.state
        done["ended_at"] = done["committed"][-1]  # the finish that ended the run
        done["events"] = RunEvent.objects.filter(job_run_id=run_id).count() - first
        done["seconds"] = time.perf_counter() - start
    finally:
        connection.close()


def measure(page, base: str, job, user, tasks: int, rate: float) -> dict[str, float]:
    from runs import services

    run = in_thread(lambda: services.run_now(job=job, user=user))
    start = time.perf_counter()
    page.goto(f"{base}/runs/{run.pk}", wait_until="commit")
    page.wait_for_selector(f'[data-testid="run-node-task_{tasks - 1:04d}"]', state="attached", timeout=60_000)
    first_render = (time.perf_counter() - start) * 1000
    page.wait_for_selector('[data-testid="live-indicator"][data-live="true"]')
    page.evaluate(f"() => {{ window.__recording = true; window.__expectTasks = {tasks}; }}")
    fetched_before = resource_durations(page, run.pk)

    done: dict = {}
    driver = threading.Thread(target=drive, args=(run.pk, rate, done))
    driver.start()
    clicks = []
    # A click every few seconds while the run streams: select a node, then deselect it.
    for index in range(1, 10_000):
        time.sleep(3)
        if not driver.is_alive():
            break
        key = f"task_{(index * 37) % min(tasks, 40):04d}"  # nodes in the first columns (on screen)
        page.click(f'[data-testid="run-node-{key}"]')
        clicks.append(page.evaluate(CLICK_PAINTED, key))
        page.click(f'[data-testid="run-node-{key}"]')
    driver.join()
    page.wait_for_function("() => window.__finalAt !== null", timeout=60_000)
    page.evaluate("() => { window.__recording = false; }")
    frames = sorted(page.evaluate("() => window.__frames"))
    longtasks = page.evaluate("() => window.__longtasks")
    final_at = page.evaluate("() => window.__finalAt")
    end_message_at = page.evaluate("() => window.__endMessageAt")
    fetched = resource_durations(page, run.pk)[len(fetched_before) :]
    return {
        "first_render_ms": first_render,
        "frame_p50_ms": statistics.median(frames),
        "frame_p95_ms": frames[int(len(frames) * 0.95) - 1],
        "frame_max_ms": frames[-1],
        "longtasks": len(longtasks),
        "longtask_total_ms": sum(longtasks),
        "longtask_max_ms": max(longtasks, default=0),
        "click_p50_ms": statistics.median(clicks) if clicks else float("nan"),
        "click_max_ms": max(clicks, default=float("nan")),
        "final_state_ms": final_at - done["ended_at"] * 1000,
        "end_message_ms": end_message_at - done["ended_at"] * 1000,
        "runs_get_count": len(fetched),
        "runs_get_p50_ms": statistics.median(fetched) if fetched else 0,
        "events_per_s": done["events"] / done["seconds"],
        "stream_s": done["seconds"],
    }


NODE_STATES = "(nodes) => Object.fromEntries(nodes.map((n) => [n.dataset.testid.slice(9), n.dataset.state]))"


def consistency(context, base: str, job, user, tasks: int, rate: float) -> dict[str, float]:
    """A page open from the start (whose run socket is closed two thirds of the way in) and a page
    opened a third of the way in must end on the same states as the database."""
    from runs import services
    from runs.models import TaskRun

    sockets = []

    def route(ws):
        sockets.append(ws)
        ws.connect_to_server()

    early = context.new_page()
    early.route_web_socket(re.compile(r"/ws/runs/\d+/$"), route)
    run = in_thread(lambda: services.run_now(job=job, user=user))
    early.goto(f"{base}/runs/{run.pk}")
    early.wait_for_selector('[data-testid="live-indicator"][data-live="true"]')
    done: dict = {}
    driver = threading.Thread(target=drive, args=(run.pk, rate, done))
    driver.start()
    stream = tasks * 3 / rate  # about three state changes per task
    time.sleep(stream / 3)
    late = context.new_page()
    start = time.perf_counter()
    late.goto(f"{base}/runs/{run.pk}", wait_until="commit")
    late.wait_for_selector(f'[data-testid="run-node-task_{tasks - 1:04d}"]', state="attached", timeout=60_000)
    late_render = (time.perf_counter() - start) * 1000
    time.sleep(stream / 3)
    sockets[-1].close(code=1001, reason="bench: dropped")
    early.wait_for_selector('[data-testid="live-indicator"][data-live="false"]', state="attached")
    start = time.perf_counter()
    early.wait_for_selector(
        '[data-testid="live-indicator"][data-live="true"]', state="attached", timeout=60_000
    )
    reconnect = (time.perf_counter() - start) * 1000
    driver.join()
    truth = dict(
        in_thread(lambda: list(TaskRun.objects.filter(job_run_id=run.pk).values_list("task_key", "state")))
    )
    for page in (early, late):
        page.wait_for_function(
            f"() => document.querySelectorAll('.run-node[data-state=\"SUCCESS\"]').length === {tasks}",
            timeout=60_000,
        )
    states = [page.eval_on_selector_all('[data-testid^="run-node-"]', NODE_STATES) for page in (early, late)]
    for page in (early, late):
        page.close()
    return {
        "mid_run_render_ms": late_render,
        "reconnect_ms": reconnect,
        "pages_agree": float(states[0] == states[1] == truth),
        "nodes": float(len(states[1])),
    }


def in_thread(call):
    """call() in a thread of its own: the engine publishes with async_to_sync, which refuses to
    run in this thread (Playwright's event loop lives here)."""
    from django.db import connection

    out = []

    def target():
        try:
            out.append(call())
        finally:
            connection.close()

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    return out[0]


def resource_durations(page, run_id: int) -> list[float]:
    """Durations of the page's REST reads of the whole run (not the task panel's reads)."""
    return page.evaluate(
        "(id) => performance.getEntriesByType('resource')"
        ".filter((e) => e.name.includes(`/runs/get?run_id=${id}&`)).map((e) => e.duration)",
        run_id,
    )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.run_page")
    parser.add_argument("--tasks", type=int, default=500)
    parser.add_argument("--rate", type=float, default=50, help="state changes a second")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    chromium = os.environ.get("LAKEFLOW_CHROMIUM", "/usr/bin/chromium")
    if not Path(chromium).exists() or not reachable(REDIS):
        print(f"run page: skipped (needs Chromium at {chromium} and Redis at {REDIS})")
        return
    home = tempfile.mkdtemp(prefix="run-page-bench-")
    os.environ.update(
        LAKEFLOW_HOME=home, REDIS_URL=REDIS, DJANGO_SETTINGS_MODULE="lakeflow.settings", LOG_LEVEL="WARNING"
    )
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # ORM calls next to Playwright's sync loop
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from jobs import services

    call_command("migrate", verbosity=0)
    user = get_user_model().objects.create_user("bench", password=PASSWORD)
    job = services.create_job(
        user=user, settings={"name": f"{args.tasks} tasks", "tasks": layered_tasks(args.tasks)}
    )
    server, base = start_server(home)

    from playwright.sync_api import sync_playwright

    results = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": 1440, "height": 900})
            context.add_init_script(RECORDER)
            page = context.new_page()
            page.goto(f"{base}/login")
            page.get_by_label("User name").fill("bench")
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            page.wait_for_url("**/jobs")
            for _ in range(args.repeat):
                results.append(measure(page, base, job, user, args.tasks, args.rate))
            resilience = consistency(context, base, job, user, args.tasks, args.rate)
            browser.close()
    finally:
        server.terminate()
        server.wait(10)

    print(
        f"Run page, {args.tasks}-task run, {args.rate:g} state changes/s over the websocket "
        f"(lakeflow web + Redis layer), headless Chromium, median of {args.repeat} runs:"
    )
    for key in results[0]:
        values = [result[key] for result in results]
        runs = ", ".join(f"{value:.0f}" for value in values)
        print(f"  {key:18} {statistics.median(values):9.1f}   (runs: {runs})")
    print("One more run, watched by a page open from the start and one opened a third of the way in:")
    for key, value in resilience.items():
        print(f"  {key:18} {value:9.1f}")


if __name__ == "__main__":
    main()
