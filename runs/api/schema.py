"""OpenAPI description of the Runs API (drf-spectacular components), in Databricks' shapes.

These serializers only *document*: the responses are built by ``runs.api.wire`` (one place maps
rows to the wire) and the requests are read with ``Params``. A test validates real responses
against the generated schema, so the two cannot drift apart unnoticed. Field names and enum
values are the Databricks Jobs API 2.2 ones (see databricks-sdk ``service/jobs.py``). Absent
values are omitted from responses, as Databricks does, so no field is required unless always
sent.
"""

from __future__ import annotations

from rest_framework import serializers

LIFE_CYCLE_STATES = [
    "QUEUED",
    "PENDING",
    "RUNNING",
    "TERMINATING",
    "TERMINATED",
    "SKIPPED",
    "INTERNAL_ERROR",
    "BLOCKED",
    "WAITING_FOR_RETRY",
]
RESULT_STATES = [
    "SUCCESS",
    "FAILED",
    "TIMEDOUT",
    "CANCELED",
    "SUCCESS_WITH_FAILURES",
    "EXCLUDED",
    "UPSTREAM_FAILED",
    "UPSTREAM_CANCELED",
    "DISABLED",
    "MAXIMUM_CONCURRENT_RUNS_REACHED",
]
STATUS_STATES = ["BLOCKED", "PENDING", "QUEUED", "RUNNING", "TERMINATED", "TERMINATING", "WAITING"]
TERMINATION_TYPES = ["SUCCESS", "INTERNAL_ERROR", "CLIENT_ERROR", "CLOUD_FAILURE"]
RUN_TYPES = ["JOB_RUN", "SUBMIT_RUN", "WORKFLOW_RUN"]
TRIGGER_TYPES = [
    "ONE_TIME",
    "PERIODIC",
    "FILE_ARRIVAL",
    "TABLE",
    "CONTINUOUS",
    "CONTINUOUS_RESTART",
    "RETRY",
    "RUN_JOB_TASK",
    "JOB_COMPLETION",
]
RUN_IF = [
    "ALL_SUCCESS",
    "AT_LEAST_ONE_SUCCESS",
    "NONE_FAILED",
    "ALL_DONE",
    "AT_LEAST_ONE_FAILED",
    "ALL_FAILED",
]


def _object(**kwargs) -> serializers.DictField:
    """A free-form JSON object (a task block, a cluster spec ...) documented as such."""
    return serializers.DictField(child=serializers.JSONField(), required=False, **kwargs)


# --- Shared pieces -----------------------------------------------------------------------------


class RunStateSerializer(serializers.Serializer):
    life_cycle_state = serializers.ChoiceField(LIFE_CYCLE_STATES)
    result_state = serializers.ChoiceField(RESULT_STATES, required=False)
    state_message = serializers.CharField(allow_blank=True, required=False)
    user_cancelled_or_timedout = serializers.BooleanField(required=False)
    queue_reason = serializers.CharField(required=False)


class TerminationDetailsSerializer(serializers.Serializer):
    code = serializers.CharField(required=False, help_text="e.g. SUCCESS, RUN_EXECUTION_ERROR, USER_CANCELED")
    type = serializers.ChoiceField(TERMINATION_TYPES, required=False)
    message = serializers.CharField(allow_blank=True, required=False)


class QueueDetailsSerializer(serializers.Serializer):
    code = serializers.CharField(required=False, help_text="e.g. MAX_CONCURRENT_RUNS_REACHED")
    message = serializers.CharField(allow_blank=True, required=False)


class RunStatusSerializer(serializers.Serializer):
    state = serializers.ChoiceField(STATUS_STATES)
    termination_details = TerminationDetailsSerializer(required=False)
    queue_details = QueueDetailsSerializer(required=False)


class ClusterInstanceSerializer(serializers.Serializer):
    cluster_id = serializers.CharField(required=False)
    spark_context_id = serializers.CharField(required=False)


class RunJobParameterSerializer(serializers.Serializer):
    name = serializers.CharField()
    default = serializers.CharField(allow_blank=True, required=False)
    value = serializers.CharField(allow_blank=True, required=False)


class TaskDependencySerializer(serializers.Serializer):
    task_key = serializers.CharField()
    outcome = serializers.CharField(required=False)


class RepairHistoryItemSerializer(serializers.Serializer):
    type = serializers.ChoiceField(["ORIGINAL", "REPAIR"])
    id = serializers.IntegerField(required=False)
    start_time = serializers.IntegerField(required=False)
    end_time = serializers.IntegerField(required=False)
    state = RunStateSerializer(required=False)
    status = RunStatusSerializer(required=False)
    task_run_ids = serializers.ListField(child=serializers.IntegerField(), required=False)


