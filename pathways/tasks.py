"""Celery tasks: thin wrappers over services, taking ids, never personal data."""

from celery import shared_task

from pathways.services import pathway_send_reminders


@shared_task(name="pathways.send_reminders", ignore_result=True)
def send_reminders() -> tuple[int, int]:
    return pathway_send_reminders()
