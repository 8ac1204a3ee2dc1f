"""What is at a workspace path: the read side (lookup, listing), shared by services and the API."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path

from lakeflow.api.errors import ApiError
from lakeflow.workspace import paths


class ObjectType(enum.StrEnum):
    NOTEBOOK = "NOTEBOOK"  # a notebook: name.ipynb, or a source file with the notebook header
    DIRECTORY = "DIRECTORY"  # a folder
    FILE = "FILE"  # any other file (scripts, wheels, JARs, data), stored byte for byte


@dataclass(frozen=True)
class WorkspaceObject:
    parts: tuple[str, ...]  # workspace path components (a notebook's without its extension)
    object_type: ObjectType
    file: Path  # the real file or directory
    language: str | None = None

    @property
    def path(self) -> str:
        return paths.join(self.parts)

    @property
    def stat(self):
        return self.file.stat()


def describe(parts: tuple[str, ...], file: Path) -> WorkspaceObject:
    """Classify an existing entry on disk (parts name that entry, extension included)."""
    if file.is_dir():
        return WorkspaceObject(parts, ObjectType.DIRECTORY, file)
    if file.suffix.lower() == paths.JUPYTER_EXTENSION:
        # Jupyter notebooks are Python on Databricks, and their path drops the extension.
        return WorkspaceObject(
            (*parts[:-1], parts[-1][: -len(file.suffix)]), ObjectType.NOTEBOOK, file, "PYTHON"
        )
    if language := paths.source_language(file):
        return WorkspaceObject(
            (*parts[:-1], parts[-1][: -len(file.suffix)]), ObjectType.NOTEBOOK, file, language
        )
    return WorkspaceObject(parts, ObjectType.FILE, file)


def lookup(path: str) -> WorkspaceObject | None:
    """The object a workspace path names, or None: the entry itself, else a notebook stored with
    an extension (``/x/etl`` → ``x/etl.ipynb`` or ``x/etl.py`` with the notebook header)."""
    parts = paths.split(path)
    return lookup_parts(parts)


def lookup_parts(parts: tuple[str, ...]) -> WorkspaceObject | None:
    file = paths.real(parts)
    if file.exists():
        return describe(parts, file)
    for candidate in paths.notebook_candidates(parts):
        if paths.is_notebook_file(candidate):
            return describe((*parts[:-1], candidate.name), candidate)
    return None


def children(directory: WorkspaceObject) -> list[WorkspaceObject]:
    """A directory's objects, sorted by name; temporary files and symlinks leaving the root are left out."""
    found = []
    for entry in sorted(directory.file.iterdir(), key=lambda e: e.name):
        if entry.name.startswith(paths.TEMP_PREFIX):
            continue
        parts = (*directory.parts, entry.name)
        try:
            file = paths.real(parts)
        except ApiError:  # a symlink out of the root is simply not shown
            continue
        if file.exists():
            found.append(describe(parts, file))
    return found