class TriggerInfoSerializer(serializers.Serializer):
    run_id = serializers.IntegerField(required=False)


# --- runs/get ---------------------------------------------------------------------------------


class DurationWarningSerializer(serializers.Serializer):
    """Lakeflow's record of a fired health rule (Databricks only notifies it)."""

    fired_time = serializers.IntegerField()
    message = serializers.CharField()


class RunTaskSerializer(serializers.Serializer):
    """One attempt of one task (Databricks RunTask)."""

    run_id = serializers.IntegerField()
    task_key = serializers.CharField()
    attempt_number = serializers.IntegerField()
    state = RunStateSerializer()
    status = RunStatusSerializer(required=False)
    start_time = serializers.IntegerField(required=False)
    end_time = serializers.IntegerField(required=False)
    setup_duration = serializers.IntegerField(required=False)
    execution_duration = serializers.IntegerField(required=False)
    cleanup_duration = serializers.IntegerField(required=False)
    run_duration = serializers.IntegerField(required=False)
    queue_duration = serializers.IntegerField(required=False)
    cluster_instance = ClusterInstanceSerializer(required=False)
    depends_on = TaskDependencySerializer(many=True, required=False)
    run_if = serializers.ChoiceField(RUN_IF, required=False)
    description = serializers.CharField(allow_blank=True, required=False)
    disabled = serializers.BooleanField(required=False)
    existing_cluster_id = serializers.CharField(required=False)
    job_cluster_key = serializers.CharField(required=False)
    environment_key = serializers.CharField(required=False)
    new_cluster = _object()
    libraries = serializers.ListField(child=serializers.JSONField(), required=False)
    timeout_seconds = serializers.IntegerField(required=False)
    max_retries = serializers.IntegerField(required=False)
    min_retry_interval_millis = serializers.IntegerField(required=False)
    retry_on_timeout = serializers.BooleanField(required=False)
    run_page_url = serializers.CharField(required=False)
    resolved_values = _object(help_text="Parameters after substitution, keyed by task block name.")
    notebook_task = _object()
    spark_python_task = _object()
    python_wheel_task = _object()
    spark_jar_task = _object()
    sql_task = _object()
    pipeline_task = _object()
    run_job_task = _object()
    condition_task = _object(help_text="The condition, with the evaluated `outcome` once it ran.")
    for_each_task = _object(help_text="The loop, with `stats` of its iterations.")
    dbt_task = _object()
    email_notifications = _object()
    webhook_notifications = _object()
    notification_settings = _object()
    health = _object()
    duration_warning = DurationWarningSerializer(
        required=False, help_text="Set once this attempt passed its task's RUN_DURATION_SECONDS health rule."
    )


class RunSerializer(serializers.Serializer):
    """A job run (Databricks Run, the runs/get response)."""

    job_id = serializers.IntegerField(required=False)
    run_id = serializers.IntegerField()
    number_in_job = serializers.IntegerField(required=False)
    original_attempt_run_id = serializers.IntegerField(required=False)
    creator_user_name = serializers.CharField(required=False)
    run_name = serializers.CharField(allow_blank=True, required=False)
    description = serializers.CharField(allow_blank=True, required=False)
    state = RunStateSerializer()
    status = RunStatusSerializer(required=False)
    start_time = serializers.IntegerField(required=False)
    end_time = serializers.IntegerField(required=False)
    setup_duration = serializers.IntegerField(required=False)
    execution_duration = serializers.IntegerField(required=False)
    cleanup_duration = serializers.IntegerField(required=False)
    run_duration = serializers.IntegerField(required=False)
    queue_duration = serializers.IntegerField(required=False)
    attempt_number = serializers.IntegerField(required=False)
    trigger = serializers.ChoiceField(TRIGGER_TYPES, required=False)
    trigger_info = TriggerInfoSerializer(required=False)
    run_type = serializers.ChoiceField(RUN_TYPES, required=False)
    run_page_url = serializers.CharField(required=False)
    job_parameters = RunJobParameterSerializer(many=True, required=False)
    overriding_parameters = _object(help_text="Legacy parameters given to run-now (notebook_params, ...).")
    tasks = RunTaskSerializer(many=True, required=False)
    iterations = RunTaskSerializer(many=True, required=False)
    repair_history = RepairHistoryItemSerializer(many=True, required=False)
    job_clusters = serializers.ListField(child=serializers.JSONField(), required=False)
    git_source = _object()
    cluster_instance = ClusterInstanceSerializer(required=False)
    schedule = _object()
    duration_warning = DurationWarningSerializer(
        required=False, help_text="Set once the run passed its RUN_DURATION_SECONDS health rule."
    )
    has_more = serializers.BooleanField(required=False)
    next_page_token = serializers.CharField(required=False)
    prev_page_token = serializers.CharField(required=False)


