"""Checking and normalizing job settings in the Databricks wire format.

Pure functions (no database): raw JSON in, normalized settings out, or an ``ApiError`` whose
message says which field of which task is wrong. Normalized means every default Databricks fills
in is present (``run_if: ALL_SUCCESS``, ``max_retries: 0``, ``max_concurrent_runs: 1`` ...),
unknown fields are dropped (Databricks ignores them) and known fields without behaviour here are
kept, so ``job_settings(create_job(settings)) == validate_job_settings(settings)``.

Wrong JSON types are MALFORMED_REQUEST; values of the right type that break a rule are
INVALID_PARAMETER_VALUE. Entry points:

- ``validate_job_settings(raw)``: jobs/create, jobs/reset, deploy, and the merged result of
  jobs/update;
- ``validate_submit_settings(raw)``: the body of runs/submit (one-time runs);
- ``validate_tasks(raw_tasks, ...)``: a task list against given job clusters and environments;
- ``check_quartz_cron(expr)``: the cron check, one function so a full Quartz parser can replace it.
"""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Callable, Iterable
from typing import Any

from jobs.choices import ConditionOp, PauseStatus, RunIf, TaskType
from jobs.json_reader import Reader, Where, for_task, json_type
from lakeflow.api.errors import invalid, malformed
from runs.executors.sql import UNSUPPORTED as SQL_UNSUPPORTED

MAX_TASKS = 1000
MAX_NAME_LENGTH = 4096
MAX_TAGS = 25
MAX_CONCURRENT_RUNS = 1000
TASK_KEY_PATTERN = re.compile(r"^[\w\-]{1,100}$")

# Task types Databricks has but Lakeflow does not run: named in the error so users know why.
UNSUPPORTED_TASK_TYPES = (
    "spark_submit_task",
    "dashboard_task",
    "power_bi_task",
    "clean_rooms_notebook_task",
    "gen_ai_compute_task",
    "dbt_cloud_task",
    "alert_task",
)
COMPUTE_FIELDS = ("existing_cluster_id", "new_cluster", "job_cluster_key", "environment_key")
HEALTH_METRICS = (
    "RUN_DURATION_SECONDS",
    "STREAMING_BACKLOG_BYTES",
    "STREAMING_BACKLOG_RECORDS",
    "STREAMING_BACKLOG_SECONDS",
    "STREAMING_BACKLOG_FILES",
)
NOTIFICATION_EVENTS = (
    "on_start",
    "on_success",
    "on_failure",
    "on_duration_warning_threshold_exceeded",
    "on_streaming_backlog_exceeded",
)
GIT_PROVIDERS = (
    "gitHub",
    "bitbucketCloud",
    "azureDevOpsServices",
    "gitHubEnterprise",
    "bitbucketServer",
    "gitLab",
    "gitLabEnterpriseEdition",
    "awsCodeCommit",
)
SOURCES = ("WORKSPACE", "GIT")
PERIODIC_UNITS = ("MINUTES", "HOURS", "DAYS", "WEEKS")  # Databricks' PeriodicTriggerConfigurationTimeUnit
TABLE_CONDITIONS = ("ANY_UPDATED", "ALL_UPDATED")
LIBRARY_KINDS = ("jar", "egg", "whl", "pypi", "maven", "cran", "requirements")

# Accepted job settings with no behaviour in Lakeflow: stored in Job.extra and returned as given.
INERT_JOB_FIELDS = (
    "format",
    "edit_mode",
    "deployment",
    "budget_policy_id",
    "performance_target",
    "usage_policy_id",
)

# -- cron and time zones -----------------------------------------------------------------------


def check_quartz_cron(expr: str) -> None:
    """Raise ValueError (with a reason naming the field) unless `expr` is a valid Quartz cron
    expression: the schedule engine's full parser (jobs/schedules/quartz.py) is the only cron check."""
    from jobs.schedules.quartz import parse

    parse(expr)


