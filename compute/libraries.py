"""Cluster libraries (Libraries API 2.0): PyPI packages, wheels and requirements files installed
into the cluster's own Python environment, a venv under LAKEFLOW_HOME/clusters/<id>/env created
with --system-site-packages (Lakeflow's own packages stay importable). Task processes of the
cluster's workers run with ``cluster_python(cluster_id)`` when it exists.

Installing runs in the ``compute.install_libraries`` Celery task (or a thread of the process
running the supervisor), never in the request.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
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


def environment_dir(cluster_id: str) -> Path:
    return Path(settings.LAKEFLOW_HOME) / "clusters" / cluster_id / "env"


def cluster_python(cluster_id: str) -> Path | None:
    """The cluster environment's python, once a library was installed into it."""
    python = environment_dir(cluster_id) / "bin" / "python"
    return python if python.exists() else None


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


def _pip_argument(library: dict) -> list[str]:
    if "pypi" in library:
        args = [library["pypi"]["package"]]
        if library["pypi"].get("repo"):
            args += ["--index-url", library["pypi"]["repo"]]
        return args
    if "whl" in library:
        return [_local_path(library["whl"])]
    return ["-r", _local_path(library["requirements"])]


def _local_path(path: str) -> str:
    """Workspace paths (/Workspace/...) and dbfs:/ style prefixes map onto LAKEFLOW_HOME."""
    for prefix in ("dbfs:", "file:"):
        if path.startswith(prefix):
            path = path[len(prefix) :]
    candidate = Path(path)
    if candidate.exists():
        return str(candidate)
    return str(Path(settings.LAKEFLOW_HOME) / "workspace" / path.lstrip("/").removeprefix("Workspace/"))


def _ensure_env(cluster_id: str) -> Path:
    env = environment_dir(cluster_id)
    if not (env / "bin" / "python").exists():
        env.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [sys.executable, "-m", "venv", "--system-site-packages", str(env)],
            check=True,
            capture_output=True,
            timeout=PIP_TIMEOUT_SECONDS,
        )
    return env / "bin" / "python"


def install_pending(*, cluster_id: str) -> None:
    """pip-install each PENDING library into the cluster's environment, one at a time."""
    while True:
        with transaction.atomic():
            row = (
                ClusterLibrary.objects.select_for_update()
                .filter(cluster__cluster_id=cluster_id, status=LibraryStatus.PENDING)
                .first()
            )
            if row is None:
                return
            row.status = LibraryStatus.INSTALLING
            row.save(update_fields=["status", "updated_at"])
        try:
            python = _ensure_env(cluster_id)
            done = subprocess.run(
                [
                    str(python),
                    "-m",
                    "pip",
                    "install",
                    "--disable-pip-version-check",
                    *_pip_argument(row.library),
                ],
                capture_output=True,
                text=True,
                timeout=PIP_TIMEOUT_SECONDS,
            )
            ok, output = done.returncode == 0, (done.stderr or done.stdout)[-2000:]
        except (OSError, subprocess.SubprocessError) as error:
            ok, output = False, str(error)
        row.status = LibraryStatus.INSTALLED if ok else LibraryStatus.FAILED
        row.messages = [] if ok else [output.strip() or "pip failed"]
        row.save(update_fields=["status", "messages", "updated_at"])


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
