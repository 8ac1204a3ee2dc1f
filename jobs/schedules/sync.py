"""django-celery-beat rows derived from a job's settings: ``sync_job_schedule(job)``.

Each job has at most one PeriodicTask per slot (``lakeflow.job.<id>.schedule`` / ``.trigger`` /
``.continuous``), rewritten from ``job.schedule``, ``job.trigger`` and ``job.continuous`` on every
create, update, reset, restore, pause and delete (``receivers.py`` listens to ``job_changed`` and
``post_delete``). Nobody edits these rows by hand: the admin shows them read-only.

Time-based slots carry their full spec in the row's kwargs (expression + time zone, interval +
anchor, instant); ``beat.LakeflowScheduler`` computes fire times from it with the Quartz engine,
because Celery's crontab knows neither seconds, L/W/#, years nor Quartz's day-of-week numbers.
The row still points at the closest CrontabSchedule / IntervalSchedule / ClockedSchedule, so the
admin and ``celery inspect`` show something meaningful. Event triggers (file arrival, table
update, job completion, continuous) are a plain interval row that checks the job every
LAKEFLOW_TRIGGER_POLL_SECONDS.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_celery_beat.models import ClockedSchedule, CrontabSchedule, IntervalSchedule, PeriodicTask

from jobs.choices import PauseStatus
from jobs.schedules import fire_times
from jobs.schedules.quartz import MONTHS, WEEKDAYS

FIRE_TASK = "lakeflow.schedules.fire"
FIRE_BATCH_TASK = "lakeflow.schedules.fire_batch"  # what the scheduler sends: fires due together
CHECK_TASK = "lakeflow.triggers.check"
POLLED_TRIGGERS = ("file_arrival", "table_update", "table", "job_completion")
PREFIX = "lakeflow.job."


def entry_name(job_id: int, slot: str) -> str:
    return f"{PREFIX}{job_id}.{slot}"


def _paused(block: dict | None) -> bool:
    return (block or {}).get("pause_status", PauseStatus.UNPAUSED) == PauseStatus.PAUSED


def specs_for(job) -> dict[str, dict]:
    """slot -> spec of every schedule/trigger the job's settings ask for (paused ones included)."""
    specs: dict[str, dict] = {}
    if job.schedule:
        specs["schedule"] = {
            "kind": "cron",
            "quartz_cron_expression": job.schedule["quartz_cron_expression"],
            "timezone_id": job.schedule.get("timezone_id", "UTC"),
            "paused": _paused(job.schedule),
        }
    trigger = job.trigger or {}
    if "periodic" in trigger:
        periodic = trigger["periodic"]
        specs["trigger"] = {
            "kind": "interval",
            "every_seconds": fire_times.interval_seconds(int(periodic["interval"]), periodic["unit"]),
            "paused": _paused(trigger),
        }
    elif "run_once" in trigger:
        at = datetime.fromtimestamp(int(trigger["run_once"]["timestamp_ms"]) / 1000, tz=UTC)
        specs["trigger"] = {"kind": "once", "at": at.isoformat(), "paused": _paused(trigger)}
    elif kinds := [k for k in POLLED_TRIGGERS if k in trigger]:
        specs["trigger"] = {"kind": kinds[0], "paused": _paused(trigger)}
    if job.continuous:
        specs["continuous"] = {"kind": "continuous", "paused": _paused(job.continuous)}
    return specs


def crontab_fields(expression: str) -> dict[str, str]:
    """The 5-field Unix crontab closest to a Quartz expression, for display only (the Quartz
    engine decides the real fire times): fields Unix cron cannot say become '*'."""
    parts = expression.upper().split()
    names = {*MONTHS, *WEEKDAYS}

    def keep(text: str) -> str:
        tokens = re.split(r"[,\-/]", text)
        return text if all(t == "*" or t.isdigit() or t in names for t in tokens) else "*"

    dow = parts[5]
    if dow != "?" and re.fullmatch(r"[0-9,\-]+", dow):  # Quartz 1=SUN..7=SAT -> Unix 0=SUN..6=SAT
        dow = re.sub(r"\d", lambda m: str(int(m.group()) - 1), dow)
    return {
        "minute": keep(parts[1]),
        "hour": keep(parts[2]),
        "day_of_month": "*" if parts[3] == "?" else keep(parts[3]),
        "month_of_year": keep(parts[4]),
        "day_of_week": "*" if dow == "?" else keep(dow),
    }


