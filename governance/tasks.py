"""Celery tasks: thin wrappers over services, ids in, never personal data."""

from celery import shared_task

from governance import services


@shared_task(name="governance.warn_expiring_agreements", ignore_result=True)
def warn_expiring_agreements() -> int:
    return services.agreement_warn_expiring()


@shared_task(name="governance.retention_review", ignore_result=True)
def retention_review() -> int:
    """Put closed cases due for review into the Lead's queue."""
    return len(services.retention_find_due())