def check_timezone(name: str) -> None:
    """Raise ValueError unless `name` is an IANA time zone (Databricks' timezone_id)."""
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"is not a known IANA time zone: {name!r}") from None


# -- job-level blocks --------------------------------------------------------------------------


def _pause_status(r: Reader) -> None:
    r.str("pause_status", default=PauseStatus.UNPAUSED.value, choices=PauseStatus.values)


def _schedule(r: Reader) -> None:
    expr = r.str("quartz_cron_expression", required=True)
    try:
        check_quartz_cron(expr)
    except ValueError as reason:
        raise r.where.field("quartz_cron_expression").invalid(f"{reason}: {expr!r}.") from None
    zone = r.str("timezone_id", required=True)
    try:
        check_timezone(zone)
    except ValueError as reason:
        raise r.where.field("timezone_id").invalid(f"{reason}.") from None
    _pause_status(r)


def _file_arrival(r: Reader) -> None:
    r.str("url", required=True)
    r.int("min_time_between_triggers_seconds")
    r.int("wait_after_last_change_seconds")


def _periodic(r: Reader) -> None:
    r.int("interval", required=True, min=1)
    r.str("unit", required=True, choices=PERIODIC_UNITS)


def _table_update(r: Reader) -> None:
    r.str_list("table_names", required=True, non_empty=True)
    r.str("condition", choices=TABLE_CONDITIONS)
    r.int("min_time_between_triggers_seconds")
    r.int("wait_after_last_change_seconds")


# The trigger kinds and their checks; the schedule engine may register more here.
TRIGGER_KINDS: dict[str, Callable[[Reader], None]] = {
    "file_arrival": _file_arrival,
    "periodic": _periodic,
    "table_update": _table_update,
    "table": _table_update,  # the older name of table_update
}


def _trigger(r: Reader) -> None:
    _pause_status(r)
    kind = r.exactly_one(TRIGGER_KINDS)
    r.obj(kind, TRIGGER_KINDS[kind])


def _continuous(r: Reader) -> None:
    _pause_status(r)
    mode = r.str("task_retry_mode", choices=("NEVER", "ON_FAILURE"))
    if mode == "ON_FAILURE":
        # Databricks retries a failed task while another task is still in its first attempt, then
        # cancels and restarts the run: a policy the run engine does not have yet. Refused rather
        # than stored and ignored.
        raise r.where.field("task_retry_mode").invalid(
            "ON_FAILURE is not supported yet; use NEVER (the default): a run with a failed task "
            "ends and the continuous job starts the next one."
        )


def _health(r: Reader) -> None:
    def rule(rr: Reader) -> None:
        rr.str("metric", required=True, choices=HEALTH_METRICS)
        rr.str("op", required=True, choices=("GREATER_THAN",))
        rr.int("value", required=True)

    r.objects("rules", rule)


def _email_notifications(r: Reader) -> None:
    for event in NOTIFICATION_EVENTS:
        r.str_list(event)
    r.bool("no_alert_for_skipped_runs")


def _webhook_notifications(r: Reader) -> None:
    def destination(rr: Reader) -> None:
        rr.str("id", required=True)

    for event in NOTIFICATION_EVENTS:
        r.objects(event, destination, max_items=3)


def _notification_settings(r: Reader) -> None:
    r.bool("no_alert_for_skipped_runs")
    r.bool("no_alert_for_canceled_runs")
    r.bool("alert_on_last_attempt")


def _run_as(r: Reader) -> None:
    r.exactly_one(("user_name", "service_principal_name"))
    if r.has("service_principal_name"):
        raise r.where.field("service_principal_name").invalid(
            "is not supported: Lakeflow has no service principals; use user_name."
        )
    r.str("user_name", required=True)


