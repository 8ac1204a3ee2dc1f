"""`lakeflow web`: the production ASGI server (HTTP + websockets), any number per machine or fleet."""

from __future__ import annotations

import uvicorn
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve Lakeflow's web app and API (uvicorn, HTTP + websockets)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="Interface to bind (0.0.0.0 for all).")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=1, help="Worker processes of this server.")
        parser.add_argument(
            "--forwarded-allow-ips",
            default="127.0.0.1",
            help="Reverse proxies whose X-Forwarded-For/Proto are trusted (client IPs for rate limits).",
        )

    def handle(self, *args, host: str, port: int, workers: int, forwarded_allow_ips: str, **options) -> None:
        uvicorn.run(
            "lakeflow.asgi:application",
            host=host,
            port=port,
            workers=workers,
            proxy_headers=True,
            forwarded_allow_ips=forwarded_allow_ips,
            lifespan="off",  # Channels' ProtocolTypeRouter has no lifespan handler
            log_level="info",
        )
