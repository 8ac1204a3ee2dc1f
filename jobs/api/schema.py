"""OpenAPI description of the Jobs API (drf-spectacular components), in Databricks' shapes.

Documentation only: requests are read with Params and checked by jobs.validation, responses are
built by jobs.api.wire. Nested Databricks objects (task blocks, clusters, notifications) are
documented as free-form objects; their rules live in jobs.validation.
"""

from __future__ import annotations

from rest_framework import serializers

from jobs.choices import PermissionLevel, RunIf


class DependencySerializer(serializers.Serializer):
    task_key = serializers.CharField()
    outcome = serializers.ChoiceField(choices=["true", "false"], required=False)


class TaskSerializer(serializers.Serializer):
    task_key = serializers.CharField(max_length=100)
    description = serializers.CharField(required=False)
    depends_on = DependencySerializer(many=True, required=False)
    run_if = serializers.ChoiceField(choices=RunIf.values, required=False)
    max_retries = serializers.IntegerField(required=False, min_value=-1)
    min_retry_interval_millis = serializers.IntegerField(required=False, min_value=0)
    retry_on_timeout = serializers.BooleanField(required=False)
    timeout_seconds = serializers.IntegerField(required=False, min_value=0)
    disabled = serializers.BooleanField(required=False)
    existing_cluster_id = serializers.CharField(required=False)
    job_cluster_key = serializers.CharField(required=False)
    environment_key = serializers.CharField(required=False)
    new_cluster = serializers.DictField(required=False)
    libraries = serializers.ListField(child=serializers.DictField(), required=False)
    email_notifications = serializers.DictField(required=False)
    webhook_notifications = serializers.DictField(required=False)
    notification_settings = serializers.DictField(required=False)
    health = serializers.DictField(required=False)
    # Exactly one task type block per task, keyed by its Databricks name (TaskType's values).
    notebook_task = serializers.DictField(required=False)
    spark_python_task = serializers.DictField(required=False)
    python_wheel_task = serializers.DictField(required=False)
    spark_jar_task = serializers.DictField(required=False)
    sql_task = serializers.DictField(required=False)
    pipeline_task = serializers.DictField(required=False)
    run_job_task = serializers.DictField(required=False)
    condition_task = serializers.DictField(required=False)
    for_each_task = serializers.DictField(required=False)
    dbt_task = serializers.DictField(required=False)


class ParameterSerializer(serializers.Serializer):
    name = serializers.CharField()
    default = serializers.CharField()


class JobClusterSerializer(serializers.Serializer):
    job_cluster_key = serializers.CharField()
    new_cluster = serializers.DictField()


class JobSettingsSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=4096, required=False)
    description = serializers.CharField(required=False)
    tags = serializers.DictField(child=serializers.CharField(), required=False)
    tasks = TaskSerializer(many=True, required=False)
    job_clusters = JobClusterSerializer(many=True, required=False)
    parameters = ParameterSerializer(many=True, required=False)
    environments = serializers.ListField(child=serializers.DictField(), required=False)
    max_concurrent_runs = serializers.IntegerField(required=False, min_value=0, max_value=1000)
    timeout_seconds = serializers.IntegerField(required=False, min_value=0)
    queue = serializers.DictField(required=False)
    schedule = serializers.DictField(
        required=False, help_text="quartz_cron_expression, timezone_id, pause_status"
    )
    trigger = serializers.DictField(required=False)
    continuous = serializers.DictField(required=False)
    health = serializers.DictField(required=False)
    email_notifications = serializers.DictField(required=False)
    webhook_notifications = serializers.DictField(required=False)
    notification_settings = serializers.DictField(required=False)
    run_as = serializers.DictField(required=False, help_text="{user_name}")
    git_source = serializers.DictField(required=False)


class CreateJobResponseSerializer(serializers.Serializer):
    job_id = serializers.IntegerField()


class JobSerializer(serializers.Serializer):
    job_id = serializers.IntegerField()
    creator_user_name = serializers.CharField()
    run_as_user_name = serializers.CharField()
    created_time = serializers.IntegerField(help_text="epoch milliseconds")
    settings = JobSettingsSerializer()
    has_more = serializers.BooleanField(required=False)
    next_page_token = serializers.CharField(required=False)


class ListJobsResponseSerializer(serializers.Serializer):
    jobs = JobSerializer(many=True)
    has_more = serializers.BooleanField()
    next_page_token = serializers.CharField(required=False)
    prev_page_token = serializers.CharField(required=False)


class JobIdRequestSerializer(serializers.Serializer):
    job_id = serializers.IntegerField()


class UpdateJobRequestSerializer(JobIdRequestSerializer):
    new_settings = JobSettingsSerializer(required=False)
    fields_to_remove = serializers.ListField(child=serializers.CharField(), required=False)


class ResetJobRequestSerializer(JobIdRequestSerializer):
    new_settings = JobSettingsSerializer()


class EmptySerializer(serializers.Serializer):
    pass


class PermissionSerializer(serializers.Serializer):
    permission_level = serializers.ChoiceField(choices=PermissionLevel.values)
    inherited = serializers.BooleanField()


class AccessControlResponseSerializer(serializers.Serializer):
    user_name = serializers.CharField(required=False)
    group_name = serializers.CharField(required=False)
    display_name = serializers.CharField(required=False)
    all_permissions = PermissionSerializer(many=True)


class ObjectPermissionsSerializer(serializers.Serializer):
    object_id = serializers.CharField()
    object_type = serializers.CharField()
    access_control_list = AccessControlResponseSerializer(many=True)


class AccessControlRequestSerializer(serializers.Serializer):
    user_name = serializers.CharField(required=False)
    group_name = serializers.CharField(required=False)
    permission_level = serializers.ChoiceField(choices=PermissionLevel.values)


class SetPermissionsRequestSerializer(serializers.Serializer):
    access_control_list = AccessControlRequestSerializer(many=True)


class PermissionLevelSerializer(serializers.Serializer):
    permission_level = serializers.ChoiceField(choices=PermissionLevel.values)
    description = serializers.CharField()


class PermissionLevelsSerializer(serializers.Serializer):
    permission_levels = PermissionLevelSerializer(many=True)


class VersionSummarySerializer(serializers.Serializer):
    version = serializers.IntegerField()
    change = serializers.ChoiceField(choices=["create", "update", "reset", "restore"])
    author = serializers.CharField(allow_null=True)
    created_time = serializers.IntegerField()
    name = serializers.CharField()


class VersionListSerializer(serializers.Serializer):
    versions = VersionSummarySerializer(many=True)


class VersionSerializer(VersionSummarySerializer):
    settings = JobSettingsSerializer()