def _git_source(r: Reader) -> None:
    r.str("git_url", required=True)
    provider = r.str("git_provider", required=True)
    canonical = {p.lower(): p for p in GIT_PROVIDERS}.get(provider.lower())
    if canonical is None:
        raise r.where.field("git_provider").invalid(
            f"must be one of {', '.join(GIT_PROVIDERS)}; got {provider!r}."
        )
    r.out["git_provider"] = canonical  # Databricks matches providers case-insensitively
    r.exactly_one(("git_branch", "git_tag", "git_commit"), at_most=True)
    for name in ("git_branch", "git_tag", "git_commit"):
        r.str(name)
    r.obj("git_snapshot")
    r.obj("job_source")


def _queue(r: Reader) -> None:
    r.bool("enabled", default=False)


PARAMETER_NAME_PATTERN = re.compile(r"^[\w\-.]+$")


def _parameter(r: Reader) -> None:
    name = r.str("name", required=True, max_length=255)
    if not PARAMETER_NAME_PATTERN.match(name):
        # Referenced as {{job.parameters.<name>}}: letters, digits, '_', '-' and '.' only.
        raise r.where.field("name").invalid(f"may hold only letters, digits, '_', '-' and '.'; got {name!r}.")
    r.str("default", default="")


def _job_cluster(r: Reader) -> None:
    key = r.str("job_cluster_key", required=True)
    if not TASK_KEY_PATTERN.match(key):
        raise r.where.field("job_cluster_key").invalid(
            f"must be 1-100 letters, digits, '_' or '-'; got {key!r}."
        )
    r.obj("new_cluster", required=True)
    from compute.placement import check_job_cluster  # a valid cluster spec (compute owns the rules)

    check_job_cluster(r.raw["new_cluster"], r.where.field("new_cluster"))


def _environment(r: Reader) -> None:
    r.str("environment_key", required=True)

    def spec(rr: Reader) -> None:
        rr.str("client")
        rr.str("environment_version")
        rr.str_list("dependencies")
        rr.str_list("jar_dependencies")

    r.obj("spec", spec)


def _unique(items: list[dict], key: str, where: Where) -> set[str]:
    seen: set[str] = set()
    for index, item in enumerate(items):
        if item[key] in seen:
            raise where.item(index).field(key).invalid(f"{item[key]!r} is used more than once.")
        seen.add(item[key])
    return seen


# -- tasks -------------------------------------------------------------------------------------


def _source(r: Reader) -> None:
    r.str("source", choices=SOURCES)


def _notebook_task(r: Reader) -> None:
    r.str("notebook_path", required=True)
    r.str_map("base_parameters")
    _source(r)
    r.str("warehouse_id")


def _spark_python_task(r: Reader) -> None:
    r.str("python_file", required=True)
    r.str_list("parameters")
    _source(r)


def _python_wheel_task(r: Reader) -> None:
    r.str("package_name", required=True)
    r.str("entry_point", required=True)
    r.str_list("parameters")
    r.str_map("named_parameters")


def _spark_jar_task(r: Reader) -> None:
    r.str("main_class_name", required=True)
    r.str_list("parameters")
    r.str("jar_uri")


def _subscription(r: Reader) -> None:
    r.str("user_name")
    r.str("destination_id")


def _sql_query(r: Reader) -> None:
    r.str("query_id", required=True)


def _sql_file(r: Reader) -> None:
    r.str("path", required=True)
    _source(r)


def _sql_dashboard(r: Reader) -> None:
    r.str("dashboard_id", required=True)
    r.str("custom_subject")
    r.bool("pause_subscriptions")
    r.objects("subscriptions", _subscription)


def _sql_alert(r: Reader) -> None:
    r.str("alert_id", required=True)
    r.bool("pause_subscriptions")
    r.objects("subscriptions", _subscription)


_SQL_KINDS: dict[str, Callable[[Reader], None]] = {
    "query": _sql_query,
    "file": _sql_file,
    "dashboard": _sql_dashboard,
    "alert": _sql_alert,
}


