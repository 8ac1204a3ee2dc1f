"""Workspace operations (import, export, mkdirs, delete, get-status, list), called by the API
views, the demo seeding and tests. Files are the storage: every write goes to a temporary file
in the target directory and is moved into place, so readers never see half a file.

Who may do what: any signed-in user reads the whole workspace; writing under ``/Users/<name>``
takes being that user or an admin; everything else is writable by any user.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from lakeflow.api.errors import ApiError, already_exists, denied, invalid, not_found
from lakeflow.workspace import notebooks, paths
from lakeflow.workspace.objects import ObjectType, WorkspaceObject, children, lookup_parts

IMPORT_FORMATS = ("SOURCE", "JUPYTER", "AUTO", "RAW")
EXPORT_FORMATS = ("SOURCE", "JUPYTER", "AUTO", "RAW", "HTML")
LANGUAGES = tuple(paths.LANGUAGE_EXTENSIONS)


@dataclass(frozen=True)
class Exported:
    content: bytes
    file_type: str  # the extension of the exported form: "py", "ipynb", "zip", ...
    filename: str


def _is_admin(user) -> bool:
    return bool(user.is_superuser or user.is_staff)


def require_write(user, parts: tuple[str, ...]) -> None:
    """Home folders are their owners' (and admins'); the rest of the tree is shared."""
    if _is_admin(user):
        return
    if parts[:1] != ("Users",):
        return
    if len(parts) == 1:
        raise denied("Only an admin may change /Users itself.")
    if parts[1] != user.get_username():
        raise denied(f"Only {parts[1]} or an admin may change {paths.join(parts)}.")


def _check_size(size: int) -> None:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if limit is not None and size > limit:
        raise ApiError(
            "MAX_NOTEBOOK_SIZE_EXCEEDED", f"The content is {size} bytes; the import limit is {limit} bytes."
        )


def _ensure_parent(parts: tuple[str, ...]) -> Path:
    """Create the parent folders of an object (home folders included); refuse a file in the way."""
    for depth in range(1, len(parts)):
        existing = lookup_parts(parts[:depth])  # a notebook stored as name.ipynb blocks "name/" too
        if existing is not None and existing.object_type != ObjectType.DIRECTORY:
            raise invalid(f"Cannot create {paths.join(parts)}: {existing.path} is not a directory.")
    parent = paths.real(parts[:-1])
    parent.mkdir(parents=True, exist_ok=True)
    return parent


def _write(target: Path, content: bytes, *, overwrite: bool, shown: str) -> None:
    """Write atomically; without overwrite, a link() makes "create unless it exists" race-free."""
    fd, temp = tempfile.mkstemp(prefix=paths.TEMP_PREFIX, dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        os.chmod(temp, 0o644)
        if overwrite:
            os.replace(temp, target)
        else:
            try:
                os.link(temp, target)
            except FileExistsError:
                raise already_exists(f"Path ({shown}) already exists.") from None
    finally:
        if os.path.exists(temp):
            os.unlink(temp)


def _plan(
    parts: tuple[str, ...], content: bytes, fmt: str, language: str | None
) -> tuple[tuple[str, ...], str]:
    """Decide what an import creates: (object path components, on-disk name) — notebook or file."""
    name = parts[-1]
    lowered = name.lower()
    if fmt == "AUTO":
        if lowered.endswith(paths.JUPYTER_EXTENSION):
            fmt = "JUPYTER"
        else:
            ext = os.path.splitext(lowered)[1]
            detected = paths.SOURCE_EXTENSIONS.get(ext)
            header = paths.NOTEBOOK_HEADERS.get(detected or "", "\0")
            if detected and content.lstrip(b"\xef\xbb\xbf").startswith(header.encode()):
                fmt, language = "SOURCE", detected
            else:
                fmt = "RAW"
    if fmt == "JUPYTER":
        stem = name[: -len(paths.JUPYTER_EXTENSION)] if lowered.endswith(paths.JUPYTER_EXTENSION) else name
        return (*parts[:-1], stem), stem + paths.JUPYTER_EXTENSION
    if fmt == "SOURCE":
        if language is None:
            raise invalid("Field language is required when format is SOURCE (or use format AUTO for files).")
        ext = paths.LANGUAGE_EXTENSIONS[language]
        stem = name[: -len(ext)] if lowered.endswith(ext) else name
        return (*parts[:-1], stem), stem + ext
    return parts, name  # RAW: a file, byte for byte


def import_object(
    *,
    user,
    path: str,
    content: bytes,
    format: str = "SOURCE",
    language: str | None = None,
    overwrite: bool = False,
) -> WorkspaceObject:
    """Create (or with overwrite, replace) a notebook or file from its content."""
    if format not in IMPORT_FORMATS:
        raise invalid(f"Field format must be one of {', '.join(IMPORT_FORMATS)}, got {format!r}.")
    if language is not None and language not in LANGUAGES:
        raise invalid(f"Field language must be one of {', '.join(LANGUAGES)}, got {language!r}.")
    parts = paths.split(path)
    if not parts:
        raise invalid("Cannot import onto the workspace root; give a file path.")
    _check_size(len(content))
    object_parts, disk_name = _plan(parts, content, format, language)
    require_write(user, object_parts)
    target = paths.real((*object_parts[:-1], disk_name))
    if disk_name.lower().endswith(paths.JUPYTER_EXTENSION):
        notebooks.parse_ipynb(content)  # every .ipynb in the workspace is a valid notebook
    elif disk_name != object_parts[-1]:  # a source notebook
        lang = paths.SOURCE_EXTENSIONS[os.path.splitext(disk_name.lower())[1]]
        text = content.decode("utf-8", "replace")
        content = notebooks.with_header(text, lang).encode()

    # 1. What is there already: a folder is never replaced; anything else only with overwrite.
    existing = lookup_parts(object_parts)
    shown = paths.join(object_parts)
    if existing is not None:
        if existing.object_type == ObjectType.DIRECTORY:
            raise already_exists(f"Path ({shown}) already exists and is a directory.")
        if not overwrite:
            raise already_exists(f"Path ({shown}) already exists.")
    # 2. Write the new content, then drop an old notebook stored in another form (.py vs .ipynb).
    _ensure_parent((*object_parts[:-1], disk_name))
    _write(target, content, overwrite=overwrite, shown=shown)
    if existing is not None and existing.file != target and existing.file.is_file():
        existing.file.unlink()
    result = lookup_parts(object_parts)
    assert result is not None
    return result


def get_status(*, path: str) -> WorkspaceObject:
    found = lookup_parts(paths.split(path))
    if found is None:
        raise not_found(f"Path ({path}) doesn't exist.")
    return found


def list_objects(*, path: str) -> list[WorkspaceObject]:
    """A folder's objects; a notebook or file lists as itself (as Databricks does)."""
    found = get_status(path=path)
    if found.object_type != ObjectType.DIRECTORY:
        return [found]
    return children(found)


