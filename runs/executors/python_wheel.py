"""python_wheel_task: call a wheel's entry point in an isolated, cached environment.

1. The task's ``libraries`` (``whl`` paths in the workspace or the git checkout, ``pypi``
   packages, ``requirements`` files) are installed into a venv cached by library set
   (environments.py). A library that will not install fails the task with pip's reason.
2. The entry point is looked up in the installed distributions' metadata (``package_name``'s
   entry points named ``entry_point``, console scripts first); failing that, Databricks' fallback:
   ``import package_name; package_name.entry_point()``.
3. ``parameters`` become argv; ``named_parameters`` become ``--key=value`` (Databricks' rule:
   named parameters win when both are set). A function that returns an int sets the exit code.
"""

from __future__ import annotations

from pathlib import Path

from runs.executors import environments
from runs.executors.base import FAILED, ExecutionContext, ExecutionResult, run_process
from runs.executors.sources import SourceError, task_file

# Runs inside the task's environment: argv = [launcher, package, entry_point, *args].
LAUNCHER = r"""
import importlib, importlib.metadata as md, sys
package, name = sys.argv[1], sys.argv[2]
sys.argv = [name] + sys.argv[3:]
def normal(text):
    return text.lower().replace("-", "_").replace(".", "_")
found = None
try:
    dist_eps = list(md.distribution(package).entry_points)
except md.PackageNotFoundError:
    dist_eps = []
candidates = [e for e in dist_eps if e.name == name]
if not candidates:
    candidates = [e for e in md.entry_points(name=name)
                  if normal(e.value.split(":")[0].split(".")[0]) == normal(package)]
candidates.sort(key=lambda e: e.group != "console_scripts")
if candidates:
    function = candidates[0].load()
else:
    module = importlib.import_module(package)
    function = getattr(module, name, None)
    if function is None:
        sys.exit(f"LakeflowError: no entry point {name!r} in {package!r}'s metadata "
                 f"and no function {package}.{name}()")
result = function()
sys.exit(result if isinstance(result, int) else 0)
"""


def argv_parameters(block: dict) -> list[str]:
    named = block.get("named_parameters") or {}
    if named:
        return [f"--{key}={value}" for key, value in named.items()]
    return [str(arg) for arg in block.get("parameters") or []]


class PythonWheelExecutor:
    task_type = "python_wheel_task"

    def run(self, ctx: ExecutionContext) -> ExecutionResult:
        block = ctx.task.get(self.task_type) or {}
        package, entry_point = block.get("package_name"), block.get("entry_point")
        if not package or not entry_point:
            return ExecutionResult(FAILED, error="python_wheel_task needs package_name and entry_point.")

        def resolve(path: str) -> Path:
            # Absolute paths name workspace files (/Workspace/..., /Users/...); relative ones
            # are files of the git checkout.
            try:
                return task_file(ctx, path, "WORKSPACE" if path.startswith("/") else "GIT")
            except SourceError as error:
                raise environments.LibraryError(str(error)) from None

        try:
            items = environments.requirements(ctx.task.get("libraries") or [], resolve_file=resolve)
            env = environments.ensure(items, ctx)
        except environments.LibraryError as error:
            return ExecutionResult(FAILED, error=str(error))
        except environments.BuildStopped as stopped:
            return stopped.outcome.result()
        ctx.log.write(f"[env] {'reusing' if env.reused else 'built'} {env.path}\n")
        argv = [str(env.python), "-c", LAUNCHER, package, entry_point, *argv_parameters(block)]
        env_vars = {
            **ctx.env,
            "VIRTUAL_ENV": str(env.path),
            "PATH": f"{env.path / 'bin'}:{ctx.env.get('PATH', '')}",
        }
        env_vars.pop("PYTHONPATH", None)
        return run_process(argv, ctx, env=env_vars).result()


executor = PythonWheelExecutor()
