from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "lakeflow.accounts"
    label = "accounts"
    verbose_name = "Users and tokens"

    def ready(self) -> None:
        from lakeflow.accounts import schema  # noqa: F401  (registers the Bearer scheme with drf-spectacular)
