"""Databricks cell magics → what a Jupyter ``python3`` kernel runs. Pure: no Django, no files.

Per code cell, by its first line:

- ``%python``          the rest of the cell, as is;
- ``%sql``             IPython's ``%%sql`` cell magic, registered in the kernel by
                       lakeflow.runtime.magics (runs the SQL on the task's warehouse, binds ``_sqldf``);
- ``%sh``              IPython's ``%%sh``;
- ``%pip`` and other   IPython's own (``%pip``, ``%%time``...), untouched;
  IPython magics
- ``%run ./nb``        the referenced notebook's code cells inlined in this cell (recursively; a
                       ``loader`` reads them), so its functions and variables land in the same
                       namespace as on Databricks; ``$name="value"`` arguments become widget values
                       while its code runs;
- ``%scala``, ``%r``,  a MagicError naming the cell: those languages cannot run here.
  ``%fs``...

Cells are numbered from 1 in the notebook as written (Markdown cells count), as in error messages.
"""

from __future__ import annotations

import posixpath
import shlex
from collections.abc import Callable
from dataclasses import dataclass

import nbformat

# Databricks magics that have no meaning on a Python kernel, with what to say about them.
UNSUPPORTED = {
    "scala": "Scala cells cannot run here: Lakeflow runs notebooks on a Python kernel",
    "r": "R cells cannot run here: Lakeflow runs notebooks on a Python kernel",
    "java": "Java cells cannot run here: Lakeflow runs notebooks on a Python kernel",
    "fs": "%fs (dbutils.fs) is not supported by Lakeflow; use Python's file functions or %sh",
}
# Databricks magics rewritten to the IPython cell magic of the same job.
CELL_MAGICS = {"sql": "%%sql", "sh": "%%sh"}


class MagicError(Exception):
    """A cell the task cannot run (its message names the cell); the task fails with it."""


@dataclass(frozen=True)
class RunTarget:
    """What ``%run`` names: a notebook path (as written) and its ``$name=value`` widget values."""

    path: str
    arguments: dict[str, str]


@dataclass(frozen=True)
class Loaded:
    """A notebook a loader found: its path (what messages show, and what its own %run paths are
    relative to), its identity (the file: what cycles are detected on) and its cells."""

    path: str
    key: str
    notebook: nbformat.NotebookNode


# loader(path of the notebook holding the %run, path as written) -> Loaded; MagicError if missing.
Loader = Callable[[str, str], Loaded]


def magic_of(source: str) -> tuple[str, str]:
    """(magic name, rest of the cell) for a cell starting with a ``%name`` line magic, else ("", source).
    ``%%name`` cell magics are IPython's: left alone."""
    text = source.lstrip("\n")
    if not text.startswith("%") or text.startswith("%%"):
        return "", source
    first, _, rest = text.partition("\n")
    name, _, argument = first[1:].partition(" ")
    name = name.strip()
    body = argument.strip() + ("\n" + rest if rest else "") if argument.strip() else rest
    return name.lower(), body


def parse_run(argument: str) -> RunTarget:
    """``./nb $a="x y" $b=2`` -> RunTarget("./nb", {"a": "x y", "b": "2"})."""
    try:
        words = shlex.split(argument, comments=False, posix=True)
    except ValueError as error:
        raise MagicError(f"cannot read the %run arguments ({error})") from None
    if not words:
        raise MagicError("%run needs a notebook path")
    path, arguments = words[0], {}
    for word in words[1:]:
        name, equals, value = word.partition("=")
        if not name.startswith("$") or not equals or not name[1:].isidentifier():
            raise MagicError(f"%run takes $name=value arguments; got {word!r}")
        arguments[name[1:]] = value
    return RunTarget(path, arguments)


def run_path(where: str, path: str) -> str:
    """The path ``%run path`` names from a notebook in folder ``where``: absolute paths are taken as
    they are, others are relative to ``where``."""
    if path.startswith("/"):
        return posixpath.normpath(path)
    return posixpath.normpath(posixpath.join(where, path))


Stack = tuple[Loaded, ...]  # the notebooks being translated, outermost first


def translate(top: Loaded, *, loader: Loader, _stack: Stack = ()) -> nbformat.NotebookNode:
    """A copy of ``top``'s notebook whose code cells a python3 kernel runs as Databricks would
    (see the module docstring)."""
    stack = (*_stack, top)
    result = nbformat.from_dict(top.notebook)
    for number, cell in enumerate(result.cells, start=1):
        if cell.cell_type != "code":
            continue
        source = cell.source if isinstance(cell.source, str) else "".join(cell.source)
        cell.source = _translate_cell(source, number=number, loader=loader, stack=stack)
    return result


def _where(number: int, stack: Stack) -> str:
    """'cell 3', or 'cell 3 of /Workspace/x/helper' inside a notebook reached by %run."""
    return f"cell {number}" if len(stack) == 1 else f"cell {number} of {stack[-1].path}"


def _translate_cell(source: str, *, number: int, loader: Loader, stack: Stack) -> str:
    name, body = magic_of(source)
    if not name:
        return source
    if name == "python":
        return body
    if name in CELL_MAGICS:
        return f"{CELL_MAGICS[name]}\n{body}"
    if name in UNSUPPORTED:
        raise MagicError(f"%{name} in {_where(number, stack)}: {UNSUPPORTED[name]}.")
    if name == "run":
        return _inline_run(source, body, number=number, loader=loader, stack=stack)
    return source  # IPython's own line magics (%pip, %matplotlib...)


def _inline_run(source: str, body: str, *, number: int, loader: Loader, stack: Stack) -> str:
    """The cell's %run replaced by the referenced notebook's code, as Python (see inline_code)."""
    command = source.strip().splitlines()[0]
    context = f"{command} in {_where(number, stack)}"
    try:
        target = parse_run(body.strip().splitlines()[0] if body.strip() else "")
        if len(body.strip().splitlines()) > 1:
            raise MagicError("%run must be alone in its cell")
        loaded = loader(stack[-1].path, target.path)
    except MagicError as error:
        raise MagicError(f"{context}: {error}") from None
    keys = [entry.key for entry in stack]
    if loaded.key in keys:
        cycle = " -> ".join([entry.path for entry in stack[keys.index(loaded.key) :]] + [loaded.path])
        raise MagicError(f"{context}: the notebooks %run each other in a cycle ({cycle})")
    inner = translate(loaded, loader=loader, _stack=stack)
    return inline_code(command, loaded.path, inner, target.arguments)


def inline_code(command: str, path: str, notebook: nbformat.NotebookNode, arguments: dict[str, str]) -> str:
    """One cell of Python running ``notebook``'s code cells in order, each turned into plain Python
    by IPython's own input transformer (so their ``%%sql``/``%pip`` lines still work)."""
    from IPython.core.inputtransformer2 import TransformerManager

    transformer = TransformerManager()
    parts = [f"# {command}  (inlined by Lakeflow from {path})"]
    runtime = "__import__('lakeflow.runtime', fromlist=['dbutils']).dbutils.widgets"
    if arguments:
        parts.append(f"{runtime}._push({arguments!r})")
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        source = cell.source if isinstance(cell.source, str) else "".join(cell.source)
        if source.strip():
            parts.append(transformer.transform_cell(source).rstrip("\n"))
    if arguments:
        parts.append(f"{runtime}._pop()")
    return "\n\n".join(parts) + "\n"
