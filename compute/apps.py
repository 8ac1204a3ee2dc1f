from django.apps import AppConfig
from django.db.models.signals import post_save, pre_save


def _start_supervisor():
    """`lakeflow dev`: the cluster supervisor as a thread (production runs it on beat)."""
    from compute.supervisor import start_supervisor, stop_supervisor

    loop = start_supervisor()
    return lambda: stop_supervisor(loop)


class ComputeConfig(AppConfig):
    name = "compute"

    def ready(self) -> None:
        # Cluster workers mark themselves READY on Celery's worker_ready (compute/workers.py).
        from compute import placement, workers  # noqa: F401
        from lakeflow import embedded

        # A run's job clusters terminate when it ends; a retry attempt queued to a cluster's
        # queue carries that cluster's id (runs/get's cluster_instance).
        post_save.connect(placement.on_run_saved, sender="runs.JobRun", dispatch_uid="compute-run-end")
        pre_save.connect(
            placement.on_task_run_save, sender="runs.TaskRun", dispatch_uid="compute-task-cluster"
        )
        if _start_supervisor not in embedded._STARTERS:
            embedded.register(_start_supervisor)
