from django.apps import AppConfig


class RunsConfig(AppConfig):
    name = "runs"

    def ready(self) -> None:
        # `lakeflow dev` starts the embedded worker threads and reconciler (never in other processes).
        from lakeflow import embedded
        from runs.embedded import start

        if start not in embedded._STARTERS:
            embedded.register(start)