def _schedule_row(spec: dict) -> dict:
    """The beat schedule FK of a PeriodicTask for a spec (exactly one is set)."""
    rows = {"crontab": None, "interval": None, "clocked": None, "solar": None}
    kind = spec["kind"]
    if kind == "cron":
        rows["crontab"], _ = CrontabSchedule.objects.get_or_create(
            **crontab_fields(spec["quartz_cron_expression"]), timezone=spec["timezone_id"]
        )
    elif kind == "interval":
        rows["interval"], _ = IntervalSchedule.objects.get_or_create(
            every=spec["every_seconds"], period=IntervalSchedule.SECONDS
        )
    elif kind == "once":
        rows["clocked"], _ = ClockedSchedule.objects.get_or_create(
            clocked_time=datetime.fromisoformat(spec["at"])
        )
    else:
        rows["interval"], _ = IntervalSchedule.objects.get_or_create(
            every=max(1, settings.LAKEFLOW_TRIGGER_POLL_SECONDS), period=IntervalSchedule.SECONDS
        )
    return rows


def _kwargs(job_id: int, spec: dict, existing: PeriodicTask | None) -> dict:
    schedule = {k: v for k, v in spec.items() if k != "paused"}
    if spec["kind"] == "interval":
        # The first fire is one interval after the schedule was set up ("the scheduler chooses a
        # time when you configure the schedule"); editing other settings keeps the anchor.
        old = json.loads(existing.kwargs).get("schedule", {}) if existing else {}
        same = old.get("kind") == "interval" and old.get("every_seconds") == spec["every_seconds"]
        schedule["anchor"] = old["anchor"] if same else timezone.now().replace(microsecond=0).isoformat()
    return {"job_id": job_id, "schedule": schedule}


@transaction.atomic
def sync_job_schedule(job) -> None:
    """Make the job's beat rows match its settings (create, change, pause, remove)."""
    from runs.choices import Queue

    specs = specs_for(job)
    existing = {p.name: p for p in PeriodicTask.objects.filter(name__startswith=f"{PREFIX}{job.pk}.")}
    wanted = {entry_name(job.pk, slot): spec for slot, spec in specs.items()}
    for name, task in existing.items():
        if name not in wanted:
            task.delete()
    now = timezone.now()
    for name, spec in wanted.items():
        task = existing.get(name)
        kwargs = _kwargs(job.pk, spec, task)
        enabled = not spec["paused"]
        changed = task is None or json.loads(task.kwargs) != kwargs or task.enabled != enabled
        if not changed:
            continue
        time_based = spec["kind"] in ("cron", "interval", "once")
        fields = {
            **_schedule_row(spec),
            "task": FIRE_TASK if time_based else CHECK_TASK,
            "kwargs": json.dumps(kwargs),
            "queue": Queue.CONTROL.value,
            "enabled": enabled,
            "one_off": spec["kind"] == "once",  # beat requires clocked rows to be one-off
            "description": f"Derived from job {job.pk}'s settings ({spec['kind']}); edit the job instead.",
            # Fires before this change are not caught up: a new or unpaused schedule starts now.
            "last_run_at": now,
        }
        if task is None:
            PeriodicTask.objects.create(name=name, **fields)
        else:
            for field, value in fields.items():
                setattr(task, field, value)
            task.no_changes = False
            task.save()


def remove_job_schedule(job_id: int) -> None:
    PeriodicTask.objects.filter(name__startswith=f"{PREFIX}{job_id}.").delete()
