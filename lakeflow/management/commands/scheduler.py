"""`lakeflow scheduler`: the schedule loop of production — Celery beat on Lakeflow's database
scheduler (django-celery-beat rows, fire times from the Quartz engine). Run one; running two is
safe (each fire is claimed once) but only useful for failover."""

from __future__ import annotations

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the schedule loop (celery beat with the database scheduler)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--loglevel", default="INFO")
        parser.add_argument(
            "--max-interval", type=float, default=1.0, help="Longest sleep between checks, in seconds."
        )

    def handle(self, *args, loglevel: str, max_interval: float, **options) -> None:
        from lakeflow.celery import app

        app.Beat(
            scheduler="jobs.schedules.beat:LakeflowScheduler",
            loglevel=loglevel,
            max_interval=max_interval,
        ).run()
