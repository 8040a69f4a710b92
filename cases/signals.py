from django.db.models.signals import post_migrate
from django.dispatch import receiver

from cases.reference_data import ensure_exploitation_types


@receiver(post_migrate)
def ensure_reference_data(sender, app_config=None, **kwargs):
    """After every migrate, and after a test flush, the reference lists exist."""
    if app_config is None or app_config.label != "cases":
        return
    from cases.models import ExploitationSubtype, ExploitationType

    ensure_exploitation_types(ExploitationType, ExploitationSubtype)
