"""trigger.file_arrival: a run when new files appear under a local directory.

``url`` is a directory (``/data/in`` or ``file:///data/in``); files anywhere below it count,
hidden ones (a name starting with '.') do not, so writers can use ``.tmp`` names and rename.
Files present when the trigger is set up are the baseline and never start a run. The run gets
trigger FILE_ARRIVAL and, in trigger_info, the location and the new files (relative paths), which
tasks read as ``{{job.trigger.file_arrival.location}}`` and ``{{job.trigger.file_arrival.files}}``.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from jobs.schedules.triggers.timing import from_iso, iso, settled

CHECK_AFTER_BASELINE = False


def directory(url: str) -> Path:
    return Path(url[len("file://") :] if url.startswith("file://") else url)


def snapshot(root: Path) -> dict[str, list[int]]:
    """relative path -> [mtime_ns, size] of every visible file below root ({} if it is missing)."""
    found: dict[str, list[int]] = {}
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if name.startswith("."):
                continue
            path = Path(folder) / name
            try:
                stat = path.stat()
            except OSError:
                continue  # removed while we looked
            found[path.relative_to(root).as_posix()] = [stat.st_mtime_ns, stat.st_size]
    return found


def baseline(job, state, now: datetime) -> None:
    state.state = {"seen": snapshot(directory(state.config["url"])), "pending": {}, "last_change": None}


def check(job, state, now: datetime) -> list:
    from jobs.schedules.services import Fire

    config = state.config
    seen, pending = state.state.get("seen", {}), state.state.get("pending", {})
    changed = False
    for path, signature in snapshot(directory(config["url"])).items():
        if path in seen:
            continue
        if pending.get(path) != signature:  # new, or still being written
            pending[path] = signature
            changed = True
    if changed:
        state.state["last_change"] = iso(now)
    state.state["pending"] = pending
    if not pending or not settled(
        config, from_iso(state.state.get("last_change")), state.last_triggered_at, now
    ):
        return []
    files = sorted(pending)
    seen.update(pending)
    state.state.update(seen=seen, pending={})
    info = {"file_arrival": {"location": config["url"], "files": files}}
    return [Fire("FILE_ARRIVAL", info)]
