"""Celery tasks: thin wrappers over services, taking ids, never personal data."""

from celery import shared_task

from cases import notifications  # noqa: F401  (registers cases.notify_new_concern)
from cases.services.concerns import public_concern_forget_addresses
from cases.services.importing.staging import import_staging_delete_expired
from cases.services.sharing import case_share_end_expired


@shared_task(name="cases.end_expired_shares", ignore_result=True)
def end_expired_shares() -> int:
    return case_share_end_expired()


@shared_task(name="cases.forget_public_report_addresses", ignore_result=True)
def forget_public_report_addresses() -> int:
    return public_concern_forget_addresses()


@shared_task(name="cases.delete_expired_import_staging", ignore_result=True)
def delete_expired_import_staging() -> int:
    return import_staging_delete_expired()
