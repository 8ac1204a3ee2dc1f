"""The executor interface: one small contract every task type implements.

The engine builds an ``ExecutionContext`` (resolved parameters, working directory, environment,
log sink, timeout, cancel signal) and calls ``executor.run(ctx)``; the executor returns an
``ExecutionResult``. User code never runs in the engine's process: executors start child
processes through ``run_process``, which kills the whole process tree on timeout or cancel.

A task whose *user code* failed returns ``ExecutionResult(state=FAILED, ...)``. A failure that is
Lakeflow's fault (a missing engine, a broken environment we built) raises ``ExecutorError``; the
engine records it as an internal error (DESIGN §4: failed vs. errored).
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

SUCCESS = "SUCCESS"
FAILED = "FAILED"
TIMEDOUT = "TIMEDOUT"
CANCELED = "CANCELED"

# Seconds between SIGTERM and SIGKILL when a task is stopped.
KILL_GRACE_SECONDS = 3.0
# How often a running process is checked for cancel / timeout.
WATCH_SECONDS = 0.05


class ExecutorError(Exception):
    """Lakeflow could not run the task (not the user's code failing)."""


class LogSink:
    """The per-attempt log: an append-only text file, readable while the task runs.

    ``on_line`` (if given) sees every line as it is written, for live streaming; ``redact``
    (if given) rewrites each line before it is stored or streamed (secret redaction).
    """

    def __init__(
        self,
        path: Path,
        *,
        on_line: Callable[[str], None] | None = None,
        redact: Callable[[str], str] | None = None,
    ):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._file = open(self.path, "a", encoding="utf-8", errors="replace")  # noqa: SIM115
        self._lock = threading.Lock()
        self.on_line = on_line
        self.redact = redact

    def write(self, text: str) -> None:
        if self.redact is not None:
            text = self.redact(text)
        with self._lock:
            self._file.write(text)
            self._file.flush()
        if self.on_line is not None:
            for line in text.splitlines():
                self.on_line(line)

    def close(self) -> None:
        with self._lock:
            self._file.close()


@dataclass
class ExecutionContext:
    task_run_id: int
    task_key: str
    task: dict[str, Any]  # the task's wire settings, dynamic references already substituted
    parameters: dict[str, str]  # resolved named parameters (job parameters + task parameters)
    workdir: Path  # a private scratch directory for this attempt
    env: dict[str, str]  # the child process environment (includes the lakeflow.runtime credential)
    log: LogSink
    timeout: float | None = None  # seconds; None: no limit
    cancel: threading.Event = field(default_factory=threading.Event)

    def deadline(self, started: float) -> float | None:
        return None if not self.timeout else started + self.timeout


@dataclass
class ExecutionResult:
    state: str  # SUCCESS / FAILED / TIMEDOUT / CANCELED
    error: str | None = None  # one line: what went wrong
    error_trace: str | None = None  # the full trace, when there is one
    exit_code: int | None = None
    # Type-specific output, keyed as runs/get-output returns it: notebook_output, sql_output,
    # run_job_output, ... (merged into the task run's output).
    output: dict[str, Any] = field(default_factory=dict)


class Executor(Protocol):
    task_type: str  # the Databricks task block this executor runs, e.g. "spark_python_task"

    def run(self, ctx: ExecutionContext) -> ExecutionResult: ...


@dataclass
class ProcessOutcome:
    exit_code: int | None
    timed_out: bool
    canceled: bool
    tail: list[str]  # the last lines the process printed (for error messages)

    def result(self, *, failure: str | None = None) -> ExecutionResult:
        """The usual mapping: 0 → SUCCESS, killed → TIMEDOUT/CANCELED, else FAILED with the last line."""
        if self.canceled:
            return ExecutionResult(CANCELED, error="The task was cancelled.", exit_code=self.exit_code)
        if self.timed_out:
            return ExecutionResult(TIMEDOUT, error="The task timed out.", exit_code=self.exit_code)
        if self.exit_code == 0:
            return ExecutionResult(SUCCESS, exit_code=0)
        last = next((line for line in reversed(self.tail) if line.strip()), "")
        message = failure or last or f"The process exited with code {self.exit_code}."
        return ExecutionResult(
            FAILED, error=message, error_trace="\n".join(self.tail) or None, exit_code=self.exit_code
        )


def _kill_tree(proc: subprocess.Popen) -> None:
    """SIGTERM the child's process group, then SIGKILL whatever is left after a grace period."""
    try:
        pgid = os.getpgid(proc.pid)
    except ProcessLookupError:
        return
    for sig, wait in ((signal.SIGTERM, KILL_GRACE_SECONDS), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(pgid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
            # The leader is gone; make sure no grandchild kept the group alive.
            os.killpg(pgid, signal.SIGKILL)
        except (subprocess.TimeoutExpired, ProcessLookupError):
            continue
        return


def run_process(
    argv: Sequence[str],
    ctx: ExecutionContext,
    *,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    tail_lines: int = 50,
) -> ProcessOutcome:
    """Run ``argv`` (never through a shell) as a child in its own session, stream its output to
    the log, and stop its whole process tree on timeout or cancel."""
    started = time.monotonic()
    deadline = ctx.deadline(started)
    proc = subprocess.Popen(
        list(argv),
        cwd=str(cwd or ctx.workdir),
        env=env if env is not None else ctx.env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: killpg reaches every descendant
    )
    tail: deque[str] = deque(maxlen=tail_lines)

    def pump() -> None:
        assert proc.stdout is not None
        for raw in iter(proc.stdout.readline, b""):
            line = raw.decode("utf-8", errors="replace")
            tail.append(line.rstrip("\n"))
            ctx.log.write(line)
        proc.stdout.close()

    reader = threading.Thread(target=pump, name=f"log-{ctx.task_run_id}", daemon=True)
    reader.start()
    verdict: dict[str, bool] = {"timed_out": False, "canceled": False}
    exited = threading.Event()

    def watch() -> None:
        # The main thread blocks in wait() (no polling delay when the child exits); this watcher
        # stops the tree on cancel or deadline, checking every WATCH_SECONDS.
        while not exited.wait(WATCH_SECONDS):
            if ctx.cancel.is_set():
                verdict["canceled"] = True
            elif deadline is not None and time.monotonic() > deadline:
                verdict["timed_out"] = True
            else:
                continue
            _kill_tree(proc)
            return

    watcher = threading.Thread(target=watch, name=f"watch-{ctx.task_run_id}", daemon=True)
    watcher.start()
    proc.wait()
    exited.set()
    watcher.join(timeout=KILL_GRACE_SECONDS + 6)
    reader.join(timeout=5)
    timed_out, canceled = verdict["timed_out"], verdict["canceled"]
    if canceled:
        # The tail may still be read for the log, but the verdict is the cancel.
        tail.append("[lakeflow] cancelled: the process tree was stopped")
    return ProcessOutcome(proc.returncode, timed_out, canceled, list(tail))
