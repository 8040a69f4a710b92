"""Celery tasks: thin wrappers over services, taking ids, never personal data."""

from celery import shared_task

from serac.services import action_send_reminders


@shared_task(name="serac.send_action_reminders", ignore_result=True)
def send_action_reminders() -> int:
    return action_send_reminders()
