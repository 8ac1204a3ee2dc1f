"""The two timing fields file-arrival and table-update triggers share."""

from __future__ import annotations

from datetime import datetime, timedelta


def settled(
    config: dict, last_change: datetime | None, last_triggered: datetime | None, now: datetime
) -> bool:
    """min_time_between_triggers_seconds since the last run this trigger started, and
    wait_after_last_change_seconds of quiet since the last change seen."""
    gap = timedelta(seconds=int(config.get("min_time_between_triggers_seconds") or 0))
    quiet = timedelta(seconds=int(config.get("wait_after_last_change_seconds") or 0))
    if last_triggered is not None and now - last_triggered < gap:
        return False
    return not (last_change is not None and now - last_change < quiet)


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def from_iso(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None
