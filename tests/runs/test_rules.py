"""The transition rules, exhaustively, as pure tables (no database)."""

from __future__ import annotations

from datetime import UTC

import pytest

from runs import rules
from runs.choices import JobRunState, TaskRunState
from runs.rules import Dag, Dep, Node, TaskView

T = TaskRunState
Q, UF, UC, EX, DI = T.QUEUED, T.UPSTREAM_FAILED, T.UPSTREAM_CANCELED, T.EXCLUDED, T.DISABLED
# One finished upstream state per kind (S succeeded, F failed, C cancelled, X excluded, D disabled).
KIND_STATE = {"S": T.SUCCESS, "F": T.FAILED, "C": T.CANCELED, "X": T.EXCLUDED, "D": T.DISABLED}
RUN_IFS = (
    rules.RUN_IFS
)  # ALL_SUCCESS, AT_LEAST_ONE_SUCCESS, NONE_FAILED, ALL_DONE, AT_LEAST_ONE_FAILED, ALL_FAILED

# upstream kinds -> what a task does, per run_if in RUN_IFS order.
RUN_IF_TABLE = {
    "S": (Q, Q, Q, Q, EX, EX),
    "F": (UF, UF, UF, Q, Q, Q),
    "C": (UC, UC, UC, Q, UC, UC),
    "X": (EX, EX, EX, EX, EX, EX),
    "D": (DI, DI, DI, Q, DI, DI),
    "SS": (Q, Q, Q, Q, EX, EX),
    "FF": (UF, UF, UF, Q, Q, Q),
    "SF": (UF, Q, UF, Q, Q, EX),
    "SC": (UC, Q, UC, Q, UC, UC),
    "SX": (EX, Q, Q, Q, EX, EX),
    "SD": (DI, Q, Q, Q, DI, DI),
    "FC": (UC, UC, UC, Q, Q, UC),
    "FD": (UF, UF, UF, Q, Q, DI),
    "FX": (UF, UF, UF, Q, Q, EX),
    "XD": (DI, DI, Q, Q, DI, DI),
    "XX": (EX, EX, EX, EX, EX, EX),
    "SFD": (UF, Q, UF, Q, Q, DI),
}


def fan_in(kinds: str, run_if: str) -> tuple[Dag, dict[str, TaskView]]:
    ups = [f"u{i}" for i in range(len(kinds))]
    nodes = {u: Node(u) for u in ups}
    nodes["t"] = Node("t", tuple(Dep(u) for u in ups), run_if=run_if)
    tasks = {u: TaskView(KIND_STATE[k]) for u, k in zip(ups, kinds, strict=True)}
    tasks["t"] = TaskView(T.BLOCKED)
    return Dag(nodes), tasks


@pytest.mark.parametrize(
    ("kinds", "run_if", "expected"),
    [(kinds, run_if, row[i]) for kinds, row in RUN_IF_TABLE.items() for i, run_if in enumerate(RUN_IFS)],
)
def test_run_if_decides_each_upstream_mix(kinds, run_if, expected):
    dag, tasks = fan_in(kinds, run_if)
    steps = [s for s in rules.next_steps(dag, tasks) if s.key == "t"]
    assert [s.state for s in steps] == [expected]


@pytest.mark.parametrize("state", [T.UPSTREAM_FAILED, T.TIMEDOUT, T.INTERNAL_ERROR])
def test_every_failure_state_counts_as_failed_upstream(state):
    dag, tasks = fan_in("S", "ALL_SUCCESS")
    tasks["u0"] = TaskView(state)
    assert rules.next_steps(dag, tasks)[0].state == UF


@pytest.mark.parametrize("run_if", RUN_IFS)
def test_a_task_without_dependencies_is_ready_whatever_its_run_if(run_if):
    dag = Dag({"a": Node("a", run_if=run_if)})
    assert rules.next_steps(dag, {"a": TaskView(T.BLOCKED)}) == [rules.Step("a", Q)]


