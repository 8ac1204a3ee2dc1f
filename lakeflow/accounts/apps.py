from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "lakeflow.accounts"
    label = "accounts"
    verbose_name = "Users and tokens"
