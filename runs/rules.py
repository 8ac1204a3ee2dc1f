"""The run's transition rules as pure functions: DAG + task states in, decisions out.

Nothing here touches the database; ``runs.orchestrator`` applies the decisions inside a
transaction. Every rule is unit-tested with parametrized tables (tests/runs/test_rules.py).

Vocabulary: a finished upstream task counts for its dependents as one of
  S  succeeded            (SUCCESS)
  F  failed               (FAILED, TIMEDOUT, INTERNAL_ERROR, UPSTREAM_FAILED)
  C  cancelled            (CANCELED, UPSTREAM_CANCELED)
  X  excluded             (EXCLUDED; also a condition branch that was not taken)
  D  disabled             (DISABLED)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from runs.choices import (
    TASK_ACTIVE,
    TASK_CANCELED,
    TASK_FAILED,
    TASK_SUCCEEDED,
    TASK_TERMINAL,
    JobRunState,
    TaskRunState,
)

S, F, C, X, D = "S", "F", "C", "X", "D"
RUN_IFS = (
    "ALL_SUCCESS",
    "AT_LEAST_ONE_SUCCESS",
    "NONE_FAILED",
    "ALL_DONE",
    "AT_LEAST_ONE_FAILED",
    "ALL_FAILED",
)


class RuleError(ValueError):
    """Invalid input to a rule (an unknown task key in `only` or `rerun_tasks`, ...)."""


# --- The DAG ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Dep:
    key: str
    outcome: str | None = None  # "true"/"false": only that branch of a condition task


@dataclass(frozen=True)
class Node:
    key: str
    depends_on: tuple[Dep, ...] = ()
    run_if: str = "ALL_SUCCESS"
    disabled: bool = False
    kind: str = ""  # the task block name: notebook_task, condition_task, ...
    max_retries: int = 0  # -1: retry forever
    min_retry_interval_millis: int = 0
    retry_on_timeout: bool = False
    timeout_seconds: int = 0


TASK_TYPES = (
    "notebook_task",
    "spark_python_task",
    "python_wheel_task",
    "spark_jar_task",
    "sql_task",
    "pipeline_task",
    "run_job_task",
    "condition_task",
    "for_each_task",
    "dbt_task",
    "spark_submit_task",
)


def node_from_settings(task: Mapping) -> Node:
    """A Node from a task's Databricks wire settings."""
    kind = next((name for name in TASK_TYPES if task.get(name) is not None), "")
    deps = tuple(Dep(d["task_key"], d.get("outcome")) for d in task.get("depends_on") or [])
    return Node(
        key=task["task_key"],
        depends_on=deps,
        run_if=task.get("run_if") or "ALL_SUCCESS",
        disabled=bool(task.get("disabled")),
        kind=kind,
        max_retries=int(task.get("max_retries") or 0),
        min_retry_interval_millis=int(task.get("min_retry_interval_millis") or 0),
        retry_on_timeout=bool(task.get("retry_on_timeout")),
        timeout_seconds=int(task.get("timeout_seconds") or 0),
    )


@dataclass(frozen=True)
class Dag:
    nodes: Mapping[str, Node]

    @classmethod
    def from_settings(cls, tasks: Iterable[Mapping]) -> Dag:
        return cls({node.key: node for node in map(node_from_settings, tasks)})

    def restricted(self, keys: Iterable[str] | None) -> Dag:
        """The sub-DAG of ``keys``; edges to tasks outside it are dropped (`only` runs them alone)."""
        if keys is None:
            return self
        keep = set(keys)
        return Dag(
            {
                key: Node(
                    **{**node.__dict__, "depends_on": tuple(d for d in node.depends_on if d.key in keep)}
                )
                for key, node in self.nodes.items()
                if key in keep
            }
        )

    def downstream(self, key: str) -> list[str]:
        return [n.key for n in self.nodes.values() if any(d.key == key for d in n.depends_on)]

    def leaves(self) -> list[str]:
        upstream = {d.key for n in self.nodes.values() for d in n.depends_on}
        return [key for key in self.nodes if key not in upstream]

    def ancestors(self, key: str) -> set[str]:
        seen: set[str] = set()
        stack = [d.key for d in self.nodes[key].depends_on]
        while stack:
            k = stack.pop()
            if k not in seen and k in self.nodes:
                seen.add(k)
                stack.extend(d.key for d in self.nodes[k].depends_on)
        return seen

    def descendants(self, key: str) -> set[str]:
        seen: set[str] = set()
        stack = self.downstream(key)
        while stack:
            k = stack.pop()
            if k not in seen:
                seen.add(k)
                stack.extend(self.downstream(k))
        return seen


