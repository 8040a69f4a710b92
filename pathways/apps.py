from django.apps import AppConfig


class PathwaysConfig(AppConfig):
    name = "pathways"
    verbose_name = "Protocol pathways"

    def ready(self):
        from pathways import directory  # noqa: F401  (post_migrate seeds the support directory)