def _sql_task(r: Reader) -> None:
    kind = r.exactly_one(_SQL_KINDS)
    r.obj(kind, _SQL_KINDS[kind])
    if kind in SQL_UNSUPPORTED:  # saved queries, dashboards, alerts: Databricks objects we lack
        raise r.where.field(kind).invalid(f"is not supported: {SQL_UNSUPPORTED[kind]}.")
    r.str("warehouse_id", required=True)
    r.str_map("parameters")


def _pipeline_task(r: Reader) -> None:
    r.str("pipeline_id", required=True)
    r.bool("full_refresh")


def _pipeline_params(r: Reader) -> None:
    r.bool("full_refresh")


def _run_job_task(r: Reader) -> None:
    r.int("job_id", required=True, min=1)
    r.str_map("job_parameters")
    r.str_map("notebook_params")
    r.str_list("python_params")
    r.str_list("jar_params")
    r.str_map("sql_params")
    r.str_map("python_named_params")
    r.str_list("dbt_commands")
    r.obj("pipeline_params", _pipeline_params)


def _condition_task(r: Reader) -> None:
    r.str("op", required=True, choices=ConditionOp.values)
    # left/right may be "" (an unset parameter compares as empty) but must be present.
    for side in ("left", "right"):
        if r.raw.get(side) is None:
            raise r.where.field(side).invalid("is required.")
        r.str(side)


def _for_each_task(r: Reader) -> None:
    r.str("inputs", required=True)
    r.int("concurrency", min=1, max=100)
    if r.raw.get("task") is None:
        raise r.where.field("task").invalid("is required.")
    # The nested task is checked like a top-level one, minus depends_on and further nesting.
    nested = Where(r.where.prefix + r.where.field("task").path + ": ")
    r.out["task"] = normalize_task(r.raw["task"], where=nested, nested=True)


def _dbt_task(r: Reader) -> None:
    r.str_list("commands", required=True, non_empty=True)
    for name in ("project_directory", "profiles_directory", "catalog", "schema", "warehouse_id"):
        r.str(name)
    _source(r)


# One check per task type; the keys are exactly TaskType's values (the Databricks block names).
TASK_TYPE_CHECKS: dict[str, Callable[[Reader], None]] = {
    TaskType.NOTEBOOK.value: _notebook_task,
    TaskType.PYTHON_SCRIPT.value: _spark_python_task,
    TaskType.PYTHON_WHEEL.value: _python_wheel_task,
    TaskType.JAR.value: _spark_jar_task,
    TaskType.SQL.value: _sql_task,
    TaskType.PIPELINE.value: _pipeline_task,
    TaskType.RUN_JOB.value: _run_job_task,
    TaskType.CONDITION.value: _condition_task,
    TaskType.FOR_EACH.value: _for_each_task,
    TaskType.DBT.value: _dbt_task,
}


def _package(r: Reader) -> None:
    r.str("package", required=True)
    r.str("repo")


def _maven(r: Reader) -> None:
    r.str("coordinates", required=True)
    r.str("repo")
    r.str_list("exclusions")


def _library(r: Reader) -> None:
    kind = r.exactly_one(LIBRARY_KINDS)
    if kind in ("pypi", "cran"):
        r.obj(kind, _package)
    elif kind == "maven":
        r.obj(kind, _maven)
    else:
        r.str(kind, non_empty=True)


def _dependency(r: Reader) -> None:
    r.str("task_key", required=True)
    r.str("outcome")


def task_type_of(task: dict) -> str:
    """The task type (its block's Databricks field name) of a normalized task."""
    return next(name for name in TASK_TYPE_CHECKS if name in task)


