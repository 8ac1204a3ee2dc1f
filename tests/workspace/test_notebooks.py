"""Jupyter <-> Databricks source notebook conversion."""

from __future__ import annotations

import nbformat
import pytest

from lakeflow.api.errors import ApiError
from lakeflow.workspace import notebooks

SOURCE = """# Databricks notebook source
# MAGIC %md
# MAGIC # Report
# MAGIC Rows per day.

# COMMAND ----------

x = 1
print(x)

# COMMAND ----------

# MAGIC %sql
# MAGIC SELECT 1
"""


def test_source_becomes_cells():
    nb = notebooks.source_to_ipynb(SOURCE, "PYTHON")
    assert [c.cell_type for c in nb.cells] == ["markdown", "code", "code"]
    assert nb.cells[0].source == "# Report\nRows per day."
    assert nb.cells[1].source == "x = 1\nprint(x)"
    assert nb.cells[2].source == "%sql\nSELECT 1"
    nbformat.validate(nb)


def test_a_round_trip_keeps_the_cells():
    nb = notebooks.source_to_ipynb(SOURCE, "PYTHON")
    again = notebooks.source_to_ipynb(notebooks.ipynb_to_source(nb, "PYTHON"), "PYTHON")
    assert [(c.cell_type, c.source) for c in again.cells] == [(c.cell_type, c.source) for c in nb.cells]


def test_sql_notebooks_use_sql_comments():
    text = notebooks.ipynb_to_source(notebooks.source_to_ipynb("SELECT 1", "SQL"), "SQL")
    assert text.startswith("-- Databricks notebook source\nSELECT 1")


@pytest.mark.parametrize("content", [b"not json", b"{}", b'{"cells": "x"}', b"\xff\xfe"])
def test_invalid_jupyter_content_is_rejected(content):
    with pytest.raises(ApiError, match="not a valid Jupyter notebook"):
        notebooks.parse_ipynb(content)
