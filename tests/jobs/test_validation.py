from __future__ import annotations

import copy
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobs.validation import (
    check_quartz_cron,
    find_cycle,
    validate_job_settings,
    validate_submit_settings,
    validate_tasks,
)
from lakeflow.api.errors import ApiError


def nb(key: str, **extra) -> dict:
    return {"task_key": key, "notebook_task": {"notebook_path": f"/Workspace/{key}"}, **extra}


def after(key: str, *upstream: str, **extra) -> dict:
    return nb(key, depends_on=[{"task_key": u} for u in upstream], **extra)


def cond(key: str) -> dict:
    return {
        "task_key": key,
        "condition_task": {"op": "EQUAL_TO", "left": "{{job.parameters.x}}", "right": "1"},
    }


def with_tasks(*tasks: dict, **settings) -> dict:
    return {"name": "etl", "tasks": list(tasks), **settings}


def error_of(raw) -> ApiError:
    with pytest.raises(ApiError) as caught:
        validate_job_settings(raw)
    assert caught.value.status_code == 400
    return caught.value


BAD_SETTINGS = [
    # (settings, error code, fragment of the message)
    ("not an object", "MALFORMED_REQUEST", "must be an object"),
    ({"name": 3}, "MALFORMED_REQUEST", "name must be a string, got integer"),
    ({"name": "x" * 4097}, "INVALID_PARAMETER_VALUE", "name must be at most 4096 characters"),
    ({"tasks": {}}, "MALFORMED_REQUEST", "tasks must be an array"),
    ({"tasks": ["a"]}, "MALFORMED_REQUEST", "tasks[0]: must be an object, got string"),
    (with_tasks(nb("a"), nb("a")), "INVALID_PARAMETER_VALUE", 'Task key "a" is used by more than one task'),
    (with_tasks(nb("bad key")), "INVALID_PARAMETER_VALUE", "task_key must be 1-100 letters"),
    (
        with_tasks({"notebook_task": {"notebook_path": "/x"}}),
        "INVALID_PARAMETER_VALUE",
        "task_key is required",
    ),
    (
        with_tasks(nb("load"), after("transform", "lod")),
        "INVALID_PARAMETER_VALUE",
        'Task "transform": depends_on names unknown task "lod"',
    ),
    (with_tasks(after("a", "a")), "INVALID_PARAMETER_VALUE", 'Task "a": depends_on names the task itself'),
    (with_tasks(nb("a"), after("b", "a", "a")), "INVALID_PARAMETER_VALUE", 'names task "a" more than once'),
    (
        with_tasks(after("a", "c"), after("b", "a"), after("c", "b")),
        "INVALID_PARAMETER_VALUE",
        "cycle: a -> b -> c -> a",
    ),
    ({"tasks": [{"task_key": "a"}]}, "INVALID_PARAMETER_VALUE", 'Task "a": must have exactly one task type'),
    (
        with_tasks({**nb("a"), "spark_python_task": {"python_file": "x.py"}}),
        "INVALID_PARAMETER_VALUE",
        "found notebook_task, spark_python_task",
    ),
    (
        with_tasks({"task_key": "a", "spark_submit_task": {}}),
        "INVALID_PARAMETER_VALUE",
        'Task "a": spark_submit_task is not supported',
    ),
    (
        with_tasks({"task_key": "a", "notebook_task": {}}),
        "INVALID_PARAMETER_VALUE",
        "notebook_path is required",
    ),
    (
        with_tasks({"task_key": "a", "notebook_task": {"notebook_path": 7}}),
        "MALFORMED_REQUEST",
        'Task "a": notebook_task.notebook_path must be a string, got integer',
    ),
    (
        with_tasks({"task_key": "a", "notebook_task": {"notebook_path": "/n", "base_parameters": {"x": 1}}}),
        "MALFORMED_REQUEST",
        "notebook_task.base_parameters.x must be a string",
    ),
    (
        with_tasks({"task_key": "a", "spark_python_task": {"python_file": "x.py", "parameters": "--x"}}),
        "MALFORMED_REQUEST",
        "spark_python_task.parameters must be an array of strings",
    ),
    (with_tasks(nb("a", run_if="SOMETIMES")), "INVALID_PARAMETER_VALUE", 'Task "a": run_if must be one of'),
    (with_tasks(nb("a", max_retries=-2)), "INVALID_PARAMETER_VALUE", "max_retries must be at least -1"),
    (with_tasks(nb("a", max_retries="3")), "MALFORMED_REQUEST", "max_retries must be an integer, got string"),
    (
        with_tasks(nb("a", timeout_seconds=-1)),
        "INVALID_PARAMETER_VALUE",
        'Task "a": timeout_seconds must not be',
    ),
    (
        with_tasks(nb("a", min_retry_interval_millis=-5)),
        "INVALID_PARAMETER_VALUE",
        "min_retry_interval_millis must not be negative",
    ),
    (with_tasks(nb("a", retry_on_timeout="yes")), "MALFORMED_REQUEST", "retry_on_timeout must be a boolean"),
    (with_tasks(nb("a", disabled=1)), "MALFORMED_REQUEST", "disabled must be a boolean"),
    (
        with_tasks({"task_key": "c", "condition_task": {"op": "LIKE", "left": "a", "right": "b"}}),
        "INVALID_PARAMETER_VALUE",
        'Task "c": condition_task.op must be one of',
    ),
    (
        with_tasks({"task_key": "c", "condition_task": {"op": "EQUAL_TO", "left": "a"}}),
        "INVALID_PARAMETER_VALUE",
        "condition_task.right is required",
    ),
    (
        with_tasks(nb("a"), nb("b", depends_on=[{"task_key": "a", "outcome": "true"}])),
        "INVALID_PARAMETER_VALUE",
        'outcome on task "a", which is not a condition_task',
    ),
    (
        with_tasks(cond("c"), nb("b", depends_on=[{"task_key": "c", "outcome": "yes"}])),
        "INVALID_PARAMETER_VALUE",
        'must be "true" or "false"',
    ),
    (
        with_tasks(nb("a", job_cluster_key="small")),
        "INVALID_PARAMETER_VALUE",
        'Task "a": job_cluster_key names unknown job cluster "small"',
    ),
    (
        with_tasks(nb("a", environment_key="py")),
        "INVALID_PARAMETER_VALUE",
        'environment_key names unknown environment "py"',
    ),
    (
        with_tasks(nb("a", existing_cluster_id="c1", new_cluster={"num_workers": 1})),
        "INVALID_PARAMETER_VALUE",
        "may set only one of existing_cluster_id, new_cluster, job_cluster_key, environment_key",
    ),
    (
        with_tasks(
            {
                "task_key": "loop",
                "for_each_task": {"inputs": "[1,2]", "task": {"task_key": "it", "notebook_task": {}}},
            }
        ),
        "INVALID_PARAMETER_VALUE",
        'Task "loop": for_each_task.task: notebook_task.notebook_path is required',
    ),
    (
        with_tasks({"task_key": "loop", "for_each_task": {"inputs": "[1]"}}),
        "INVALID_PARAMETER_VALUE",
        "for_each_task.task is required",
    ),
    (
        with_tasks(
            {
                "task_key": "loop",
                "for_each_task": {"inputs": "[1]", "task": {"task_key": "in", "for_each_task": {}}},
            }
        ),
        "INVALID_PARAMETER_VALUE",
        "cannot be nested",
    ),
    (
        with_tasks(
            {"task_key": "loop", "for_each_task": {"inputs": "[1]", "concurrency": 0, "task": nb("x")}}
        ),
        "INVALID_PARAMETER_VALUE",
        "for_each_task.concurrency must be at least 1",
    ),
    (
        with_tasks({"task_key": "r", "run_job_task": {"job_id": "12"}}),
        "MALFORMED_REQUEST",
        "run_job_task.job_id must be an integer",
    ),
    (
        with_tasks({"task_key": "q", "sql_task": {"warehouse_id": "w"}}),
        "INVALID_PARAMETER_VALUE",
        "sql_task must set one of query, file, dashboard, alert",
    ),
    (
        with_tasks({"task_key": "d", "dbt_task": {"commands": []}}),
        "INVALID_PARAMETER_VALUE",
        "dbt_task.commands must not be empty",
    ),
    (
        with_tasks(nb("a", libraries=[{"whl": "a.whl", "jar": "b.jar"}])),
        "INVALID_PARAMETER_VALUE",
        "libraries[0] may set only one of",
    ),
    ({"tasks": [nb(f"t{i}") for i in range(1001)]}, "INVALID_PARAMETER_VALUE", "at most 1000 tasks"),
    ({"max_concurrent_runs": -1}, "INVALID_PARAMETER_VALUE", "max_concurrent_runs must not be negative"),
    ({"max_concurrent_runs": 1001}, "INVALID_PARAMETER_VALUE", "max_concurrent_runs must be at most 1000"),
    ({"timeout_seconds": -3}, "INVALID_PARAMETER_VALUE", "timeout_seconds must not be negative"),
    ({"timeout_seconds": 1.5}, "MALFORMED_REQUEST", "timeout_seconds must be an integer, got number"),
    ({"tags": ["a"]}, "MALFORMED_REQUEST", "tags must be an object of strings"),
    ({"tags": {f"k{i}": "" for i in range(26)}}, "INVALID_PARAMETER_VALUE", "tags must have at most 25"),
    (
        {"schedule": {"quartz_cron_expression": "0 0 * * *", "timezone_id": "UTC"}},
        "INVALID_PARAMETER_VALUE",
        "schedule.quartz_cron_expression must have 6 or 7 fields",
    ),
    (
        {"schedule": {"quartz_cron_expression": "0 0 25 * * ?", "timezone_id": "UTC"}},
        "INVALID_PARAMETER_VALUE",
        "hours field '25': 25 is outside 0-23",
    ),
    (
        {"schedule": {"quartz_cron_expression": "0 0 12 * * ?", "timezone_id": "Mars/Olympus"}},
        "INVALID_PARAMETER_VALUE",
        "schedule.timezone_id is not a known IANA time zone",
    ),
    (
        {"schedule": {"quartz_cron_expression": "0 0 12 * * ?", "timezone_id": "UTC", "pause_status": "OFF"}},
        "INVALID_PARAMETER_VALUE",
        "schedule.pause_status must be one of UNPAUSED, PAUSED",
    ),
    (
        {"schedule": {"timezone_id": "UTC"}},
        "INVALID_PARAMETER_VALUE",
        "schedule.quartz_cron_expression is required",
    ),
    ({"schedule": "daily"}, "MALFORMED_REQUEST", "schedule must be an object, got string"),
    (
        {
            "schedule": {"quartz_cron_expression": "0 0 12 * * ?", "timezone_id": "UTC"},
            "continuous": {"pause_status": "UNPAUSED"},
        },
        "INVALID_PARAMETER_VALUE",
        "may set only one of schedule, trigger, continuous",
    ),
    (
        {"trigger": {"periodic": {"interval": 0, "unit": "HOURS"}}},
        "INVALID_PARAMETER_VALUE",
        "trigger.periodic.interval must be at least 1",
    ),
    ({"trigger": {}}, "INVALID_PARAMETER_VALUE", "trigger must set one of file_arrival, periodic"),
    ({"continuous": {"pause_status": "STOPPED"}}, "INVALID_PARAMETER_VALUE", "continuous.pause_status"),
    (
        {"parameters": [{"name": "x"}, {"name": "x"}]},
        "INVALID_PARAMETER_VALUE",
        "parameters[1].name 'x' is used",
    ),
    ({"parameters": [{"default": "1"}]}, "INVALID_PARAMETER_VALUE", "parameters[0].name is required"),
    (
        {"parameters": [{"name": "my day"}]},
        "INVALID_PARAMETER_VALUE",
        "parameters[0].name may hold only letters",
    ),
    (
        {"job_clusters": [{"job_cluster_key": "c"}]},
        "INVALID_PARAMETER_VALUE",
        "job_clusters[0].new_cluster is required",
    ),
    ({"queue": {"enabled": "yes"}}, "MALFORMED_REQUEST", "queue.enabled must be a boolean"),
    (
        {"email_notifications": {"on_failure": "a@b.c"}},
        "MALFORMED_REQUEST",
        "email_notifications.on_failure must",
    ),
    (
        {"webhook_notifications": {"on_start": [{}]}},
        "INVALID_PARAMETER_VALUE",
        "webhook_notifications.on_start[0].id is required",
    ),
    (
        {"health": {"rules": [{"metric": "RUN_DURATION_SECONDS", "op": "LESS_THAN", "value": 10}]}},
        "INVALID_PARAMETER_VALUE",
        "health.rules[0].op must be one of GREATER_THAN",
    ),
    ({"run_as": {}}, "INVALID_PARAMETER_VALUE", "run_as must set one of user_name, service_principal_name"),
    (
        {"git_source": {"git_url": "https://x", "git_provider": "svn"}},
        "INVALID_PARAMETER_VALUE",
        "git_provider",
    ),
]


