"""Enumerations of the job model; wire values are Databricks'."""

from __future__ import annotations

from django.db import models


class TaskType(models.TextChoices):
    """Which Databricks task block a task carries; the value is the block's field name."""

    NOTEBOOK = "notebook_task"  # a Jupyter or Databricks-source notebook run with papermill
    PYTHON_SCRIPT = "spark_python_task"  # `python file args` in a child process
    PYTHON_WHEEL = "python_wheel_task"  # a wheel's entry point in an isolated, cached environment
    JAR = "spark_jar_task"  # `java -cp jars main args`
    SQL = "sql_task"  # SQL file or query against a SQL warehouse
    PIPELINE = "pipeline_task"  # a declarative pipeline update
    RUN_JOB = "run_job_task"  # start another job's run and wait for it
    CONDITION = "condition_task"  # compare two values; outcome "true"/"false"
    FOR_EACH = "for_each_task"  # run a nested task once per input
    DBT = "dbt_task"  # dbt commands (accepted and stored; runs as a command sequence)


class RunIf(models.TextChoices):
    """When a task runs, given its upstream tasks' results."""

    ALL_SUCCESS = "ALL_SUCCESS"  # every dependency succeeded (the default)
    AT_LEAST_ONE_SUCCESS = "AT_LEAST_ONE_SUCCESS"  # at least one dependency succeeded
    NONE_FAILED = "NONE_FAILED"  # no dependency failed (skipped/excluded count as not failed)
    ALL_DONE = "ALL_DONE"  # every dependency finished, whatever the result
    AT_LEAST_ONE_FAILED = "AT_LEAST_ONE_FAILED"  # at least one dependency failed
    ALL_FAILED = "ALL_FAILED"  # every dependency failed


class PauseStatus(models.TextChoices):
    UNPAUSED = "UNPAUSED"  # fires
    PAUSED = "PAUSED"  # kept but does not fire


class ConditionOp(models.TextChoices):
    EQUAL_TO = "EQUAL_TO"
    NOT_EQUAL = "NOT_EQUAL"
    GREATER_THAN = "GREATER_THAN"
    GREATER_THAN_OR_EQUAL = "GREATER_THAN_OR_EQUAL"
    LESS_THAN = "LESS_THAN"
    LESS_THAN_OR_EQUAL = "LESS_THAN_OR_EQUAL"


class PermissionLevel(models.TextChoices):
    """Job permission levels, weakest first; each level includes the ones before it."""

    CAN_VIEW = "CAN_VIEW"  # see the job and its runs
    CAN_MANAGE_RUN = "CAN_MANAGE_RUN"  # also run, cancel and repair runs
    CAN_MANAGE = "CAN_MANAGE"  # also edit settings, permissions, delete
    IS_OWNER = "IS_OWNER"  # all of the above; exactly one owner per job


class VersionChange(models.TextChoices):
    """What wrote a JobVersion."""

    CREATE = "create"  # jobs/create, deploy of a new job
    UPDATE = "update"  # jobs/update (partial), the admin form
    RESET = "reset"  # jobs/reset (full replace), deploy over an existing job
    RESTORE = "restore"  # a past version made current again


PERMISSION_RANK = {level: rank for rank, level in enumerate(PermissionLevel.values)}
