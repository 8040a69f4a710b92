"""Celery tasks: thin wrappers over the kernel's work, taking ids, never personal data."""

from celery import shared_task

from core.backups import backup_run_daily, backup_run_weekly_drill
from core.outbox import email_deliver_pending, email_forget_sent


@shared_task(name="core.deliver_email", ignore_result=True)
def deliver_email() -> int:
    """Send what a dead worker or a refusing mail server left unsent."""
    sent = email_deliver_pending()
    email_forget_sent()
    return sent


@shared_task(name="core.backup_daily", ignore_result=True)
def backup_daily() -> str | None:
    path = backup_run_daily()
    return str(path) if path else None


@shared_task(name="core.backup_drill_weekly", ignore_result=True)
def backup_drill_weekly() -> bool:
    return backup_run_weekly_drill()
