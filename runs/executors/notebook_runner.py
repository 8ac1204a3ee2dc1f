"""The child-process side of notebook_task: ``python -m runs.executors.notebook_runner spec.json``.

Runs an .ipynb with papermill on a real Jupyter kernel (``python3``: this environment's
interpreter), parameters going into the cell tagged ``parameters`` (papermill inserts an
``injected-parameters`` cell, at the top when none is tagged). The kernel inherits this process's
environment, so ``dbutils.widgets.get`` reads the same parameters. Cell output streams to stdout
(the task log). Afterwards the executed notebook is rendered to HTML (nbconvert), and the
outcome is written as JSON to ``spec["result_path"]``:

    {"ok": true}
    {"ok": false, "ename": ..., "evalue": ..., "traceback": ..., "cell": n}

``dbutils.notebook.exit(value)`` (lakeflow/runtime) records the value as the task run's
notebook_output.result through the runtime API, then raises ``NotebookExit`` to end the notebook
early: an error papermill reports, which here counts as success.
"""

from __future__ import annotations

import json
import logging
import re
import signal
import sys
from pathlib import Path
from typing import Any

EXIT_EXCEPTIONS = {"NotebookExit"}
KERNEL_EXTENSION = "lakeflow.runtime.magics"
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def strip_ansi(text: str) -> str:
    return _ANSI.sub("", text)


def _interrupt(signum, frame):
    # SIGTERM from run_process (timeout/cancel): unwind through papermill so it shuts the kernel
    # down (the kernel runs in its own session, out of reach of our process-group kill).
    raise KeyboardInterrupt


def render_html(ipynb: Path, html: Path) -> None:
    import nbformat
    from nbconvert import HTMLExporter

    body, _ = HTMLExporter().from_notebook_node(nbformat.read(ipynb, as_version=4))
    html.write_text(body, encoding="utf-8")


def run(spec: dict[str, Any]) -> dict[str, Any]:
    import papermill
    from papermill.exceptions import PapermillExecutionError
    from traitlets.config import Config

    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stdout)
    outcome: dict[str, Any]
    try:
        papermill.execute_notebook(
            spec["input"],
            spec["output"],
            parameters=spec["parameters"],
            kernel_name=spec.get("kernel_name", "python3"),
            cwd=spec["cwd"],
            log_output=True,
            progress_bar=False,
            request_save_on_cell_execute=True,
            # Kernel sockets as files in the work directory rather than loopback TCP ports: no
            # other local process can connect or listen in.
            config=Config({"KernelManager": {"transport": "ipc"}}),
            # The %%sql magic of Databricks' %sql cells (lakeflow.runtime.magics).
            extra_arguments=[f"--IPKernelApp.extensions={KERNEL_EXTENSION}"],
        )
        outcome = {"ok": True}
    except PapermillExecutionError as error:
        if error.ename in EXIT_EXCEPTIONS:
            outcome = {"ok": True}
        else:
            outcome = {
                "ok": False,
                "ename": error.ename,
                "evalue": strip_ansi(str(error.evalue)),
                "traceback": strip_ansi("\n".join(error.traceback)),
                "cell": error.cell_index,
            }
    if Path(spec["output"]).is_file():
        try:
            render_html(Path(spec["output"]), Path(spec["html"]))
        except Exception as error:  # the run's verdict stands even if the rendering fails
            print(f"[notebook] could not render HTML: {error}")
    return outcome


def main(argv: list[str]) -> int:
    signal.signal(signal.SIGTERM, _interrupt)
    spec = json.loads(Path(argv[1]).read_text())
    outcome = run(spec)
    Path(spec["result_path"]).write_text(json.dumps(outcome))
    return 0 if outcome["ok"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