def normalize_task(raw: Any, *, where: Where | None = None, nested: bool = False) -> dict:
    """Check one task's own fields (not its references to other tasks) and fill the defaults."""
    if where is None:
        key = raw.get("task_key") if isinstance(raw, dict) else None
        where = for_task(key) if isinstance(key, str) and key else Where("A task: ")
    r = Reader(raw, where)
    key = r.str("task_key", required=True)
    if not TASK_KEY_PATTERN.match(key):
        raise r.where.field("task_key").invalid(f"must be 1-100 letters, digits, '_' or '-'; got {key!r}.")
    if r.str("description", max_length=1000) == "":
        del r.out["description"]  # an empty description is no description

    # 1. Exactly one task type block, of a type Lakeflow runs.
    for name in UNSUPPORTED_TASK_TYPES:
        if r.has(name):
            raise r.where.field(name).invalid(
                f"is not supported by Lakeflow; use one of {', '.join(TASK_TYPE_CHECKS)}."
            )
    present = [name for name in TASK_TYPE_CHECKS if r.has(name)]
    if len(present) != 1:
        found = ", ".join(present) if present else "none"
        raise r.where.invalid(
            f"must have exactly one task type ({', '.join(TASK_TYPE_CHECKS)}); found {found}."
        )
    kind = present[0]
    if nested and kind == TaskType.FOR_EACH:
        raise r.where.field(kind).invalid("cannot be nested inside another for_each_task.")
    r.obj(kind, TASK_TYPE_CHECKS[kind])

    # 2. Dependencies: shape only here; names are checked against the whole task list later.
    if nested and r.has("depends_on"):
        raise r.where.field("depends_on").invalid("is not allowed on the task inside a for_each_task.")
    if not nested:
        r.objects("depends_on", _dependency)
        r.str("run_if", default=RunIf.ALL_SUCCESS.value, choices=RunIf.values)

    # 3. Compute: at most one way of saying where the task runs.
    r.exactly_one(COMPUTE_FIELDS, at_most=True)
    r.str("existing_cluster_id", non_empty=True)
    r.obj("new_cluster")
    r.str("job_cluster_key", non_empty=True)
    r.str("environment_key", non_empty=True)
    r.objects("libraries", _library)

    # 4. Retries, timeouts, health and notifications, with Databricks' defaults.
    r.int("max_retries", default=0, min=-1)  # -1 retries forever
    r.int("min_retry_interval_millis", default=0)
    r.bool("retry_on_timeout", default=False)
    r.int("timeout_seconds", default=0)
    r.bool("disabled", default=False)
    r.obj("health", _health)
    r.obj("email_notifications", _email_notifications, empty_default=True)
    r.obj("webhook_notifications", _webhook_notifications, empty_default=True)
    r.obj("notification_settings", _notification_settings)
    r.bool("disable_auto_optimization")
    return r.out


def find_cycle(edges: dict[str, list[str]]) -> list[str] | None:
    """A cycle in a directed graph as [a, b, ..., a], or None. `edges[u]` lists u's successors.

    Iterative depth-first search (a 1000-task chain must not hit the recursion limit); visiting
    nodes and successors in the given order makes the reported cycle deterministic.
    """
    WHITE, GREY, BLACK = 0, 1, 2
    colour = dict.fromkeys(edges, WHITE)
    for root in edges:
        if colour[root] != WHITE:
            continue
        path = [root]
        stack = [iter(edges[root])]
        colour[root] = GREY
        while stack:
            node = next(stack[-1], None)
            if node is None:
                colour[path.pop()] = BLACK
                stack.pop()
            elif colour.get(node, BLACK) == GREY:
                return [*path[path.index(node) :], node]
            elif colour.get(node) == WHITE:
                colour[node] = GREY
                path.append(node)
                stack.append(iter(edges[node]))
    return None


