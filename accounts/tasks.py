"""Celery tasks: thin wrappers over services, taking ids, never personal data."""

from celery import shared_task

from accounts.services import sessions_delete_expired


@shared_task(name="accounts.delete_expired_sessions", ignore_result=True)
def delete_expired_sessions() -> None:
    sessions_delete_expired()
