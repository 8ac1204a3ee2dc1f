from django.apps import AppConfig


class ComputeConfig(AppConfig):
    name = "compute"

    def ready(self) -> None:
        # Cluster workers mark themselves READY on Celery's worker_ready (compute/workers.py).
        from compute import workers  # noqa: F401
