from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and agencies"

    def ready(self):
        from accounts import signals  # noqa: F401
