from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The home page: each person's panels, assembled from the apps below."""

    name = "home"