@dataclass
class TaskView:
    """What the rules need to know about a task's latest attempt."""

    state: str
    outcome: str | None = None  # a finished condition task's "true"/"false"


# --- Which tasks start or are skipped ---------------------------------------------------------------
def classify(state: str) -> str:
    if state in TASK_SUCCEEDED:
        return S
    if state in TASK_FAILED:
        return F
    if state in TASK_CANCELED:
        return C
    if state == TaskRunState.DISABLED:
        return D
    return X


def run_if_holds(run_if: str, kinds: list[str]) -> bool:
    """Whether a task with ``run_if`` runs, given its (finished) upstream tasks' kinds.

    Databricks' semantics, including its table for disabled parents: a disabled parent neither
    succeeded nor failed; NONE_FAILED needs at least one parent that finished without failing.
    """
    if not kinds:
        return True
    if run_if == "ALL_SUCCESS":
        return all(k == S for k in kinds)
    if run_if == "AT_LEAST_ONE_SUCCESS":
        return S in kinds
    if run_if == "NONE_FAILED":
        return F not in kinds and C not in kinds and any(k in (S, X) for k in kinds)
    if run_if == "ALL_DONE":
        return True
    if run_if == "AT_LEAST_ONE_FAILED":
        return F in kinds
    if run_if == "ALL_FAILED":
        return all(k == F for k in kinds)
    raise RuleError(f"Unknown run_if {run_if!r}")


def skipped_state(run_if: str, kinds: list[str]) -> TaskRunState:
    """The state of a task whose run_if does not hold: why it did not run."""
    if C in kinds:
        return TaskRunState.UPSTREAM_CANCELED
    if F in kinds and run_if in ("ALL_SUCCESS", "AT_LEAST_ONE_SUCCESS", "NONE_FAILED"):
        return TaskRunState.UPSTREAM_FAILED
    if D in kinds:
        return TaskRunState.DISABLED
    return TaskRunState.EXCLUDED


@dataclass(frozen=True)
class Step:
    """Move task ``key`` (its latest attempt, now BLOCKED) to ``state``."""

    key: str
    state: TaskRunState
    message: str = ""


def dependency_kind(dep: Dep, upstream: TaskView) -> str:
    kind = classify(upstream.state)
    # A condition task's branch that was not taken excludes the tasks hanging off it.
    if (
        dep.outcome is not None
        and kind == S
        and upstream.outcome is not None
        and upstream.outcome != dep.outcome
    ):
        return X
    return kind


def next_steps(dag: Dag, tasks: Mapping[str, TaskView]) -> list[Step]:
    """Decide every BLOCKED task that can be decided now: QUEUED (ready to run) or a skip state.

    Skips cascade (A fails → B UPSTREAM_FAILED → C UPSTREAM_FAILED) within one call; a task
    made QUEUED only moves on once it finishes, so the orchestrator calls this again then.
    """
    view = dict(tasks)
    steps: list[Step] = []
    changed = True
    while changed:
        changed = False
        for key, node in dag.nodes.items():
            current = view.get(key)
            if current is None or current.state != TaskRunState.BLOCKED:
                continue
            step = _decide(node, view)
            if step is None:
                continue
            steps.append(step)
            view[key] = TaskView(step.state)
            changed = changed or step.state != TaskRunState.QUEUED
    return steps


