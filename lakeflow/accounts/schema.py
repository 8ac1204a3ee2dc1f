"""OpenAPI: how Bearer personal access tokens appear in the schema (drf-spectacular extension)."""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "lakeflow.accounts.authentication.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal access token (`lakeflow token create` or /api/2.0/token/create).",
        }


class TaskRunTokenScheme(OpenApiAuthenticationExtension):
    """The credential a running task's process uses for dbutils (task values, notebook exit)."""

    target_class = "runs.api.runtime.TaskRunTokenAuthentication"
    optional = True
    name = "taskRunToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "The task run's own credential (LAKEFLOW_TASK_TOKEN), valid while the task runs.",
        }
