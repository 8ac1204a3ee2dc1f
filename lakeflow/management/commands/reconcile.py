"""`lakeflow reconcile`: run the engine's reconciler once (re-dispatch lost task runs, fail
stale ones, finish/start runs) and print what it did. Production runs it from beat."""

from __future__ import annotations

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Reconcile runs once: re-dispatch lost messages, fail stale heartbeats, finish and start runs."

    def handle(self, *args, **options) -> None:
        from runs.reconciler import reconcile_once

        counts = reconcile_once()
        self.stdout.write(", ".join(f"{name}: {count}" for name, count in counts.items()))
