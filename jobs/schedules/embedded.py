"""The schedule loop inside `lakeflow dev`: celery beat's Service in a daemon thread, sending on
the in-process broker to the embedded worker threads."""

from __future__ import annotations

import threading
from collections.abc import Callable


def start_schedule_loop() -> Callable[[], None]:
    from celery.beat import Service

    from jobs.schedules.beat import LakeflowScheduler
    from lakeflow.celery import app

    service = Service(app, scheduler_cls=LakeflowScheduler, max_interval=1.0)
    thread = threading.Thread(target=service.start, name="lakeflow-beat", daemon=True)
    thread.start()

    def stop() -> None:
        service.stop()
        thread.join(timeout=5)

    return stop
