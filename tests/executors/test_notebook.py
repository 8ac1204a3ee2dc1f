"""notebook_task run directly: papermill on a real kernel, Jupyter and Databricks source notebooks."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from runs.executors.notebook import executor
from tests.executors.conftest import log_text

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

SOURCE_NOTEBOOK = """# Databricks notebook source
# MAGIC %md
# MAGIC # Daily report

# COMMAND ----------

greeting = "hello"

# COMMAND ----------

print(f"{greeting} from the source notebook")
"""


def jupyter(*cells: str, parameters: str | None = None) -> str:
    notebook = nbformat.v4.new_notebook()
    if parameters is not None:
        cell = nbformat.v4.new_code_cell(parameters)
        cell.metadata["tags"] = ["parameters"]
        notebook.cells.append(cell)
    notebook.cells.extend(nbformat.v4.new_code_cell(source) for source in cells)
    return nbformat.writes(notebook)


def notebook_task(path: str, **base_parameters) -> dict:
    return {"task_key": "nb", "notebook_task": {"notebook_path": path, "base_parameters": base_parameters}}


def test_a_source_notebook_runs_on_a_real_kernel_and_is_kept_as_html(make_ctx, put_file):
    put_file("/Users/owner/report.py", SOURCE_NOTEBOOK)
    ctx = make_ctx(notebook_task("/Users/owner/report"))
    result = executor.run(ctx)
    assert result.state == "SUCCESS", (result.error, log_text(ctx))
    assert "hello from the source notebook" in log_text(ctx)
    artifacts = result.output["notebook_artifacts"]
    html = Path(artifacts["html"]).read_text()
    assert "Daily report" in html and "hello from the source notebook" in html
    executed = nbformat.read(artifacts["ipynb"], as_version=4)
    assert executed.cells[0].cell_type == "markdown"


def test_parameters_fill_the_tagged_parameters_cell(make_ctx, put_file):
    put_file("/Users/owner/p.ipynb", jupyter("print('value=' + str(int(n) * 2))", parameters="n = 1"))
    ctx = make_ctx(notebook_task("/Users/owner/p", n="1"), parameters={"n": "21"})
    result = executor.run(ctx)
    assert result.state == "SUCCESS", result.error
    assert "value=42" in log_text(ctx)


def test_a_parameters_cell_is_inserted_when_none_is_tagged(make_ctx, put_file):
    put_file("/Users/owner/untagged.ipynb", jupyter("print('got', city)"))
    ctx = make_ctx(notebook_task("/Users/owner/untagged.ipynb", city="Lyon"))
    assert executor.run(ctx).state == "SUCCESS"
    assert "got Lyon" in log_text(ctx)


def test_a_failing_cell_fails_the_task_with_its_error_and_trace(make_ctx, put_file):
    put_file("/Users/owner/bad.ipynb", jupyter("x = 1", "def f():\n    return 1 / 0\nf()", "print('never')"))
    ctx = make_ctx(notebook_task("/Users/owner/bad"))
    result = executor.run(ctx)
    assert result.state == "FAILED"
    assert result.error == "ZeroDivisionError: division by zero"
    assert "Cell 1" in result.error_trace and "return 1 / 0" in result.error_trace
    assert "never" not in log_text(ctx)
    assert "ZeroDivisionError" in Path(result.output["notebook_artifacts"]["html"]).read_text()


def test_a_missing_notebook_fails_the_task(make_ctx):
    result = executor.run(make_ctx(notebook_task("/Users/owner/nowhere")))
    assert result.state == "FAILED" and "does not exist" in result.error


def test_the_kernel_sees_the_parameters_in_its_environment(make_ctx, put_file):
    code = "import json, os\nprint('env', json.loads(os.environ['LAKEFLOW_PARAMETERS'])['who'])"
    put_file("/Users/owner/env.ipynb", jupyter(code))
    ctx = make_ctx(notebook_task("/Users/owner/env", who="base"), parameters={"who": "job"})
    assert executor.run(ctx).state == "SUCCESS"
    assert "env job" in log_text(ctx)


def test_notebook_exit_ends_the_notebook_successfully(make_ctx, put_file):
    # Outside a run the runtime only stops the notebook; the value reaching notebook_output
    # through the runtime API is tested end to end (test_engine_e2e.py).
    code = (
        "from lakeflow.runtime import dbutils\n"
        "print('who=' + dbutils.widgets.get('who'))\n"
        "dbutils.notebook.exit('x')"
    )
    put_file("/Users/owner/exit.ipynb", jupyter(code, "print('not reached')"))
    ctx = make_ctx(notebook_task("/Users/owner/exit", who="ann"))
    result = executor.run(ctx)
    assert result.state == "SUCCESS", result.error
    assert "who=ann" in log_text(ctx) and "not reached" not in log_text(ctx)


def test_a_notebook_is_stopped_on_timeout(make_ctx, put_file):
    put_file("/Users/owner/sleepy.ipynb", jupyter("import time\ntime.sleep(60)"))
    result = executor.run(make_ctx(notebook_task("/Users/owner/sleepy"), timeout=8))
    assert result.state == "TIMEDOUT"


def test_only_python_notebooks_run(make_ctx, put_file):
    put_file("/Users/owner/q.sql", "-- Databricks notebook source\nSELECT 1")
    result = executor.run(make_ctx(notebook_task("/Users/owner/q")))
    assert result.state == "FAILED" and "Python" in result.error
    json.dumps(result.output)


def test_a_notebook_is_read_from_the_git_checkout(make_ctx, tmp_path):
    checkout = tmp_path / "checkout"
    (checkout / "notebooks").mkdir(parents=True)
    (checkout / "notebooks" / "etl.py").write_text(SOURCE_NOTEBOOK)
    task = {"notebook_task": {"notebook_path": "notebooks/etl", "source": "GIT"}}
    ctx = make_ctx(task, env={"LAKEFLOW_GIT_CHECKOUT": str(checkout)})
    assert executor.run(ctx).state == "SUCCESS"
    assert "hello from the source notebook" in log_text(ctx)


# -- Databricks magics: %run, %sql, other languages -----------------------------------------------

HELPER = """# Databricks notebook source
def shout(text):
    return text.upper() + suffix

