from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The kernel every app builds on: errors, dates, GOV.UK form pieces, PDFs and emails.

    It imports no other Waymark app (see docs/architecture.md).
    """

    name = "core"
    verbose_name = "Waymark core"