@pytest.mark.parametrize(("raw", "code", "fragment"), BAD_SETTINGS)
def test_bad_settings_are_refused_with_a_message_naming_the_field(raw, code, fragment):
    error = error_of(raw)
    assert error.error_code == code
    assert fragment in error.message


def test_defaults_are_filled_in_as_databricks_returns_them():
    settings = validate_job_settings({"tasks": [nb("a")]})
    assert settings["name"] == "Untitled"
    assert settings["max_concurrent_runs"] == 1
    assert settings["timeout_seconds"] == 0
    assert settings["queue"] == {"enabled": True}
    task = settings["tasks"][0]
    assert task["run_if"] == "ALL_SUCCESS"
    assert (task["max_retries"], task["min_retry_interval_millis"], task["retry_on_timeout"]) == (0, 0, False)
    assert (task["timeout_seconds"], task["disabled"]) == (0, False)


def test_normalizing_twice_changes_nothing():
    raw = with_tasks(
        cond("check"),
        after("a", "check", run_if="ALL_DONE", max_retries=-1, job_cluster_key="c"),
        {"task_key": "loop", "for_each_task": {"inputs": "[1,2]", "concurrency": 2, "task": nb("it")}},
        job_clusters=[{"job_cluster_key": "c", "new_cluster": {"num_workers": 2}}],
        schedule={"quartz_cron_expression": "0 15 10 ? * MON-FRI", "timezone_id": "Europe/Paris"},
        parameters=[{"name": "day", "default": "mon"}],
        tags={"team": "data"},
    )
    once = validate_job_settings(raw)
    assert validate_job_settings(copy.deepcopy(once)) == once