def mkdirs(*, user, path: str) -> None:
    """Create a folder and its parents; existing folders are fine, a file in the way is not."""
    parts = paths.split(path)
    for depth in range(1, len(parts) + 1):
        existing = lookup_parts(parts[:depth])
        if existing is not None and existing.object_type != ObjectType.DIRECTORY:
            raise already_exists(
                f"Cannot create directory {paths.join(parts)}: "
                f"{existing.path} is a {existing.object_type.lower()}."
            )
    if paths.real(parts).is_dir():
        return
    require_write(user, parts)
    paths.real(parts).mkdir(parents=True, exist_ok=True)


def delete(*, user, path: str, recursive: bool = False) -> None:
    parts = paths.split(path)
    if not parts:
        raise invalid("The workspace root cannot be deleted.")
    found = get_status(path=path)
    require_write(user, found.parts)
    if found.object_type != ObjectType.DIRECTORY:
        found.file.unlink()
        return
    if any(found.file.iterdir()) and not recursive:
        raise ApiError(
            "DIRECTORY_NOT_EMPTY", f"Folder ({found.path}) is not empty; pass recursive=true to delete it."
        )
    shutil.rmtree(found.file)


def export_object(*, path: str, format: str = "SOURCE") -> Exported:
    if format not in EXPORT_FORMATS:
        raise invalid(f"Field format must be one of {', '.join(EXPORT_FORMATS)}, got {format!r}.")
    found = get_status(path=path)
    name = found.parts[-1] if found.parts else "workspace"
    if found.object_type == ObjectType.DIRECTORY:
        if format not in ("SOURCE", "AUTO"):
            raise invalid(f"A directory exports as SOURCE or AUTO (a zip archive), not {format}.")
        return Exported(_zip(found), "zip", f"{name}.zip")
    if found.object_type == ObjectType.FILE:
        if format not in ("SOURCE", "AUTO", "RAW"):
            raise invalid(f"A file exports as SOURCE, AUTO or RAW, not {format}.")
        return Exported(found.file.read_bytes(), found.file.suffix.lstrip("."), found.file.name)
    return _export_notebook(found, format, name)


def _export_notebook(found: WorkspaceObject, format: str, name: str) -> Exported:
    stored = found.file.read_bytes()
    is_jupyter = found.file.suffix.lower() == paths.JUPYTER_EXTENSION
    language = found.language or "PYTHON"
    if format in ("AUTO", "RAW"):
        return Exported(stored, found.file.suffix.lstrip(".").lower(), found.file.name)
    if format == "SOURCE":
        ext = paths.LANGUAGE_EXTENSIONS[language]
        text = notebooks.ipynb_to_source(notebooks.parse_ipynb(stored), language) if is_jupyter else None
        return Exported(text.encode() if text is not None else stored, ext.lstrip("."), name + ext)
    notebook = (
        notebooks.parse_ipynb(stored) if is_jupyter else notebooks.source_to_ipynb(stored.decode(), language)
    )
    if format == "JUPYTER":
        return Exported(json.dumps(notebook, indent=1).encode(), "ipynb", name + paths.JUPYTER_EXTENSION)
    return Exported(notebooks.to_html(notebook).encode(), "html", name + ".html")


def _zip(directory: WorkspaceObject) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(directory.file.rglob("*")):
            if file.is_file() and not file.name.startswith(paths.TEMP_PREFIX):
                resolved = Path(os.path.realpath(file))
                if resolved.is_relative_to(paths.root()):
                    archive.write(resolved, file.relative_to(directory.file).as_posix())
    return buffer.getvalue()
