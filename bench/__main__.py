"""`make bench` (python -m bench): engine benchmarks, medians of several runs.

W1  a chain of 20 no-op python-script tasks, trigger to completion
W2  fan-out / fan-in 1 -> 50 -> 1, trigger to completion
plus run-now to first task start, and task-to-task latency (W1's hops, p50); then the cost of
one task's end on a 500-task run (bench/advance.py), schedules, compute and the run page in the
browser (bench/run_page.py).

Modes: embedded (SQLite, in-process broker, worker threads: what `lakeflow dev` runs) and
production (PostgreSQL + Redis + `lakeflow worker` processes), each in a fresh LAKEFLOW_HOME /
database. Usage: python -m bench [--mode embedded|production|all] [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import sys


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--mode", choices=("embedded", "production", "all"), default="all")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    modes = ["embedded", "production"] if args.mode == "all" else [args.mode]
    for mode in modes:
        # Each mode in its own interpreter: settings are read from the environment at start-up.
        import subprocess

        code = subprocess.call(
            [sys.executable, "-m", "bench.engine", mode, str(args.repeat)], env=os.environ.copy()
        )
        if code:
            print(f"{mode}: failed (exit {code})")
    # Advancing a 500-task run: one finish() per task end, SQLite and PostgreSQL (bench/advance.py).
    if subprocess.call([sys.executable, "-m", "bench.advance"], env=os.environ.copy()):
        print("advance: failed")
    # Schedules: 1,000 jobs firing in the same minute (bench/schedules.py), production mode only.
    schedules = [sys.executable, "-m", "bench.schedules"]
    if "production" in modes and subprocess.call(schedules, env=os.environ.copy()):
        print("schedules: failed")
    # Compute: cluster start, job-cluster overhead per run, autoscale reaction (bench/compute.py).
    repeat = str(min(args.repeat, 3))
    compute = [sys.executable, "-m", "bench.compute", "--mode", args.mode, "--repeat", repeat]
    if subprocess.call(compute, env=os.environ.copy()):
        print("compute: failed")
    # Run page: a 500-task run streaming 50 state changes/s to headless Chromium (bench/run_page.py).
    run_page = [sys.executable, "-m", "bench.run_page", "--repeat", repeat]
    if subprocess.call(run_page, env=os.environ.copy()):
        print("run page: failed")


if __name__ == "__main__":
    main()
