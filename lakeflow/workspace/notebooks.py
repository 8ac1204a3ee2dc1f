"""Conversion between Jupyter notebooks and Databricks source notebooks.

Source format: a header line, cells separated by ``# COMMAND ----------`` (with the language's
comment marker), and Markdown or magic cells written as ``# MAGIC %md`` lines.
"""

from __future__ import annotations

import json
import re
import warnings

import nbformat
from nbformat.warnings import MissingIDFieldWarning

from lakeflow.api.errors import invalid
from lakeflow.workspace.paths import NOTEBOOK_HEADERS

COMMENT = {"PYTHON": "#", "R": "#", "SQL": "--", "SCALA": "//"}
_KERNELS = {
    "PYTHON": {"name": "python3", "display_name": "Python 3", "language": "python"},
    "SQL": {"name": "sql", "display_name": "SQL", "language": "sql"},
    "SCALA": {"name": "scala", "display_name": "Scala", "language": "scala"},
    "R": {"name": "ir", "display_name": "R", "language": "R"},
}


def parse_ipynb(content: bytes) -> nbformat.NotebookNode:
    """A Jupyter notebook from bytes, or 400 naming what is wrong with it."""
    try:
        # Older notebooks lack cell ids; normalize() adds them instead of warning on every read.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", MissingIDFieldWarning)
            notebook = nbformat.reads(content.decode("utf-8"), as_version=4)
        _, normalized = nbformat.validator.normalize(notebook)
        notebook = nbformat.from_dict(normalized)
        nbformat.validate(notebook)
    except (
        UnicodeDecodeError,
        json.JSONDecodeError,
        nbformat.ValidationError,
        ValueError,
        KeyError,
    ) as error:
        raise invalid(f"The content is not a valid Jupyter notebook: {str(error).splitlines()[0]}") from None
    return notebook


def with_header(source: str, language: str) -> str:
    header = NOTEBOOK_HEADERS[language]
    if source.lstrip("\ufeff").startswith(header):
        return source
    return f"{header}\n{source}"


def source_to_ipynb(source: str, language: str) -> nbformat.NotebookNode:
    marker = COMMENT[language]
    header = NOTEBOOK_HEADERS[language]
    text = source.lstrip("\ufeff")
    if text.startswith(header):
        text = text[len(header) :]
    separator = re.compile(rf"^\s*{re.escape(marker)} COMMAND -+\s*$", re.MULTILINE)
    magic = f"{marker} MAGIC"
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = _KERNELS[language]
    notebook.metadata["language_info"] = {"name": _KERNELS[language]["language"]}
    for chunk in separator.split(text):
        chunk = chunk.strip("\n")
        if not chunk.strip():
            continue
        lines = chunk.splitlines()
        if all(line.startswith(magic) for line in lines):
            body = "\n".join(line[len(magic) :].removeprefix(" ") for line in lines)
            if body.startswith("%md"):
                notebook.cells.append(nbformat.v4.new_markdown_cell(body[3:].lstrip("\n").lstrip(" ")))
                continue
            chunk = body
        notebook.cells.append(nbformat.v4.new_code_cell(chunk))
    return notebook


def ipynb_to_source(notebook: nbformat.NotebookNode, language: str = "PYTHON") -> str:
    marker = COMMENT[language]
    cells = []
    for cell in notebook.cells:
        text = cell.source if isinstance(cell.source, str) else "".join(cell.source)
        if cell.cell_type == "markdown":
            lines = ["%md", *text.splitlines()]
            text = "\n".join(f"{marker} MAGIC {line}".rstrip() for line in lines)
        elif cell.cell_type != "code":
            continue
        cells.append(text.strip("\n"))
    body = f"\n\n{marker} COMMAND ----------\n\n".join(cells)
    return f"{NOTEBOOK_HEADERS[language]}\n{body}\n"


def to_html(notebook: nbformat.NotebookNode) -> str:
    from nbconvert import HTMLExporter

    html, _ = HTMLExporter().from_notebook_node(notebook)
    return html
