from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = "Support directory"

    def ready(self):
        from directory import services  # noqa: F401  (post_migrate seeds the support directory)
