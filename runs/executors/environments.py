"""Isolated, cached Python environments for tasks with libraries (python_wheel_task).

An environment is a venv under ``LAKEFLOW_HOME/envs/<key>``, where the key hashes the task's
library set (a wheel counts by its content, so a re-uploaded wheel gets a new environment). The
first run builds it — ``python -m venv --without-pip`` then the worker's own pip installing into
it with ``pip --python`` — and marks it complete; later runs with the same set reuse it. A file
lock per key makes concurrent first runs wait for one build instead of racing.

The venv sees nothing of the worker's packages except ``lakeflow.runtime`` (standard library
only), linked into its site-packages so task code can still ``from lakeflow.runtime import dbutils``.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

import lakeflow
from runs.executors.base import ExecutionContext, ProcessOutcome, run_process

COMPLETE_MARKER = ".lakeflow-complete"
ENV_VERSION = 1  # bump to invalidate every cached environment


class LibraryError(Exception):
    """A library that cannot be found or installed (the task fails with this message)."""


class BuildStopped(Exception):
    """The task was cancelled or timed out while its environment was being built."""

    def __init__(self, outcome: ProcessOutcome):
        super().__init__("stopped")
        self.outcome = outcome


@dataclass
class Environment:
    path: Path
    python: Path
    reused: bool


def requirements(libraries: list[dict[str, Any]], *, resolve_file) -> list[tuple[str, str]]:
    """(pip argument, cache identity) per library; ``resolve_file(path) -> Path`` finds wheels."""
    items: list[tuple[str, str]] = []
    for index, library in enumerate(libraries or []):
        if not isinstance(library, dict) or len(library) != 1:
            raise LibraryError(f"libraries[{index}] must name exactly one library kind.")
        kind, value = next(iter(library.items()))
        if kind == "whl":
            file = resolve_file(str(value))
            if not file.is_file():
                raise LibraryError(f"libraries[{index}].whl: {value} does not exist.")
            digest = hashlib.sha256(file.read_bytes()).hexdigest()
            items.append((str(file), f"whl:{file.name}:{digest}"))
        elif kind == "pypi":
            package = (value or {}).get("package") if isinstance(value, dict) else None
            if not package:
                raise LibraryError(f"libraries[{index}].pypi.package is required.")
            repo = value.get("repo") or ""
            items.append((package, f"pypi:{package}:{repo}"))
            if repo:
                items.append((f"--extra-index-url={repo}", f"repo:{repo}"))
        elif kind == "requirements":
            file = resolve_file(str(value))
            if not file.is_file():
                raise LibraryError(f"libraries[{index}].requirements: {value} does not exist.")
            items.append((f"--requirement={file}", f"req:{hashlib.sha256(file.read_bytes()).hexdigest()}"))
        else:
            raise LibraryError(
                f"libraries[{index}].{kind} libraries cannot be installed into a Python environment."
            )
    return items


def env_key(items: list[tuple[str, str]]) -> str:
    identity = json.dumps({"v": ENV_VERSION, "python": sys.version, "libs": sorted(i for _, i in items)})
    return hashlib.sha256(identity.encode()).hexdigest()[:24]


def ensure(items: list[tuple[str, str]], ctx: ExecutionContext) -> Environment:
    """The environment for this library set: reused when complete, else built under a lock.
    The build honours the task's timeout and cancel (BuildStopped)."""
    root = Path(settings.LAKEFLOW_HOME) / "envs"
    root.mkdir(parents=True, exist_ok=True)
    key = env_key(items)
    path = root / key
    python = path / "bin" / "python"
    if (path / COMPLETE_MARKER).is_file():
        return Environment(path, python, reused=True)
    with open(root / f"{key}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # a concurrent build of the same set finishes first
        if (path / COMPLETE_MARKER).is_file():
            return Environment(path, python, reused=True)
        shutil.rmtree(path, ignore_errors=True)  # a build that died half-way
        try:
            _build(path, python, [arg for arg, _ in items], ctx)
        except BaseException:
            shutil.rmtree(path, ignore_errors=True)
            raise
        (path / COMPLETE_MARKER).write_text(json.dumps(sorted(i for _, i in items)))
    return Environment(path, python, reused=False)


def _build(path: Path, python: Path, args: list[str], ctx: ExecutionContext) -> None:
    ctx.log.write(f"[env] building {path.name}: {' '.join(args)}\n")
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(path)], check=True, capture_output=True
    )
    package = next((path / "lib").glob("python*/site-packages")) / "lakeflow"
    package.mkdir()
    (package / "__init__.py").write_text('"""Only lakeflow.runtime, linked from the Lakeflow install."""\n')
    (package / "runtime").symlink_to(Path(lakeflow.__file__).resolve().parent / "runtime")
    if not args:
        return
    argv = [
        sys.executable,
        "-m",
        "pip",
        "--python",
        str(python),
        "install",
        "--no-input",
        "--disable-pip-version-check",
        "--no-warn-script-location",
        *args,
    ]
    # pip runs in the worker's environment (its index settings), not the task's.
    outcome = run_process(argv, ctx, env=dict(os.environ), tail_lines=30)
    if outcome.canceled or outcome.timed_out:
        raise BuildStopped(outcome)
    if outcome.exit_code != 0:
        tail = outcome.tail
        reason = next((line for line in tail if line.startswith("ERROR:")), None) or (
            tail[-1] if tail else ""
        )
        raise LibraryError(f"Library installation failed: {reason.removeprefix('ERROR: ')}")