@pytest.mark.parametrize("upstream", [T.BLOCKED, T.QUEUED, T.RUNNING, T.WAITING_FOR_RETRY])
@pytest.mark.parametrize("run_if", RUN_IFS)
def test_a_task_waits_while_any_upstream_is_active(upstream, run_if):
    dag, tasks = fan_in("SF", run_if)
    tasks["u1"] = TaskView(upstream)
    assert [s for s in rules.next_steps(dag, tasks) if s.key == "t"] == []


def test_a_disabled_task_is_disabled_without_waiting():
    dag = Dag({"a": Node("a"), "b": Node("b", (Dep("a"),), disabled=True)})
    steps = rules.next_steps(dag, {"a": TaskView(T.BLOCKED), "b": TaskView(T.BLOCKED)})
    assert {s.key: s.state for s in steps} == {"a": Q, "b": DI}


def test_skips_cascade_down_the_graph_in_one_call():
    dag = Dag(
        {
            "a": Node("a"),
            "b": Node("b", (Dep("a"),)),
            "c": Node("c", (Dep("b"),)),
            "cleanup": Node("cleanup", (Dep("c"),), run_if="ALL_DONE"),
        }
    )
    tasks = {"a": TaskView(T.FAILED), **{k: TaskView(T.BLOCKED) for k in ("b", "c", "cleanup")}}
    assert [(s.key, s.state) for s in rules.next_steps(dag, tasks)] == [("b", UF), ("c", UF), ("cleanup", Q)]


def test_only_queued_and_running_tasks_are_left_alone():
    dag = Dag({"a": Node("a"), "b": Node("b")})
    assert rules.next_steps(dag, {"a": TaskView(T.RUNNING), "b": TaskView(T.SUCCESS)}) == []


# --- condition_task branches -------------------------------------------------------------------------
def branch_dag(join_run_if: str = "ALL_SUCCESS") -> Dag:
    return Dag(
        {
            "cond": Node("cond", kind="condition_task"),
            "yes": Node("yes", (Dep("cond", "true"),)),
            "no": Node("no", (Dep("cond", "false"),)),
            "after_no": Node("after_no", (Dep("no"),)),
            "join": Node("join", (Dep("yes"), Dep("after_no")), run_if=join_run_if),
        }
    )


@pytest.mark.parametrize(("outcome", "taken", "excluded"), [("true", "yes", "no"), ("false", "no", "yes")])
def test_a_condition_runs_one_branch_and_excludes_the_other(outcome, taken, excluded):
    tasks = {k: TaskView(T.BLOCKED) for k in ("yes", "no", "after_no", "join")}
    tasks["cond"] = TaskView(T.SUCCESS, outcome)
    steps = {s.key: s.state for s in rules.next_steps(branch_dag(), tasks)}
    assert steps[taken] == Q
    assert steps[excluded] == EX


def test_the_excluded_branch_propagates_downstream():
    tasks = {k: TaskView(T.BLOCKED) for k in ("yes", "no", "after_no", "join")}
    tasks["cond"] = TaskView(T.SUCCESS, "true")
    steps = {s.key: s.state for s in rules.next_steps(branch_dag(), tasks)}
    assert steps["after_no"] == EX


@pytest.mark.parametrize(
    ("run_if", "expected"),
    [("ALL_SUCCESS", EX), ("NONE_FAILED", Q), ("ALL_DONE", Q), ("AT_LEAST_ONE_SUCCESS", Q)],
)
def test_a_join_after_a_branch_runs_according_to_its_run_if(run_if, expected):
    tasks = {
        "cond": TaskView(T.SUCCESS, "true"),
        "yes": TaskView(T.SUCCESS),
        "no": TaskView(T.EXCLUDED),
        "after_no": TaskView(T.EXCLUDED),
        "join": TaskView(T.BLOCKED),
    }
    steps = {s.key: s.state for s in rules.next_steps(branch_dag(run_if), tasks)}
    assert steps["join"] == expected


