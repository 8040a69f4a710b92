from django.apps import AppConfig


class SeracConfig(AppConfig):
    name = "serac"
