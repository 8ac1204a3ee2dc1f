from django.apps import AppConfig


class LakeflowConfig(AppConfig):
    """The project package as an app: it holds the process commands (dev, web, worker, scheduler)."""

    name = "lakeflow"
    verbose_name = "Lakeflow"
