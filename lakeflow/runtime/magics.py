"""IPython extension loaded into every notebook_task kernel (runs.executors.notebook_runner):
the ``%%sql`` magic a Databricks ``%sql`` cell becomes (runs.executors.notebook_magics).

    %%sql
    CREATE OR REPLACE TABLE t AS SELECT 1 AS n;
    SELECT * FROM t

runs the statements on the task's SQL warehouse (lakeflow.runtime.sql), shows the last result as
a table in the cell's output and binds it to ``_sqldf`` as Databricks does: a pandas DataFrame
when pandas is installed, else a list of rows. Imports nothing heavy until a cell uses it.
"""

from __future__ import annotations


def sql(line: str, cell: str | None = None) -> None:
    from IPython import get_ipython
    from IPython.display import display

    from lakeflow.runtime.sql import as_frame, run_sql

    result = run_sql(cell if cell is not None else line)
    frame = as_frame(result)
    get_ipython().user_ns["_sqldf"] = frame
    display(frame)


def load_ipython_extension(ipython) -> None:
    ipython.register_magic_function(sql, magic_kind="line_cell", magic_name="sql")