def test_unknown_fields_are_ignored_and_inert_ones_kept():
    settings = validate_job_settings(
        {"name": "x", "frobnicate": True, "format": "MULTI_TASK", "edit_mode": "EDITABLE"}
    )
    assert "frobnicate" not in settings
    assert (settings["format"], settings["edit_mode"]) == ("MULTI_TASK", "EDITABLE")


def test_condition_branches_accept_true_and_false_outcomes():
    settings = validate_job_settings(
        with_tasks(
            cond("c"),
            nb("yes", depends_on=[{"task_key": "c", "outcome": "true"}]),
            nb("no", depends_on=[{"task_key": "c", "outcome": "false"}]),
        )
    )
    assert [t["depends_on"][0]["outcome"] for t in settings["tasks"][1:]] == ["true", "false"]


def test_git_providers_match_case_insensitively():
    settings = validate_job_settings(
        {"git_source": {"git_url": "https://g", "git_provider": "github", "git_branch": "main"}}
    )
    assert settings["git_source"]["git_provider"] == "gitHub"


@pytest.mark.parametrize(
    "expr",
    [
        "0 0 12 * * ?",
        "0 15 10 ? * MON-FRI",
        "0 0/5 14,18 * * ?",
        "0 15 10 L * ?",
        "0 15 10 ? * 6#3",
        "0 0 0 1 JAN ? 2030",
    ],
)
def test_quartz_expressions_databricks_accepts_pass(expr):
    check_quartz_cron(expr)