def test_a_failed_condition_fails_both_branches_upstream():
    tasks = {k: TaskView(T.BLOCKED) for k in ("yes", "no", "after_no", "join")}
    tasks["cond"] = TaskView(T.FAILED)
    steps = {s.key: s.state for s in rules.next_steps(branch_dag(), tasks)}
    assert steps["yes"] == steps["no"] == UF


@pytest.mark.parametrize(
    ("op", "left", "right", "holds"),
    [
        ("EQUAL_TO", "a", "a", True),
        ("EQUAL_TO", "1", "1.0", False),
        ("NOT_EQUAL", "a", "b", True),
        ("NOT_EQUAL", "a", "a", False),
        ("GREATER_THAN", "10", "9", True),
        ("GREATER_THAN", "9", "10", False),
        ("GREATER_THAN_OR_EQUAL", "1.0", "1", True),
        ("LESS_THAN", "-1", "0", True),
        ("LESS_THAN_OR_EQUAL", "2", "1", False),
        ("LESS_THAN_OR_EQUAL", "1", "1", True),
    ],
)
def test_condition_operators(op, left, right, holds):
    assert rules.condition_holds(op, left, right) is holds


@pytest.mark.parametrize(("op", "left"), [("GREATER_THAN", "abc"), ("SOMETHING", "1")])
def test_a_condition_that_cannot_be_evaluated_raises(op, left):
    with pytest.raises(ValueError):
        rules.condition_holds(op, left, "1")


# --- the run's result -------------------------------------------------------------------------------
DIAMOND = Dag(
    {
        "a": Node("a"),
        "b": Node("b", (Dep("a"),)),
        "c": Node("c", (Dep("a"),)),
        "d": Node("d", (Dep("b"), Dep("c")), run_if="ALL_DONE"),
    }
)


@pytest.mark.parametrize(
    ("a", "b", "c", "d", "stop", "expected"),
    [
        (T.SUCCESS, T.SUCCESS, T.SUCCESS, T.SUCCESS, "", JobRunState.SUCCESS),
        (T.SUCCESS, T.FAILED, T.SUCCESS, T.SUCCESS, "", JobRunState.SUCCESS_WITH_FAILURES),
        (T.SUCCESS, T.SUCCESS, T.SUCCESS, T.FAILED, "", JobRunState.FAILED),
        (T.SUCCESS, T.SUCCESS, T.SUCCESS, T.TIMEDOUT, "", JobRunState.TIMEDOUT),
        (T.SUCCESS, T.SUCCESS, T.SUCCESS, T.CANCELED, "", JobRunState.CANCELED),
        (T.SUCCESS, T.SUCCESS, T.EXCLUDED, T.SUCCESS, "", JobRunState.SUCCESS),
        (T.SUCCESS, T.DISABLED, T.SUCCESS, T.SUCCESS, "", JobRunState.SUCCESS),
        (T.FAILED, T.UPSTREAM_FAILED, T.UPSTREAM_FAILED, T.SUCCESS, "", JobRunState.SUCCESS_WITH_FAILURES),
        (T.SUCCESS, T.SUCCESS, T.SUCCESS, T.INTERNAL_ERROR, "", JobRunState.FAILED),
        (T.SUCCESS, T.CANCELED, T.CANCELED, T.CANCELED, "CANCELED", JobRunState.CANCELED),
        (T.SUCCESS, T.TIMEDOUT, T.CANCELED, T.CANCELED, "TIMEDOUT", JobRunState.TIMEDOUT),
        (T.SUCCESS, T.SUCCESS, T.RUNNING, T.BLOCKED, "", None),
        (T.SUCCESS, T.SUCCESS, T.WAITING_FOR_RETRY, T.BLOCKED, "", None),
        (T.SUCCESS, T.SUCCESS, T.SUCCESS, T.RUNNING, "CANCELED", None),
    ],
)
def test_the_run_result_comes_from_its_tasks(a, b, c, d, stop, expected):
    tasks = {"a": TaskView(a), "b": TaskView(b), "c": TaskView(c), "d": TaskView(d)}
    assert rules.run_result(DIAMOND, tasks, stop_reason=stop) == expected


