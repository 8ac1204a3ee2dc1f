"""Cluster libraries (Libraries API 2.0): PyPI packages, wheels and requirements files installed
into the cluster's Python environment -- one of the engine's cached, isolated environments
(runs/executors/environments.py) for the set of the cluster's libraries. ``cluster_python``
names its interpreter for the cluster's task processes.

Installing runs in the ``compute.install_libraries`` Celery task (or a thread of the process
running the supervisor), never in the request.
"""

from __future__ import annotations

import json
import logging
import threading
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import close_old_connections, transaction

from compute.choices import LIBRARY_KINDS, PYTHON_LIBRARY_KINDS, LibraryStatus
from compute.models import Cluster, ClusterLibrary
from lakeflow.api.errors import invalid, malformed

log = logging.getLogger(__name__)
PIP_TIMEOUT_SECONDS = 600
IN_ENVIRONMENT = (LibraryStatus.PENDING, LibraryStatus.INSTALLING, LibraryStatus.INSTALLED)


def _resolve(path: str) -> Path:
    """A wheel/requirements path: a local file, else a workspace path under LAKEFLOW_HOME."""
    for prefix in ("dbfs:", "file:"):
        path = path.removeprefix(prefix)
    candidate = Path(path)
    if candidate.is_file():
        return candidate
    from lakeflow.workspace.paths import resolve

    try:
        return resolve(path)
    except Exception as error:  # any bad path reads as "does not exist"
        log.info("library path %s: %s", path, error)
        return Path(settings.LAKEFLOW_HOME) / "missing" / candidate.name


def _items(rows: list[ClusterLibrary]):
    from runs.executors import environments

    return environments.requirements([row.library for row in rows], resolve_file=_resolve)


def cluster_python(cluster_id: str) -> Path | None:
    """The interpreter of the cluster's environment (its INSTALLED libraries), or None."""
    from runs.executors import environments

    rows = list(ClusterLibrary.objects.filter(cluster__cluster_id=cluster_id, status=LibraryStatus.INSTALLED))
    if not rows:
        return None
    try:
        path = Path(settings.LAKEFLOW_HOME) / "envs" / environments.env_key(_items(rows))
    except environments.LibraryError:
        return None
    return path / "bin" / "python" if (path / environments.COMPLETE_MARKER).is_file() else None


def library_key(library: Any, where: str) -> str:
    """Validate one wire library object; its canonical JSON is its identity on the cluster."""
    if not isinstance(library, dict):
        raise malformed(f"{where} must be an object.")
    kinds = [k for k in LIBRARY_KINDS if library.get(k) is not None]
    if len(kinds) != 1:
        raise invalid(f"{where} must set exactly one of {', '.join(LIBRARY_KINDS)}.")
    kind = kinds[0]
    value = library[kind]
    if kind in ("pypi", "maven", "cran"):
        field = "coordinates" if kind == "maven" else "package"
        if not isinstance(value, dict) or not isinstance(value.get(field), str) or not value[field].strip():
            raise invalid(f"{where}.{kind}.{field} is required.")
    elif not isinstance(value, str) or not value.strip():
        raise invalid(f"{where}.{kind} must be a non-empty path.")
    return json.dumps({kind: value}, sort_keys=True)


@transaction.atomic
def install(*, cluster: Cluster, libraries: list) -> None:
    keys = [library_key(lib, f"libraries[{i}]") for i, lib in enumerate(libraries)]
    for lib, key in zip(libraries, keys, strict=True):
        kind = next(iter(json.loads(key)))
        status = LibraryStatus.PENDING if kind in PYTHON_LIBRARY_KINDS else LibraryStatus.SKIPPED
        messages = (
            [] if status == LibraryStatus.PENDING else [f"{kind} libraries are not installed by Lakeflow."]
        )
        ClusterLibrary.objects.update_or_create(
            cluster=cluster, key=key, defaults={"library": lib, "status": status, "messages": messages}
        )
    cluster_id = cluster.cluster_id
    transaction.on_commit(lambda: schedule_install(cluster_id))


@transaction.atomic
def uninstall(*, cluster: Cluster, libraries: list) -> None:
    keys = [library_key(lib, f"libraries[{i}]") for i, lib in enumerate(libraries)]
    cluster.libraries.filter(key__in=keys).update(status=LibraryStatus.UNINSTALL_ON_RESTART)


def schedule_install(cluster_id: str) -> None:
    from compute.supervisor import _RUNNING

    if _RUNNING or settings.CELERY_EMBEDDED:
        threading.Thread(target=_install_in_thread, args=(cluster_id,), daemon=True).start()
        return
    from compute.tasks import install_libraries

    install_libraries.delay(cluster_id)


def _install_in_thread(cluster_id: str) -> None:
    try:
        install_pending(cluster_id=cluster_id)
    finally:
        close_old_connections()


def _install_context(cluster_id: str):
    """An ExecutionContext for the environment builder: the cluster's library log, a pip timeout."""
    from runs.executors.base import ExecutionContext, LogSink

    home = Path(settings.LAKEFLOW_HOME) / "clusters" / cluster_id
    workdir = home / "libraries"
    workdir.mkdir(parents=True, exist_ok=True)
    return ExecutionContext(
        task_run_id=0,
        task_key="",
        task={},
        parameters={},
        workdir=workdir,
        env={},
        log=LogSink(home / "libraries.log"),
        timeout=PIP_TIMEOUT_SECONDS,
    )


def install_pending(*, cluster_id: str) -> None:
    """Build (or reuse) the environment of the cluster's library set, PENDING ones included."""
    from runs.executors import environments

    with transaction.atomic():
        rows = list(
            ClusterLibrary.objects.select_for_update()
            .filter(cluster__cluster_id=cluster_id, status__in=IN_ENVIRONMENT)
            .order_by("id")
        )
        pending = [row for row in rows if row.status == LibraryStatus.PENDING]
        if not pending:
            return
        ids = [row.pk for row in pending]
        ClusterLibrary.objects.filter(pk__in=ids).update(status=LibraryStatus.INSTALLING)
    ctx = _install_context(cluster_id)
    try:
        environments.ensure(_items(rows), ctx)
        status, messages = LibraryStatus.INSTALLED, []
    except Exception as error:  # a failed install must never stay INSTALLING
        log.warning("cluster %s: library install failed", cluster_id, exc_info=True)
        status, messages = LibraryStatus.FAILED, [str(error) or type(error).__name__]
    finally:
        ctx.log.close()
    ClusterLibrary.objects.filter(pk__in=ids).update(status=status, messages=messages)


def statuses(cluster: Cluster) -> dict[str, Any]:
    return {
        "cluster_id": cluster.cluster_id,
        "library_statuses": [
            {
                "library": row.library,
                "status": row.status,
                "messages": row.messages,
                "is_library_for_all_clusters": False,
            }
            for row in cluster.libraries.all()
        ],
    }
