"""notebook_task: run a notebook with papermill on a real kernel, in a child process.

1. Find the notebook (``notebook_path`` in the workspace, or in the git checkout with
   ``source: GIT``): a Jupyter ``.ipynb`` or a Databricks source-format ``.py`` notebook, which
   is converted to ipynb (``# COMMAND ----------`` cells, ``# MAGIC %md`` Markdown cells).
   Databricks magics become what the kernel runs (notebook_magics.py): ``%run`` inlines the other
   notebook, ``%sql`` / ``%sh`` are cell magics, ``%scala`` and the like fail the task here.
2. Run it (notebook_runner.py): parameters = ``base_parameters`` overlaid with the run's
   resolved parameters, given both to papermill's parameters cell and, through the environment,
   to ``dbutils.widgets.get``.
3. Keep the executed notebook and its HTML rendering next to the attempt (``notebook_artifacts``
   in the output, for runs/export and the run page); ``dbutils.notebook.exit(v)`` ends the
   notebook successfully (the runtime records ``notebook_output.result``); a failing cell fails
   the task with ``ename: evalue`` and the cell's traceback as error_trace.
"""

from __future__ import annotations

import json
import posixpath
import sys
from pathlib import Path
from typing import Any

import nbformat

from runs.executors import notebook_magics as magics
from runs.executors.base import FAILED, SUCCESS, ExecutionContext, ExecutionResult, run_process
from runs.executors.sources import SourceError, source_of, task_file


def load_notebook(file: Path) -> nbformat.NotebookNode:
    """The notebook as ipynb; a Databricks source notebook (or a plain .py) is converted."""
    from lakeflow.workspace.notebooks import source_to_ipynb
    from lakeflow.workspace.paths import NOTEBOOK_HEADERS

    if file.suffix.lower() == ".ipynb":
        return nbformat.read(file, as_version=4)
    text = file.read_text(encoding="utf-8")
    first = text.lstrip("\ufeff").split("\n", 1)[0].strip()
    other = [
        lang for lang, header in NOTEBOOK_HEADERS.items() if header == first and lang not in ("PYTHON", "R")
    ]
    if other or file.suffix.lower() not in (".py", ""):
        raise SourceError(f"only Python notebooks can run here; {file.name} is not one.")
    return source_to_ipynb(text, "PYTHON")


def display_path(path: str, source: str) -> str:
    """How messages name a notebook, and what its relative %run paths start from: the workspace
    path with its /Workspace prefix, or the path inside the git checkout."""
    if source == "GIT":
        return path.lstrip("/")
    from lakeflow.api.errors import ApiError
    from lakeflow.workspace import paths

    try:
        return "/" + "/".join((paths.WORKSPACE_PREFIX, *paths.split(path)))
    except ApiError:  # an invalid path, reported when it is read
        return path


def notebook_loader(ctx: ExecutionContext) -> magics.Loader:
    """Reads the notebooks ``%run`` names: relative paths from the referring notebook's folder (in
    the workspace or the git checkout, wherever it is), absolute ones from the workspace."""

    def load(referrer: str, written: str) -> magics.Loaded:
        in_git = not referrer.startswith("/") and not written.startswith("/")
        source = "GIT" if in_git else "WORKSPACE"
        path = display_path(magics.run_path(posixpath.dirname(referrer), written), source)
        try:
            file = task_file(ctx, path, source, notebook=True)
            return magics.Loaded(path, str(file), load_notebook(file))
        except SourceError as error:
            missing = "does not exist" in str(error)
            where = " in the git checkout" if in_git else ""
            raise magics.MagicError(f"{path} not found{where}" if missing else str(error)) from None
        except (nbformat.ValidationError, ValueError) as error:
            raise magics.MagicError(f"{path} is not a valid notebook: {error}") from None

    return load


class NotebookExecutor:
    task_type = "notebook_task"

    def run(self, ctx: ExecutionContext) -> ExecutionResult:
        block = ctx.task.get(self.task_type) or {}
        path = str(block.get("notebook_path") or "")
        source = source_of(ctx, block)
        try:
            file = task_file(ctx, path, source, notebook=True)
            top = magics.Loaded(display_path(path, source), str(file), load_notebook(file))
        except SourceError as error:
            return ExecutionResult(FAILED, error=f"notebook_task.notebook_path: {error}")
        except (nbformat.ValidationError, ValueError) as error:
            return ExecutionResult(FAILED, error=f"{path} is not a valid notebook: {error}")
        try:
            notebook = magics.translate(top, loader=notebook_loader(ctx))
        except magics.MagicError as error:
            return ExecutionResult(FAILED, error=f"notebook_task: {error}")
        parameters = {
            **{k: str(v) for k, v in (block.get("base_parameters") or {}).items()},
            **ctx.parameters,
        }
        names = {
            "input": ctx.workdir / "notebook.input.ipynb",
            "output": ctx.workdir / "notebook.ipynb",
            "html": ctx.workdir / "notebook.html",
            "result_path": ctx.workdir / "notebook.result.json",
        }
        notebook.metadata["kernelspec"] = {
            "name": "python3",
            "display_name": "Python 3",
            "language": "python",
        }
        nbformat.write(notebook, names["input"])
        spec = {key: str(value) for key, value in names.items()}
        spec.update(parameters=parameters, cwd=str(ctx.workdir), kernel_name="python3")
        spec_path = ctx.workdir / "notebook.spec.json"
        spec_path.write_text(json.dumps(spec))
        env = {**ctx.env, "LAKEFLOW_PARAMETERS": json.dumps(parameters)}
        ctx.log.write(f"[notebook] {path} with parameters {sorted(parameters)}\n")
        outcome = run_process(
            [sys.executable, "-m", "runs.executors.notebook_runner", str(spec_path)], ctx, env=env
        )
        artifacts = {"notebook_artifacts": {"ipynb": str(names["output"]), "html": str(names["html"])}}
        if outcome.canceled or outcome.timed_out or not names["result_path"].is_file():
            result = outcome.result()
            result.output.update(artifacts if names["html"].is_file() else {})
            return result
        report = json.loads(names["result_path"].read_text())
        output: dict[str, Any] = dict(artifacts)
        if not report["ok"]:
            trace = f"Cell {report.get('cell')}:\n{report.get('traceback', '')}"
            return ExecutionResult(FAILED, error=f"{report['ename']}: {report['evalue']}", error_trace=trace,
                                   exit_code=outcome.exit_code, output=output)  # fmt: skip
        return ExecutionResult(SUCCESS, exit_code=0, output=output)


executor = NotebookExecutor()
