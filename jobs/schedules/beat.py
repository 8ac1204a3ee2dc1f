"""The beat scheduler of `lakeflow scheduler`: django-celery-beat's DatabaseScheduler whose
time-based job entries fire on the Quartz engine's instants.

Each due fire sends ``lakeflow.schedules.fire(job_id, schedule, fire_time)`` with the *scheduled*
instant, so every scheduler process names the same fire the same way and the fire task's unique
claim makes it happen once, however many schedulers run.

Missed fires (the scheduler was down, or late): like Quartz's default "fire once now" misfire
policy and Databricks ("scheduled jobs run immediately upon service availability"), only the
latest missed fire is sent, once; the ones before it are skipped, not backfilled.

Fires due together (a thousand jobs on the same minute) go out in batches of FIRE_BATCH per
message (``lakeflow.schedules.fire_batch``): one send here and one read of beat rows and jobs in
the worker for many fires, instead of one of each per fire.
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime

from celery import schedules
from django.db import DatabaseError, close_old_connections
from django.db.models import DateTimeField, F, Value
from django.db.models.functions import Coalesce, Greatest
from django_celery_beat.models import PeriodicTask
from django_celery_beat.schedulers import DatabaseScheduler, ModelEntry

from jobs.schedules.plans import Plan, plan_of
from jobs.schedules.sync import FIRE_BATCH_TASK, FIRE_TASK

logger = logging.getLogger(__name__)
NEVER = 24 * 3600.0  # nothing to fire: look again in a day (or when the schedule changes)


class JobScheduleEntry(ModelEntry):
    """A PeriodicTask row; for Lakeflow's time-based rows the plan in its kwargs decides."""

    def __init__(self, model, app=None):
        super().__init__(model, app=app)
        self.plan: Plan | None = None
        self.fire_time: datetime | None = None
        if model.task == FIRE_TASK and isinstance(self.kwargs.get("schedule"), dict):
            try:
                self.plan = plan_of(self.kwargs["schedule"])
            except (KeyError, ValueError):
                logger.exception("Unreadable schedule in %s", model.name)

    def is_due(self):
        if self.plan is None:
            return super().is_due()
        if not self.model.enabled:
            return schedules.schedstate(False, 5.0)
        now = datetime.now(UTC)
        last = self.last_run_at.astimezone(UTC)
        due = self.plan.previous(now)
        upcoming = self.plan.next_after(now)
        delay = (upcoming - now).total_seconds() if upcoming else NEVER
        if due is not None and due > last:
            self.fire_time = due
            self.kwargs = {**self.kwargs, "fire_time": due.isoformat()}
            logger.info("Sending fire %s of %s", due.isoformat(), self.name)
            return schedules.schedstate(True, delay)
        return schedules.schedstate(False, delay)

    def __next__(self):
        if self.plan is None:
            return super().__next__()
        # Remember the fire we sent (not "now"), so the next one is computed after it.
        self.model.last_run_at = self.fire_time or datetime.now(UTC)
        self.model.total_run_count += 1
        self.model.no_changes = True
        return self.__class__(self.model, app=self.app)

    next = __next__


def _no_earlier_than_stored(moment: datetime | None) -> Greatest | None:
    """An UPDATE value: `moment`, or the row's stored last_run_at if that is later (Coalesce: on
    SQLite GREATEST with a NULL is NULL)."""
    if moment is None:
        return None
    value = Value(moment, output_field=DateTimeField())
    return Greatest(Coalesce(F("last_run_at"), value), value)


class LakeflowScheduler(DatabaseScheduler):
    """DatabaseScheduler, made cheap when a thousand fires fall due at once: rows are read with
    their schedule rows joined (no query per entry), and "did the schedule change?" is asked at
    most every CHANGE_CHECK_SECONDS instead of before every single send."""

    Entry = JobScheduleEntry
    CHANGE_CHECK_SECONDS = 0.5
    FIRE_BATCH = 25
    _last_change_check = 0.0

    def __init__(self, *args, **kwargs) -> None:
        self._fires: list[tuple[dict, dict]] = []  # (fire kwargs, send options) not yet sent
        super().__init__(*args, **kwargs)

    def apply_entry(self, entry, producer=None):
        if not isinstance(entry, JobScheduleEntry) or entry.plan is None or entry.fire_time is None:
            return super().apply_entry(entry, producer=producer)
        self._fires.append((dict(entry.kwargs), dict(entry.options)))
        if len(self._fires) >= self.FIRE_BATCH:
            self.send_fires(producer)
        return None

    def tick(self, *args, **kwargs):
        delay = super().tick(*args, **kwargs)
        if delay and self._fires:
            self.send_fires()  # nothing else is due right now: send what was collected
        return delay

    def send_fires(self, producer=None) -> None:
        fires, self._fires = self._fires, []
        options = {
            key: value for key, value in fires[0][1].items() if key in ("queue", "exchange", "routing_key")
        }
        try:
            self.app.send_task(
                FIRE_BATCH_TASK, kwargs={"fires": [fire for fire, _ in fires]}, producer=producer, **options
            )
        except Exception:
            logger.exception("Could not send %d fires", len(fires))
        # As Scheduler.apply_async does per entry: persist last_run_at now and then, after sending.
        self._tasks_since_sync += len(fires)
        if self.should_sync():
            self._do_sync()

    def schedules_equal(self, old_schedules, new_schedules) -> bool:
        # Entries are replaced (new objects) only when the schedule is re-read from the database,
        # so identity says "unchanged" in O(n) cheap checks instead of comparing every field.
        if self._heap_invalidated:
            self._heap_invalidated = False
            return False
        if old_schedules is None or new_schedules is None:
            return old_schedules is new_schedules
        return old_schedules.keys() == new_schedules.keys() and all(
            old_schedules[name] is entry for name, entry in new_schedules.items()
        )

    def sync(self) -> None:
        # Write every sent entry's last_run_at in one bulk UPDATE, not a get() + save() per row
        # (a thousand fires at once would otherwise stall the loop for seconds). Only forward:
        # a schedule edited since the fire was sent has last_run_at = the edit's "now" (sync.py),
        # and writing the older fire time back would make a time before the edit fire.
        dirty, self._dirty = self._dirty, set()
        rows = [
            PeriodicTask(
                pk=entry.model.pk,
                last_run_at=_no_earlier_than_stored(entry.model.last_run_at),
                total_run_count=entry.model.total_run_count,
            )
            for name in dirty
            if self._schedule and (entry := self._schedule.get(name)) is not None
        ]
        try:
            close_old_connections()
            PeriodicTask.objects.bulk_update(rows, ["last_run_at", "total_run_count"], batch_size=500)
        except DatabaseError:
            logger.exception("Could not save the schedule's last run times; retrying later")
            self._dirty |= dirty

    def enabled_models_qs(self):
        return super().enabled_models_qs().select_related("crontab", "interval", "clocked", "solar")

    def schedule_changed(self) -> bool:
        now = time.monotonic()
        if now - self._last_change_check < self.CHANGE_CHECK_SECONDS:
            return False
        self._last_change_check = now
        return super().schedule_changed()
