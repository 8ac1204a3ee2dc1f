"""`lakeflow dev`: everything in one process on the embedded default.

1. migrate; 2. on first start create the admin user (password printed once) and the demo jobs;
3. start the background services (Celery worker threads on the in-process broker, reconciler,
schedule loop) registered in lakeflow.embedded; 4. serve HTTP + websockets with uvicorn until
Ctrl-C; 5. stop the background services.
"""

from __future__ import annotations

import os
import signal
import threading
import time

import uvicorn
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from lakeflow import demo, embedded


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


class Command(BaseCommand):
    help = "Run Lakeflow (web app, API, workers, schedules) in one process with demo jobs."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-demo", action="store_true", help="Do not seed the demo jobs.")

    def handle(self, *args, host: str, port: int, no_demo: bool, **options) -> None:
        self.stdout.write(f"Preparing the database in {settings.LAKEFLOW_HOME} ...")
        self.stdout.flush()
        call_command("migrate", interactive=False, verbosity=0)
        if no_demo:
            state = demo.load_state()
            state.setdefault("demo_seeded_at", "skipped")
            demo.save_state(state)
        admin, created = demo.first_start()
        if created:
            self.stdout.write(f"Seeded {len(created)} demo jobs: {', '.join(created)}")

        # Task processes reach this server (dbutils, task values) at LAKEFLOW_URL: follow --host/--port
        # unless the URL was configured explicitly.
        url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}"  # noqa: S104
        if "LAKEFLOW_URL" not in os.environ:
            settings.LAKEFLOW_URL = url
        server = uvicorn.Server(
            uvicorn.Config(
                "lakeflow.asgi:application", host=host, port=port, lifespan="off", log_level="warning"
            )
        )
        threading.Thread(target=self._announce, args=(server, url, admin), daemon=True).start()
        # uvicorn shuts down gracefully on Ctrl-C / SIGTERM, then re-raises the signal; turning
        # SIGTERM into KeyboardInterrupt too lets both end here, after the services are stopped.
        signal.signal(signal.SIGTERM, _interrupt)
        embedded.start_background_services()
        try:
            server.run()
        except KeyboardInterrupt:
            pass
        finally:
            embedded.stop_background_services()
            self.stdout.write("Lakeflow stopped.")

    def _announce(self, server: uvicorn.Server, url: str, admin: demo.Admin) -> None:
        while not server.started and not server.should_exit:
            time.sleep(0.05)
        if not server.started:
            return
        lines = ["", f"Lakeflow is running at {url}   (data: {settings.LAKEFLOW_HOME})"]
        if admin.password:
            lines.append(f"Log in as {demo.ADMIN_USERNAME} / {admin.password}   (shown only this once)")
        else:
            lines.append(
                f"Log in as {demo.ADMIN_USERNAME} (password printed on first start; "
                f"reset it with `lakeflow users set-password {demo.ADMIN_USERNAME}`)"
            )
        lines.append("Press Ctrl-C to stop.")
        self.stdout.write("\n".join(lines) + "\n")
        self.stdout.flush()