def validate_tasks(
    raw_tasks: Any,
    *,
    job_cluster_keys: Iterable[str] = (),
    environment_keys: Iterable[str] = (),
    field: str = "tasks",
) -> list[dict]:
    """Check and normalize a task list: each task, then the references between them.

    Rules: at most 1000 tasks; unique task_key; depends_on names existing tasks, at most once;
    `outcome` only on an edge from a condition_task and only "true"/"false"; no cycles (the
    message names the tasks of the cycle); job_cluster_key / environment_key name an existing
    job cluster / environment.
    """
    from compute.placement import check_task_compute  # compute imports this module's Reader

    if not isinstance(raw_tasks, list):
        raise malformed(f"{field} must be an array, got {json_type(raw_tasks)}.")
    if len(raw_tasks) > MAX_TASKS:
        raise invalid(f"A job can have at most {MAX_TASKS} tasks, got {len(raw_tasks)}.")
    tasks = [normalize_task(raw, where=_task_where(raw, index, field)) for index, raw in enumerate(raw_tasks)]

    # 1. Unique keys.
    by_key: dict[str, dict] = {}
    for task in tasks:
        if task["task_key"] in by_key:
            raise invalid(
                f'Task key "{task["task_key"]}" is used by more than one task; task keys must be unique.'
            )
        by_key[task["task_key"]] = task

    # 2. References to other tasks, job clusters and environments.
    cluster_keys, env_keys = set(job_cluster_keys), set(environment_keys)
    for task in tasks:
        at = for_task(task["task_key"])
        _check_dependencies(task, by_key, at)
        for candidate in [task, task.get(TaskType.FOR_EACH, {}).get("task", {})]:
            check_task_compute(candidate, at)  # serverless task types, new_cluster spec
            if candidate.get("job_cluster_key") and candidate["job_cluster_key"] not in cluster_keys:
                raise at.invalid(
                    f'job_cluster_key names unknown job cluster "{candidate["job_cluster_key"]}".'
                )
            if candidate.get("environment_key") and candidate["environment_key"] not in env_keys:
                raise at.invalid(
                    f'environment_key names unknown environment "{candidate["environment_key"]}".'
                )

    # 3. No cycles, following edges from each upstream task to the tasks that depend on it.
    downstream: dict[str, list[str]] = {key: [] for key in by_key}
    for task in tasks:
        for dep in task.get("depends_on", []):
            downstream[dep["task_key"]].append(task["task_key"])
    cycle = find_cycle(downstream)
    if cycle:
        raise invalid(
            f"Task dependencies form a cycle: {' -> '.join(cycle)} (each task runs after the one before it)."
        )
    return tasks


def _task_where(raw: Any, index: int, field: str) -> Where:
    key = raw.get("task_key") if isinstance(raw, dict) else None
    return for_task(key) if isinstance(key, str) and key else Where(f"{field}[{index}]: ")


def _check_dependencies(task: dict, by_key: dict[str, dict], at: Where) -> None:
    seen: set[str] = set()
    for dep in task.get("depends_on", []):
        upstream = dep["task_key"]
        if upstream not in by_key:
            raise at.invalid(f'depends_on names unknown task "{upstream}".')
        if upstream == task["task_key"]:
            raise at.invalid("depends_on names the task itself.")
        if upstream in seen:
            raise at.invalid(f'depends_on names task "{upstream}" more than once.')
        seen.add(upstream)
        outcome = dep.get("outcome")
        if outcome is None:
            continue
        if TaskType.CONDITION not in by_key[upstream]:
            raise at.invalid(
                f'depends_on has an outcome on task "{upstream}", which is not a condition_task.'
            )
        if outcome not in ("true", "false"):
            raise at.invalid(
                f'depends_on outcome on task "{upstream}" must be "true" or "false", got {outcome!r}.'
            )


# -- whole settings ----------------------------------------------------------------------------


def _check_job_level(r: Reader) -> None:
    """Job-level fields shared by job settings and runs/submit bodies."""
    r.int("timeout_seconds", default=0)
    r.obj("health", _health)
    r.obj("email_notifications", _email_notifications, empty_default=True)
    r.obj("webhook_notifications", _webhook_notifications, empty_default=True)
    r.obj("notification_settings", _notification_settings)
    r.obj("git_source", _git_source)
    r.obj("run_as", _run_as)
    r.obj("queue", _queue)
    envs = r.objects("environments", _environment) or []
    _unique(envs, "environment_key", r.where.field("environments"))


