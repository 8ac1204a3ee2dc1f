"""Workspace paths → files under ``settings.LAKEFLOW_HOME / "workspace"``, in one place.

Workspace paths are absolute (``/Users/ann/etl``); ``/Workspace/Users/ann/etl`` names the same
object, as on Databricks. Nothing a caller writes can reach outside the root: ``..`` and ``.``
components, NUL and control characters, relative paths and symlinks leading out are rejected
with 400 INVALID_PARAMETER_VALUE. The API, the executors and the demo seeding all go through
``resolve`` and ``notebook_file`` here.

On disk a notebook ``/Users/ann/etl`` is ``Users/ann/etl.ipynb`` (Jupyter) or a source file
``Users/ann/etl.py`` (``.sql``, ``.scala``, ``.r``) whose first line is Databricks' notebook
header; every other file is a plain workspace FILE.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings

from lakeflow.api.errors import invalid, not_found

WORKSPACE_PREFIX = "Workspace"
JUPYTER_EXTENSION = ".ipynb"
# Source notebooks: extension -> language, and the first line that marks a file as a notebook.
SOURCE_EXTENSIONS = {".py": "PYTHON", ".sql": "SQL", ".scala": "SCALA", ".r": "R"}
LANGUAGE_EXTENSIONS = {language: ext for ext, language in SOURCE_EXTENSIONS.items()}
NOTEBOOK_HEADERS = {
    "PYTHON": "# Databricks notebook source",
    "SQL": "-- Databricks notebook source",
    "SCALA": "// Databricks notebook source",
    "R": "# Databricks notebook source",
}
# Files being written (see services._write) carry this prefix and are never listed.
TEMP_PREFIX = ".lakeflow-tmp-"
_MAX_COMPONENT = 255


def root() -> Path:
    """The workspace root, read at call time (tests and deployments move LAKEFLOW_HOME)."""
    base = Path(settings.LAKEFLOW_HOME) / "workspace"
    base.mkdir(parents=True, exist_ok=True)
    return base.resolve()


def split(path: str) -> tuple[str, ...]:
    """Validate a workspace path and return its components below the root (no /Workspace)."""
    if not isinstance(path, str) or not path:
        raise invalid("Field path must be a non-empty workspace path such as /Users/me/file.")
    if not path.startswith("/"):
        raise invalid(f"Path ({path}) must be absolute, starting with /.")
    parts = [part for part in path.split("/") if part]
    if parts and parts[0] == WORKSPACE_PREFIX:
        parts = parts[1:]
    for part in parts:
        if part in (".", ".."):
            raise invalid(f"Path ({path}) must not contain '.' or '..' components.")
        if any(ord(char) < 32 or char == "\x7f" for char in part):
            raise invalid(f"Path ({path!r}) must not contain NUL or control characters.")
        if len(part.encode()) > _MAX_COMPONENT:
            raise invalid(f"Path ({path}) has a component longer than {_MAX_COMPONENT} bytes.")
        if part.startswith(TEMP_PREFIX):
            raise invalid(f"Path ({path}) uses a name reserved by Lakeflow.")
    return tuple(parts)


def join(parts: tuple[str, ...] | list[str]) -> str:
    """The canonical workspace path of some components: '/a/b', or '/' for the root."""
    return "/" + "/".join(parts)


def real(parts: tuple[str, ...] | list[str]) -> Path:
    """The file for already-split components, refusing anything whose real path leaves the root."""
    base = root()
    candidate = base.joinpath(*parts)
    resolved = Path(os.path.realpath(candidate))
    if resolved != base and not resolved.is_relative_to(base):
        raise invalid(f"Path ({join(parts)}) leads outside the workspace.")
    return resolved


def resolve(path: str) -> Path:
    """The real file or directory a workspace path names (which may not exist yet)."""
    return real(split(path))


def source_language(file: Path) -> str | None:
    """The language of a source file that is a Databricks notebook (by its header), else None."""
    language = SOURCE_EXTENSIONS.get(file.suffix.lower())
    if language is None or not file.is_file():
        return None
    with file.open("rb") as handle:
        first = handle.readline(128).decode("utf-8", "replace").strip()
    return language if first == NOTEBOOK_HEADERS[language] else None


def is_notebook_file(file: Path) -> bool:
    if not file.is_file():
        return False
    return file.suffix.lower() == JUPYTER_EXTENSION or source_language(file) is not None


def notebook_candidates(parts: tuple[str, ...]) -> list[Path]:
    """The files that could hold the notebook at these components, Jupyter first."""
    if not parts:
        return []
    head, name = parts[:-1], parts[-1]
    extensions = [JUPYTER_EXTENSION, *SOURCE_EXTENSIONS]
    return [real((*head, name + ext)) for ext in extensions]


def notebook_file(path: str) -> Path:
    """The file holding the notebook at a workspace path: ``name.ipynb`` or a ``name.py`` (.sql…)
    source notebook. A path that already names such a file is accepted as is."""
    parts = split(path)
    direct = real(parts)
    if is_notebook_file(direct):
        return direct
    for candidate in notebook_candidates(parts):
        if is_notebook_file(candidate):
            return candidate
    raise not_found(f"Notebook {path} does not exist.")
