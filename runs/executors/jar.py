"""spark_jar_task: ``java -cp <jars> <main_class_name> <parameters...>`` in a child process.

The class path is the task's ``jar`` libraries (workspace paths, or files of the git checkout
when relative), in the order given. There is no Spark here: a main class that needs a
SparkSession fails with Java's own error. Java comes from ``$JAVA_HOME/bin/java`` or ``PATH``;
without it the task errors (Lakeflow's environment, not the user's code) with a clear message.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from runs.executors.base import FAILED, ExecutionContext, ExecutionResult, ExecutorError, run_process
from runs.executors.sources import SourceError, task_file


def find_java(env: dict[str, str]) -> str:
    home = env.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").is_file():
        return str(Path(home) / "bin" / "java")
    java = shutil.which("java", path=env.get("PATH", os.defpath))
    if java is None:
        raise ExecutorError(
            "Java is not installed on this worker: spark_jar_task needs a `java` on PATH or JAVA_HOME "
            "(e.g. apt-get install default-jre-headless)."
        )
    return java


class JarExecutor:
    task_type = "spark_jar_task"

    def run(self, ctx: ExecutionContext) -> ExecutionResult:
        block = ctx.task.get(self.task_type) or {}
        main_class = block.get("main_class_name")
        if not main_class:
            return ExecutionResult(FAILED, error="spark_jar_task.main_class_name is required.")
        jars: list[str] = []
        for index, library in enumerate(ctx.task.get("libraries") or []):
            if "jar" not in library:
                continue  # other kinds (pypi, maven ...) do not apply to a plain JVM
            path = str(library["jar"])
            try:
                jars.append(str(task_file(ctx, path, "WORKSPACE" if path.startswith("/") else "GIT")))
            except SourceError as error:
                return ExecutionResult(FAILED, error=f"libraries[{index}].jar: {error}")
        if not jars:
            return ExecutionResult(FAILED, error='spark_jar_task needs at least one {"jar": ...} library.')
        java = find_java(ctx.env)
        argv = [
            java,
            "-cp",
            os.pathsep.join(jars),
            str(main_class),
            *[str(p) for p in block.get("parameters") or []],
        ]
        return run_process(argv, ctx).result()


executor = JarExecutor()
