"""Stopping the embedded engine the test fixtures start (tests/runs and tests/e2e conftest)."""

from __future__ import annotations


def stop_engine(stop) -> None:
    """Cancel what the test left running (a failed assertion can leave a task sleeping), then stop
    the worker: Celery's warm shutdown waits for the tasks it runs, however long they take."""
    from django.db import transaction

    from runs import services
    from runs.choices import RUN_ACTIVE
    from runs.models import JobRun

    for run in JobRun.objects.filter(state__in=RUN_ACTIVE):
        with transaction.atomic():
            services.cancel_run(run=run, user=None)
    stop()