@pytest.mark.parametrize(
    "expr", ["* * * * *", "0 0 12 * * *", "0 0 12 ? * ?", "0 60 * * * ?", "0 0 12 * FOO ?", "a b c d e f"]
)
def test_malformed_quartz_expressions_fail(expr):
    with pytest.raises(ValueError):
        check_quartz_cron(expr)


def test_submit_settings_need_tasks():
    with pytest.raises(ApiError, match="tasks is required"):
        validate_submit_settings({"run_name": "once"})


def test_submit_settings_are_normalized_like_job_tasks():
    body = validate_submit_settings({"run_name": "once", "idempotency_token": "t1", "tasks": [nb("a")]})
    assert body["run_name"] == "once"
    assert body["idempotency_token"] == "t1"
    assert body["tasks"][0]["run_if"] == "ALL_SUCCESS"


def test_validate_tasks_checks_cluster_keys_it_is_given():
    tasks = validate_tasks([nb("a", job_cluster_key="small")], job_cluster_keys=["small"])
    assert tasks[0]["job_cluster_key"] == "small"


# -- cycle detection, as a property ------------------------------------------------------------


@st.composite
def dags(draw):
    """A random DAG over n tasks: edges only go from a lower to a higher index."""
    n = draw(st.integers(min_value=2, max_value=25))
    edges = {
        i: sorted(draw(st.sets(st.integers(min_value=0, max_value=i - 1), max_size=4))) if i else []
        for i in range(n)
    }
    return n, edges  # edges[i]: the tasks i depends on