def test_a_failed_leaf_among_succeeded_leaves_fails_the_run():
    dag = Dag({"a": Node("a"), "b": Node("b")})
    tasks = {"a": TaskView(T.SUCCESS), "b": TaskView(T.FAILED)}
    assert rules.run_result(dag, tasks) == JobRunState.FAILED


def test_tasks_outside_the_dag_do_not_count_for_the_result():
    dag = Dag({"a": Node("a"), "b": Node("b", (Dep("a"),))}).restricted(["b"])
    tasks = {"a": TaskView(T.EXCLUDED), "b": TaskView(T.SUCCESS)}
    assert rules.run_result(dag, tasks) == JobRunState.SUCCESS


# --- retries -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("max_retries", "attempt", "state", "on_timeout", "stopping", "retries"),
    [
        (0, 0, T.FAILED, False, False, False),
        (1, 0, T.FAILED, False, False, True),
        (1, 1, T.FAILED, False, False, False),
        (3, 2, T.FAILED, False, False, True),
        (-1, 99, T.FAILED, False, False, True),
        (2, 0, T.INTERNAL_ERROR, False, False, True),
        (2, 0, T.TIMEDOUT, False, False, False),
        (2, 0, T.TIMEDOUT, True, False, True),
        (2, 0, T.SUCCESS, False, False, False),
        (2, 0, T.CANCELED, False, False, False),
        (2, 0, T.FAILED, False, True, False),
        (2, 0, T.TIMEDOUT, True, True, False),
    ],
)
def test_retry_decisions(max_retries, attempt, state, on_timeout, stopping, retries):
    node = Node("a", max_retries=max_retries, retry_on_timeout=on_timeout, min_retry_interval_millis=1500)
    decision = rules.retry_decision(node, attempt_number=attempt, state=state, run_stopping=stopping)
    assert (decision is not None) is retries
    if decision:
        assert decision.delay_seconds == 1.5


# --- cancel ---------------------------------------------------------------------------------------------
def test_cancel_stops_running_tasks_and_ends_the_ones_not_started():
    tasks = {
        "a": TaskView(T.SUCCESS),
        "b": TaskView(T.RUNNING),
        "c": TaskView(T.QUEUED),
        "d": TaskView(T.BLOCKED),
        "e": TaskView(T.WAITING_FOR_RETRY),
        "f": TaskView(T.FAILED),
    }
    plan = rules.cancel_plan(tasks)
    assert plan.stop == ["b"]
    assert sorted(plan.end) == ["c", "d", "e"]


# --- only and repair -----------------------------------------------------------------------------------
CHAIN = Dag({"a": Node("a"), "b": Node("b", (Dep("a"),)), "c": Node("c", (Dep("b"),)), "x": Node("x")})


@pytest.mark.parametrize(
    ("only", "selected"),
    [
        (["b"], {"b"}),
        (["+b"], {"a", "b"}),
        (["b+"], {"b", "c"}),
        (["+b+"], {"a", "b", "c"}),
        (["a", "x"], {"a", "x"}),
    ],
)
def test_only_selects_tasks_with_their_upstream_or_downstream(only, selected):
    assert rules.expand_only(CHAIN, only) == selected


def test_only_rejects_an_unknown_task():
    with pytest.raises(rules.RuleError, match="'nope'"):
        rules.expand_only(CHAIN, ["nope"])


def test_a_restricted_dag_drops_edges_to_unselected_tasks():
    assert CHAIN.restricted({"b", "c"}).nodes["b"].depends_on == ()