class ListRunsResponseSerializer(serializers.Serializer):
    runs = RunSerializer(many=True, required=False)
    has_more = serializers.BooleanField()
    next_page_token = serializers.CharField(required=False)
    prev_page_token = serializers.CharField(required=False)


class NotebookOutputSerializer(serializers.Serializer):
    result = serializers.CharField(allow_blank=True, required=False)
    truncated = serializers.BooleanField(required=False)


class RunJobOutputSerializer(serializers.Serializer):
    run_id = serializers.IntegerField(required=False)


class RunOutputSerializer(serializers.Serializer):
    metadata = RunSerializer()
    logs = serializers.CharField(allow_blank=True, required=False)
    logs_truncated = serializers.BooleanField(required=False)
    error = serializers.CharField(allow_blank=True, required=False)
    error_trace = serializers.CharField(allow_blank=True, required=False)
    info = serializers.CharField(allow_blank=True, required=False)
    notebook_output = NotebookOutputSerializer(required=False)
    sql_output = _object()
    dbt_output = _object()
    run_job_output = RunJobOutputSerializer(required=False)


class ViewItemSerializer(serializers.Serializer):
    content = serializers.CharField(allow_blank=True)
    name = serializers.CharField(allow_blank=True)
    type = serializers.ChoiceField(["NOTEBOOK", "DASHBOARD"])


class ExportRunOutputSerializer(serializers.Serializer):
    views = ViewItemSerializer(many=True)


class RunNowResponseSerializer(serializers.Serializer):
    run_id = serializers.IntegerField()
    number_in_job = serializers.IntegerField()


class SubmitRunResponseSerializer(serializers.Serializer):
    run_id = serializers.IntegerField()


class RepairRunResponseSerializer(serializers.Serializer):
    repair_id = serializers.IntegerField()


class EmptyResponseSerializer(serializers.Serializer):
    """Databricks answers cancel/delete with an empty JSON object."""


# --- Requests -----------------------------------------------------------------------------------


class QueueSettingsSerializer(serializers.Serializer):
    enabled = serializers.BooleanField()


def _str_map() -> serializers.DictField:
    """A map<string, string> (job_parameters, notebook_params ...)."""
    return serializers.DictField(child=serializers.CharField(allow_blank=True), required=False)


def _str_list() -> serializers.ListField:
    return serializers.ListField(child=serializers.CharField(allow_blank=True), required=False)


class RunNowRequestSerializer(serializers.Serializer):
    job_id = serializers.IntegerField()
    job_parameters = _str_map()
    idempotency_token = serializers.CharField(max_length=64, required=False)
    only = serializers.ListField(child=serializers.CharField(), required=False)
    queue = QueueSettingsSerializer(required=False)
    notebook_params = _str_map()
    python_params = _str_list()
    python_named_params = _str_map()
    jar_params = _str_list()
    sql_params = _str_map()
    spark_submit_params = _str_list()
    dbt_commands = serializers.ListField(child=serializers.CharField(), required=False)
    pipeline_params = _object()


class SubmitRunRequestSerializer(serializers.Serializer):
    run_name = serializers.CharField(required=False)
    tasks = serializers.ListField(child=serializers.DictField(child=serializers.JSONField()))
    idempotency_token = serializers.CharField(max_length=64, required=False)
    timeout_seconds = serializers.IntegerField(required=False)
    git_source = _object()
    environments = serializers.ListField(child=serializers.JSONField(), required=False)
    email_notifications = _object()
    webhook_notifications = _object()
    notification_settings = _object()
    health = _object()
    queue = QueueSettingsSerializer(required=False)
    run_as = _object()


class RunIdRequestSerializer(serializers.Serializer):
    run_id = serializers.IntegerField()


class CancelAllRunsRequestSerializer(serializers.Serializer):
    job_id = serializers.IntegerField(required=False)
    all_queued_runs = serializers.BooleanField(required=False)


class RepairRunRequestSerializer(serializers.Serializer):
    run_id = serializers.IntegerField()
    rerun_tasks = serializers.ListField(child=serializers.CharField(), required=False)
    rerun_all_failed_tasks = serializers.BooleanField(required=False)
    rerun_dependent_tasks = serializers.BooleanField(required=False)
    latest_repair_id = serializers.IntegerField(required=False)
    job_parameters = _str_map()
    notebook_params = _str_map()
    python_params = _str_list()
    python_named_params = _str_map()
    jar_params = _str_list()
    sql_params = _str_map()


class ErrorSerializer(serializers.Serializer):
    error_code = serializers.CharField()
    message = serializers.CharField()