def _decide(node: Node, view: Mapping[str, TaskView]) -> Step | None:
    if node.disabled:
        return Step(node.key, TaskRunState.DISABLED, "The task is disabled.")
    kinds: list[str] = []
    for dep in node.depends_on:
        upstream = view.get(dep.key)
        if upstream is None:  # not part of this run (left out by `only`): ignored
            continue
        if upstream.state not in TASK_TERMINAL:
            return None  # wait until every dependency finished
        kinds.append(dependency_kind(dep, upstream))
    if kinds and all(k == X for k in kinds):
        return Step(node.key, TaskRunState.EXCLUDED, "Every upstream task was excluded.")
    if run_if_holds(node.run_if, kinds):
        return Step(node.key, TaskRunState.QUEUED)
    state = skipped_state(node.run_if, kinds)
    return Step(node.key, state, f"run_if {node.run_if} does not hold for the upstream results.")


# --- The run's result --------------------------------------------------------------------------------
OK_KINDS = (S, X, D)


def run_result(dag: Dag, tasks: Mapping[str, TaskView], *, stop_reason: str = "") -> JobRunState | None:
    """The run's final state once every task is terminal; None while any task is active.

    SUCCESS when nothing failed; SUCCESS_WITH_FAILURES when some task failed but every leaf
    succeeded (or was excluded/disabled); otherwise the worst leaf decides: CANCELED, TIMEDOUT
    (every unsuccessful leaf timed out), else FAILED. A cancel or job timeout decides it outright.
    """
    states = {key: tasks[key].state for key in dag.nodes if key in tasks}
    if any(state in TASK_ACTIVE for state in states.values()):
        return None
    if stop_reason:
        return JobRunState(stop_reason)
    kinds = {key: classify(state) for key, state in states.items()}
    if all(kind in OK_KINDS for kind in kinds.values()):
        return JobRunState.SUCCESS
    bad_leaves = [key for key in dag.leaves() if kinds.get(key, X) not in OK_KINDS]
    if not bad_leaves:
        return JobRunState.SUCCESS_WITH_FAILURES
    if any(kinds[key] == C for key in bad_leaves):
        return JobRunState.CANCELED
    if all(states[key] == TaskRunState.TIMEDOUT for key in bad_leaves):
        return JobRunState.TIMEDOUT
    return JobRunState.FAILED


# --- Retries -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Retry:
    delay_seconds: float


def retry_decision(
    node: Node, *, attempt_number: int, state: str, run_stopping: bool = False
) -> Retry | None:
    """Whether a finished attempt gets another one, and after how long.

    Failures (our INTERNAL_ERROR too) retry while attempts remain (max_retries -1: forever);
    a timeout only with retry_on_timeout; nothing retries once the run is being cancelled or
    hit the job's timeout.
    """
    if run_stopping:
        return None
    if state == TaskRunState.TIMEDOUT:
        if not node.retry_on_timeout:
            return None
    elif state not in (TaskRunState.FAILED, TaskRunState.INTERNAL_ERROR):
        return None
    if node.max_retries != -1 and attempt_number >= node.max_retries:
        return None
    return Retry(node.min_retry_interval_millis / 1000.0)


# --- Cancel ------------------------------------------------------------------------------------------
@dataclass
class CancelPlan:
    end: list[str] = field(default_factory=list)  # not started: end CANCELED now
    stop: list[str] = field(default_factory=list)  # running: ask the worker to kill the process tree


def cancel_plan(tasks: Mapping[str, TaskView]) -> CancelPlan:
    plan = CancelPlan()
    for key, task in tasks.items():
        if task.state == TaskRunState.RUNNING:
            plan.stop.append(key)
        elif task.state in TASK_ACTIVE:
            plan.end.append(key)
    return plan


