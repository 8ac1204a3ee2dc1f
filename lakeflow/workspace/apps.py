from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    name = "lakeflow.workspace"
    label = "workspace"
    verbose_name = "Workspace files"