def as_tasks(n: int, upstream: dict[int, list[int]]) -> list[dict]:
    return [after(f"t{i}", *[f"t{u}" for u in upstream[i]]) for i in range(n)]


@given(dags())
@settings(max_examples=150, deadline=None)
def test_random_dags_are_accepted(dag):
    n, upstream = dag
    assert len(validate_tasks(as_tasks(n, upstream))) == n


def reachable(upstream: dict[int, list[int]], start: int) -> set[int]:
    """Tasks that (transitively) depend on `start`."""
    downstream: dict[int, list[int]] = {i: [] for i in upstream}
    for task, ups in upstream.items():
        for u in ups:
            downstream[u].append(task)
    seen, todo = set(), [start]
    while todo:
        for nxt in downstream[todo.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


@given(dags(), st.data())
@settings(max_examples=150, deadline=None)
def test_a_back_edge_is_reported_as_a_real_cycle_through_it(dag, data):
    n, upstream = dag
    # A back edge: make `a` depend on a task `b` that already (transitively) depends on `a`.
    candidates = [(a, b) for a in range(n) for b in sorted(reachable(upstream, a))]
    if not candidates:
        upstream = {**upstream, 1: [0]}  # ensure at least one path 0 -> 1
        candidates = [(0, 1)]
    a, b = data.draw(st.sampled_from(candidates))
    upstream = {**upstream, a: [*upstream[a], b]}
    with pytest.raises(ApiError) as caught:
        validate_tasks(as_tasks(n, upstream))
    message = caught.value.message
    assert caught.value.error_code == "INVALID_PARAMETER_VALUE"
    cycle = message.split("cycle: ")[1].split(" (")[0].split(" -> ")
    assert cycle[0] == cycle[-1] and len(cycle) >= 3
    # Every arrow is a real edge (x -> y: y depends on x), and the back edge is one of them.
    arrows = list(itertools.pairwise(cycle))
    for x, y in arrows:
        assert int(x[1:]) in upstream[int(y[1:])]
    assert (f"t{b}", f"t{a}") in arrows


def test_find_cycle_handles_a_long_chain_without_recursion():
    chain = {str(i): [str(i + 1)] for i in range(5000)}
    chain["5000"] = []
    assert find_cycle(chain) is None
    chain["5000"] = ["0"]
    assert len(find_cycle(chain)) == 5002
