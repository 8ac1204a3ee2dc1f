"""Executor overheads: each task type running the smallest real task, timed through its executor
(child processes and engines included, engine/broker excluded).

Prints medians of --repeat runs:
  python script      print() in `python file` (the baseline)
  notebook           the same print() as a one-cell notebook: papermill, a kernel, HTML rendering
  wheel (build)      first run of a wheel task: venv + pip install of a local wheel
  wheel (cache hit)  the same library set again: the cached venv, then the entry point
  sql                SELECT 1 from a .sql file on the default DuckDB warehouse
  pipeline           an update of a 3-dataset pipeline (streaming table, expectation, view)

Usage: python -m bench.executors [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path


def setup_django(home: Path) -> None:
    os.environ["LAKEFLOW_HOME"] = str(home)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lakeflow.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def timed(make_ctx, task: dict, executor) -> float:
    ctx = make_ctx(task)
    started = time.perf_counter()
    result = executor.run(ctx)
    took = time.perf_counter() - started
    if result.state != "SUCCESS":
        raise SystemExit(f"{task} failed: {result.error}\n{ctx.log.path.read_text()}")
    return took


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.executors")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="lakeflow-bench-"))
    setup_django(home)

    import nbformat

    from lakeflow.pipelines import services as pipelines
    from lakeflow.workspace.paths import resolve
    from runs.executors.base import ExecutionContext, LogSink
    from runs.executors.notebook import executor as notebook
    from runs.executors.pipeline import executor as pipeline
    from runs.executors.python_script import executor as script
    from runs.executors.python_wheel import executor as wheel
    from runs.executors.sql import executor as sql
    from tests.executors.wheels import build_wheel

    counter = iter(range(1, 10**6))

    def make_ctx(task: dict) -> ExecutionContext:
        number = next(counter)
        workdir = home / "work" / str(number)
        workdir.mkdir(parents=True)
        return ExecutionContext(
            task_run_id=number,
            task_key="b",
            task=task,
            parameters={},
            workdir=workdir,
            env=dict(os.environ),
            log=LogSink(workdir / "log.txt"),
        )

    def put(path: str, content: str | bytes) -> None:
        file = resolve(path)
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_bytes(content if isinstance(content, bytes) else content.encode())

    put("/bench/hello.py", "print('hello')\n")
    notebook_doc = nbformat.v4.new_notebook()
    notebook_doc.cells.append(nbformat.v4.new_code_cell("print('hello')"))
    put("/bench/hello.ipynb", nbformat.writes(notebook_doc))
    put("/bench/one.sql", "SELECT 1")
    put(
        "/bench/p.sql",
        "CREATE STREAMING TABLE s (CONSTRAINT ok EXPECT (n >= 0) ON VIOLATION DROP ROW) AS "
        "SELECT * FROM STREAM(src);\nCREATE TEMPORARY VIEW v AS SELECT * FROM LIVE.s;\n"
        "CREATE MATERIALIZED VIEW m AS SELECT count(*) AS c FROM LIVE.v",
    )
    from compute import warehouse_engines as engines
    from compute.warehouses import ensure_default_warehouse

    engine = engines.open_engine(ensure_default_warehouse().target())
    engine.execute("CREATE TABLE src AS SELECT range AS n FROM range(1000)", [])
    engine.close()
    pipeline_id = pipelines.create_pipeline(
        user=None, spec={"name": "bench", "libraries": [{"file": {"path": "/bench/p.sql"}}]}
    ).id

    figures: dict[str, list[float]] = {}

    def measure(label: str, task_factory, executor, repeat: int = args.repeat) -> None:
        figures[label] = [timed(make_ctx, task_factory(i), executor) for i in range(repeat)]

    measure(
        "python script", lambda i: {"spark_python_task": {"python_file": "/Workspace/bench/hello.py"}}, script
    )
    measure("notebook", lambda i: {"notebook_task": {"notebook_path": "/bench/hello"}}, notebook)
    builds = []
    for i in range(args.repeat):
        wheel_file = build_wheel(
            home / "dist" / str(i),
            f"bench-{i}",
            "1.0",
            {f"bench_{i}/__init__.py": "def main():\n    print('hi')\n"},
        )
        put(f"/bench/{wheel_file.name}", wheel_file.read_bytes())
        builds.append(
            {
                "libraries": [{"whl": f"/bench/{wheel_file.name}"}],
                "python_wheel_task": {"package_name": f"bench_{i}", "entry_point": "main"},
            }
        )
    measure("wheel (build)", lambda i: builds[i], wheel)
    measure("wheel (cache hit)", lambda i: builds[0], wheel)
    measure(
        "sql", lambda i: {"sql_task": {"file": {"path": "/bench/one.sql"}, "warehouse_id": "default"}}, sql
    )
    measure(
        "pipeline", lambda i: {"pipeline_task": {"pipeline_id": pipeline_id, "full_refresh": True}}, pipeline
    )

    base = statistics.median(figures["python script"])
    print(f"executor overheads, median of {args.repeat}")
    for label, values in figures.items():
        median = statistics.median(values)
        extra = f"  (+{median - base:.3f}s over a bare script)" if label != "python script" else ""
        print(f"  {label:<18} {median:7.3f}s  min {min(values):.3f}s  max {max(values):.3f}s{extra}")
    shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
