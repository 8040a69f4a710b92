from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The kernel every app builds on: errors, dates, GOV.UK form pieces, PDFs and emails.

    It imports no other Waymark app (see docs/architecture.md).
    """

    name = "core"
    verbose_name = "Waymark core"

    def ready(self):
        from django.db.models.signals import post_migrate

        from core.database_roles import keep_grants_after_migrate

        # Once per migrate (and test flush), after every table exists.
        post_migrate.connect(keep_grants_after_migrate, sender=self, dispatch_uid="core_grants")
