"""The safety net that keeps runs from getting stuck (DESIGN §2: the database is the truth).

``reconcile_once()`` — a Celery beat entry in production, a thread in `lakeflow dev`,
`lakeflow reconcile` by hand:
1. re-dispatches QUEUED / due WAITING_FOR_RETRY attempts whose message was lost (no claim
   within LAKEFLOW_DISPATCH_GRACE_SECONDS) — a duplicate is harmless, claiming is idempotent;
2. fails (then retries per policy) RUNNING attempts whose worker stopped heartbeating for
   LAKEFLOW_HEARTBEAT_TIMEOUT_SECONDS, or whose worker process on this host is gone;
3. advances every active run (finishes runs whose tasks are all terminal, applies the job's
   timeout), and starts queued runs whose job has a free slot;
4. fails SQL statements and pipeline updates whose process stopped heartbeating.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from runs import dispatch, orchestrator
from runs.choices import JobRunState, TaskRunState
from runs.models import JobRun, TaskRun

log = logging.getLogger(__name__)
T = TaskRunState
R = JobRunState


def reconcile_once() -> dict[str, int]:
    now = timezone.now()
    counts = {"redispatched": redispatch_lost(now), "failed": fail_stale(now), "advanced": 0, "started": 0}
    for run_id, deadline, stop_reason in JobRun.objects.filter(
        state__in=(R.PENDING, R.RUNNING, R.TERMINATING)
    ).values_list("pk", "deadline", "stop_reason"):
        with transaction.atomic():
            run = orchestrator.lock_run(run_id)
            if deadline and now >= deadline and not stop_reason:
                orchestrator.stop_locked(run, R.TIMEDOUT, message="The job's timeout_seconds elapsed.")
            else:
                orchestrator.advance_locked(run)
        counts["advanced"] += 1
    for job_id in set(
        JobRun.objects.filter(state=R.QUEUED, job__isnull=False).values_list("job_id", flat=True)
    ):
        counts["started"] += len(orchestrator.start_queued_runs(job_id=job_id))
    from runs.health import check_due_runs  # duration warnings a lost message missed (issue 9)

    counts["duration_warnings"] = check_due_runs(now=now)
    from runs.run_job import finish_orphans  # a run_job task whose child ended while we were down

    counts["run_job_finished"] = finish_orphans()
    # SQL statements and pipeline updates run on threads of some process: fail those it left behind.
    from compute.statements import fail_orphans as fail_statements
    from lakeflow.pipelines.engine import fail_orphans as fail_updates

    counts["orphans_failed"] = fail_statements() + fail_updates()
    return counts


def redispatch_lost(now) -> int:
    grace = timedelta(seconds=getattr(settings, "LAKEFLOW_DISPATCH_GRACE_SECONDS", 30))
    lost = TaskRun.objects.filter(
        Q(state=T.QUEUED, queued_at__lt=now - grace)
        | Q(state=T.WAITING_FOR_RETRY, not_before__lt=now - grace, queued_at__lt=now - grace)
    ).values_list("pk", "state", "queue")
    sent = 0
    for pk, state, queue in lost:
        with transaction.atomic():
            # Only the reconciler that wins this update re-sends (several may run at once).
            if TaskRun.objects.filter(pk=pk, state=state, queued_at__lt=now - grace).update(
                queued_at=now, dispatch_count=F("dispatch_count") + 1
            ):
                dispatch.send(pk, queue or dispatch.queue_for(TaskRun.objects.get(pk=pk)))
                sent += 1
    return sent


def worker_is_gone(worker: str) -> bool:
    """A worker id "host:pid:thread" of this host whose process no longer exists."""
    host, _, rest = worker.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def fail_stale(now) -> int:
    timeout = timedelta(seconds=settings.LAKEFLOW_HEARTBEAT_TIMEOUT_SECONDS)
    failed = 0
    for pk, worker, beat in (
        TaskRun.objects.filter(state=T.RUNNING)
        .exclude(worker="orchestrator")
        .values_list("pk", "worker", "heartbeat_at")
    ):
        stale = beat is None or beat < now - timeout
        if not stale and not worker_is_gone(worker):
            continue
        reason = "stopped heartbeating" if stale else "is gone"
        orchestrator.fail_attempt(pk, f"The worker executing the task ({worker}) {reason}.")
        failed += 1
    return failed


def start_loop(interval: float) -> Callable[[], None]:
    """Run reconcile_once() now and every ``interval`` seconds in a daemon thread."""
    done = threading.Event()

    def loop() -> None:
        try:
            while True:
                try:
                    reconcile_once()
                except Exception:
                    log.exception("reconcile failed")
                if done.wait(interval):
                    return
        finally:
            connection.close()

    thread = threading.Thread(target=loop, name="lakeflow-reconciler", daemon=True)
    thread.start()

    def stop() -> None:
        done.set()
        thread.join(timeout=10)

    return stop