def _check_tasks(r: Reader, job_clusters: list[dict]) -> None:
    envs = r.out.get("environments") or []
    if r.has("tasks"):
        r.out["tasks"] = validate_tasks(
            r.raw["tasks"],
            job_cluster_keys=[c["job_cluster_key"] for c in job_clusters],
            environment_keys=[e["environment_key"] for e in envs],
        )


def validate_job_settings(raw: Any) -> dict:
    """Check and normalize full job settings (jobs/create, jobs/reset, and merged jobs/update).

    Returns the settings as jobs/get will return them: defaults filled, unknown fields dropped.
    """
    if not isinstance(raw, dict):
        raise malformed(f"Job settings must be an object, got {json_type(raw)}.")
    r = Reader(raw, Where())
    r.str("name", default="Untitled", max_length=MAX_NAME_LENGTH)
    if r.str("description", max_length=27700) == "":
        del r.out["description"]
    tags = r.str_map("tags")
    if tags is not None and len(tags) > MAX_TAGS:
        raise invalid(f"tags must have at most {MAX_TAGS} entries, got {len(tags)}.")
    r.int("max_concurrent_runs", default=1, max=MAX_CONCURRENT_RUNS)
    _check_job_level(r)
    if "queue" not in r.out:
        r.out["queue"] = {"enabled": True}  # Lakeflow queues runs by default, as the Databricks UI does

    # Start conditions: at most one of schedule, trigger, continuous.
    r.exactly_one(("schedule", "trigger", "continuous"), at_most=True)
    r.obj("schedule", _schedule)
    r.obj("trigger", _trigger)
    r.obj("continuous", _continuous)

    params = r.objects("parameters", _parameter) or []
    _unique(params, "name", r.where.field("parameters"))
    clusters = r.objects("job_clusters", _job_cluster) or []
    _unique(clusters, "job_cluster_key", r.where.field("job_clusters"))
    _check_tasks(r, clusters)

    r.str("format", choices=("SINGLE_TASK", "MULTI_TASK"))
    r.str("edit_mode", choices=("UI_LOCKED", "EDITABLE"))
    r.obj("deployment")
    for name in ("budget_policy_id", "performance_target", "usage_policy_id"):
        r.str(name)
    # An empty collection is no collection: jobs/get omits them, so normalize them away.
    for name in ("tags", "parameters", "job_clusters", "environments", "tasks"):
        if name in r.out and not r.out[name]:
            del r.out[name]
    return r.out


def validate_submit_settings(raw: Any) -> dict:
    """Check and normalize a runs/submit body (a one-time run with no job).

    Same rules as job settings for tasks and job-level blocks; runs/submit has no schedule,
    parameters or job clusters. Returns run_name (default "Untitled"), tasks, and whatever of
    idempotency_token, access_control_list, timeout_seconds, notifications, git_source, run_as,
    queue and environments the body set.
    """
    if not isinstance(raw, dict):
        raise malformed(f"The request body must be an object, got {json_type(raw)}.")
    r = Reader(raw, Where())
    r.str("run_name", default="Untitled", max_length=MAX_NAME_LENGTH)
    r.str("idempotency_token", max_length=64)
    acl = r.raw.get("access_control_list")
    if acl is not None:
        if not isinstance(acl, list):
            raise malformed(f"access_control_list must be an array, got {json_type(acl)}.")
        r.out["access_control_list"] = acl  # checked by the permissions API code that applies it
    _check_job_level(r)
    if not r.has("tasks"):
        raise invalid("tasks is required: a one-time run needs at least one task.")
    _check_tasks(r, [])
    if not r.out["tasks"]:
        raise invalid("tasks must not be empty: a one-time run needs at least one task.")
    r.str("budget_policy_id")
    return r.out
