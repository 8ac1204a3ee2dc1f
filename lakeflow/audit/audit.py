"""Short import path for services: ``from lakeflow.audit import audit; audit.record(...)``."""

from __future__ import annotations

from lakeflow.audit.choices import Action, Source
from lakeflow.audit.services import current_source, record

__all__ = ["Action", "Source", "record", "trigger_source"]


def trigger_source(trigger: str) -> str:
    """A run's source: a person (UI/API/CLI) for manual and API runs, else the schedule/trigger."""
    if trigger == "ONE_TIME":
        return current_source()
    if trigger in ("RETRY", "RUN_JOB_TASK"):
        return Source.SYSTEM
    return Source.SCHEDULE