@pytest.mark.parametrize(
    ("kwargs", "selected"),
    [
        ({"rerun_tasks": ["b"]}, {"b"}),
        ({"rerun_tasks": ["b"], "rerun_dependent_tasks": True}, {"b", "c"}),
        ({"rerun_all_failed_tasks": True}, {"b", "c", "x"}),
        ({"rerun_all_failed_tasks": True, "rerun_tasks": ["a"]}, {"a", "b", "c", "x"}),
    ],
)
def test_repair_selects_tasks(kwargs, selected):
    tasks = {
        "a": TaskView(T.SUCCESS),
        "b": TaskView(T.FAILED),
        "c": TaskView(T.UPSTREAM_FAILED),
        "x": TaskView(T.CANCELED),
    }
    assert rules.repair_selection(CHAIN, tasks, **kwargs) == selected


@pytest.mark.parametrize("kwargs", [{}, {"rerun_tasks": ["zzz"]}])
def test_repair_rejects_an_empty_or_unknown_selection(kwargs):
    with pytest.raises(rules.RuleError):
        rules.repair_selection(CHAIN, {"a": TaskView(T.SUCCESS)}, **kwargs)


# --- queueing and timeouts -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("active", "limit", "queue", "ahead", "decision"),
    [
        (0, 1, True, 0, rules.START),
        (1, 1, True, 0, rules.QUEUE),
        (1, 1, False, 0, rules.SKIP),
        (1, 3, True, 0, rules.START),
        (1, 3, True, 1, rules.QUEUE),
        (0, 0, False, 0, rules.SKIP),
        (2, 2, False, 0, rules.SKIP),
    ],
)
def test_admission_under_max_concurrent_runs(active, limit, queue, ahead, decision):
    assert (
        rules.admission(
            active_runs=active, max_concurrent_runs=limit, queue_enabled=queue, queued_ahead=ahead
        )
        == decision
    )


@pytest.mark.parametrize(
    ("task", "remaining", "expected"),
    [
        (0, None, (None, False)),
        (10, None, (10.0, False)),
        (10, 5.0, (5.0, True)),
        (3, 5.0, (3.0, False)),
        (0, 5.0, (5.0, True)),
        (10, -1.0, (0.0, True)),
    ],
)
def test_the_tighter_of_task_and_job_timeout_applies(task, remaining, expected):
    assert rules.effective_timeout(task, remaining) == expected


def test_nodes_come_from_wire_settings():
    node = rules.node_from_settings(
        {
            "task_key": "t",
            "depends_on": [{"task_key": "c", "outcome": "true"}],
            "run_if": "ALL_DONE",
            "condition_task": {"op": "EQUAL_TO", "left": "1", "right": "1"},
            "max_retries": 2,
            "min_retry_interval_millis": 10,
            "retry_on_timeout": True,
            "timeout_seconds": 5,
            "disabled": True,
        }
    )
    assert node == Node("t", (Dep("c", "true"),), "ALL_DONE", True, "condition_task", 2, 10, True, 5)


def test_the_orchestrator_parses_a_runs_dag_once_and_never_mixes_up_runs_with_the_same_id():
    """dag_of caches per run: a run whose id an earlier run had (a wiped database) gets its own."""
    from datetime import datetime

    from runs.models import JobRun
    from runs.orchestrator import dag_of

    def run(created_minute: int, *keys: str, only=None) -> JobRun:
        tasks = [{"task_key": key, "notebook_task": {"notebook_path": "/n"}} for key in keys]
        created = datetime(2026, 1, 1, 0, created_minute, tzinfo=UTC)
        return JobRun(pk=7, created_at=created, settings={"tasks": tasks}, only=only)

    first = run(0, "a", "b")
    assert dag_of(first) is dag_of(run(0, "a", "b"))
    assert set(dag_of(run(1, "c")).nodes) == {"c"}
    assert set(dag_of(run(2, "a", "b", only=["b"])).nodes) == {"b"}
