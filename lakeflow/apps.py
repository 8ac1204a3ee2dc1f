from django.apps import AppConfig


class LakeflowConfig(AppConfig):
    """The project package as an app: it holds the process commands (dev, web, worker, scheduler)."""

    name = "lakeflow"
    verbose_name = "Lakeflow"

    def ready(self) -> None:
        # Load the Celery app so @shared_task binds to it in every process (web, worker, tests).
        from lakeflow import celery  # noqa: F401
