"""The runtime API that task code reaches through ``lakeflow.runtime`` (dbutils):

  POST /api/2.0/lakeflow/runtime/task-values/set   {"key", "value"}      taskValues.set
  GET  /api/2.0/lakeflow/runtime/task-values/get   ?task_key=&key=        taskValues.get
  POST /api/2.0/lakeflow/runtime/notebook/exit     {"value"}             notebook.exit

Authenticated by the task-run credential (runs.credentials: a signed token carrying one task
run id, accepted only while that attempt is RUNNING); it reaches only that run's own values.
"""

from __future__ import annotations

import json

from django.urls import path
from django.utils import timezone
from rest_framework import authentication, exceptions
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.request import Request
from rest_framework.response import Response

from lakeflow.api.errors import invalid
from lakeflow.api.params import Params
from runs import credentials
from runs.choices import TaskRunState
from runs.models import TaskRun, TaskValue

# Databricks caps a task value's JSON at 48 KiB.
MAX_VALUE_BYTES = 48 * 1024


class TaskRunTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <task-run credential>` → request.auth is the running TaskRun."""

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode(errors="replace")
        scheme, _, raw = header.partition(" ")
        task_run_id = credentials.task_run_id_of(raw.strip()) if scheme.lower() == "bearer" else None
        if task_run_id is None:
            raise exceptions.AuthenticationFailed("A task-run credential is required.")
        task_run = TaskRun.objects.filter(pk=task_run_id, state=TaskRunState.RUNNING).first()
        if task_run is None:
            raise exceptions.AuthenticationFailed("The task run of this credential is not running.")
        return (None, task_run)

    def authenticate_header(self, request):
        return "Bearer"


def runtime_view(methods: list[str]):
    def wrap(func):
        func = permission_classes([])(func)
        func = authentication_classes([TaskRunTokenAuthentication])(func)
        return api_view(methods)(func)

    return wrap


@runtime_view(["POST"])
def set_task_value(request: Request) -> Response:
    p = Params.of(request)
    key = p.str("key", required=True)
    if "value" not in request.data:
        raise invalid("Field value is required.")
    value = request.data["value"]
    if len(json.dumps(value)) > MAX_VALUE_BYTES:
        raise invalid(f"The value of task value {key!r} is larger than {MAX_VALUE_BYTES} bytes of JSON.")
    task_run: TaskRun = request.auth
    from lakeflow.secrets.runtime import redact_value, redactor  # issue 9: the run page shows values

    value = redact_value(value, redactor(task_run.job_run))
    TaskValue.objects.update_or_create(
        job_run_id=task_run.job_run_id,
        task_key=task_run.task_key,
        key=key,
        defaults={"value": value, "task_run": task_run, "updated_at": timezone.now()},
    )
    return Response({})


@runtime_view(["GET"])
def get_task_value(request: Request) -> Response:
    p = Params.of(request)
    task_key = p.str("task_key", required=True)
    key = p.str("key", required=True)
    task_run: TaskRun = request.auth
    row = TaskValue.objects.filter(job_run_id=task_run.job_run_id, task_key=task_key, key=key).first()
    if row is None:
        return Response({"found": False})
    return Response({"found": True, "value": row.value})


@runtime_view(["POST"])
def notebook_exit(request: Request) -> Response:
    value = request.data.get("value")
    result = value if isinstance(value, str) else json.dumps(value)
    task_run: TaskRun = request.auth
    from lakeflow.secrets.runtime import redactor  # issue 9: no secret value in outputs

    result = redactor(task_run.job_run)(result)
    output = {**(task_run.output or {}), "notebook_output": {"result": result, "truncated": False}}
    TaskRun.objects.filter(pk=task_run.pk).update(output=output)
    return Response({})


urlpatterns = [
    path("api/2.0/lakeflow/runtime/task-values/set", set_task_value, name="runtime-task-values-set"),
    path("api/2.0/lakeflow/runtime/task-values/get", get_task_value, name="runtime-task-values-get"),
    path("api/2.0/lakeflow/runtime/notebook/exit", notebook_exit, name="runtime-notebook-exit"),
]
