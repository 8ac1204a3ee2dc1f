"""Start a task's Python file quickly: ``python -S launch.py FILE ARGS...`` behaves like
``python FILE ARGS...`` without running ``site`` at start-up.

Why: ``site`` processes every .pth file of the environment, and an editable install's finder
alone imports pathlib, urllib and ipaddress — it costs several times a bare interpreter start,
paid by every task. The engine puts this project and the environment's site-packages on
PYTHONPATH instead (runs.executors.python_script), and this launcher restores what scripts
expect from ``site``: the ``exit``/``quit`` builtins, ``sys.path[0]`` = the script's folder,
``__main__`` globals, and tracebacks that name the script's lines.
"""

import sys


def main() -> None:
    import builtins
    import os
    from _sitebuiltins import Quitter

    del sys.path[0]  # this launcher's own folder
    path = sys.argv[1]
    sys.argv = sys.argv[1:]
    sys.path.insert(0, os.path.dirname(os.path.abspath(path)))
    builtins.exit = Quitter("exit", "Ctrl-D (i.e. EOF)")
    builtins.quit = Quitter("quit", "Ctrl-D (i.e. EOF)")
    with open(path, "rb") as f:
        code = compile(f.read(), path, "exec")
    module = sys.modules["__main__"]
    namespace = module.__dict__
    for name in [n for n in namespace if n not in ("__builtins__", "__name__")]:
        del namespace[name]
    namespace.update({"__file__": path, "__cached__": None, "__package__": None, "__spec__": None})
    exec(code, namespace)  # noqa: S102 - running the task's file is the point


if __name__ == "__main__":
    main()