# COMMAND ----------

# MAGIC %python
# MAGIC suffix = "!" * int(dbutils.widgets.get("bangs"))
"""


def test_run_brings_the_other_notebooks_functions_into_the_namespace(make_ctx, put_file):
    put_file("/Users/owner/lib/helper.py", HELPER)
    put_file(
        "/Users/owner/main.py",
        "# Databricks notebook source\nfrom lakeflow.runtime import dbutils\n\n# COMMAND ----------\n\n"
        '# MAGIC %run ./lib/helper $bangs="2"\n\n# COMMAND ----------\n\nprint(shout("hi"))\n',
    )
    ctx = make_ctx(notebook_task("/Users/owner/main"))
    result = executor.run(ctx)
    assert result.state == "SUCCESS", (result.error, log_text(ctx))
    assert "HI!!" in log_text(ctx)


def test_a_run_of_a_missing_notebook_fails_naming_the_cell_and_path(make_ctx, put_file):
    put_file(
        "/Users/owner/lost.py", "# Databricks notebook source\nx = 1\n# COMMAND ----------\n%run ../gone"
    )
    result = executor.run(make_ctx(notebook_task("/Users/owner/lost")))
    assert result.state == "FAILED"
    assert result.error == "notebook_task: %run ../gone in cell 2: /Workspace/Users/gone not found"


def test_a_scala_cell_fails_the_task_saying_so(make_ctx, put_file):
    put_file("/Users/owner/mixed.py", "# Databricks notebook source\nx = 1\n# COMMAND ----------\n"
             "# MAGIC %scala\n# MAGIC val y = 2\n")  # fmt: skip
    result = executor.run(make_ctx(notebook_task("/Users/owner/mixed")))
    assert result.state == "FAILED" and "%scala in cell 2: Scala cells cannot run here" in result.error


@pytest.fixture
def running_task_run(live_server, settings, owner):
    """A RUNNING task run of owner's job and the environment its kernel reaches Lakeflow with."""
    from runs import credentials
    from tests.runs.api_rows import finished_run, job_with

    run = finished_run(job_with(owner, "nb"), owner, {"nb": "RUNNING"}, state="RUNNING")
    task_run = run.task_runs.get()
    return {"LAKEFLOW_API_URL": live_server.url, "LAKEFLOW_TASK_TOKEN": credentials.issue(task_run.pk)}


@pytest.mark.django_db(transaction=True)
def test_a_sql_cell_runs_on_the_warehouse_and_binds_sqldf(make_ctx, put_file, running_task_run):
    put_file(
        "/Users/owner/q.py",
        "# Databricks notebook source\n# MAGIC %sql\n"
        "# MAGIC CREATE OR REPLACE TABLE nb_t AS SELECT range AS n FROM range(4);\n"
        "# MAGIC SELECT n, 'x;y' AS label FROM nb_t WHERE n >= 2 ORDER BY n\n"
        "# COMMAND ----------\nprint('rows', len(_sqldf), 'first', _sqldf[0]['n'] + 40)\n"
        "# COMMAND ----------\n# MAGIC %sql SELECT * FROM nowhere_table\n",
    )
    ctx = make_ctx(notebook_task("/Users/owner/q"), env=running_task_run)
    result = executor.run(ctx)
    assert "rows 2 first 42" in log_text(ctx), (result.error, log_text(ctx))
    assert result.state == "FAILED" and result.error.startswith("SqlStatementError: ")
    assert "nowhere_table" in result.error
    html = Path(result.output["notebook_artifacts"]["html"]).read_text()
    assert "<th>label</th>" in html and "<td>x;y</td>" in html


def test_run_reads_relative_notebooks_from_the_git_checkout(make_ctx, tmp_path):
    checkout = tmp_path / "checkout"
    (checkout / "notebooks" / "lib").mkdir(parents=True)
    (checkout / "notebooks" / "lib" / "greet.py").write_text("# Databricks notebook source\nWHO = 'git'\n")
    (checkout / "notebooks" / "etl.py").write_text(
        "# Databricks notebook source\n# MAGIC %run ./lib/greet\n# COMMAND ----------\nprint('from', WHO)\n"
    )
    task = {"notebook_task": {"notebook_path": "notebooks/etl", "source": "GIT"}}
    ctx = make_ctx(task, env={"LAKEFLOW_GIT_CHECKOUT": str(checkout)})
    assert executor.run(ctx).state == "SUCCESS", log_text(ctx)
    assert "from git" in log_text(ctx)
    (checkout / "notebooks" / "lib" / "greet.py").unlink()
    result = executor.run(make_ctx(task, env={"LAKEFLOW_GIT_CHECKOUT": str(checkout)}))
    assert result.error == (
        "notebook_task: %run ./lib/greet in cell 1: notebooks/lib/greet not found in the git checkout"
    )