# --- Selection: `only` and repair --------------------------------------------------------------------
def expand_only(dag: Dag, only: Iterable[str]) -> set[str]:
    """`only` task keys: "key" itself, "+key" with everything upstream, "key+" with everything downstream."""
    selected: set[str] = set()
    for raw in only:
        key = raw.strip().removeprefix("+").removesuffix("+")
        if key not in dag.nodes:
            raise RuleError(f"Task {key!r} in only does not exist in the job.")
        selected.add(key)
        if raw.startswith("+"):
            selected |= dag.ancestors(key)
        if raw.endswith("+"):
            selected |= dag.descendants(key)
    return selected


UNSUCCESSFUL = frozenset(
    {
        TaskRunState.FAILED,
        TaskRunState.TIMEDOUT,
        TaskRunState.CANCELED,
        TaskRunState.UPSTREAM_FAILED,
        TaskRunState.UPSTREAM_CANCELED,
        TaskRunState.INTERNAL_ERROR,
    }
)


def repair_selection(
    dag: Dag,
    tasks: Mapping[str, TaskView],
    *,
    rerun_tasks: Iterable[str] = (),
    rerun_all_failed_tasks: bool = False,
    rerun_dependent_tasks: bool = False,
) -> set[str]:
    """The task keys a repair re-runs.

    rerun_all_failed_tasks: every task whose last result is unsuccessful (failed, timed out,
    cancelled, upstream-failed, upstream-cancelled). rerun_dependent_tasks adds everything
    downstream of the chosen tasks.
    """
    selected: set[str] = set()
    for key in rerun_tasks:
        if key not in dag.nodes:
            raise RuleError(f"Task {key!r} in rerun_tasks does not exist in the run.")
        selected.add(key)
    if rerun_all_failed_tasks:
        selected |= {key for key, task in tasks.items() if key in dag.nodes and task.state in UNSUCCESSFUL}
    if rerun_dependent_tasks:
        for key in list(selected):
            selected |= dag.descendants(key)
    if not selected:
        raise RuleError("The repair selects no task: give rerun_tasks or rerun_all_failed_tasks.")
    return selected


# --- Queueing (max_concurrent_runs) ------------------------------------------------------------------
START, QUEUE, SKIP = "START", "QUEUE", "SKIP"


def admission(
    *, active_runs: int, max_concurrent_runs: int, queue_enabled: bool, queued_ahead: int = 0
) -> str:
    """A new run starts when a slot is free and no run queued before it; else it waits QUEUED
    (queueing on) or ends SKIPPED (queueing off). As in Databricks, max_concurrent_runs 0
    admits nothing."""
    if active_runs < max_concurrent_runs and queued_ahead == 0:
        return START
    return QUEUE if queue_enabled else SKIP


def effective_timeout(task_timeout: int, run_remaining: float | None) -> tuple[float | None, bool]:
    """(seconds, from_job): the tighter of the task's timeout and what remains of the job's."""
    task = float(task_timeout) if task_timeout else None
    if run_remaining is None:
        return task, False
    remaining = max(run_remaining, 0.0)
    if task is None or remaining < task:
        return remaining, True
    return task, False


# --- condition_task ------------------------------------------------------------------------------
def condition_holds(op: str, left: str, right: str) -> bool:
    """Databricks' if/else: EQUAL_TO / NOT_EQUAL compare the strings; the ordering operators
    compare numbers (a non-number operand is an error, raised as ValueError)."""
    if op == "EQUAL_TO":
        return left == right
    if op == "NOT_EQUAL":
        return left != right
    try:
        a, b = float(left), float(right)
    except ValueError:
        raise ValueError(f"{op} compares numbers; got {left!r} and {right!r}.") from None
    comparisons = {
        "GREATER_THAN": a > b,
        "GREATER_THAN_OR_EQUAL": a >= b,
        "LESS_THAN": a < b,
        "LESS_THAN_OR_EQUAL": a <= b,
    }
    if op not in comparisons:
        raise ValueError(f"Unknown condition op {op!r}.")
    return comparisons[op]
