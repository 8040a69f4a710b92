"""Celery tasks: thin wrappers over services, taking ids, never personal data."""

from celery import shared_task

from cases.services.sharing import case_share_end_expired


@shared_task(name="cases.end_expired_shares", ignore_result=True)
def end_expired_shares() -> int:
    return case_share_end_expired()
