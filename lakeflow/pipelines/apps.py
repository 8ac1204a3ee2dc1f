from django.apps import AppConfig


class PipelinesConfig(AppConfig):
    name = "lakeflow.pipelines"
    label = "pipelines"
    verbose_name = "Declarative pipelines"
