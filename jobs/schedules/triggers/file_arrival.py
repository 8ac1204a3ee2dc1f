"""trigger.file_arrival: a run when new files appear under a local directory.

``url`` is a local directory: an absolute path (``/data/in``), a ``file:///data/in`` URL, or a
workspace folder (``/Workspace/landing``, under LAKEFLOW_HOME). Cloud URLs and relative paths are
refused when the trigger is saved (``local_path``). Files anywhere below it count,
hidden ones (a name starting with '.') do not, so writers can use ``.tmp`` names and rename.
Files present when the trigger is set up are the baseline and never start a run. The run gets
trigger FILE_ARRIVAL and, in trigger_info, the location and the new files (relative paths), which
tasks read as ``{{job.trigger.file_arrival.location}}`` and ``{{job.trigger.file_arrival.files}}``.
"""

from __future__ import annotations

import os
import re
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote

from jobs.schedules.triggers.timing import from_iso, iso, settled

CHECK_AFTER_BASELINE = False
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")  # s3://, abfss://, gs://, dbfs:/, https:// ...


def local_path(url: str) -> str:
    """The absolute local path a file_arrival url names, or ValueError saying why it names none."""
    if url.startswith("file://"):
        path = unquote(url[len("file://") :])
        if not path.startswith("/"):
            raise ValueError(f"must be file:///absolute/path (a file URL without a host); got {url!r}.")
    elif SCHEME.match(url):
        raise ValueError(
            f"is a cloud or remote URL ({url.split(':', 1)[0]}:); cloud URLs are not supported yet. "
            "Watch a local directory: /data/in, file:///data/in or /Workspace/landing."
        )
    else:
        path = url
    if not path.startswith("/"):
        # A relative path would be read against whatever directory the worker was started in.
        raise ValueError(f"must be an absolute path or a file:// URL; got the relative path {url!r}.")
    if not path.strip("/"):
        raise ValueError("must name a directory below the file system root, not '/'.")
    return path


def workspace_parts(path: str) -> tuple[str, ...] | None:
    """The workspace components of a /Workspace/... path (validated), else None."""
    from lakeflow.workspace import paths

    if path.split("/")[1:2] != [paths.WORKSPACE_PREFIX]:
        return None
    return paths.split(path)


def directory(url: str) -> Path:
    path = local_path(url)
    if workspace_parts(path) is None:
        return Path(path)
    from lakeflow.workspace import paths

    return paths.resolve(path)  # a workspace folder: under LAKEFLOW_HOME, never outside it


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


def observe(config: dict) -> dict[str, list[int]]:
    return snapshot(directory(config["url"]))


def baseline(job, state, now: datetime, files: dict[str, list[int]]) -> None:
    state.state = {"seen": files, "pending": {}, "last_change": None}


def check(job, state, now: datetime, files: dict[str, list[int]]) -> list:
    from jobs.schedules.services import Fire

    config = state.config
    seen, pending = state.state.get("seen", {}), state.state.get("pending", {})
    changed = False
    for path, signature in files.items():
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
